"""anesim: predict how a Transformer runs on the Apple Neural Engine, from Python.

The same C++ core as the ``anesim`` command (a pybind11 extension, ``anesim._anesim``), with
pandas in and out::

    import anesim
    anesim.chips()                                  # every shipped chip, one row each
    anesim.models()                                 # every shipped model
    r = anesim.run(model="distilbert", chip="A15", layout="ane", seq=128, batch=1)
    r.latency_s, r.peak_memory_bytes, r.regime      # the totals
    r.ops                                           # one row per op record
    anesim.compare("distilbert", "A15", seq=512, batch=8)   # both layouts and their ratios
    findings, steps = anesim.advise("distilbert", "A15")    # anesim advise: findings, what-if steps
    df = anesim.sweep("figure2")                    # a sweep: one row per point (SWEEP_COLUMNS)
    df = anesim.sweep("figure2", client=dask_client)  # the same rows, run on Dask workers
    anesim.plot.figure2(df); anesim.plot.regime_map(df)     # matplotlib Figures (anesim.plot)
    anesim.validate()                               # predictions vs published measurements
    g = anesim.generate("llama-3.2-1b", "M4", prompt=512, new_tokens=256)  # g.tokens, g.summary
    cal = anesim.calibrate("figure2", "A15")         # fit the A15 to measurements: cal.parameters, cal.points

    fast = anesim.chip("A15"); fast.dram_bandwidth_Bps *= 2  # a what-if chip
    anesim.run(chip=fast)
    anesim.run(chip={"name": "what-if", "dram_bandwidth_Bps": 68.2e9})  # A15 with overrides

Units are SI (seconds, bytes, FLOPs). Errors in inputs or configs raise :class:`ConfigError`
(a ``ValueError``) with ``.message``, ``.hint``, ``.file`` and ``.line``.
Shipped configs are found in ``$ANESIM_CONFIG_DIR`` or the source tree's ``configs/``.
"""

from __future__ import annotations

import difflib
import html
import os
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import pandas as pd

from . import _anesim
from . import _arguments as _args
from ._anesim import Chip, ConfigError, Model
from ._advice import Advice, advise
from ._measurements import Calibration, calibrate, validate
from ._errors import config_error as _config_error
from ._generation import GENERATION_COLUMNS, Generation, generate
from ._sweeps import SWEEP_COLUMNS, SWEEP_LABEL_COLUMNS, SWEEP_TOTAL_COLUMNS, sweep, sweep_points

__all__ = [
    "Chip", "Model", "Result", "Advice", "Calibration", "ConfigError",
    "chips", "models", "chip", "model", "run", "compare", "advise", "config_dir", "sweep", "sweep_points", "validate",
    "generate", "Generation", "GENERATION_COLUMNS", "calibrate",
    "CHIP_FIELDS", "MODEL_FIELDS", "CHIP_COLUMNS", "MODEL_COLUMNS", "OPS_COLUMNS",
    "SWEEP_COLUMNS", "SWEEP_LABEL_COLUMNS", "SWEEP_TOTAL_COLUMNS",
]
__version__ = "0.1.0"

ConfigError.__doc__ = (
    "An invalid input or config (a ValueError). Attributes: message, hint, file and line "
    "(None unless the error came from a YAML file), column.")

ChipLike = Union[str, "os.PathLike[str]", Chip, Mapping[str, Any]]
ModelLike = Union[str, "os.PathLike[str]", Model, Mapping[str, Any]]

# The chip file's numeric keys, (section, key) -> Chip attribute, from the table the loader reads.
_CHIP_FILE_KEYS: Dict[Tuple[str, str], str] = {(section, key): name for name, section, key, _ in _anesim.chip_fields()}
_CHIP_FILE_KEYS[("ane", "dtypes")] = "ane_dtypes"
_CHIP_FILE_KEYS[("memory", "dram_device")] = "dram_device"

#: Writable fields of a :class:`Chip` (and the keys a chip dict may override).
CHIP_FIELDS: List[str] = [
    "name", "family", "year", "devices", "source_file", "base", "generation", "variant",
    *(name for name, _, _, _ in _anesim.chip_fields()), "ane_dtypes", "dram_device",
]
#: Writable fields of a :class:`Model` (and the keys a model dict may override).
MODEL_FIELDS: List[str] = [
    "name", "hf_id", "source_file", "published_parameters", "input", "image_size", "patch_size", "channels",
    "mel_bins", "audio_frames", "vocab_size", "hidden_size", "layers", "heads", "kv_heads", "head_dim", "qk_norm", "ffn_size",
    "ffn", "activation", "norm", "norm_placement", "position", "max_positions", "attention_window", "token_types",
    "embedding_norm", "scale_embeddings", "attention_softcap", "final_softcap", "attention", "padding_mask", "bias", "qkv_bias", "k_bias", "head", "tied_embeddings", "pre_classifier",
    "num_labels", "weights", "sparsity",
]

