"""Library functions and types by name: a function of a few pure namespaces (Keras's losses,
activations, metrics and operations, ``math``, NumPy's element-wise functions), a NumPy scalar type
or dtype (a fitted ``SimpleImputer`` keeps its data's), a builtin type an estimator may hold as a
setting (``OneHotEncoder(dtype=float)``). Phase 2 looks
each name up in the tables below, never by following attributes from it. A student's own function
is not written: the calls a test makes were recorded in phase 1 (``artifacts.RecordedFunction``)."""

import re
import types
from functools import cache

from .common import library_name, loaded, unavailable

# Namespaces whose public functions may be referred to (losses, activations, metrics, tensor
# operations): pure computations on their arguments.
FUNCTION_NAMESPACES = ("keras.losses", "keras.activations", "keras.metrics", "keras.ops", "math")
# The modules whose callables are written by name (the tables below decide what phase 2 accepts).
LIBRARY_MODULES = ("numpy", "keras", "tensorflow", "sklearn", "scipy", "math", "builtins", "pandas")
# A simple NumPy dtype's ``str`` (``|O``, ``<f8``, ``<U5``, ``<M8[ns]``): no structured dtypes.
DTYPE_TEXT = re.compile(r"[<>|=][a-zA-Z][0-9]*(\[[a-z]+\])?")
BUILTIN_TYPES = {"bool": bool, "int": int, "float": float, "complex": complex, "str": str, "bytes": bytes,
                 "object": object}


def encode(encoder, value, depth):
    numpy = loaded("numpy")
    if numpy is not None and isinstance(value, type) and issubclass(value, numpy.generic):
        return {"numpy_type": numpy.dtype(value).name}
    if numpy is not None and isinstance(value, numpy.dtype):
        if value.fields is not None or value.subdtype is not None or not DTYPE_TEXT.fullmatch(value.str):
            return unavailable(value, "un tipo de datos de NumPy compuesto")
        return {"numpy_dtype": value.str}
    if isinstance(value, type) and value.__module__ == "builtins" and value.__name__ in BUILTIN_TYPES:
        return {"builtin_type": value.__name__}
    if isinstance(value, types.FunctionType) and value.__module__ == "__main__":
        return {"unavailable": "function", "reason": "función sin llamadas registradas"}
    if callable(value) and not isinstance(value, type) and library_name(value)[0].split(".")[0] in LIBRARY_MODULES:
        function_module, name = library_name(value)
        return {"library_function": {"module": function_module, "qualname": name}}
    return None


@cache
def functions() -> dict:
    """``{(module, qualname): function}`` of the public functions of ``FUNCTION_NAMESPACES`` and
    NumPy's element-wise functions (ufuncs)."""
    import importlib

    import numpy

    table = {}
    for namespace in FUNCTION_NAMESPACES:
        module = importlib.import_module(namespace)
        for name in dir(module):
            value = getattr(module, name)
            if not name.startswith("_") and callable(value) and not isinstance(value, type):
                table.setdefault(library_name(value), value)
    for name in dir(numpy):
        value = getattr(numpy, name)
        if isinstance(value, numpy.ufunc):
            table.setdefault(library_name(value), value)
    return table


def allowed_function(module: str, qualname: str):
    """The allowed function named so; ``ValueError`` otherwise."""
    try:
        return functions()[(module, qualname)]
    except (KeyError, TypeError):
        raise ValueError(f"función no permitida: {module}.{qualname}") from None


def _library_function(decoder, spec, depth):
    return allowed_function(str(spec["module"]), str(spec["qualname"]))


def _numpy_type(decoder, name, depth):
    import numpy

    return numpy.dtype(str(name)).type


def _numpy_dtype(decoder, text, depth):
    import numpy

    if not isinstance(text, str) or not DTYPE_TEXT.fullmatch(text):
        raise ValueError(f"descripción inválida: tipo de datos {str(text)[:40]}")
    return numpy.dtype(text)


def _builtin_type(decoder, name, depth):
    if not isinstance(name, str) or name not in BUILTIN_TYPES:
        raise ValueError(f"clase no permitida: {name}")
    return BUILTIN_TYPES[name]


DECODERS = {"library_function": _library_function, "numpy_type": _numpy_type, "numpy_dtype": _numpy_dtype,
            "builtin_type": _builtin_type}
