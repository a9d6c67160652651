"""Library functions and types by name: a function of a few pure namespaces (Keras's losses,
activations, metrics and operations, ``math``, NumPy's element-wise functions), a NumPy scalar type,
a builtin type an estimator may hold as a setting (``OneHotEncoder(dtype=float)``). Phase 2 looks
each name up in the tables below, never by following attributes from it. A student's own function
is not written: the calls a test makes were recorded in phase 1 (``artifacts.RecordedFunction``)."""

import types
from functools import cache

from .common import library_name, loaded

# Namespaces whose public functions may be referred to (losses, activations, metrics, tensor
# operations): pure computations on their arguments.
FUNCTION_NAMESPACES = ("keras.losses", "keras.activations", "keras.metrics", "keras.ops", "math")
# The modules whose callables are written by name (the tables below decide what phase 2 accepts).
LIBRARY_MODULES = ("numpy", "keras", "tensorflow", "sklearn", "scipy", "math", "builtins", "pandas")
BUILTIN_TYPES = {"bool": bool, "int": int, "float": float, "complex": complex, "str": str, "bytes": bytes,
                 "object": object}


def encode(encoder, value, depth):
    numpy = loaded("numpy")
    if numpy is not None and isinstance(value, type) and issubclass(value, numpy.generic):
        return {"numpy_type": numpy.dtype(value).name}
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


def _builtin_type(decoder, name, depth):
    if not isinstance(name, str) or name not in BUILTIN_TYPES:
        raise ValueError(f"clase no permitida: {name}")
    return BUILTIN_TYPES[name]


DECODERS = {"library_function": _library_function, "numpy_type": _numpy_type, "builtin_type": _builtin_type}
