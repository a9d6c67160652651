"""Turning a notebook's values into data: JSON descriptions and plain files (``Encoder``).

Runs inside the student's kernel at export time (and in the build, for the recorded calls'
arguments). Plain values are written here: numbers, strings, lists, tuples (named ones too),
sets, dicts (``defaultdict``, ``OrderedDict`` too), ranges (a search space's ``range(4)``) and
scikit-learn's ``Bunch``. Every other kind is its codec's (``codecs``): arrays, tables, Keras
objects, tuners, studies, distributions, figures, SHAP explanations, estimators and callbacks,
library functions. Nothing is pickled.

What cannot be written becomes ``{"unavailable": type name, "reason": ...}``, and only that part:
an estimator with one attribute that cannot be written keeps all the others.

Only the standard library is imported at the top: libraries are taken from ``sys.modules``, so
encoding never imports what the notebook did not.
"""

import os

from .codecs import ENCODERS
from .codecs.common import loaded, unavailable

MANIFEST = "manifest.json"
MAX_EXPORT_BYTES = 300 * 2**20
MAX_ITEMS = 200_000
MAX_SAVED_FILE_BYTES = 50 * 2**20
# Attributes a callback keeps that point at the model it was used with: the model is exported
# on its own, and a callback's model is not what a test reads.
CALLBACK_MODEL_ATTRIBUTES = ("model", "_model")


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

    def path(self, kind, suffix):
        """A new file's path (and its path relative to the export): one name per file written."""
        folder = os.path.join(self.directory, kind)
        os.makedirs(folder, exist_ok=True)
        self.files += 1
        name = f"{self.files}{suffix}"
        return os.path.join(folder, name), f"{kind}/{name}"

    def count(self, size):
        """Account for ``size`` more bytes written; past the limit, the export stops."""
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
                self.objects[key] = unavailable(value, f"no se pudo exportar ({type(error).__name__})")
            self.memo[key] = key
        return {"ref": key}

    def _object(self, value, depth):
        for encode in ENCODERS:
            description = encode(self, value, depth)
            if description is not None:
                return description
        return unavailable(value)

    def attributes(self, value, depth) -> dict:
        """An object's attributes, each described (a callback's model left out)."""
        keras = loaded("keras")
        skipped = CALLBACK_MODEL_ATTRIBUTES if keras is not None and isinstance(value, keras.callbacks.Callback) else ()
        return {name: self.value(item, depth + 1) for name, item in vars(value).items() if name not in skipped}

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
            self.count(size)
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
    bunch = loaded("sklearn.utils._bunch")
    if bunch is not None and isinstance(value, bunch.Bunch):
        return "bunch", list(value.items())
    return None
