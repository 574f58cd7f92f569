"""The argument rules of :func:`anesim.run` and :func:`anesim.compare`, the CLI's in Python terms.

``int(seq)`` used to turn ``128.7`` into 128, ``"128"`` into 128 and ``True`` into 1 without a
word. Here a whole number must be an ``int`` (or a NumPy integer), never a bool, a float or a
string; a wrong type is a ``TypeError`` naming the argument, and a value past 64 bits a
:class:`ConfigError`. Ranges (batch 1 to 4096, seq within the model, ...) stay the C++ core's,
so Python and the CLI refuse the same values with the same messages.
"""

from __future__ import annotations

import numbers
import operator
from typing import Any, Dict, Mapping, Optional

from ._errors import config_error

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1


def whole(name: str, value: Any) -> int:
    """``value`` as an int, or TypeError / ConfigError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int), not {type(value).__name__} ({value!r})")
    number = operator.index(value)
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise config_error(f"{name} {number} is out of range: it does not fit in 64 bits", f"use a smaller {name}")
    return number


def optional_whole(name: str, value: Any) -> Optional[int]:
    return None if value is None else whole(name, value)


def real(name: str, value: Any) -> Optional[float]:
    """``value`` as a float (None stays None), or TypeError naming ``name``; NaN is the core's to refuse."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__} ({value!r})")
    return float(value)


def text(name: str, value: Any, optional: bool = False) -> Optional[str]:
    """``value`` as a str, or TypeError naming ``name``."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__} ({value!r})")
    return value


def flag(name: str, value: Any) -> bool:
    """``value`` as a bool, or TypeError naming ``name``: 1 or "yes" is not taken for True."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__} ({value!r})")
    return value


def dims(name: str, value: Any) -> Dict[str, int]:
    """``value`` (a mapping of an ONNX file's symbolic axis names to sizes, None for none) as a
    dict of str to int, or TypeError naming ``name``; the sizes' range is the core's."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict of axis names to sizes, not {type(value).__name__} ({value!r})")
    out = {}
    for axis, size in value.items():
        if not isinstance(axis, str):
            raise TypeError(f"{name} keys must be axis names (str), not {type(axis).__name__} ({axis!r})")
        out[axis] = whole(f"{name}['{axis}']", size)
    return out
