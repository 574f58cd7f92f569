#include "sim/lower/program.hpp"

namespace anesim {

std::string_view synthetic_step_suffix(SyntheticStep step) {
  switch (step) {
    case SyntheticStep::transpose_in: return ".transpose_in";
    case SyntheticStep::transpose_out: return ".transpose_out";
    case SyntheticStep::repack_in: return ".to_fp32";
    case SyntheticStep::repack_out: return ".to_fp16";
    case SyntheticStep::none: break;
  }
  return "";
}

BufferId ProgramPeriods::renamed_buffer(BufferId b, std::int32_t periods) const {
  return PeriodRenaming(*this, periods).buffer(b);
}

std::int32_t ProgramPeriods::renamed_view(std::int32_t view, std::int32_t periods) const {
  return PeriodRenaming(*this, periods).view(view);
}

std::string_view synthetic_step_kind(SyntheticStep step) {
  return step == SyntheticStep::repack_in || step == SyntheticStep::repack_out ? "cast" : "transpose";
}

}  // namespace anesim
