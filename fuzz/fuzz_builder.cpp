// libFuzzer target: architectures from raw bytes (sizes, kinds, phases, precision), built and
// executed on the A15. Bad combinations must be anesim::Errors; good ones must simulate.
#include <cstring>

#include "models/simulate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"

namespace {
struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at = 0;
  std::uint32_t next(std::uint32_t mod) {
    std::uint32_t v = 0;
    for (int i = 0; i < 2 && at < size; ++i) v = (v << 8) | data[at++];
    return mod ? v % mod : v;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const anesim::ChipSpec chip = anesim::load_chip("A15", anesim::default_config_dir());
  Bytes in{data, size};
  anesim::ModelSpec m;
  m.name = "fuzz";
  m.input = static_cast<anesim::InputKind>(in.next(3));
  m.vocab_size = 1 + in.next(300);
  m.heads = 1 + in.next(8);
  m.kv_heads = 1 + in.next(8);
  m.hidden_size = m.heads * (1 + in.next(16));
  m.layers = 1 + in.next(3);
  m.ffn_size = 1 + in.next(256);
  m.ffn = static_cast<anesim::FfnKind>(in.next(2));
  m.activation = static_cast<anesim::Activation>(in.next(4));
  m.norm = static_cast<anesim::NormKind>(in.next(2));
  m.norm_placement = static_cast<anesim::NormPlacement>(in.next(3));
  m.position = static_cast<anesim::PositionKind>(in.next(2));
  m.attention = static_cast<anesim::AttentionKind>(in.next(2));
  m.padding_mask = static_cast<anesim::PaddingMask>(in.next(3));
  m.head = static_cast<anesim::HeadKind>(in.next(4));
  m.token_types = in.next(3);
  m.bias = in.next(2);
  m.qkv_bias = in.next(2);
  m.k_bias = in.next(2);
  m.tied_embeddings = in.next(2);
  m.pre_classifier = in.next(2);
  m.embedding_norm = in.next(2);
  m.num_labels = 1 + in.next(10);
  m.max_positions = 1 + in.next(128);
  m.image_size = 4 * (1 + in.next(8));
  m.patch_size = 1 + in.next(8);
  m.mel_bins = 1 + in.next(16);
  m.audio_frames = 1 + in.next(64);
  // Qwen3's and Gemma's own head width and q/k norms, Gemma's embedding scale, Gemma2's soft caps.
  m.head_width = in.next(3) == 0 ? 2 * (1 + in.next(16)) : 0;
  m.qk_norm = in.next(2);
  m.scale_embeddings = in.next(2);
  m.attention_softcap = in.next(2) ? 50.0 : 0.0;
  m.final_softcap = in.next(2) ? 30.0 : 0.0;
  anesim::RunRequest r;
  r.layout = in.next(2) ? "ane" : "baseline";
  r.batch = 1 + in.next(3);
  r.seq = 1 + in.next(64);
  r.weights = static_cast<anesim::DType>(in.next(2) ? 0 : 6);  // fp16 or int4
  r.sparsity = in.next(4) / 4.0;
  r.options.phase = static_cast<anesim::Phase>(in.next(2));
  r.options.kv_len = in.next(64);
  // A spec the loader would reject is the loader's business (fuzz_model_loader); here only
  // the specs it accepts: divisibility and fixed sequences.
  if (m.heads % m.kv_heads != 0 || (m.position == anesim::PositionKind::rope && m.head_dim() % 2 != 0)) return 0;
  if (m.input == anesim::InputKind::image && m.image_size % m.patch_size != 0) return 0;
  if (m.input != anesim::InputKind::tokens && m.fixed_sequence() > m.max_positions) return 0;
  try {
    (void)anesim::simulate(m, chip, r);
  } catch (const anesim::Error&) {
  }
  return 0;
}
