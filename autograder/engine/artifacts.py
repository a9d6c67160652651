"""Phase 2's view of what phase 1 exported: untrusted files turned back into objects, as data only.

Nothing here runs the student's code: arrays are read without pickles, models with Keras's safe
mode, instances are rebuilt only for scikit-learn estimators and Keras callbacks named exactly in
``allowed.py`` (their attributes hold data, never replace the class's methods), library functions
only from the same tables, functions become
``RecordedFunction`` tables of the calls recorded in phase 1. Every file is checked to be a regular
file of bounded size before it is read. What cannot be rebuilt becomes an ``Unavailable`` value
whose type name is the student's, so the checks' messages still say what was found.
"""

import hashlib
import json
import os
import stat
from pathlib import Path

from .allowed import allowed_class, allowed_function
from .kernel_side import MANIFEST

MAX_MANIFEST_BYTES = 50 * 2**20
MAX_FILE_BYTES = 300 * 2**20


class Unavailable:
    """A variable that could not be rebuilt; every use raises an ``AssertionError`` that says why."""

    def __init__(self, type_name, reason=""):
        object.__setattr__(self, "_description", (type_name, reason))

    def __getattr__(self, name):
        type_name, reason = object.__getattribute__(self, "_description")
        raise AssertionError(
            f"La calificación no puede usar un valor de tipo {type_name}" + (f" ({reason})." if reason else "."))

    def __repr__(self):
        return f"<{object.__getattribute__(self, '_description')[0]}>"

    def __call__(self, *args, **kwargs):
        self.__getattr__("__call__")

    def __len__(self):
        self.__getattr__("__len__")

    def __iter__(self):
        self.__getattr__("__iter__")


def unavailable(type_name, reason=""):
    """An ``Unavailable`` whose class carries the student's type name (for the checks' messages)."""
    name = type_name if str(type_name).isidentifier() else "ValorNoReconstruible"
    return type(name, (Unavailable,), {})(type_name, reason)


def read_untrusted(path: Path, max_bytes=MAX_FILE_BYTES) -> Path:
    """``path`` if it is a regular file (not a link) of at most ``max_bytes``; ``ValueError`` otherwise."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{Path(path).name} no es un archivo común")
    if info.st_size > max_bytes:
        raise ValueError(f"{Path(path).name} es demasiado grande")
    return Path(path)


def _inside(directory: Path, relative: str) -> Path:
    path = (directory / relative).resolve()
    if not str(path).startswith(str(directory.resolve()) + os.sep):
        raise ValueError("ruta fuera de lo exportado")
    return read_untrusted(directory / relative)


def call_key(args, kwargs):
    """A hashable, exact description of a call's arguments (constants and arrays only)."""
    return (_key(tuple(args)), _key(dict(kwargs)))


def _key(value):
    import numpy

    if value is None or type(value) in (bool, int, float, str):
        return (type(value).__name__, repr(value))
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        array = numpy.ascontiguousarray(value)
        return ("ndarray", array.dtype.str, array.shape, hashlib.sha256(array.tobytes()).hexdigest())
    if type(value) in (list, tuple):
        return (type(value).__name__, tuple(_key(item) for item in value))
    if type(value) is dict:
        return ("dict", tuple(sorted((_key(k), _key(v)) for k, v in value.items())))
    raise TypeError(f"a call of a student's function takes an argument of type {type(value).__name__}; "
                    "tests may only pass constants and arrays")


class RecordedFunction:
    """A student's function, replayed: each call the build recorded has the result phase 1 gave."""

    def __init__(self, name, outcomes_by_key, decoder):
        self.__name__ = name
        self._outcomes = outcomes_by_key
        self._decoder = decoder

    def __call__(self, *args, **kwargs):
        try:
            outcome = self._outcomes.get(call_key(args, kwargs))
        except TypeError:
            outcome = None
        if outcome is None:
            raise AssertionError(f"No se pudo evaluar `{self.__name__}` con estos argumentos.")
        if "timeout" in outcome:
            raise AssertionError(f"`{self.__name__}` no terminó en {outcome['timeout']:g} s.")
        if "raised" in outcome:
            name = str(outcome["raised"])
            error = type(name if name.isidentifier() else "Error", (Exception,), {})
            raise error(str(outcome.get("message", ""))[:300])
        return self._decoder.value(outcome.get("result", {"json": None}))


