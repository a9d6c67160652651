"""What phase 1 exported, turned back into objects as data only (``Decoder``).

Nothing here runs the student's code: plain values are rebuilt here and every other kind by its
codec (``codecs``): arrays without pickles, models in Keras's safe mode, library classes and
functions only by the exact names of the codecs' allow-lists (an estimator's attributes hold data,
never replace the class's methods), tuners, studies, figures and explanations from their data.
Functions become ``RecordedFunction`` tables of the calls recorded in phase 1. Every file is
checked to be a regular file of bounded size before it is read.

What cannot be rebuilt becomes an ``Unavailable`` value whose every use raises an
``AssertionError`` in Spanish that says what is missing; one attribute that cannot be rebuilt
leaves the rest of its object usable. The same decoder reads the build's recorded calls
(``probes.json``), in the kernel and in phase 2.
"""

import hashlib
import json
import os
import stat
from pathlib import Path

from .codecs import DECODERS
from .codecs.arrays import read_array
from .codecs.common import library_name
from .codecs.functions import allowed_function
from .codecs.studies import fixed_trial_values
from .encoding import MANIFEST

MAX_MANIFEST_BYTES = 50 * 2**20
MAX_FILE_BYTES = 300 * 2**20
PROBES = "probes.json"
# How a recorded call runs: as it is (""), or with automatic differentiation refused
# (``exporting.autodiff_refused``), for a question that asks for derivatives by hand.
CALL_MODES = ("", "without_autodiff")
# The engine's own refusals (``ValueError`` messages in Spanish), shown as they are.
REFUSALS = ("clase no permitida", "función no permitida", "distribución no permitida", "atributo no permitido", "ruta fuera de lo exportado",
            "descripción inválida", "descripción desconocida", "objeto inválido", "objeto desconocido", "valor inválido")


class Unavailable:
    """A value that could not be rebuilt; every use raises an ``AssertionError`` that says why."""

    def __init__(self, type_name, reason="", where=""):
        object.__setattr__(self, "_description", (type_name, reason, where))

    def _message(self):
        type_name, reason, where = object.__getattribute__(self, "_description")
        what = where or f"un valor de tipo {type_name}"
        because = f" ({reason})" if reason else ""
        return (f"La calificación no puede usar {what}{because}: revise que la celda que lo define "
                "se ejecute sin errores y guarde un objeto de las bibliotecas del taller.")

    def __getattr__(self, name):
        raise AssertionError(object.__getattribute__(self, "_message")())

    def __repr__(self):
        return f"<{object.__getattribute__(self, '_description')[0]}>"

    def __call__(self, *args, **kwargs):
        self.__getattr__("__call__")

    def __len__(self):
        self.__getattr__("__len__")

    def __iter__(self):
        self.__getattr__("__iter__")

    def __bool__(self):
        self.__getattr__("__bool__")


def unavailable(type_name, reason="", where=""):
    """An ``Unavailable`` whose class carries the student's type name (for the checks' messages)."""
    name = type_name if str(type_name).isidentifier() else "ValorNoReconstruible"
    return type(name, (Unavailable,), {})(type_name, reason, where)


