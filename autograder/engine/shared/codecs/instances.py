"""scikit-learn estimators (searches, pipelines and Keras's scikit-learn wrappers included) and
Keras's own callbacks as their attributes, with the files a callback wrote (a checkpoint,
TensorBoard's event files).

Phase 2 rebuilds an instance as pickle does (the class's ``__new__``, then its attributes), but
only of a class in the allow-list below: the callbacks and wrappers Keras exports, and
scikit-learn's estimators where scikit-learn's public modules export them. An attribute holds
data, never stands in for what the class defines as code."""

from functools import cache

from .common import library_name

# Attributes of callbacks that name files they wrote, exported with them.
CALLBACK_FILES = ("filepath", "log_dir")
EXCLUDED_MODULE_PARTS = ("tests", "conftest", "externals", "experimental")


def encode(encoder, value, depth):
    module = type(value).__module__ or ""
    if module.split(".")[0] not in ("sklearn", "keras") or not hasattr(value, "__dict__"):
        return None
    description = {"module": module, "qualname": type(value).__qualname__,
                   "attributes": encoder.attributes(value, depth)}
    files = [getattr(value, name) for name in CALLBACK_FILES if isinstance(getattr(value, name, None), str)]
    if files:
        description["files"] = [path for path in (encoder.files_at(path) for path in files) if path]
    return {"instance": description}


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
    return {library_name(cls): cls for cls in classes if cls.__module__.startswith("keras.")}


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
    if not (isinstance(cls, type) and issubclass(cls, BaseEstimator) and library_name(cls) == (module, qualname)):
        raise ValueError(f"clase no permitida: {module}.{qualname}")
    return cls


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


def _check_attribute(cls, name: str):
    """An instance attribute may hold data, never stand in for what the class defines as code
    (a method, a property): a rebuilt estimator's ``predict`` is always the library's."""
    import inspect

    if name.startswith("__"):
        raise ValueError(f"atributo no permitido: {name}")
    try:
        defined = inspect.getattr_static(cls, name)
    except AttributeError:
        return
    if callable(defined) or hasattr(type(defined), "__get__"):
        raise ValueError(f"atributo no permitido: {name}")


def _instance(decoder, spec, depth):
    """An estimator or a Keras callback, rebuilt from its attributes (as pickle does); the files
    it wrote are already back in the working directory."""
    cls = allowed_class(str(spec["module"]), str(spec["qualname"]))
    instance = cls.__new__(cls)
    attributes = decoder.attributes(spec, depth, f"`{cls.__name__}`")
    for name in attributes:
        _check_attribute(cls, name)
    instance.__dict__.update(attributes)
    return instance


DECODERS = {"instance": _instance}
