#include "reports/markdown_writer.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "models/layout_catalogue.hpp"
#include "reports/comparison.hpp"

namespace anesim {

namespace {

struct Label {
  std::string name;
  std::function<std::string(const RunResult&)> value;
  // A value not worth stating when every run has it: a prefill's kv_len, no pruning, the high state.
  std::string unremarkable = {};
};

const std::vector<Label>& labels() {
  static const std::vector<Label> all{
      {"chip", [](const RunResult& r) { return r.chip; }},
      {"power_state", [](const RunResult& r) { return r.power_state; }, "high"},
      {"model", [](const RunResult& r) { return r.model; }},
      {"layout", [](const RunResult& r) { return r.layout; }},
      {"weights", [](const RunResult& r) { return r.weights; }},
      {"sparsity", [](const RunResult& r) { return fmt::format("{}", r.sparsity); }, "0"},
      {"phase", [](const RunResult& r) { return r.phase; }},
      {"kv_len", [](const RunResult& r) { return std::to_string(r.kv_len); }, "0"},  // prefill runs carry 0
      {"batch", [](const RunResult& r) { return std::to_string(r.batch); }},
      {"seq", [](const RunResult& r) { return std::to_string(r.seq); }},
  };
  return all;
}

bool varies(const Label& label, const std::vector<RunResult>& runs) {
  return std::any_of(runs.begin(), runs.end(), [&](const RunResult& r) { return label.value(r) != label.value(runs.front()); });
}

std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void table_row(std::ostream& out, const std::vector<std::string>& cells) {
  out << "|";
  for (const auto& c : cells) out << ' ' << cell(c) << " |";
  out << '\n';
}

// Columns [first_number, last_number) hold numbers and are right-aligned.
void table_header(std::ostream& out, const std::vector<std::string>& names, std::size_t first_number, std::size_t last_number) {
  table_row(out, names);
  out << "|";
  for (std::size_t i = 0; i < names.size(); ++i) out << (i >= first_number && i < last_number ? " ---: |" : " --- |");
  out << '\n';
}

std::string ms(double s) { return fmt::format("{:.3f}", s * 1e3); }
std::string mb(std::int64_t bytes) { return fmt::format("{:.1f}", static_cast<double>(bytes) / 1e6); }
std::string times(double x) { return fmt::format("{:.2f}x", x); }

// The labels every run has the same value of are said once above the table, unless unremarkable;
// the others are its first columns.
std::vector<const Label*> summarise_labels(std::ostream& out, const std::vector<RunResult>& runs) {
  std::vector<const Label*> varying;
  std::string constant;
  for (const auto& label : labels()) {
    const bool same = !varies(label, runs);
    if (same && !label.unremarkable.empty() && label.value(runs.front()) == label.unremarkable) continue;
    if (!same) {
      varying.push_back(&label);
    } else {
      constant += (constant.empty() ? "" : ", ") + label.name + " " + label.value(runs.front());
    }
  }
  out << fmt::format("{} runs. ", runs.size());
  if (!constant.empty()) out << "Every run: " << constant << ".";
  out << "\nLatency is one inference; peak memory is the resident weights, the constants folded into the model and the activation peak (MB = 10^6 bytes).\n\n";
  return varying;
}

void every_run_table(std::ostream& out, const std::vector<RunResult>& runs, const std::vector<const Label*>& varying) {
  std::vector<std::string> header;
  header.reserve(varying.size() + 7);
  for (const auto* label : varying) header.push_back(label->name);
  const std::size_t text_columns = header.size();
  for (const char* name : {"latency (ms)", "peak memory (MB)", "DRAM traffic (MB)", "energy (mJ)", "avg power (mW)", "regime",
                           "compute / BW / overhead"}) {
    header.emplace_back(name);
  }
  out << "## Every run\n\n";
  table_header(out, header, text_columns, text_columns + 5);
  for (const auto& r : runs) {
    std::vector<std::string> row;
    row.reserve(header.size());
    for (const auto* label : varying) row.push_back(label->value(r));
    const RunTotals& t = r.totals;
    row.push_back(ms(t.latency_s));
    row.push_back(mb(t.peak_memory_bytes));
    row.push_back(mb(t.dram_read_bytes + t.dram_write_bytes));
    row.push_back(fmt::format("{:.3f}", t.energy_j * 1e3));
    row.push_back(fmt::format("{:.1f}", t.avg_power_w * 1e3));
    row.emplace_back(regime_name(t.regime));
    row.push_back(fmt::format("{:.0f}% / {:.0f}% / {:.0f}%", 100 * t.compute_share, 100 * t.bandwidth_share, 100 * t.overhead_share));
    table_row(out, row);
  }
}

using RunPair = std::pair<const RunResult*, const RunResult*>;

// The same point in the pair's two layouts, in the order the reference's runs appear.
std::vector<RunPair> matching_runs(const std::vector<RunResult>& runs, const LayoutPair& layouts) {
  auto key = [](const RunResult& r) {
    std::string k;
    for (const auto& label : labels()) {
      if (label.name != "layout") k += label.value(r) + '\x1f';
    }
    return k;
  };
  std::map<std::string, const RunResult*> other;
  for (const auto& r : runs) {
    if (r.layout == layouts.other) other.emplace(key(r), &r);
  }
  std::vector<RunPair> pairs;
  for (const auto& r : runs) {
    if (r.layout != layouts.reference) continue;
    const auto found = other.find(key(r));
    if (found != other.end()) pairs.emplace_back(&r, found->second);
  }
  return pairs;
}

// "ANE (B,C,1,S)"; an unlisted layout by its name alone.
std::string titled(const std::string& layout) {
  const LayoutText text = layout_text(layout);
  return text.shape.empty() ? text.label : text.label + " " + text.shape;
}

void ratio_section(std::ostream& out, const LayoutPair& layouts, const std::vector<RunPair>& pairs,
                   const std::vector<const Label*>& varying) {
  std::string reference = titled(layouts.reference);
  if (!reference.empty()) reference[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(reference[0])));
  out << "\n## " << reference << " over " << titled(layouts.other) << " layout\n\n";
  double best_latency = 0;
  double best_memory = 0;
  for (const auto& [b, a] : pairs) {
    const LayoutRatios ratio = layout_ratios(b->totals, a->totals);
    best_latency = std::max(best_latency, ratio.latency);
    best_memory = std::max(best_memory, ratio.peak_memory);
  }
  const std::string other = layout_text(layouts.other).label;
  out << fmt::format("The {} layout is up to {:.2f}x faster and takes up to {:.2f}x less peak memory "
                     "(ratios above 1 favour the {} layout).\n\n",
                     other, best_latency, best_memory, other);
  std::vector<std::string> header;
  for (const auto* label : varying) {
    if (label->name != "layout") header.push_back(label->name);
  }
  const std::size_t text_columns = header.size();
  for (const std::string& name : {layouts.reference + " (ms)", layouts.other + " (ms)", std::string("latency"),
                                  layouts.reference + " (MB)", layouts.other + " (MB)", std::string("peak memory"),
                                  std::string("DRAM traffic")}) {
    header.push_back(name);
  }
  table_header(out, header, text_columns, header.size());
  for (const auto& [b, a] : pairs) {
    std::vector<std::string> row;
    for (const auto* label : varying) {
      if (label->name != "layout") row.push_back(label->value(*b));
    }
    const LayoutRatios ratio = layout_ratios(b->totals, a->totals);
    row.push_back(ms(b->totals.latency_s));
    row.push_back(ms(a->totals.latency_s));
    row.push_back(times(ratio.latency));
    row.push_back(mb(b->totals.peak_memory_bytes));
    row.push_back(mb(a->totals.peak_memory_bytes));
    row.push_back(times(ratio.peak_memory));
    row.push_back(times(ratio.dram_traffic));
    table_row(out, row);
  }
}

}  // namespace

void write_markdown(std::ostream& out, const std::string& title, const std::string& description,
                    const std::vector<RunResult>& runs) {
  out << "# " << title << "\n\n";
  if (!description.empty()) out << description << "\n\n";
  if (runs.empty()) {
    out << "No runs.\n";
    return;
  }
  const std::vector<const Label*> varying = summarise_labels(out, runs);
  every_run_table(out, runs, varying);
  std::set<std::string> layouts;
  for (const auto& r : runs) layouts.insert(r.layout);
  for (const LayoutPair& pair : layout_pairs(ordered_layouts(layouts))) {
    const std::vector<RunPair> pairs = matching_runs(runs, pair);
    if (!pairs.empty()) ratio_section(out, pair, pairs, varying);
  }
}

}  // namespace anesim
