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
    assert "bert, roberta, distilbert, gpt2, llama, mistral, qwen2" in e.value.hint
