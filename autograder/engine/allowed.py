"""The library classes and functions that phase 2 rebuilds by name: exact tables, no lookups.

An export names a class or a function by its ``__module__`` and ``__qualname__``. Phase 2 never
follows an attribute chain from such a name: it is looked up in tables built here from trusted
enumerations (the callbacks and wrappers Keras exports, the public functions of a few library
namespaces), or, for scikit-learn's estimators, it must be the class's own defining location and
the class must be exported by a public scikit-learn module. Anything else is refused, so an export
cannot name ``os.system`` or ``builtins.exec`` by some path that happens to reach it.
"""

from functools import cache

from .encoding import library_name as _key

# Namespaces whose public functions may be referred to (losses, activations, metrics, tensor
# operations): pure computations on their arguments.
FUNCTION_NAMESPACES = ("keras.losses", "keras.activations", "keras.metrics", "keras.ops", "math")


EXCLUDED_MODULE_PARTS = ("tests", "conftest", "externals", "experimental")


@cache
def keras_classes() -> dict:
    """``{(module, qualname): class}`` of the callbacks ``keras.callbacks`` exports, the
    scikit-learn wrappers ``keras.wrappers`` exports, and the estimators those wrappers keep."""
    import importlib

    import keras
    from sklearn.base import BaseEstimator

    def public_classes(namespace, base):
        return [value for name in dir(namespace) if not name.startswith("_")
                for value in [getattr(namespace, name)] if isinstance(value, type) and issubclass(value, base)]

    wrappers_helpers = importlib.import_module("keras.src.wrappers.utils")
    classes = (public_classes(keras.callbacks, keras.callbacks.Callback) + public_classes(keras.wrappers, BaseEstimator)
               + public_classes(wrappers_helpers, BaseEstimator))
    return {_key(cls): cls for cls in classes if cls.__module__.startswith("keras.")}


def sklearn_estimator(module: str, qualname: str) -> type:
    """The estimator class defined in ``module`` as ``qualname`` when scikit-learn exports it from
    a public module (``sklearn.preprocessing`` for ``sklearn.preprocessing._data``): only that
    public module is imported, and only the one name is read from it."""
    import importlib

    import sklearn
    from sklearn.base import BaseEstimator

    parts = module.split(".")
    public = []
    for part in parts:
        if part.startswith("_"):
            break
        public.append(part)
    if (len(public) < 2 or public[0] != "sklearn" or public[1] not in sklearn.__all__
            or not all(part.isidentifier() and part not in EXCLUDED_MODULE_PARTS for part in parts)
            or not qualname.isidentifier()):
        raise ValueError(f"clase no permitida: {module}.{qualname}")
    cls = vars(importlib.import_module(".".join(public))).get(qualname)
    if not (isinstance(cls, type) and issubclass(cls, BaseEstimator) and _key(cls) == (module, qualname)):
        raise ValueError(f"clase no permitida: {module}.{qualname}")
    return cls


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
                table.setdefault(_key(value), value)
    for name in dir(numpy):
        value = getattr(numpy, name)
        if isinstance(value, numpy.ufunc):
            table.setdefault(_key(value), value)
    return table


def allowed_class(module: str, qualname: str) -> type:
    """The allowed class named so (a Keras callback or scikit-learn wrapper, or a public
    scikit-learn estimator); ``ValueError`` otherwise."""
    module, qualname = str(module), str(qualname)
    if module.split(".")[0] == "keras":
        try:
            return keras_classes()[(module, qualname)]
        except KeyError:
            raise ValueError(f"clase no permitida: {module}.{qualname}") from None
    try:
        return sklearn_estimator(module, qualname)
    except ImportError:
        raise ValueError(f"clase no permitida: {module}.{qualname}") from None


def allowed_function(module: str, qualname: str):
    """The allowed function named so; ``ValueError`` otherwise."""
    try:
        return functions()[(module, qualname)]
    except (KeyError, TypeError):
        raise ValueError(f"función no permitida: {module}.{qualname}") from None


@cache
def scipy_distributions() -> dict:
    """``{name: distribution}`` of the probability distributions ``scipy.stats`` exports
    (``loguniform``, ``randint``, ...), by the name a frozen one gives (``dist.name``)."""
    import scipy.stats

    return {value.name: value for name in dir(scipy.stats) if not name.startswith("_")
            for value in [getattr(scipy.stats, name)] if isinstance(value, (scipy.stats.rv_continuous, scipy.stats.rv_discrete))}


def allowed_distribution(name: str, args, kwds):
    """The SciPy distribution called ``name``, frozen with numeric ``args`` and ``kwds`` (``loc``,
    ``scale`` and its shape parameters); ``ValueError`` for any other name or argument."""
    try:
        distribution = scipy_distributions()[str(name)]
    except KeyError:
        raise ValueError(f"distribución no permitida: {name}") from None
    keywords = {"loc", "scale", *(shape.strip() for shape in (distribution.shapes or "").split(",") if shape.strip())}
    if not (isinstance(args, list) and isinstance(kwds, dict) and set(kwds) <= keywords
            and all(type(number) in (int, float) for number in [*args, *kwds.values()])):
        raise ValueError(f"distribución no permitida: {name} con argumentos que no son números o nombres de los suyos")
    return distribution(*args, **kwds)
