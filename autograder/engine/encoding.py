"""Turning a notebook's values into data: JSON descriptions and plain files (``Encoder``).

Runs inside the student's kernel at export time (and in the build, for the recorded calls'
arguments). Each kind of value is written as what it is made of, never pickled:

- numbers, strings, lists, tuples (named ones too), sets, dicts (``defaultdict``, ``OrderedDict``
  too), ranges (a search space's ``range(4)``) and scikit-learn's ``Bunch``;
- NumPy arrays (``.npy`` without pickles; masked arrays as data and mask; TensorFlow and Keras
  tensors as the arrays they hold), pandas frames and series;
- Keras models (``.keras``), training histories, other Keras objects that have a configuration
  (optimizers, regularizers, loss and metric objects) as that configuration;
- scikit-learn estimators (searches, pipelines and Keras's scikit-learn wrappers included) and
  Keras callbacks as their attributes, with the files a callback wrote (a checkpoint, TensorBoard's
  event files); a student's own callback as its attributes;
- KerasTuner tuners and Optuna studies as their search spaces and trials; SciPy's frozen
  distributions (a scikit-learn search space's ``loguniform(3e-4, 3e-2)``) as their name and
  numeric arguments; matplotlib figures as their axes, labels, lines, bars and images;
- library functions by name (``library_name``).

What cannot be written becomes ``{"unavailable": type name, "reason": ...}``, and only that part:
an estimator with one attribute that cannot be written keeps all the others.

Only the standard library is imported at the top: libraries are taken from ``sys.modules``, so
encoding never imports what the notebook did not.
"""

import json
import numbers
import os
import sys
import types

MANIFEST = "manifest.json"
MAX_EXPORT_BYTES = 300 * 2**20
MAX_ITEMS = 200_000
MAX_SAVED_FILE_BYTES = 50 * 2**20
LIBRARY_MODULES = ("numpy", "keras", "tensorflow", "sklearn", "scipy", "math", "builtins", "pandas")
# Attributes a callback keeps that point at the model it was used with: the model is exported
# on its own, and a callback's model is not what a test reads.
CALLBACK_MODEL_ATTRIBUTES = ("model", "_model")
# Types an estimator may hold as a setting (``OneHotEncoder(dtype=float)``), written by name.
BUILTIN_TYPES = ("bool", "int", "float", "complex", "str", "bytes", "object")
# Attributes of callbacks that name files they wrote, exported with them.
CALLBACK_FILES = ("filepath", "log_dir")


def library_name(value) -> tuple:
    """``(module, qualname)`` naming a library class or function where it is defined; phase 2
    looks exactly this up in its tables of allowed names (``allowed.py``)."""
    return (getattr(value, "__module__", None) or type(value).__module__,
            getattr(value, "__qualname__", None) or getattr(value, "__name__", ""))


def _module(name):
    return sys.modules.get(name)


def _unavailable(value, reason=""):
    description = {"unavailable": type(value).__name__}
    if reason:
        description["reason"] = str(reason)[:200]
    return description


def _restore_compiled_optimizer(model):
    """Put a compiled model's optimizer back into its compile settings: Keras's HDF5 saver
    (``model.save("….h5")``, which a student may call) removes it from them, and the model would
    then come back compiled with Keras's default optimizer instead of its own."""
    settings = getattr(getattr(model, "_compile_config", None), "config", None)
    if (getattr(model, "compiled", False) and isinstance(settings, dict) and "optimizer" not in settings
            and getattr(model, "optimizer", None) is not None):
        settings["optimizer"] = model.optimizer