#: Columns of :func:`chips`: the chip's names, every numeric field in its declaration's order
#: (chip/chip_fields.def, through ``_anesim.chip_fields()``), ane_dtypes (as "fp16,int8") and
#: dram_device, the derived mac_flops_per_s and ane_dram_bandwidth_Bps, and the file it came from.
CHIP_COLUMNS: List[str] = [
    "name", "family", "generation", "variant", "base", "year", "devices",
    *(name for name, _, _, _ in _anesim.chip_fields()),
    "ane_dtypes", "dram_device", "mac_flops_per_s", "ane_dram_bandwidth_Bps", "source_file",
]
#: Columns of :func:`models`; ``parameters`` is the closed-form count the builder reproduces.
MODEL_COLUMNS: List[str] = [
    "name", "hf_id", "parameters", "published_parameters", "input", "layers", "hidden_size", "heads", "kv_heads",
    "head_dim", "ffn_size", "ffn", "activation", "norm", "norm_placement", "position", "attention", "head",
    "vocab_size", "max_positions", "is_decoder", "weights", "sparsity", "source_file",
]
#: Columns of :attr:`Result.ops`, one row per op record in execution order: name, kind, engine
#: ("ANE"/"CPU"), start_s, end_s, latency_s, border_s, ..., l2_hit, free, copies, transposes,
#: logical_bytes, padded_bytes, cores_used, regime, energy_j. The list the C++ core declares
#: (sim/result_fields.def); ``_anesim.op_fields()`` gives each one's unit and meaning.
OPS_COLUMNS: List[str] = [name for name, _unit, _doc in _anesim.op_fields()]

_DEFAULT_CHIP = "A15"
_DEFAULT_MODEL = "distilbert"


def __getattr__(name: str) -> Any:
    # anesim.plot is imported on first use, so `import anesim` does not import matplotlib.
    if name == "plot":
        import importlib
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'anesim' has no attribute '{name}'")


def config_dir() -> str:
    """The folder shipped configs are read from: ``$ANESIM_CONFIG_DIR`` or the source tree's configs/."""
    return _anesim.default_config_dir()


def _apply_overrides(obj: Any, fields: List[str], overrides: Mapping[str, Any], what: str) -> Any:
    for key, value in overrides.items():
        if key not in fields:
            near = difflib.get_close_matches(str(key), fields, n=1)
            hint = f"did you mean '{near[0]}'?" if near else "valid keys: " + ", ".join(fields)
            raise _config_error(f"unknown {what} key '{key}'", hint)
        try:
            setattr(obj, key, value)
        except ConfigError:
            raise
        except (TypeError, ValueError) as e:
            raise _config_error(f"{what} key '{key}': cannot take {value!r}", str(e)) from None
    return obj


def chip(spec: ChipLike = _DEFAULT_CHIP) -> Chip:
    """A chip as a :class:`Chip` object whose fields can be read and written.

    ``spec`` is a shipped name ("A15", "A17 Pro", "m4"), a path to a chip YAML, a :class:`Chip`
    (copied), or a dict of field overrides applied to A15 (or to the chip named by its ``"base"``
    key), e.g. ``{"name": "what-if", "dram_bandwidth_Bps": 68.2e9}``, or in the chip file's own
    nesting, ``{"memory": {"dram_bandwidth_Bps": 68.2e9}, "cpu": {"flops_per_s": 1e11}}``. An unknown
    key raises :class:`ConfigError` naming it. Field names are in :data:`CHIP_FIELDS`; units are SI.
    """
    if isinstance(spec, Mapping):
        spec = _flatten_chip_sections(spec)
    return _resolve(spec, Chip, chip, _DEFAULT_CHIP, CHIP_FIELDS, _anesim.load_chip, "chip")


def _flatten_chip_sections(spec: Mapping[str, Any]) -> Dict[str, Any]:
    # {"ane": {"cores": 8}} -> {"cores": 8}: a chip file's sections as Chip attributes.
    sections = {section for section, _ in _CHIP_FILE_KEYS}
    flat: Dict[str, Any] = {}
    for key, value in spec.items():
        if key not in sections or not isinstance(value, Mapping):
            flat[key] = value
            continue
        for sub, v in value.items():
            name = _CHIP_FILE_KEYS.get((key, sub))
            if name is None:
                valid = [k for s, k in _CHIP_FILE_KEYS if s == key]
                near = difflib.get_close_matches(str(sub), valid, n=1)
                raise _config_error(f"unknown chip key '{key}.{sub}'",
                                    f"did you mean '{near[0]}'?" if near else "valid keys: " + ", ".join(valid))
            flat[name] = v
    return flat


