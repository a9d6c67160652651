"""Code that runs inside the student's kernel while a notebook is graded.

The engine sends this module's source to the kernel before the first cell, into a namespace of its
own with a private copy of the builtins (so a notebook that redefines ``len`` or ``isinstance``
does not change how its variables are exported). It seeds every random generator before each
cell, stands in for Otter (``grader.check`` does nothing while grading) and, after the last cell,
exports the variables the tests read, and the results of the student's functions on the calls the
tests make, as plain files: JSON, ``.npy`` without pickles, and ``.keras`` models.

Everything this code writes is untrusted: the student's code ran in the same process and may have
changed it. The evaluation reads it as data only (``artifacts.py``).

The module imports only the standard library at the top, so the build can import it to encode the
arguments of the calls it records.
"""

import json
import os
import random
import signal
import sys
import types

SEED = 42
MANIFEST = "manifest.json"
MAX_EXPORT_BYTES = 300 * 2**20
MAX_ITEMS = 200_000
LIBRARY_MODULES = ("numpy", "keras", "tensorflow", "sklearn", "scipy", "math", "builtins", "pandas")


def library_name(value) -> tuple:
    """``(module, qualname)`` naming a library class or function where it is defined; phase 2
    looks exactly this up in its tables of allowed names (``allowed.py``)."""
    return (getattr(value, "__module__", None) or type(value).__module__,
            getattr(value, "__qualname__", None) or getattr(value, "__name__", ""))


def seed(value=SEED):
    """Seed Python, NumPy, TensorFlow and Keras (those already imported).

    KerasTuner's tuners draw their seed from Python's ``random`` when given none, so they follow.
    """
    random.seed(value)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(value)
    keras = sys.modules.get("keras")
    if keras is not None:
        keras.utils.set_random_seed(value)
    elif "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(value)


def seed_optuna(value=SEED):
    """Give Optuna's samplers created without a seed the grading seed (they draw one from the OS)."""
    from optuna.samplers import _lazy_random_state as lazy

    original = lazy.LazyRandomState.__init__
    if getattr(original, "seeded_for_grading", False):
        return

    def init(self, seed=None):
        original(self, value if seed is None else seed)

    init.seeded_for_grading = True
    lazy.LazyRandomState.__init__ = init


class _SilentGrader:
    """Otter's ``Notebook`` while grading: checks and exports do nothing."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def stand_in_for_otter():
    """Make ``import otter; otter.Notebook(...)`` give a grader whose methods do nothing."""
    otter = types.ModuleType("otter")
    otter.Notebook = _SilentGrader
    sys.modules["otter"] = otter


def keep_builtins():
    """Put the builtins back after every cell: a notebook that redefines ``builtins.len`` would
    otherwise break the kernel itself before the next cell (redefining them in its own namespace
    is untouched)."""
    import builtins

    saved = dict(vars(builtins))

    def restore(*args):
        vars(builtins).update(saved)

    get_ipython().events.register("post_execute", restore)  # noqa: F821 - IPython's global


def limit_threads(count):
    """Run TensorFlow's operations on ``count`` threads: the same sums in the same order each run."""
    if count:
        import tensorflow

        tensorflow.config.threading.set_intra_op_parallelism_threads(count)
        tensorflow.config.threading.set_inter_op_parallelism_threads(count)


class _Timeout(BaseException):
    """A call of the student's function ran past its time."""


def _on_alarm(signum, frame):
    raise _Timeout()


