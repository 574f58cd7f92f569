#pragma once
// The message of the anesim::Error a call throws (without its fix hint), or "" when it throws none:
// for tests that check an op, a config or a size is refused with the right words.
#include <string>

#include "core/error.hpp"

namespace anesim::test {

template <class Call>
std::string error_message(Call call) {
  try {
    call();
  } catch (const Error& e) {
    return e.message();
  }
  return "";
}

}  // namespace anesim::test
