#include "advice/finding.hpp"

namespace anesim {

std::string_view principle_name(Principle p) {
  switch (p) {
    case Principle::data_format: return "1 data format";
    case Principle::chunking: return "2 chunking";
    case Principle::copies: return "3 copies";
    case Principle::bandwidth: return "4 bandwidth";
    case Principle::hybrid: return "hybrid execution";
    case Principle::fit: return "fit";
  }
  return "?";
}

std::string_view saving_basis_name(SavingBasis b) {
  switch (b) {
    case SavingBasis::rerun: return "rerun";
    case SavingBasis::op_cost: return "op cost";
    case SavingBasis::padding_at_peak: return "padding at peak";
    case SavingBasis::none: return "none";
  }
  return "?";
}

}  // namespace anesim