class Encoder:
    """Writes values under ``directory`` and returns their JSON descriptions."""

    def __init__(self, directory):
        self.directory = directory
        self.objects = {}
        self.memo = {}
        self.keep = []  # encoded objects stay alive, so their ids stay unique
        self.written = 0
        self.items = 0

    def _path(self, kind, suffix):
        folder = os.path.join(self.directory, kind)
        os.makedirs(folder, exist_ok=True)
        name = f"{len(self.objects) + len(self.keep)}{suffix}"
        return os.path.join(folder, name), f"{kind}/{name}"

    def _count(self, path):
        self.written += os.path.getsize(path)
        if self.written > MAX_EXPORT_BYTES:
            raise ValueError("las variables exportadas superan el tamaño permitido")

    def value(self, value, depth=0):
        """The JSON description of ``value``; objects are written once and referred to by id."""
        self.items += 1
        if self.items > MAX_ITEMS or depth > 50:
            return {"unavailable": "estructura demasiado grande"}
        if value is None or type(value) in (bool, int, float, str):
            if type(value) is float and value != value:
                return {"float": "nan"}
            if type(value) is float and value in (float("inf"), float("-inf")):
                return {"float": repr(value)}
            if type(value) is int and abs(value) > 2**63:
                return {"int": str(value)}
            return {"json": value}
        if value is Ellipsis:
            return {"ellipsis": True}
        if type(value) in (list, tuple, set, frozenset):
            kind = type(value).__name__
            items = sorted(value, key=repr) if kind in ("set", "frozenset") else value
            return {kind: [self.value(item, depth + 1) for item in items]}
        if type(value) is dict:
            return {"dict": [[self.value(k, depth + 1), self.value(v, depth + 1)]
                             for k, v in value.items()]}
        key = str(id(value))
        if key not in self.memo:
            self.memo[key] = None
            self.keep.append(value)
            try:
                self.objects[key] = self._object(value, depth)
            except Exception as error:  # noqa: BLE001 - any failure is the student's object's
                self.objects[key] = {"unavailable": type(value).__name__,
                                     "reason": f"{type(error).__name__}: {error}"[:200]}
            self.memo[key] = key
        return {"ref": key}

    def _object(self, value, depth):
        module = type(value).__module__ or ""
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(value, (numpy.ndarray, numpy.generic)):
            return self._array(numpy, value)
        pandas = sys.modules.get("pandas")
        if pandas is not None and isinstance(value, pandas.DataFrame):
            return {"dataframe": {"columns": self.value(list(value.columns), depth + 1),
                                  "index": self._array(numpy, value.index.to_numpy()),
                                  "data": [self._array(numpy, value[c].to_numpy())
                                           for c in value.columns]}}
        if pandas is not None and isinstance(value, pandas.Series):
            return {"series": {"name": self.value(value.name, depth + 1),
                               "index": self._array(numpy, value.index.to_numpy()),
                               "data": self._array(numpy, value.to_numpy())}}
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(value, keras.Model):
            return self._model(keras, value)
        if keras is not None and isinstance(value, keras.callbacks.History):
            return {"history": {"history": self.value(dict(value.history), depth + 1),
                                "params": self.value(dict(value.params or {}), depth + 1),
                                "epoch": self.value(list(value.epoch), depth + 1)}}
        if isinstance(value, types.FunctionType) and module == "__main__":
            return {"unavailable": "function", "reason": "función sin llamadas registradas"}
        if callable(value) and not isinstance(value, type) and library_name(value)[0].split(".")[0] in LIBRARY_MODULES:
            function_module, name = library_name(value)
            return {"library_function": {"module": function_module, "qualname": name}}
        if module.split(".")[0] in ("sklearn", "keras") and hasattr(value, "__dict__"):
            return {"instance": {"module": module, "qualname": type(value).__qualname__,
                                 "attributes": {name: self.value(item, depth + 1)
                                                for name, item in vars(value).items()
                                                if name not in ("model", "_model")}}}
        return {"unavailable": type(value).__name__}

    def _array(self, numpy, value):
        array = numpy.asarray(value)
        if array.dtype.hasobject:
            if all(isinstance(item, str) for item in array.ravel().tolist()):
                array = array.astype(str)
            else:
                return {"objects_array": {"shape": list(array.shape),
                                          "items": [self.value(item, 1) for item in array.ravel().tolist()]}}
        path, relative = self._path("arrays", ".npy")
        numpy.save(path, array, allow_pickle=False)
        self._count(path)
        return {"array": relative, "scalar": isinstance(value, numpy.generic)}

    def _model(self, keras, model):
        if not model.built:
            return {"unbuilt_model": keras.saving.serialize_keras_object(model)}
        path, relative = self._path("models", ".keras")
        model.save(path)
        self._count(path)
        return {"keras_model": relative}

    def file(self, relative_path):
        """Copy a file the student saved (a path held by a variable), if it is a plain file."""
        if os.path.isabs(relative_path) or ".." in relative_path.split(os.sep):
            return
        if not os.path.isfile(relative_path) or os.path.islink(relative_path):
            return
        size = os.path.getsize(relative_path)
        if self.written + size > MAX_EXPORT_BYTES:
            return
        target = os.path.join(self.directory, "files", relative_path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(relative_path, "rb") as source, open(target, "wb") as copy:
            copy.write(source.read())
        self.written += size


def decode_plain(description, directory, objects):
    """A probe argument, as written by ``Encoder`` (``objects`` is its table): plain values and
    arrays only (trusted input, written by the build)."""
    for kind in ("list", "tuple", "set", "frozenset"):
        if kind in description:
            items = [decode_plain(item, directory, objects) for item in description[kind]]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if "dict" in description:
        return {decode_plain(k, directory, objects): decode_plain(v, directory, objects)
                for k, v in description["dict"]}
    if "ref" in description:
        return decode_plain(objects[description["ref"]], directory, objects)
    if "json" in description:
        return description["json"]
    if "float" in description:
        return float(description["float"])
    if "int" in description:
        return int(description["int"])
    if "ellipsis" in description:
        return Ellipsis
    if "array" in description:
        import numpy

        array = numpy.load(os.path.join(directory, description["array"]), allow_pickle=False)
        return array[()] if description.get("scalar") else array
    raise ValueError(f"argumento de sonda no soportado: {sorted(description)}")


def export(namespace, names, probes_dir, out_dir, call_seconds):
    """Write the variables ``names`` of ``namespace`` and the probed calls' results to ``out_dir``."""
    os.makedirs(out_dir, exist_ok=True)
    encoder = Encoder(out_dir)
    manifest = {"variables": {}, "calls": {}, "objects": encoder.objects}
    probes = {"calls": {}, "objects": {}}
    probes_file = os.path.join(probes_dir, "probes.json")
    if os.path.isfile(probes_file):
        with open(probes_file, encoding="utf-8") as file:
            probes = json.load(file)
    for name in names:
        if name not in namespace:
            continue
        value = namespace[name]
        try:
            manifest["variables"][name] = encoder.value(value)
            if type(value) is str and len(value) < 300:
                encoder.file(value)
        except Exception as error:  # noqa: BLE001
            manifest["variables"][name] = {"unavailable": type(value).__name__,
                                           "reason": f"{type(error).__name__}: {error}"[:200]}
        if name in probes["calls"] and callable(value):
            manifest["calls"][name] = [_call(value, call, probes_dir, probes["objects"], encoder, call_seconds)
                                       for call in probes["calls"][name]]
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as file:
        json.dump(manifest, file)


def _call(function, call, probes_dir, objects, encoder, seconds):
    """The result of one recorded call, or the exception it raised, or that it ran out of time."""
    args = decode_plain(call["args"], probes_dir, objects)
    kwargs = decode_plain(call["kwargs"], probes_dir, objects)
    seed()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = function(*args, **kwargs)
    except _Timeout:
        return {"timeout": seconds}
    except Exception as error:  # noqa: BLE001 - the student's function raised
        return {"raised": type(error).__name__, "message": str(error)[:300]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    try:
        return {"result": encoder.value(result)}
    except Exception as error:  # noqa: BLE001
        return {"raised": type(error).__name__, "message": str(error)[:300]}
