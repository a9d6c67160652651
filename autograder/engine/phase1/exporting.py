"""Exporting what the tests take, in the student's kernel after its last cell (``export``).

Sent into the kernel with the rest of the kernel-side engine (``notebook_run``). It writes the
variables the tests read as data (``encoding.Encoder``), and, for the student's functions a test
calls, calls each with the arguments the build recorded (``probes.json``, read with the same
decoder phase 2 uses) and writes what it returned, what it raised, or that it ran out of time.

Everything written here is untrusted: the student's code ran in the same process and may have
changed it. Phase 2 reads it as data only (``artifacts.py``).
"""

import contextlib
import json
import os
import signal
import sys

from ..shared.artifacts import PROBES, Decoder
from ..shared.encoding import MANIFEST, Encoder
from ..shared.seeding import seed


class _Timeout(BaseException):
    """A call of the student's function ran past its time."""


def _on_alarm(signum, frame):
    raise _Timeout()


class DiferenciacionAutomaticaNoPermitida(Exception):
    """The student's function reached for automatic differentiation where it was refused."""


def _refuse(*args, **kwargs):
    raise DiferenciacionAutomaticaNoPermitida(
        "esta pregunta pide las derivadas a mano: la función no puede usar tf.GradientTape ni otra "
        "diferenciación automática de TensorFlow")


class _RefuseTensorFlowImport:
    """A finder that refuses to import TensorFlow while it is refused (when no cell imported it)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] == "tensorflow":
            _refuse()
        return None


@contextlib.contextmanager
def autodiff_refused():
    """While the block runs, TensorFlow's automatic differentiation raises
    ``DiferenciacionAutomaticaNoPermitida``: ``tf.GradientTape`` (and so Keras's training) and
    ``tf.autodiff.ForwardAccumulator`` cannot start, and TensorFlow cannot be imported if it was not."""
    patched = []
    tensorflow = sys.modules.get("tensorflow")
    finder = None
    if tensorflow is None:
        finder = _RefuseTensorFlowImport()
        sys.meta_path.insert(0, finder)
    else:
        for owner, names in ((tensorflow.GradientTape, ("__init__", "__enter__", "gradient", "jacobian", "batch_jacobian")),
                             (tensorflow.autodiff.ForwardAccumulator, ("__init__", "__enter__")),
                             (tensorflow, ("gradients",))):
            for name in names:
                patched.append((owner, name, owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name)))
                setattr(owner, name, _refuse)
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        if finder is not None:
            sys.meta_path.remove(finder)


def export(namespace, names, probes_dir, out_dir, call_seconds):
    """Write the variables ``names`` of ``namespace`` and the probed calls' results to ``out_dir``."""
    os.makedirs(out_dir, exist_ok=True)
    encoder = Encoder(out_dir)
    manifest = {"variables": {}, "calls": {}, "objects": encoder.objects}
    calls = {}
    if os.path.isfile(os.path.join(probes_dir, PROBES)):
        calls = Decoder(probes_dir, PROBES).recorded_calls()
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
                                           "reason": f"no se pudo exportar ({type(error).__name__})"}
        if name in calls and callable(value):
            manifest["calls"][name] = [_call(value, args, kwargs, mode, encoder, call_seconds)
                                       for args, kwargs, mode in calls[name]]
        elif name in calls:
            manifest["calls"][name] = {"not_callable": type(value).__name__}
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as file:
        json.dump(manifest, file)


def _call(function, args, kwargs, mode, encoder, seconds):
    """The result of one recorded call (run as its ``mode`` says), or the exception it raised, or
    that it ran out of time."""
    seed()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with autodiff_refused() if mode == "without_autodiff" else contextlib.nullcontext():
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