class Decoder:
    """Rebuilds the values described in an exported manifest."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        manifest_path = read_untrusted(self.directory / MANIFEST, MAX_MANIFEST_BYTES)
        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(self.manifest, dict):
            raise ValueError("manifest is not an object")
        self.objects = self.manifest.get("objects", {})
        self.built = {}

    def namespace(self, names, probes) -> dict:
        """The variables ``names``; those with recorded ``probes`` become ``RecordedFunction``s."""
        variables = self.manifest.get("variables", {})
        calls = self.manifest.get("calls", {})
        namespace = {}
        for name in names:
            if name in probes:
                outcomes = calls.get(name) if isinstance(calls.get(name), list) else []
                table = {key: outcome for key, outcome in zip(probes[name], outcomes)
                         if isinstance(outcome, dict)}
                if name in variables:
                    namespace[name] = RecordedFunction(name, table, self)
                continue
            if name in variables:
                try:
                    namespace[name] = self.value(variables[name])
                except Exception as error:  # noqa: BLE001 - a broken export is the student's
                    namespace[name] = unavailable("ValorNoReconstruible", f"{type(error).__name__}")
        return namespace

    def value(self, description, depth=0):
        if not isinstance(description, dict) or depth > 60:
            raise ValueError("descripción inválida")
        if "json" in description:
            value = description["json"]
            if value is not None and type(value) not in (bool, int, float, str):
                raise ValueError("valor inválido")
            return value
        if "float" in description:
            return float(description["float"])
        if "int" in description:
            return int(str(description["int"])[:400])
        if "ellipsis" in description:
            return Ellipsis
        for kind, build in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
            if kind in description:
                return build(self.value(item, depth + 1) for item in description[kind])
        if "dict" in description:
            return {self.value(k, depth + 1): self.value(v, depth + 1) for k, v in description["dict"]}
        if "ref" in description:
            return self._object(str(description["ref"]), depth)
        if "unavailable" in description:
            return unavailable(str(description["unavailable"])[:80], str(description.get("reason", ""))[:200])
        raise ValueError("descripción desconocida")

    def _object(self, key, depth):
        if key not in self.built:
            description = self.objects.get(key)
            self.built[key] = None  # a cycle gives None rather than recursing
            self.built[key] = self._build(description, depth)
        return self.built[key]

    def _build(self, description, depth):
        if not isinstance(description, dict):
            raise ValueError("objeto inválido")
        if "array" in description:
            return self._array(description)
        if "objects_array" in description:
            import numpy

            spec = description["objects_array"]
            items = [self.value(item, depth + 1) for item in spec["items"]]
            array = numpy.empty(len(items), dtype=object)
            array[:] = items
            return array.reshape([int(n) for n in spec["shape"]])
        if "dataframe" in description:
            import pandas

            spec = description["dataframe"]
            columns = self.value(spec["columns"], depth + 1)
            data = {column: self._array(item) for column, item in zip(columns, spec["data"])}
            return pandas.DataFrame(data, index=self._array(spec["index"]), columns=columns)
        if "series" in description:
            import pandas

            spec = description["series"]
            return pandas.Series(self._array(spec["data"]), index=self._array(spec["index"]),
                                 name=self.value(spec["name"], depth + 1))
        if "keras_model" in description:
            import keras

            path = _inside(self.directory, str(description["keras_model"]))
            return keras.models.load_model(path, safe_mode=True)
        if "unbuilt_model" in description:
            import keras

            return keras.saving.deserialize_keras_object(description["unbuilt_model"], safe_mode=True)
        if "history" in description:
            return self._history(description["history"], depth)
        if "library_function" in description:
            return _library_function(description["library_function"])
        if "instance" in description:
            return self._instance(description["instance"], depth)
        if "unavailable" in description:
            return unavailable(str(description["unavailable"])[:80], str(description.get("reason", ""))[:200])
        raise ValueError("objeto desconocido")

    def _array(self, description):
        import numpy

        array = numpy.load(_inside(self.directory, str(description["array"])), allow_pickle=False)
        return array[()] if description.get("scalar") else array

    def _history(self, spec, depth):
        import keras

        history = keras.callbacks.History()
        history.history = self.value(spec["history"], depth + 1)
        history.params = self.value(spec["params"], depth + 1)
        history.epoch = self.value(spec["epoch"], depth + 1)
        return history

    def _instance(self, spec, depth):
        """A scikit-learn estimator or a Keras callback, rebuilt from its attributes (as pickle does)."""
        cls = allowed_class(str(spec["module"]), str(spec["qualname"]))
        instance = cls.__new__(cls)
        attributes = {str(name): value for name, value in spec.get("attributes", {}).items()}
        for name in attributes:
            _check_attribute(cls, name)
        instance.__dict__.update({name: self.value(value, depth + 1) for name, value in attributes.items()})
        return instance


def _library_function(spec):
    return allowed_function(str(spec["module"]), str(spec["qualname"]))


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
