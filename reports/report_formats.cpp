#include "reports/report_formats.hpp"

#include "reports/csv_writer.hpp"
#include "reports/html_report.hpp"
#include "reports/json_writer.hpp"
#include "reports/markdown_writer.hpp"

namespace anesim {

namespace {

constexpr SweepRowsFormat k_rows[] = {
#define ANESIM_SWEEP_ROWS(file, open) {file, &open},
#include "reports/formats.def"
};
constexpr SweepReportFormat k_reports[] = {
#define ANESIM_SWEEP_REPORT(file, write) {file, &write},
#include "reports/formats.def"
};
constexpr RunFormat k_run[] = {
#define ANESIM_RUN_FORMAT(flag, name, help, write) {flag, name, help, &write},
#include "reports/formats.def"
};

class CsvRows final : public SweepRowWriter {
 public:
  explicit CsvRows(std::ostream& out) : out_(out) { write_csv_header(out_); }
  void add(const RunResult& run) override { write_csv_row(out_, run); }
  void finish() override {}

 private:
  std::ostream& out_;
};

class JsonRows final : public SweepRowWriter {
 public:
  explicit JsonRows(std::ostream& out) : writer_(out, false) {}  // a sweep's JSON holds the totals alone
  void add(const RunResult& run) override { writer_.add(run); }
  void finish() override { writer_.finish(); }

 private:
  JsonRunsWriter writer_;
};

}  // namespace

std::span<const SweepRowsFormat> sweep_row_formats() { return k_rows; }
std::span<const SweepReportFormat> sweep_report_formats() { return k_reports; }
std::span<const RunFormat> run_formats() { return k_run; }

std::vector<std::string> sweep_files() {
  std::vector<std::string> files;
  for (const auto& f : k_rows) files.emplace_back(f.file);
  for (const auto& f : k_reports) files.emplace_back(f.file);
  return files;
}

std::unique_ptr<SweepRowWriter> open_csv_rows(std::ostream& out) { return std::make_unique<CsvRows>(out); }
std::unique_ptr<SweepRowWriter> open_json_rows(std::ostream& out) { return std::make_unique<JsonRows>(out); }

void write_markdown_report(std::ostream& out, const SweepReport& report) {
  const std::string description =
      report.listed_notice.empty() ? report.description : report.description + "\n\n" + report.listed_notice;
  write_markdown(out, report.title, description, *report.listed);
}

void write_html_page(std::ostream& out, const SweepReport& report) {
  write_html_report(out, report.title, *report.drawn, report.drawn_notice,
                    report.measured != nullptr ? *report.measured : std::vector<MeasuredPoint>{});
}

void write_run_json(std::ostream& out, const std::vector<RunResult>& runs) { write_json(out, runs, true); }

}  // namespace anesim
