"""Exporting what the tests take, in the student's kernel after its last cell (``export``).

Sent into the kernel with the rest of the kernel-side engine (``notebook_run``). It writes the
variables the tests read as data (``encoding.Encoder``), and, for the student's functions a test
calls, calls each with the arguments the build recorded (``probes.json``, read with the same
decoder phase 2 uses) and writes what it returned, what it raised, or that it ran out of time.

Everything written here is untrusted: the student's code ran in the same process and may have
changed it. Phase 2 reads it as data only (``artifacts.py``).
"""

import json
import os
import signal

from .artifacts import PROBES, Decoder
from .encoding import MANIFEST, Encoder
from .kernel_setup import seed


class _Timeout(BaseException):
    """A call of the student's function ran past its time."""


def _on_alarm(signum, frame):
    raise _Timeout()


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
            manifest["calls"][name] = [_call(value, args, kwargs, encoder, call_seconds)
                                       for args, kwargs in calls[name]]
        elif name in calls:
            manifest["calls"][name] = {"not_callable": type(value).__name__}
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as file:
        json.dump(manifest, file)


def _call(function, args, kwargs, encoder, seconds):
    """The result of one recorded call, or the exception it raised, or that it ran out of time."""
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