def model(spec: ModelLike = _DEFAULT_MODEL) -> Model:
    """A model as a :class:`Model` object whose fields can be read and written.

    ``spec`` is a shipped name ("distilbert", "llama-3.2-1b"), a path to a model YAML, a
    :class:`Model` (copied), or a dict of overrides applied to distilbert (or to the model named by
    its ``"base"`` key). Enumerations (norm, ffn, attention, ...) read and write as the model file's
    strings. ``parameters`` is the closed-form parameter count. Field names are in :data:`MODEL_FIELDS`.
    """
    return _resolve(spec, Model, model, _DEFAULT_MODEL, MODEL_FIELDS, _anesim.load_model, "model")


def _resolve(spec, cls, by_name, default, fields, load, what):
    # One way to turn a name, a path, an object or a dict of overrides into a chip or a model.
    if isinstance(spec, cls):
        return spec.copy()
    if isinstance(spec, Mapping):
        overrides = dict(spec)
        base = overrides.pop("base", default)
        return _apply_overrides(by_name(base), fields, overrides, what)
    if isinstance(spec, (str, os.PathLike)):
        return load(os.fspath(spec), config_dir())
    raise TypeError(f"{what} must be a name, a path, a {cls.__name__} or a dict, not {type(spec).__name__}")


def _chip_row(c: Chip) -> Dict[str, Any]:
    row = {k: getattr(c, k) for k in CHIP_COLUMNS}
    row["ane_dtypes"] = ",".join(c.ane_dtypes)
    return row


def chips() -> pd.DataFrame:
    """Every shipped chip, one row each, ordered by family, year and name.

    Columns: :data:`CHIP_COLUMNS`, the numeric fields in chip/chip_fields.def's order.
    Counts and byte sizes are int64, rates and times float64, names str (object).
    """
    rows = [_chip_row(c) for c in _anesim.load_all_chips(config_dir())]
    return pd.DataFrame(rows, columns=CHIP_COLUMNS)


def models() -> pd.DataFrame:
    """Every shipped model, one row each, in file-name order.

    Columns (:data:`MODEL_COLUMNS`): name, hf_id, parameters (closed form, int64),
    published_parameters (the model card's, 0 if none), input, layers, hidden_size, heads,
    kv_heads, head_dim, ffn_size, ffn, activation, norm, norm_placement, position, attention,
    head, vocab_size, max_positions, is_decoder (bool), weights, sparsity, source_file.
    """
    rows = []
    for path in _anesim.config_files(config_dir(), "models"):
        m = _anesim.load_model_file(path)
        rows.append({k: getattr(m, k) for k in MODEL_COLUMNS})
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


