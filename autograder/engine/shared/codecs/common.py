"""What every codec shares: libraries taken only once the notebook loaded them, how a library
object is named, and the description of a value that cannot be written."""

import numbers
import sys


def loaded(name):
    """The module ``name`` if something already imported it, else ``None``: encoding never
    imports what the notebook did not."""
    return sys.modules.get(name)


def library_name(value) -> tuple:
    """``(module, qualname)`` naming a library class or function where it is defined; phase 2
    looks exactly this up in the codecs' tables of allowed names."""
    return (getattr(value, "__module__", None) or type(value).__module__,
            getattr(value, "__qualname__", None) or getattr(value, "__name__", ""))


def unavailable(value, reason="") -> dict:
    """The description of ``value`` when it cannot be written (``reason`` in Spanish)."""
    description = {"unavailable": type(value).__name__}
    if reason:
        description["reason"] = str(reason)[:200]
    return description


def json_default(value):
    """Numbers of NumPy's types in a configuration, as plain numbers (anything else as text)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)


def number(value):
    """``value`` as a float, or ``None`` when it is none or not a number."""
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def int_or_float(value):
    """``value`` as a Python int or float when it is a (NumPy) integer or real number, else None."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, numbers.Real)):
        return None
    return int(value) if isinstance(value, numbers.Integral) else float(value)
