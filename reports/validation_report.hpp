#pragma once
// How far the predictions sit from published measurements (`anesim validate`): one row per point
// with the measured and predicted latency and the error, then the error per role, then the sources.
#include <ostream>
#include <vector>

#include "validation/validate.hpp"

namespace anesim {

void write_validation_markdown(std::ostream& out, const ValidationSet& set, const std::vector<ValidationRow>& rows);
// One row per point: the labels, the metric and its unit, measured, predicted, error, regime, role, source.
void write_validation_csv(std::ostream& out, const std::vector<ValidationRow>& rows);

}  // namespace anesim
