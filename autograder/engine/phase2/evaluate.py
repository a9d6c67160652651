"""Phase 2: run every test case on what phase 1 exported, in a process that never ran student code.

Run as ``python -I -S`` (no current directory, no user site, no ``PYTHON*`` variables, no ``site``:
no ``.pth`` file or ``sitecustomize`` runs; the environment's package folders are appended to
``sys.path`` by hand) from a directory created after phase 1 ended, holding pristine copies of the
workshop's files and the files the student saved (``files/`` of the export), with a folder that
holds only the engine and its check library first on ``sys.path``. Reads a job
(JSON) on standard input and writes the per-question outcome (JSON) to ``job["outcome_path"]``.
"""

import importlib
import json
import shutil
import sys
from pathlib import Path

from ..shared.artifacts import PROBES, Decoder, StudentFunctionError, call_key, read_untrusted
from ..shared.seeding import seed
from .test_sources import sources_in_dir, variables

MAX_HINT_CHARS = 500


def probe_keys(probes_dir: Path) -> dict:
    """``{function name: [call key, ...]}`` of the calls the build recorded."""
    if not (Path(probes_dir) / PROBES).is_file():
        return {}
    return {name: [call_key(args, kwargs, mode) for args, kwargs, mode in calls]
            for name, calls in Decoder(probes_dir, PROBES).recorded_calls().items()}


def copy_student_files(export_dir: Path, work_dir: Path):
    """Copy the files the student saved into ``work_dir``, never over a workshop file."""
    saved = Path(export_dir) / "files"
    if not saved.is_dir() or saved.is_symlink():
        return
    for path in sorted(saved.rglob("*")):
        relative = path.relative_to(saved)
        target = work_dir / relative
        try:
            read_untrusted(path)
        except (OSError, ValueError):
            continue
        if target.exists() or any(parent.is_symlink() for parent in path.parents):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def hint(error: BaseException) -> str:
    """What a failing case says to the student, in Spanish, never the test's code: the check's
    message; what the student's own function raised; otherwise only the kind of error (a
    library's message is English and speaks of the test's internals)."""
    message = " ".join(str(error).split())
    if isinstance(error, AssertionError):
        text = message or "La verificación no se cumplió."
    elif isinstance(error, StudentFunctionError):
        text = f"Su función `{error.function_name}` lanzó {error.type_name}: {message}"
    else:
        text = (f"Error al evaluar su respuesta ({type(error).__name__}): la prueba no pudo usarla tal como "
                "está; revise que tenga el tipo, la forma y los valores que pide el enunciado.")
    return text[:MAX_HINT_CHARS]


def run_tests(tests_dir: Path, namespace: dict, *, run=True, details=False) -> list:
    """Each question: its name and each case's test function, points and outcome (all failed
    unless ``run``), every case run after seeding, as grading runs them. With ``details`` (for the
    build, never for a student), a failing case also keeps the error as raised."""
    from otter.test_files import ExceptionTestFile

    questions = []
    for name, source in sources_in_dir(tests_dir).items():
        test_file = ExceptionTestFile.from_string(source, path=str(Path(tests_dir) / name))
        cases = []
        for case in test_file.test_cases:
            outcome = {"test": case.body.test_func.__name__, "hidden": case.hidden,
                       "points": float(case.points or 0), "passed": False}
            if run:
                seed()
                try:
                    case.body.call_func(namespace)
                except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
                    outcome["hint"] = hint(error)
                    if details:
                        outcome["detail"] = f"{type(error).__name__}: {error}"[:MAX_HINT_CHARS]
                else:
                    outcome["passed"] = True
            cases.append(outcome)
        questions.append({"name": test_file.name, "cases": cases})
    return questions


def evaluate(job: dict) -> dict:
    """The job's outcome: the questions and their cases, and a note on what could not be read."""
    tests_dir, export_dir = Path(job["tests_dir"]), Path(job["export_dir"])
    names = variables(sources_in_dir(tests_dir))
    note, namespace = "", {}
    copy_student_files(export_dir, Path.cwd())
    try:
        namespace = Decoder(export_dir).namespace(names, probe_keys(Path(job["probes_dir"])))
    except (OSError, ValueError) as error:
        note = f"no se pudieron leer las variables exportadas ({type(error).__name__})"
    return {"questions": run_tests(tests_dir, namespace), "note": note}


def preload(libraries):
    """Import what every evaluation needs and ``libraries`` (those the notebook uses), before any
    export exists: a process started early has them ready when phase 1 ends."""
    import otter.test_files  # noqa: F401

    from ... import checks  # noqa: F401
    for name in libraries:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # the test that needs it fails as it would have


def main():
    """Standard input: a line naming the libraries to import first (``preload``), then the job."""
    preload(json.loads(sys.stdin.readline()))
    job = json.loads(sys.stdin.readline())
    outcome = evaluate(job)
    Path(job["outcome_path"]).write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
