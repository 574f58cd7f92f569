"""anesim.generate(): one reply of a decoder, the prompt's prefill and a decode step per new token.

The numbers are ``anesim generate --json``'s, parsed from the same C++ writer, so the two agree
to the last digit (docs/generation.md).
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

import pandas as pd

from . import _anesim
from . import _arguments as _args
from ._anesim import Chip, Model

# The per-token DataFrame's columns, in the JSON's order.
GENERATION_COLUMNS = ["token", "kv_len", "latency_s", "engine_s", "io_s", "chunk_s", "energy_j", "io_bytes", "regime",
                      "simulated"]


class Generation:
    """One simulated reply.

    Attributes:
        tokens: a DataFrame, one row per generated token (GENERATION_COLUMNS); token 1 is the
            prefill's (kv_len 0), token t > 1 a decode step over a cache of kv_len rows.
        summary: a dict: ttft_s, decode_s, total_s, decode_tokens_per_s, tokens_per_s, energy_j,
            energy_per_token_j, io_s, peak_memory_bytes, regime_tokens, simulations,
            chunks_needed, fits, fit_reason.
        prefill: a dict of the prefill's latency_s, peak_memory_bytes, weight_bytes, energy_j, regime.
        labels: model, chip, layout, weights, power_state, batch, prompt, new_tokens, kv_cache,
            context, chunks.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self.summary: Dict[str, Any] = data["summary"]
        self.prefill: Dict[str, Any] = data["prefill"]
        self.tokens = pd.DataFrame(data["tokens"], columns=GENERATION_COLUMNS)
        self.labels: Dict[str, Any] = {k: v for k, v in data.items() if k not in ("summary", "prefill", "tokens")}

    def __getattr__(self, name: str) -> Any:
        summary = self.__dict__.get("summary", {})
        if name in summary:
            return summary[name]
        labels = self.__dict__.get("labels", {})
        if name in labels:
            return labels[name]
        raise AttributeError(name)

    def __repr__(self) -> str:
        s, l = self.summary, self.labels
        return (f"<anesim.Generation {l['model']} on {l['chip']}, prompt {l['prompt']}, {l['new_tokens']} new tokens, "
                f"KV cache {l['kv_cache']}: TTFT {s['ttft_s'] * 1e3:.2f} ms, {s['decode_tokens_per_s']:.1f} tokens/s>")


def generate(model: Any, chip: Any, prompt: int = 512, new_tokens: int = 256, batch: int = 1, kv_cache: str = "state",
             context: Optional[int] = None, chunks: int = 1, layout: str = "ane", weights: Optional[str] = None,
             power_state: Optional[str] = None, every_step: bool = False) -> Generation:
    """Simulate one reply and return a :class:`Generation` (per-token DataFrame and summary).

    Args as for ``anesim generate``: kv_cache "state" (a Core ML stateful model), "io" (the cache
    a model input and output, copied every token) or "fixed" (a fixed cache of ``context`` rows,
    default prompt + new_tokens, attended in full every step); chunks splits the model into that
    many parts, each with its own weight window; every_step=True simulates every decode step (exact,
    slower) where the default reads steps off lines between simulated cache lengths. Whole numbers must be ints (TypeError otherwise);
    bad values raise :class:`ConfigError`.
    """
    import anesim  # the package's model() and chip() resolvers

    m = model if isinstance(model, Model) else anesim.model(model)
    c = chip if isinstance(chip, Chip) else anesim.chip(chip)
    text = _anesim.generation_json(
        m, c, layout=_args.text("layout", layout), batch=_args.whole("batch", batch), prompt=_args.whole("prompt", prompt),
        new_tokens=_args.whole("new_tokens", new_tokens), kv_cache=_args.text("kv_cache", kv_cache),
        context=_args.optional_whole("context", context), chunks=_args.whole("chunks", chunks),
        weights=_args.text("weights", weights, optional=True), power_state=_args.text("power_state", power_state, optional=True),
        every_step=_args.flag("every_step", every_step))
    return Generation(json.loads(text))