class Encoder:
    """Writes values under ``directory`` and returns their JSON descriptions."""

    def __init__(self, directory):
        self.directory = directory
        self.objects = {}
        self.memo = {}
        self.keep = []  # encoded objects stay alive, so their ids stay unique
        self.written = 0
        self.items = 0
        self.files = 0

    def _path(self, kind, suffix):
        """A new file's path (and its path relative to the export): one name per file written."""
        folder = os.path.join(self.directory, kind)
        os.makedirs(folder, exist_ok=True)
        self.files += 1
        name = f"{self.files}{suffix}"
        return os.path.join(folder, name), f"{kind}/{name}"

    def _count(self, size):
        self.written += size
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
        if type(value) is range:
            return {"range": [value.start, value.stop, value.step]}
        plain = _plain_container(value)
        if plain is not None:
            kind, items = plain
            if kind in ("dict", "bunch"):
                return {kind: [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in items]}
            return {kind: [self.value(item, depth + 1) for item in items]}
        key = str(id(value))
        if key not in self.memo:
            self.memo[key] = None
            self.keep.append(value)
            try:
                self.objects[key] = self._object(value, depth)
            except Exception as error:  # noqa: BLE001 - any failure is the student's object's
                self.objects[key] = _unavailable(value, f"no se pudo exportar ({type(error).__name__})")
            self.memo[key] = key
        return {"ref": key}

    def _object(self, value, depth):
        for encode in (self._array_like, self._table, self._keras, self._search_or_study, self._distribution,
                       self._figure, self._estimator_or_callback, self._function):
            description = encode(value, depth)
            if description is not None:
                return description
        return _unavailable(value)

    # Arrays ---------------------------------------------------------------------------------

    def _array_like(self, value, depth):
        numpy = _module("numpy")
        if numpy is None:
            return None
        if isinstance(value, numpy.ma.MaskedArray):
            return {"masked_array": {"data": self._array(numpy, numpy.ma.getdata(value)),
                                     "mask": self._array(numpy, numpy.ma.getmaskarray(value)),
                                     "fill_value": self.value(value.fill_value.item()
                                                              if hasattr(value.fill_value, "item") else None, depth + 1)}}
        if isinstance(value, (numpy.ndarray, numpy.generic)):
            return self._array(numpy, value)
        if _is_tensor(value):
            return self._array(numpy, numpy.asarray(value))
        return None

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
        self._count(os.path.getsize(path))
        return {"array": relative, "scalar": isinstance(value, numpy.generic)}

    def _table(self, value, depth):
        pandas, numpy = _module("pandas"), _module("numpy")
        if pandas is None:
            return None
        if isinstance(value, pandas.DataFrame):
            return {"dataframe": {"columns": self.value(list(value.columns), depth + 1),
                                  "index": self._array(numpy, value.index.to_numpy()),
                                  "data": [self._array(numpy, value[c].to_numpy()) for c in value.columns]}}
        if isinstance(value, pandas.Series):
            return {"series": {"name": self.value(value.name, depth + 1),
                               "index": self._array(numpy, value.index.to_numpy()),
                               "data": self._array(numpy, value.to_numpy())}}
        return None

    # Keras ----------------------------------------------------------------------------------

    def _keras(self, value, depth):
        keras = _module("keras")
        if keras is None:
            return None
        if isinstance(value, keras.Model):
            if not value.built:
                return {"unbuilt_model": keras.saving.serialize_keras_object(value)}
            path, relative = self._path("models", ".keras")
            _restore_compiled_optimizer(value)
            value.save(path)
            self._count(os.path.getsize(path))
            return {"keras_model": relative}
        if isinstance(value, keras.callbacks.History):
            return {"history": {"history": self.value(dict(value.history), depth + 1),
                                "params": self.value(dict(value.params or {}), depth + 1),
                                "epoch": self.value(list(value.epoch), depth + 1)}}
        if isinstance(value, keras.callbacks.Callback) and type(value).__module__ == "__main__":
            return {"recorded_callback": {"class_name": type(value).__name__,
                                          "attributes": self._attributes(value, depth)}}
        configurable = (keras.optimizers.Optimizer, keras.regularizers.Regularizer, keras.losses.Loss,
                        keras.metrics.Metric, keras.initializers.Initializer, keras.constraints.Constraint,
                        keras.layers.Layer)
        if isinstance(value, configurable) and library_name(type(value))[0].startswith("keras"):
            return {"keras_object": json.loads(json.dumps(keras.saving.serialize_keras_object(value),
                                                          default=_json_default))}
        tuner = _module("keras_tuner")
        if tuner is not None and isinstance(value, tuner.Tuner):
            return self._tuner(tuner, value, depth)
        if tuner is not None and isinstance(value, tuner.HyperParameters):
            return {"hyperparameters": json.loads(json.dumps(value.get_config(), default=_json_default))}
        return None

    def _tuner(self, tuner, value, depth):
        oracle = value.oracle
        objective = oracle.objective
        trials = []
        for trial_id, trial in oracle.trials.items():
            trials.append({"trial_id": str(trial_id), "status": str(trial.status),
                           "score": self.value(_number(trial.score), depth + 1),
                           "best_step": self.value(_number(getattr(trial, "best_step", None)), depth + 1),
                           "hyperparameters": json.loads(json.dumps(trial.hyperparameters.get_config(),
                                                                    default=_json_default))})
        try:
            best_model = self.value(value.get_best_models(1)[0], depth + 1)
        except Exception as error:  # noqa: BLE001 - a search that never finished a trial has none
            best_model = {"unavailable": "Model", "reason": f"la búsqueda no tiene un mejor modelo ({type(error).__name__})"}
        return {"tuner": {"class_name": type(value).__name__,
                          "objective": {"name": str(getattr(objective, "name", objective)),
                                        "direction": str(getattr(objective, "direction", ""))},
                          "max_trials": self.value(getattr(oracle, "max_trials", None), depth + 1),
                          "search_space": json.loads(json.dumps(oracle.get_space().get_config(),
                                                                default=_json_default)),
                          "trials": trials, "best_model": best_model}}

    # Optuna and scikit-learn's searches ----------------------------------------------------

    def _search_or_study(self, value, depth):
        optuna = _module("optuna")
        if optuna is not None and isinstance(value, optuna.study.Study):
            from optuna.distributions import distribution_to_json

            trials = [{"number": trial.number, "state": trial.state.name,
                       "params": self.value(dict(trial.params), depth + 1),
                       "distributions": {name: distribution_to_json(distribution)
                                         for name, distribution in trial.distributions.items()},
                       "values": self.value(list(trial.values) if trial.values is not None else None, depth + 1),
                       "intermediate_values": self.value({int(step): float(v) for step, v in
                                                          trial.intermediate_values.items()}, depth + 1),
                       "user_attrs": self.value(dict(trial.user_attrs), depth + 1)}
                      for trial in value.get_trials(deepcopy=False)]
            return {"study": {"study_name": value.study_name,
                              "directions": [direction.name for direction in value.directions],
                              "trials": trials}}
        if optuna is not None and isinstance(value, optuna.trial.FixedTrial):
            made_with = getattr(value, "_params", value.params)  # ``params`` only holds those suggested so far
            return {"fixed_trial": {"params": self.value(dict(made_with), depth + 1), "number": value.number}}
        return None

    # SciPy's distributions ---------------------------------------------------------------------

    def _distribution(self, value, depth):
        frozen = _module("scipy.stats._distn_infrastructure")
        if frozen is None or not isinstance(value, frozen.rv_frozen):
            return None
        arguments = [_int_or_float(argument) for argument in value.args]
        keywords = {str(key): _int_or_float(argument) for key, argument in value.kwds.items()}
        if None in arguments or None in keywords.values():
            return _unavailable(value, "una distribución con argumentos que no son números")
        return {"scipy_distribution": {"name": value.dist.name, "args": arguments, "kwds": keywords}}

    # matplotlib ------------------------------------------------------------------------------

    def _figure(self, value, depth):
        matplotlib = _module("matplotlib.figure")
        if matplotlib is None:
            return None
        axes_module = _module("matplotlib.axes")
        if axes_module is not None and isinstance(value, axes_module.Axes):
            return {"axes_of_figure": {"figure": self.value(value.figure, depth + 1),
                                       "index": value.figure.axes.index(value)}}
        if not isinstance(value, matplotlib.Figure):
            return None
        numpy = _module("numpy")
        axes = []
        for ax in value.axes:
            legend = ax.get_legend()
            axes.append({
                "title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
                "xlim": [float(limit) for limit in ax.get_xlim()], "ylim": [float(limit) for limit in ax.get_ylim()],
                "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
                "legend": [text.get_text() for text in legend.get_texts()] if legend is not None else None,
                "lines": [{"x": self._array(numpy, numpy.asarray(line.get_xdata(), dtype=float)),
                           "y": self._array(numpy, numpy.asarray(line.get_ydata(), dtype=float)),
                           "label": str(line.get_label()), "color": _color(line.get_color()),
                           "linestyle": str(line.get_linestyle()), "marker": str(line.get_marker())}
                          for line in ax.get_lines()],
                "bars": [{"x": float(patch.get_x()), "width": float(patch.get_width()),
                          "height": float(patch.get_height()), "y": float(patch.get_y())}
                         for container in ax.containers for patch in container
                         if hasattr(patch, "get_height")],
                "images": [{"shape": list(numpy.asarray(image.get_array()).shape)} for image in ax.get_images()],
                "points": [{"offsets": self._array(numpy, numpy.asarray(collection.get_offsets(), dtype=float)),
                            "label": str(collection.get_label())}
                           for collection in ax.collections if len(collection.get_offsets())],
                "texts": [text.get_text() for text in ax.texts],
            })
        suptitle = value._suptitle.get_text() if getattr(value, "_suptitle", None) is not None else ""
        return {"figure": {"size": [float(size) for size in value.get_size_inches()], "suptitle": suptitle,
                           "axes": axes}}

    # scikit-learn estimators, Keras callbacks and wrappers ------------------------------------

    def _estimator_or_callback(self, value, depth):
        module = type(value).__module__ or ""
        if module.split(".")[0] not in ("sklearn", "keras") or not hasattr(value, "__dict__"):
            return None
        description = {"module": module, "qualname": type(value).__qualname__,
                       "attributes": self._attributes(value, depth)}
        files = [getattr(value, name) for name in CALLBACK_FILES if isinstance(getattr(value, name, None), str)]
        if files:
            description["files"] = [path for path in (self.files_at(path) for path in files) if path]
        return {"instance": description}

    def _attributes(self, value, depth):
        keras = _module("keras")
        skipped = CALLBACK_MODEL_ATTRIBUTES if keras is not None and isinstance(value, keras.callbacks.Callback) else ()
        return {name: self.value(item, depth + 1) for name, item in vars(value).items() if name not in skipped}

    def _function(self, value, depth):
        numpy = _module("numpy")
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

    # Files the student saved --------------------------------------------------------------------

    def file(self, relative_path):
        """Copy a file the student saved (a path held by a variable), if it is a plain file."""
        self.files_at(relative_path)

    def files_at(self, path) -> str:
        """Copy the plain file, or the plain files of the folder, at ``path`` (relative to the
        working directory, inside it) into ``files/``; the relative path, or "" when nothing was."""
        relative = os.path.relpath(os.path.abspath(path))
        if relative in (os.curdir, os.pardir) or relative.startswith(os.pardir + os.sep) or os.path.islink(relative):
            return ""
        if os.path.isfile(relative):
            candidates = [relative]
        elif os.path.isdir(relative):
            candidates = [os.path.join(folder, name) for folder, _, names in os.walk(relative) for name in names]
        else:
            return ""
        copied = False
        for candidate in candidates:
            if os.path.islink(candidate) or not os.path.isfile(candidate):
                continue
            size = os.path.getsize(candidate)
            if size > MAX_SAVED_FILE_BYTES or self.written + size > MAX_EXPORT_BYTES:
                continue
            target = os.path.join(self.directory, "files", candidate)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(candidate, "rb") as source, open(target, "wb") as copy:
                copy.write(source.read())
            self._count(size)
            copied = True
        return relative if copied else ""