class Result:
    """One simulated inference.

    Labels (model, chip, layout, batch, seq, phase, kv_len, weights, sparsity, power_state,
    ane_instances) and every total (:data:`SWEEP_TOTAL_COLUMNS`: latency_s, peak_memory_bytes, ...,
    regime, ..., energy_j, ..., avg_power_w; see :attr:`totals`) are attributes, with the same
    values as ``anesim run --json``; :attr:`fits` and :attr:`fit_reason` say whether it fits its device. :attr:`ops` is a DataFrame with one row per op record
    (:data:`OPS_COLUMNS`). :meth:`to_dict` gives the CLI's JSON run object.
    """

    __slots__ = ("_raw", "_labels", "_totals", "_ops")

    def __init__(self, raw: "_anesim.RunResult"):
        self._raw = raw
        self._labels: Dict[str, Any] = raw.labels
        self._totals: Dict[str, Any] = raw.totals
        self._ops: Optional[pd.DataFrame] = None

    @property
    def totals(self) -> Dict[str, Any]:
        """The run's totals as a dict (a copy), in the CLI JSON's order."""
        return dict(self._totals)

    @property
    def labels(self) -> Dict[str, Any]:
        """What was run: model, chip, layout, batch, seq, phase, kv_len, weights, sparsity, power_state, ane_instances."""
        return dict(self._labels)

    @property
    def ops(self) -> pd.DataFrame:
        """One row per op record, in execution order; columns in :data:`OPS_COLUMNS`."""
        if self._ops is None:
            self._ops = pd.DataFrame(self._raw.ops_columns(), columns=OPS_COLUMNS)
        return self._ops.copy()

    @property
    def fits(self) -> bool:
        """Whether the run fits its device: peak memory within the DRAM an app may hold, weights
        within the ANE's address window (the chip file's ``dram_bytes``, ``app_dram_share`` and
        ``address_window_bytes``). A run that does not fit is still a valid prediction."""
        return self._raw.fits

    @property
    def fit_reason(self) -> str:
        """Each limit the run breaks, e.g. ``"peak 155 GB > 1.61 GB an app may use of 2.15 GB DRAM
        (A11, iPhone 8)"``; empty when it fits."""
        return self._raw.fit_reason

    @property
    def unsupported_ops(self) -> Dict[str, int]:
        """ONNX operators ``unsupported="cpu"`` placed on the CPU, by ONNX type (e.g.
        ``{"HardSigmoid": 1}``); empty for every other run, as the CLI JSON then has no key."""
        return dict(self._raw.unsupported_ops)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not slots or properties: the labels and totals.
        labels = object.__getattribute__(self, "_labels")
        if name in labels:
            return labels[name]
        totals = object.__getattribute__(self, "_totals")
        if name in totals:
            return totals[name]
        raise AttributeError(f"Result has no attribute '{name}'")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._labels) | set(self._totals))

    def to_dict(self, ops: bool = True) -> Dict[str, Any]:
        """The run as the CLI's JSON run object: labels, ``totals`` and (if ``ops``) ``ops`` records."""
        d: Dict[str, Any] = dict(self._labels)
        d["fits"] = self.fits
        d["fit_reason"] = self.fit_reason
        d["totals"] = dict(self._totals)
        if self._raw.unsupported_ops:
            d["unsupported_ops"] = self.unsupported_ops
        if ops:
            d["ops"] = self.ops.to_dict(orient="records")
        return d

    def __repr__(self) -> str:
        return (f"<anesim.Result {self.model} on {self.chip}, {self.layout}, batch {self.batch}, seq {self.seq}: "
                f"{self.latency_s * 1e3:.3f} ms, {self.peak_memory_bytes / 1e6:.1f} MB peak, {self.regime}>")

    def _repr_html_(self) -> str:
        t = self._totals
        rows = [
            ("latency", f"{t['latency_s'] * 1e3:.3f} ms"),
            ("peak memory", f"{t['peak_memory_bytes'] / 1e6:.2f} MB"),
            ("&nbsp;&nbsp;weights", f"{t['weight_bytes'] / 1e6:.2f} MB"),
            ("&nbsp;&nbsp;constants", f"{t['constant_bytes'] / 1e6:.2f} MB"),
            ("&nbsp;&nbsp;activations at peak", f"{t['peak_activation_bytes'] / 1e6:.2f} MB"),
            ("DRAM traffic", f"{(t['dram_read_bytes'] + t['dram_write_bytes']) / 1e6:.2f} MB"),
            ("FLOPs", f"{t['flops'] / 1e9:.2f} G"),
            ("ops: ANE / CPU (elided)", f"{t['ane_ops']} / {t['cpu_ops']} ({t['free_ops']})"),
            ("engine hand-overs", str(t["handovers"])),
            ("app boundary (model I/O)", f"{t['app_io_s'] * 1e6:.1f} us, {t['app_io_bytes'] / 1e3:.1f} kB"),
            ("regime", html.escape(t["regime"])),
            ("time compute / BW / overhead",
             f"{t['compute_share']:.0%} / {t['bandwidth_share']:.0%} / {t['overhead_share']:.0%}"),
        ]
        title = html.escape(f"{self.model} on {self.chip}, {self.layout} layout, batch {self.batch}, "
                            + (f"decode, kv_len {self.kv_len}" if self.phase == "decode" else f"seq {self.seq}")
                            + f", {self.weights} weights")
        body = "".join(f"<tr><td style='text-align:left'>{k}</td><td style='text-align:right'>{v}</td></tr>"
                       for k, v in rows)
        return f"<table><caption>{title}</caption><tbody>{body}</tbody></table>"


