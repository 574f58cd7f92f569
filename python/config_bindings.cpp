#include "python/config_bindings.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "chip/chip_fields.hpp"
#include "chip/chip_spec.hpp"
#include "core/choice_list.hpp"
#include "core/error.hpp"
#include "ir/dtype.hpp"
#include "models/model_choices.hpp"
#include "models/model_spec.hpp"
#include "sim/run_choices.hpp"

namespace py = pybind11;
using namespace anesim;

namespace {

template <class E, std::size_t N>
E choice_value(const std::array<Choice<E>, N>& choices, const std::string& field, const std::string& value) {
  for (const auto& [name, e] : choices) {
    if (value == name) return e;
  }
  throw Error(field + ": unsupported value '" + value + "'", "use one of: " + choice_list(choices, &Choice<E>::name));
}

// A string-valued property over an enum field of ModelSpec.
template <class E, std::size_t N>
void enum_property(py::class_<ModelSpec>& cls, const char* name, E ModelSpec::*member, const std::array<Choice<E>, N>& choices) {
  cls.def_property(
      name, [member, &choices](const ModelSpec& m) { return std::string(choice_name(choices, m.*member)); },
      [member, &choices, name](ModelSpec& m, const std::string& value) { m.*member = choice_value(choices, name, value); },
      ("one of the model file's spellings for `" + std::string(name) + "`").c_str());
}

// The numeric fields come from the table the YAML loader and check_chip read (chip/chip_fields.hpp).
void chip_numeric_fields(py::class_<ChipSpec>& chip) {
  for (const ChipField& f : chip_fields()) {
    const ChipField* field = &f;
    if (f.real) {
      chip.def_property(
          f.name, [field](const ChipSpec& c) { return c.*(field->real); }, [field](ChipSpec& c, double v) { c.*(field->real) = v; },
          f.doc);
    } else {
      chip.def_property(
          f.name, [field](const ChipSpec& c) { return c.*(field->whole); },
          [field](ChipSpec& c, std::int64_t v) { c.*(field->whole) = v; }, f.doc);
    }
  }
}

}  // namespace

void bind_chip(py::module_& m) {
  py::class_<ChipSpec> chip(m, "Chip", "One ANE chip generation (configs/chips/*.yaml); every field is SI and writable.");
  chip.def(py::init<>())
#define RW(f, doc) .def_readwrite(#f, &ChipSpec::f, doc)
      RW(name, "chip name, e.g. 'A15'") RW(family, "'A' (iPhone) or 'M' (Mac)") RW(year, "release year")
      RW(devices, "devices that ship it") RW(source_file, "the YAML it came from ('' if built in Python)")
      RW(base, "the chip a variant's file inherits from ('' for a base chip)")
      RW(generation, "the first chip of its base: chain, e.g. 'M3' for M3 Max")
      RW(variant, "'Pro', 'Max', 'Ultra', or '' for a base chip")
      RW(calibrated_to, "what `anesim calibrate` fitted this copy of its base to ('' for any other chip)")
      RW(dram_device, "the device dram_bytes is from, e.g. 'iPhone 13' ('' if not given)")
#undef RW
      .def_property(
          "ane_dtypes",
          [](const ChipSpec& c) {
            std::vector<std::string> names;
            for (DType t : c.ane_dtypes) names.emplace_back(dtype_name(t));
            return names;
          },
          [](ChipSpec& c, const std::vector<std::string>& names) {
            std::vector<DType> types;
            for (const auto& n : names) types.push_back(parse_dtype(n));
            c.ane_dtypes = std::move(types);
          },
          "element types the ANE runs natively, e.g. ['fp16', 'int8']")
      .def_property_readonly("ane_dram_bandwidth_Bps", &ChipSpec::ane_dram_bandwidth_Bps,
                             "what the ANE streams from DRAM: min(dram_bandwidth_Bps x dram_efficiency, stream_ceiling_Bps)")
      .def_property_readonly("mac_flops_per_s", &ChipSpec::mac_flops_per_s, "peak_fp16_flops_per_s x mac_efficiency")
      .def("copy", [](const ChipSpec& c) { return ChipSpec(c); }, "an independent copy")
      .def("__copy__", [](const ChipSpec& c) { return ChipSpec(c); })
      .def("__deepcopy__", [](const ChipSpec& c, py::dict) { return ChipSpec(c); });
  chip_numeric_fields(chip);
}

void bind_model(py::module_& m) {
  py::class_<ModelSpec> model(m, "Model", "A Transformer's hyperparameters (configs/models/*.yaml); fields are writable.");
  model.def(py::init<>())
#define RW(f) .def_readwrite(#f, &ModelSpec::f)
      RW(name) RW(hf_id) RW(source_file) RW(published_parameters) RW(image_size) RW(patch_size) RW(channels) RW(mel_bins)
          RW(audio_frames) RW(vocab_size) RW(hidden_size) RW(layers) RW(heads) RW(kv_heads) RW(ffn_size) RW(max_positions)
              RW(attention_window) RW(qk_norm) RW(scale_embeddings) RW(attention_softcap) RW(final_softcap)
              RW(token_types) RW(embedding_norm) RW(bias) RW(qkv_bias) RW(k_bias) RW(tied_embeddings) RW(pre_classifier)
                  RW(num_labels) RW(sparsity)
#undef RW
      .def_property(
          "weights", [](const ModelSpec& s) { return std::string(dtype_name(s.weights)); },
          [](ModelSpec& s, const std::string& v) { s.weights = parse_dtype(v); },
          ("weight precision: " + choice_alternatives(weight_precision_names())).c_str())
      .def_property_readonly("parameters", &ModelSpec::closed_form_parameters, "parameter count in closed form")
      .def_property(
          "head_dim", &ModelSpec::head_dim, [](ModelSpec& s, std::int64_t d) { s.head_width = d; },
          "one head's width: hidden_size / heads unless set (Qwen3, Gemma); 0 sets it back to hidden_size / heads")
      .def_property_readonly("kv_dim", &ModelSpec::kv_dim)
      .def_property_readonly("is_decoder", &ModelSpec::is_decoder)
      .def_property_readonly("fixed_sequence", &ModelSpec::fixed_sequence,
                             "sequence length fixed by the input (ViT, Whisper), or 0")
      .def("copy", [](const ModelSpec& s) { return ModelSpec(s); }, "an independent copy")
      .def("__copy__", [](const ModelSpec& s) { return ModelSpec(s); })
      .def("__deepcopy__", [](const ModelSpec& s, py::dict) { return ModelSpec(s); });
  for_each_model_choice([&model](const char* key, auto member, const auto& choices) { enum_property(model, key, member, choices); });
}
