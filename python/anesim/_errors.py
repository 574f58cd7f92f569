"""ConfigError raised from Python code (the C++ side raises it with the same attributes)."""

from ._anesim import ConfigError


def config_error(message: str, hint: str = "", file=None) -> ConfigError:
    """A :class:`ConfigError` with ``message``, ``hint`` and ``file`` set and no line."""
    text = (f"{file}: " if file else "") + message + (f"\n  fix: {hint}" if hint else "")
    err = ConfigError(text)
    err.message, err.hint, err.file, err.line, err.column = message, hint, file, None, None
    return err