def run(model: ModelLike = _DEFAULT_MODEL, chip: ChipLike = _DEFAULT_CHIP, layout: Optional[str] = None, seq: Optional[int] = None,
        batch: int = 1, weights: Optional[str] = None, sparsity: Optional[float] = None, phase: str = "prefill",
        kv_len: Optional[int] = None, power_state: Optional[str] = None, ane_instances: int = 1,
        dims: Optional[Dict[str, int]] = None, unsupported: str = "error") -> Result:
    """Simulate one inference of ``model`` on ``chip`` and return a :class:`Result`.

    Args:
        model: a shipped model name, a model YAML path, a :class:`Model`, or a dict of overrides
            (see :func:`model`).
        chip: a shipped chip name, a chip YAML path, a :class:`Chip`, or a dict of overrides
            applied to A15, e.g. ``{"name": "what-if", "dram_bandwidth_Bps": 68.2e9}``.
        layout: "ane" (the (B,C,1,S) layout of ml-ane-transformers) or "baseline" (PyTorch's (B,S,C)),
            or a point between them, "baseline+" and the seed's principles as switches
            (bc1s, heads, einsum, mask, in that order: "baseline+bc1s+heads").
            None: "ane", or "baseline" for an imported .onnx graph, which runs as exported.
        seq: sequence length in tokens (prefill); None: 128. ViT and Whisper fix their own, so
            only that value (or None) is accepted for them, and decode takes none.
        batch: batch size, 1 to 4096.
        weights: "fp16", "int8" or "int4"; None keeps the model file's precision.
        sparsity: share of weights pruned away, in [0, 0.99]; None keeps the model file's.
        phase: "prefill" (the whole prompt) or "decode" (one token per sequence, decoders).
        kv_len: with phase="decode" only, tokens already in the KV cache; None: 1024, or the
            model's max_positions - 1 if smaller (1023 for gpt2).
        power_state: the chip file's power state to run in (e.g. "high", "low"); None: the default.
        ane_instances: ANE instances working on the model (an Ultra has 2); 1, as Core ML runs a
            model, unless asked. More is an upper bound: compute adds up, the streaming ceiling does not.

    Same inputs, same numbers as ``anesim run --json``, to the last digit. The GIL is released
    while the simulation runs. Raises :class:`ConfigError` on any invalid input or config (a size
    that would be ignored included), and ``TypeError`` naming the argument when its type is wrong:
    whole numbers must be ints (not floats, strings or bools), as on the command line.
    """
    args = dict(layout=_args.text("layout", layout, optional=True), batch=_args.whole("batch", batch), seq=_args.optional_whole("seq", seq),
                weights=_args.text("weights", weights, optional=True), sparsity=_args.real("sparsity", sparsity),
                phase=_args.text("phase", phase), kv_len=_args.optional_whole("kv_len", kv_len),
                power_state=_args.text("power_state", power_state, optional=True),
                ane_instances=_args.whole("ane_instances", ane_instances), dims=_args.dims("dims", dims),
                unsupported=_args.text("unsupported", unsupported))
    m = globals()["model"](model) if not isinstance(model, Model) else model
    c = globals()["chip"](chip) if not isinstance(chip, Chip) else chip
    if layout is None:
        layout = args["layout"] = "baseline" if m.source_file.endswith(".onnx") else "ane"
    if layout not in _anesim.layout_choices():
        raise _config_error(f"unknown layout '{layout}'", "use one of: " + ", ".join(_anesim.layout_choices()))
    return Result(_anesim.simulate(m, c, **args))


def compare(model: ModelLike = _DEFAULT_MODEL, chip: ChipLike = _DEFAULT_CHIP, seq: Optional[int] = None, batch: int = 1,
            weights: Optional[str] = None, sparsity: Optional[float] = None, phase: str = "prefill",
            kv_len: Optional[int] = None, power_state: Optional[str] = None, ane_instances: int = 1,
            dims: Optional[Dict[str, int]] = None, unsupported: str = "error") -> Dict[str, Any]:
    """Run both layouts, as ``anesim run --layout both`` does.

    Returns a dict: ``"baseline"`` and ``"ane"`` (:class:`Result`), ``"baseline_over_ane"`` (the
    CLI's ratios: latency, peak_memory, dram_traffic, energy) and ``"table"``, a DataFrame with one row
    per layout (labels and totals) for display. Arguments as for :func:`run`.
    """
    m = globals()["model"](model)
    c = globals()["chip"](chip)
    kw = dict(seq=seq, batch=batch, weights=weights, sparsity=sparsity, phase=phase, kv_len=kv_len, power_state=power_state,
              ane_instances=ane_instances, dims=dims, unsupported=unsupported)
    base = run(m, c, layout="baseline", **kw)
    ane = run(m, c, layout="ane", **kw)
    table = pd.DataFrame([{**r.labels, **r.totals} for r in (base, ane)]).set_index("layout")
    return {"baseline": base, "ane": ane, "baseline_over_ane": _anesim.baseline_over_ane(base._raw, ane._raw),
            "table": table}

