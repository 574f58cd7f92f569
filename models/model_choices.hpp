#pragma once
// The model file's spellings of ModelSpec's enumerations, one table each: the YAML loader
// (models/model_spec.cpp) reads them and the Python module (python/) reads and writes them, so
// both take the same words. A new enum value is one line in its table (and the enum itself).
#include <array>
#include <string_view>

#include "models/model_spec.hpp"

namespace anesim {

template <class E>
struct Choice {
  std::string_view name;
  E value;
};

inline constexpr std::array<Choice<InputKind>, 3> k_input_choices{
    {{"tokens", InputKind::tokens}, {"image", InputKind::image}, {"audio", InputKind::audio}}};
inline constexpr std::array<Choice<FfnKind>, 2> k_ffn_choices{{{"mlp", FfnKind::mlp}, {"swiglu", FfnKind::swiglu}}};
inline constexpr std::array<Choice<Activation>, 4> k_activation_choices{
    {{"gelu", Activation::gelu}, {"gelu_tanh", Activation::gelu_tanh}, {"relu", Activation::relu}, {"silu", Activation::silu}}};
inline constexpr std::array<Choice<NormKind>, 2> k_norm_choices{
    {{"layer_norm", NormKind::layer_norm}, {"rms_norm", NormKind::rms_norm}}};
inline constexpr std::array<Choice<NormPlacement>, 3> k_norm_placement_choices{
    {{"post", NormPlacement::post}, {"pre", NormPlacement::pre}, {"sandwich", NormPlacement::sandwich}}};
inline constexpr std::array<Choice<PositionKind>, 2> k_position_choices{
    {{"learned", PositionKind::learned}, {"rope", PositionKind::rope}}};
inline constexpr std::array<Choice<AttentionKind>, 2> k_attention_choices{
    {{"bidirectional", AttentionKind::bidirectional}, {"causal", AttentionKind::causal}}};
inline constexpr std::array<Choice<PaddingMask>, 3> k_padding_mask_choices{
    {{"none", PaddingMask::none}, {"additive", PaddingMask::additive}, {"replace", PaddingMask::replace}}};
inline constexpr std::array<Choice<HeadKind>, 4> k_head_choices{
    {{"none", HeadKind::none}, {"classifier", HeadKind::classifier}, {"pooler", HeadKind::pooler}, {"lm_head", HeadKind::lm_head}}};

// Calls f(key, member pointer, table) for each enumerated ModelSpec field, in the model file's order.
template <class F>
void for_each_model_choice(F&& f) {
  f("input", &ModelSpec::input, k_input_choices);
  f("ffn", &ModelSpec::ffn, k_ffn_choices);
  f("activation", &ModelSpec::activation, k_activation_choices);
  f("norm", &ModelSpec::norm, k_norm_choices);
  f("norm_placement", &ModelSpec::norm_placement, k_norm_placement_choices);
  f("position", &ModelSpec::position, k_position_choices);
  f("attention", &ModelSpec::attention, k_attention_choices);
  f("padding_mask", &ModelSpec::padding_mask, k_padding_mask_choices);
  f("head", &ModelSpec::head, k_head_choices);
}

// The spelling of `value` in `choices` ("?" for a value the table lacks: a cast from a bad integer).
template <class E, std::size_t N>
[[nodiscard]] constexpr std::string_view choice_name(const std::array<Choice<E>, N>& choices, E value) {
  for (const auto& c : choices) {
    if (c.value == value) return c.name;
  }
  return "?";
}

}  // namespace anesim