def read_untrusted(path: Path, max_bytes=MAX_FILE_BYTES) -> Path:
    """``path`` if it is a regular file (not a link) of at most ``max_bytes``; ``ValueError`` otherwise."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{Path(path).name} no es un archivo común")
    if info.st_size > max_bytes:
        raise ValueError(f"{Path(path).name} es demasiado grande")
    return Path(path)


def call_key(args, kwargs, mode=""):
    """A hashable, exact description of a call's arguments: constants, arrays, pandas tables, the
    library objects a test may pass (KerasTuner's ``HyperParameters``, Optuna's ``FixedTrial``,
    SciPy's frozen distributions) by their data, and allowed library functions (``np.sin``) by their
    name; and of how the call runs (``mode``, one of ``CALL_MODES``)."""
    return (_key(tuple(args)), _key(dict(kwargs))) + ((mode,) if mode else ())


def _key(value):
    import sys

    import numpy

    if value is None or type(value) in (bool, int, float, str):
        return (type(value).__name__, repr(value))
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        array = numpy.ascontiguousarray(value)
        if array.dtype.hasobject:  # its bytes are addresses: the items themselves
            return ("objects", array.shape, tuple(_key(item) for item in array.ravel().tolist()))
        return ("ndarray", array.dtype.str, array.shape, hashlib.sha256(array.tobytes()).hexdigest())
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, pandas.DataFrame):
        return ("DataFrame", _key(list(value.columns)), _key(value.index.to_numpy()),
                tuple(_key(value[column].to_numpy()) for column in value.columns))
    if pandas is not None and isinstance(value, pandas.Series):
        return ("Series", _key(value.name), _key(value.index.to_numpy()), _key(value.to_numpy()))
    if type(value) in (list, tuple):
        return (type(value).__name__, tuple(_key(item) for item in value))
    if type(value) is dict:
        return ("dict", tuple(sorted((_key(k), _key(v)) for k, v in value.items())))
    tuner = sys.modules.get("keras_tuner")
    if tuner is not None and isinstance(value, tuner.HyperParameters):
        return ("HyperParameters", json.dumps(value.get_config(), sort_keys=True, default=str))
    optuna = sys.modules.get("optuna")
    if optuna is not None and isinstance(value, optuna.trial.FixedTrial):
        return ("FixedTrial", value.number, _key(dict(fixed_trial_values(value))))
    frozen = sys.modules.get("scipy.stats._distn_infrastructure")
    if frozen is not None and isinstance(value, frozen.rv_frozen):
        return ("scipy_distribution", value.dist.name, _key(tuple(value.args)), _key(dict(value.kwds)))
    if callable(value) and not isinstance(value, type):
        module, qualname = library_name(value)
        try:
            if allowed_function(module, qualname) is value:
                return ("function", module, qualname)
        except ValueError:
            pass
    raise TypeError(f"a call of a student's function takes an argument of type {type(value).__name__}; "
                    "tests may only pass constants, arrays, pandas tables, HyperParameters, FixedTrial, SciPy "
                    "distributions and library functions")


class StudentFunctionError(Exception):
    """What a student's function raised when it was called in phase 1 (its type and message)."""

    def __init__(self, function_name, type_name, message):
        super().__init__(message)
        self.function_name, self.type_name = function_name, type_name


class RecordedFunction:
    """A student's function, replayed: each call the build recorded has the result phase 1 gave.

    ``missing`` says why there is no function to replay (not defined, or not a function): then
    every call fails saying so."""

    def __init__(self, name, outcomes_by_key, decoder, *, missing=""):
        self.__name__ = name
        self._outcomes = outcomes_by_key
        self._decoder = decoder
        self._missing = missing

    def __call__(self, *args, **kwargs):
        return self._replay(args, kwargs, "")

    def without_autodiff(self, *args, **kwargs):
        """The call, as phase 1 ran it with automatic differentiation refused."""
        return self._replay(args, kwargs, "without_autodiff")

    def _replay(self, args, kwargs, mode):
        if self._missing:
            raise AssertionError(f"`{self.__name__}` debería ser una función, pero {self._missing}: complete la "
                                 f"celda que la define (`def {self.__name__}(...):`) y ejecútela.")
        try:
            outcome = self._outcomes.get(call_key(args, kwargs, mode))
        except TypeError:
            outcome = None
        if outcome is None:
            raise AssertionError(f"No se pudo evaluar `{self.__name__}` con estos argumentos.")
        if "timeout" in outcome:
            raise AssertionError(f"`{self.__name__}` no terminó en {outcome['timeout']:g} s.")
        if "raised" in outcome:
            name = str(outcome["raised"])[:80]
            raise StudentFunctionError(self.__name__, name if name.isidentifier() else "Error",
                                       str(outcome.get("message", ""))[:300])
        return self._decoder.value(outcome.get("result", {"json": None}))


class Decoder:
    """Rebuilds the values described in an exported manifest (or the build's recorded calls)."""

    def __init__(self, directory: Path, manifest=MANIFEST):
        self.directory = Path(directory)
        manifest_path = read_untrusted(self.directory / manifest, MAX_MANIFEST_BYTES)
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
                recorded = calls.get(name) if isinstance(calls.get(name), dict) else {}
                missing = ("no está definida" if name not in variables else
                           f"es de tipo {str(recorded['not_callable'])[:80]}" if "not_callable" in recorded else "")
                namespace[name] = RecordedFunction(name, table, self, missing=missing)
                continue
            if name in variables:
                namespace[name] = self.value_or_unavailable(variables[name], 0, f"`{name}`")
        return namespace

    def value_or_unavailable(self, description, depth, where):
        """The value ``description`` rebuilds, or an ``Unavailable`` that names ``where`` it was
        (a broken export is the student's: it never stops the rebuild of the rest)."""
        try:
            value = self.value(description, depth)
        except Exception as error:  # noqa: BLE001
            value = unavailable("ValorNoReconstruible", _rebuild_reason(error))
        if isinstance(value, Unavailable):
            type_name, reason, _ = object.__getattribute__(value, "_description")
            value = unavailable(type_name, reason, where)
        return value

    def recorded_calls(self) -> dict:
        """``{function name: [(args, kwargs, mode), ...]}`` of a ``probes.json`` the build wrote."""
        recorded = {}
        for name, calls in self.manifest.get("calls", {}).items():
            recorded[name] = []
            for call in calls:
                mode = call.get("mode", "")
                if mode not in CALL_MODES:
                    raise ValueError("descripción inválida")
                recorded[name].append((self.value(call["args"]), self.value(call["kwargs"]), mode))
        return recorded

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
        if "range" in description:
            bounds = description["range"]
            if not (isinstance(bounds, list) and len(bounds) == 3 and all(type(b) is int for b in bounds)):
                raise ValueError("rango inválido")
            return range(*bounds)
        for kind, build in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
            if kind in description:
                return build(self.value(item, depth + 1) for item in description[kind])
        if "dict" in description:
            return {self.value(k, depth + 1): self.value(v, depth + 1) for k, v in description["dict"]}
        if "bunch" in description:
            from sklearn.utils import Bunch

            return Bunch(**{str(self.value(k, depth + 1)): self.value(v, depth + 1) for k, v in description["bunch"]})
        if "ref" in description:
            return self._object(str(description["ref"]), depth)
        if "unavailable" in description:
            return unavailable(str(description["unavailable"])[:80], str(description.get("reason", ""))[:200])
        raise ValueError("descripción desconocida")

    def _object(self, key, depth):
        if key not in self.built:
            description = self.objects.get(key)
            self.built[key] = None  # a cycle gives None rather than recursing
            try:
                self.built[key] = self._build(description, depth)
            except Exception as error:  # noqa: BLE001 - refused or broken: unavailable, and says so
                self.built[key] = unavailable("ValorNoReconstruible", _rebuild_reason(error))
        return self.built[key]

    def _build(self, description, depth):
        if not isinstance(description, dict):
            raise ValueError("objeto inválido")
        if "array" in description:
            return read_array(self, description)
        if "unavailable" in description:
            return unavailable(str(description["unavailable"])[:80], str(description.get("reason", ""))[:200])
        if len(description) != 1:
            raise ValueError("objeto inválido")
        kind, spec = next(iter(description.items()))
        if kind not in DECODERS:
            raise ValueError("objeto desconocido")
        return DECODERS[kind](self, spec, depth)

    def inside(self, relative: str) -> Path:
        """The exported file at ``relative``, checked to be inside the export and a regular file
        of bounded size."""
        path = (self.directory / relative).resolve()
        if not str(path).startswith(str(self.directory.resolve()) + os.sep):
            raise ValueError("ruta fuera de lo exportado")
        return read_untrusted(self.directory / relative)

    def attributes(self, spec, depth, owner="el objeto") -> dict:
        """The attributes of an instance; one that cannot be rebuilt is an ``Unavailable`` that
        names it, and the others stay."""
        attributes = {}
        for name, description in spec.get("attributes", {}).items():
            name = str(name)
            attributes[name] = self.value_or_unavailable(description, depth + 1, f"el atributo `{name}` de {owner}")
        return attributes


def _rebuild_reason(error) -> str:
    """Why a value was not rebuilt, in Spanish: the engine's own refusals say what was refused;
    a library's error only gives its type (its message is English and says nothing to a student)."""
    message = str(error)
    if isinstance(error, ValueError) and message.split(":")[0] in REFUSALS:
        return message[:200]
    return f"no se pudo reconstruir ({type(error).__name__})"