def _plain_container(value):
    """``(kind, items)`` for the containers that are written as plain JSON, else ``None``:
    lists, tuples (named ones as plain tuples), sets, dicts (``defaultdict``, ``OrderedDict`` and
    ``Counter`` as plain dicts) and scikit-learn's ``Bunch``."""
    if type(value) is list:
        return "list", list(value)
    if isinstance(value, tuple) and (type(value) is tuple or hasattr(value, "_fields")):
        return "tuple", list(value)
    if type(value) in (set, frozenset):
        return type(value).__name__, sorted(value, key=repr)
    if type(value) is dict or (isinstance(value, dict) and type(value).__module__ == "collections"):
        return "dict", list(value.items())
    bunch = _module("sklearn.utils._bunch")
    if bunch is not None and isinstance(value, bunch.Bunch):
        return "bunch", list(value.items())
    return None


def _is_tensor(value) -> bool:
    tensorflow = _module("tensorflow")
    if tensorflow is not None and isinstance(value, (tensorflow.Tensor, tensorflow.Variable)):
        return True
    keras = _module("keras")
    return keras is not None and isinstance(value, keras.Variable)


def _number(value):
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _int_or_float(value):
    """``value`` as a Python int or float when it is a (NumPy) integer or real number, else None."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, numbers.Real)):
        return None
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def _color(color):
    matplotlib_colors = _module("matplotlib.colors")
    return matplotlib_colors.to_hex(color) if matplotlib_colors is not None else str(color)


def _json_default(value):
    """Numbers of NumPy's types in a configuration, as plain numbers (anything else as text)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)
