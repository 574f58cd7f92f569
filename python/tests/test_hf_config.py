"""A Hugging Face config.json through the Python API: `anesim.model` and `anesim.run` resolve a
model path through the C++ loader the CLI uses (models/model_spec.cpp), so a published config
reads and runs as the shipped model it describes (tests/data/hf/, copied from the hub pages
named in tests/test_hf_config.cpp)."""

import pathlib

import pytest

import anesim

HF = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "hf"


def test_config_json_is_the_shipped_model():
    # Qwen/Qwen2.5-0.5B: 151936 x 896 embeddings (tied) + 24 layers of 14,912,384 + a final 896
    # = 136,134,656 + 357,897,216 + 896 = 494,032,768, the published count.
    m = anesim.model(str(HF / "qwen2.5-0.5b" / "config.json"))
    assert m.parameters == 494_032_768
    assert (m.hidden_size, m.layers, m.heads, m.kv_heads, m.head_dim) == (896, 24, 14, 2, 64)
    assert (m.ffn, m.norm, m.position, m.head) == ("swiglu", "rms_norm", "rope", "lm_head")
    assert m.qkv_bias and not m.bias and m.tied_embeddings


def test_run_of_a_config_json_equals_the_shipped_yaml():
    # The folder names its config.json; the totals are the shipped YAML's, every one.
    for name in ["distilbert", "gpt2", "llama-3.2-1b"]:
        from_hf = anesim.run(model=str(HF / name), chip="M4", seq=64)
        shipped = anesim.run(model=name, chip="M4", seq=64)
        assert from_hf.totals == shipped.totals, name


def test_mistral_window_bounds_the_sequence():
    # Mistral-7B-v0.1's sliding_window of 4096: longer prompts would need banded attention.
    m = anesim.model(str(HF / "mistral-7b"))
    assert m.attention_window == 4096 and m.parameters == 7_241_732_096
    with pytest.raises(anesim.ConfigError, match="4096-token attention window"):
        anesim.run(model=m, chip="M4", seq=5000)


def test_unknown_model_type_names_file_line_and_the_supported_types(tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text((HF / "gpt2" / "config.json").read_text().replace('"gpt2"', '"gpt_neox"'))
    with pytest.raises(anesim.ConfigError, match="model_type 'gpt_neox' is not one anesim reads") as e:
        anesim.run(model=str(bad))
    assert e.value.line == 12  # "model_type" is the file's 12th line
    assert "bert, roberta, distilbert, gpt2, llama, mistral, qwen2, qwen3, gemma, gemma2, phi3, vit, whisper" in e.value.hint


def test_qwen3_head_dim_and_qk_norms_from_python():
    # Qwen/Qwen3-0.6B: 16 heads of 128 at width 1024 (q projects 1024 -> 2048), q/k norms, tied:
    # 151936 x 1024 + 28 x 15,730,944 + 1024 = 596,049,920 (the model card's 0.6B).
    m = anesim.model(str(HF / "qwen3-0.6b"))
    assert (m.hidden_size, m.heads, m.kv_heads, m.head_dim, m.qk_norm) == (1024, 16, 8, 128, True)
    assert m.parameters == 596_049_920
    for layout in ["baseline", "ane"]:
        r = anesim.run(model=m, chip="M4", layout=layout, seq=32)
        assert r.parameter_count == 596_049_920 and r.latency_s > 0


def test_gemma2_soft_caps_and_window_from_python():
    # google/gemma-2-2b: four norms a layer, soft caps 50 and 30, a 4096-token window on every
    # other layer; 2,614,341,888 parameters (2,024,517,888 without the tied embeddings).
    m = anesim.model(str(HF / "gemma-2-2b" / "config.json"))
    assert (m.norm_placement, m.attention_softcap, m.final_softcap, m.attention_window) == ("sandwich", 50.0, 30.0, 4096)
    assert m.scale_embeddings and m.activation == "gelu_tanh" and m.ffn == "swiglu"
    assert m.parameters == 2_614_341_888
    r = anesim.run(model=m, chip="M4", seq=64)
    assert r.parameter_count == 2_614_341_888
    with pytest.raises(anesim.ConfigError, match="4096-token attention window"):
        anesim.run(model=m, chip="M4", seq=4097)


def test_phi3_config_json_runs_from_python():
    # microsoft/Phi-3-mini-4k-instruct: fused qkv and gate_up count as the separate projections:
    # 3,821,079,552 parameters (the card's 3.8B); its 2047-token window bounds the sequence.
    r = anesim.run(model=str(HF / "phi-3-mini-4k"), chip="M4", layout="ane", seq=128)
    assert r.parameter_count == 3_821_079_552
    assert anesim.model(str(HF / "phi-3-mini-4k")).attention_window == 2047
