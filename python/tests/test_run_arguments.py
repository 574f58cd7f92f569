"""anesim.run's arguments follow the CLI's rules (issue 16): no silent truncation or coercion,
no size that is accepted and then ignored, no wrapped size products, defaults valid for every model.
"""

import numpy as np
import pytest

import anesim


@pytest.mark.parametrize("name, value", [("seq", 128.7), ("seq", "128"), ("seq", 128.0), ("batch", True),
                                         ("kv_len", "100"), ("ane_instances", 1.0), ("batch", None)])
def test_a_whole_number_of_the_wrong_type_is_a_type_error_naming_it(name, value):
    kwargs = {"phase": "decode", "model": "gpt2"} if name == "kv_len" else {}
    with pytest.raises(TypeError, match=f"^{name} must be a whole number \\(int\\), not "):
        anesim.run(**kwargs, **{name: value})


def test_numpy_integers_are_whole_numbers():
    assert anesim.run(seq=np.int64(64), batch=np.int32(2)).seq == 64


def test_strings_and_numbers_of_the_wrong_type_are_type_errors():
    with pytest.raises(TypeError, match="^layout must be a string"):
        anesim.run(layout=1)
    with pytest.raises(TypeError, match="^sparsity must be a number, not str"):
        anesim.run(sparsity="0.5")
    with pytest.raises(TypeError, match="^phase must be a string"):
        anesim.compare(phase=None)


def test_sizes_past_the_bounds_are_config_errors_not_negative_memory():
    with pytest.raises(anesim.ConfigError, match="batch 1000000000000 is above 4096, the largest anesim accepts"):
        anesim.run(layout="baseline", seq=512, batch=10**12)
    with pytest.raises(anesim.ConfigError, match="batch 100000000000000000000 is out of range: it does not fit in 64 bits"):
        anesim.run(batch=10**20)
    with pytest.raises(anesim.ConfigError, match=r"more than 1099511627776 elements, the largest anesim accepts"):
        anesim.run("llama-3.2-1b", seq=2**22)


def test_a_given_size_the_run_would_ignore_is_refused():
    with pytest.raises(anesim.ConfigError, match="kv_len 100 is not used: only a decode run has a KV cache"):
        anesim.run(kv_len=100)
    with pytest.raises(anesim.ConfigError, match="seq 64 is not used: vit-base-patch16-224's image input fixes its sequence at 197"):
        anesim.run("vit-base-patch16-224", seq=64)
    with pytest.raises(anesim.ConfigError, match="seq 3000 is not used: whisper-base-encoder's audio input fixes its sequence at 1500"):
        anesim.compare("whisper-base-encoder", seq=3000)
    with pytest.raises(anesim.ConfigError, match="seq 12 is not used: a decode run feeds one new token"):
        anesim.run("gpt2", phase="decode", seq=12)
    assert anesim.run("vit-base-patch16-224", seq=197).seq == 197


def test_the_default_kv_len_is_valid_for_every_shipped_decoder():
    assert anesim.run("gpt2", phase="decode").kv_len == 1023
    assert anesim.run("llama-3.2-1b", "M4", phase="decode").kv_len == 1024
    for name in anesim.models().query("is_decoder")["name"]:
        assert anesim.run(name, "M4", phase="decode").kv_len in (1023, 1024)


def test_nan_sparsity_is_refused():
    with pytest.raises(anesim.ConfigError, match="sparsity nan is not in"):
        anesim.run(sparsity=float("nan"))
