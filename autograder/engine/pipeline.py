"""Grade one submission in Gradescope's layout, in two phases that never share a process.

Layout (Gradescope's, or a temporary copy of it when a TA grades): ``<root>/source`` holds the
unpacked autograder zip (this package, ``tests/``, ``probes/``, ``files/``, ``grading.json``),
``<root>/submission`` the student's upload, and ``<root>/results/results.json`` is written.

1. The notebook runs in a kernel of its own (``notebook_run``), in a directory holding only the
   workshop's files, within the time, memory and output limits; then it exports the variables the
   tests take. As root the kernel runs as a sandbox user of its own (``sandbox``); otherwise the
   environment is fingerprinted before and after (``environment``) and a change means ``tampered``.
2. The tests run in a fresh ``python -I -S`` process (``evaluate``) on what was exported, from
   directories created only once every process of phase 1 is dead, with pristine copies of the
   engine, the tests and the workshop's files: everything phase 2 trusts was read into memory
   before the notebook started.

Results are written only here, whatever happened: a results file that was there before grading is
removed first, and an exception anywhere still gives a results file with status ``error`` and no
points. The exit status is 0 only when grading ran to its end.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .atomic import write_json
from .environment import Fingerprint, describe, environment_roots, package_folders, writable_by
from .notebook_run import NotebookJob, code_cells, kernel_environment, run_notebook
from .processes import adopt_orphans, kill_descendants, protect_from_tracing, supervise
from .results import gradescope_results
from .sandbox import SandboxError, is_root, open_sandbox
from .settings import BUDGET, Limits
from .submission import InvalidSubmission, find_notebook
from .test_sources import scrubbed_lines, variables

EVALUATE = ("import sys; sys.path[:0] = sys.argv[1:2]; sys.path += sys.argv[2:]; "
            "from autograder.engine.evaluate import main; main()")
TRUSTED = ("autograder", "files", "probes", "tests", "grading.json")
MAX_LISTED_ERRORS = 8
ALTERED_BEFORE = "el entorno de Python ya estaba alterado antes de calificar esta entrega; no se calificó"


def snapshot(source: Path) -> dict:
    """``{relative path: bytes}`` of what phase 2 trusts in ``source``."""
    files = {}
    for name in TRUSTED:
        path = source / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for item in paths:
            if "__pycache__" not in item.parts:
                files[item.relative_to(source).as_posix()] = item.read_bytes()
    return files


def materialize(files: dict, target: Path, prefix: str = "") -> Path:
    """Write the entries of a ``snapshot`` under ``prefix`` into ``target`` (prefix stripped)."""
    for relative, data in files.items():
        if relative.startswith(prefix):
            path = target / relative[len(prefix):]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return target


def grade_layout(root: Path, limits: Limits, *, threads=None, guard=(), environment_digest=None,
                 namespaces=None) -> dict:
    """Grade ``root/submission`` with ``root/source``; write and return the results.

    ``namespaces`` is the kind of user namespaces the kernel runs in when not root (``bwrap`` or
    ``unshare``; ``None``: the grader's own user, the environment watched). ``guard`` names more
    files the environment check covers (a TA's autograder zip); ``environment_digest`` is the
    fingerprint a batch started from: an environment that differs from it before this submission
    even runs is not graded.
    """
    root = Path(root)
    started = time.monotonic()
    protect_from_tracing()
    if is_root():
        os.chmod(root, 0o700)  # the notebook's user cannot reach the source, the tests or the results
    results_path = root / "results" / "results.json"
    results_path.unlink(missing_ok=True)
    trusted = {}
    try:
        trusted = snapshot(root / "source")
        results = _grade(root, trusted, limits, threads, tuple(guard), environment_digest, namespaces, started)
    except Exception as error:  # noqa: BLE001 - whatever failed, the results say so
        results = _results(trusted, [], status="error", reason=f"fallo del calificador ({type(error).__name__}: "
                                                                 f"{error})", started=started)
        results["extra_data"]["complete"] = False
    write_json(results_path, results)
    return results


def _grade(root, trusted, limits, threads, guard, environment_digest, namespaces, started) -> dict:
    config = json.loads(trusted["grading.json"])
    threads = threads or config.get("threads", 1)
    roots = environment_roots(guard)
    adopt_orphans()
    with tempfile.TemporaryDirectory(prefix="calificacion-") as private:
        private = Path(private)
        sandbox = open_sandbox(private, namespaces)
        try:
            isolation = "ninguna" if sandbox is None else sandbox.isolation
            baseline = None
            if sandbox is None:  # taken while the kernel starts, before any of the notebook's code runs
                walker = ThreadPoolExecutor(max_workers=1)
                baseline = walker.submit(Fingerprint.of, roots)
                walker.shutdown(wait=False)
            elif not sandbox.view:
                exposed = writable_by(sandbox.uid, sandbox.gid, roots)
                if exposed:
                    raise SandboxError(f"the sandbox user can write {exposed[0]} (and {len(exposed) - 1} more): "
                                       "make the Python environment read-only for other users (chmod -R o-w)")

            def altered_before():
                before = baseline.result() if baseline is not None else None
                return ALTERED_BEFORE if environment_digest and before and before.digest != environment_digest else ""

            try:
                notebook = find_notebook(root / "submission", config["workshop"])
            except InvalidSubmission as error:
                return _results(trusted, [], status="invalid", reason=str(error), started=started,
                                isolation=isolation)
            execution = _run_phase_one(notebook, trusted, private, sandbox, limits, threads, altered_before)
            if baseline is not None:
                if altered_before():
                    return _results(trusted, [], status="error", reason=ALTERED_BEFORE, started=started,
                                    isolation=isolation, environment="alterado antes")
                after = Fingerprint.of(roots)
                if after.digest != baseline.result().digest:
                    changes = baseline.result().changes(after)
                    return _results(trusted, [], status="tampered", started=started, isolation=isolation,
                                    reason="el cuaderno modificó el entorno de Python: "
                                           + (describe(changes) or "archivos del entorno"),
                                    environment="modificado", changed=[path for _, path in changes][:50])
            questions, note = [], ""
            if execution.exported:
                evaluation_started = time.monotonic()
                outcome = _run_phase_two(trusted, private, execution.export_dir, limits, threads)
                execution.seconds["evaluation"] = round(time.monotonic() - evaluation_started, 2)
                if outcome is None:
                    execution.status, execution.reason = "error", "la evaluación de las pruebas no terminó"
                else:
                    questions, note = outcome["questions"], outcome.get("note", "")
            reason = execution.reason
            if execution.status == "ok":
                reason = "; ".join(filter(None, [_cell_errors(execution), reason]))
            return _results(trusted, questions, status=execution.status, reason="; ".join(filter(None, [reason, note])),
                            started=started, isolation=isolation, seconds=execution.seconds)
        finally:
            if sandbox is not None:
                sandbox.close()


def _run_phase_one(notebook, trusted, private: Path, sandbox, limits: Limits, threads: int, before_cells):
    area = sandbox.area if sandbox is not None else private / "cuaderno"
    work_dir = materialize(trusted, area / "trabajo", prefix="files/")
    (work_dir / "entrega.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    for folder in ("exportado", "canal"):
        (area / folder).mkdir()
    if sandbox is not None:
        sandbox.own(work_dir, area / "exportado", area / "canal")
    probes = {relative[len("probes/"):]: data for relative, data in trusted.items() if relative.startswith("probes/")}
    job = NotebookJob(cells=code_cells(notebook), area=area, probes=probes,
                      variables=variables(_test_texts(trusted)), timeout=limits.timeout,
                      memory_mb=limits.memory_mb, output_mb=limits.output_mb, threads=threads,
                      launch_prefix=tuple(sandbox.launch_prefix(chown=[area / "conexion.json"])
                                          if sandbox is not None else ()),
                      owner=sandbox.owner if sandbox is not None else None,
                      before_cells=before_cells)
    try:
        return run_notebook(job)
    finally:
        kill_descendants()  # anything the notebook started and left behind
        if sandbox is not None:
            sandbox.end_processes()


def _run_phase_two(trusted, private: Path, export_dir: Path, limits: Limits, threads: int):
    """Evaluate the tests in a fresh process; its outcome, or None when it did not finish."""
    evaluation = Path(tempfile.mkdtemp(prefix="evaluacion-", dir=private))  # made after phase 1 ended
    engine_dir = _package(trusted, evaluation / "motor")
    work_dir = materialize(trusted, evaluation / "trabajo", prefix="files/")
    outcome_path = evaluation / "resultado.json"
    job = {"tests_dir": str(materialize(trusted, evaluation / "pruebas", prefix="tests/")),
           "probes_dir": str(materialize(trusted, evaluation / "sondas", prefix="probes/")),
           "export_dir": str(export_dir), "outcome_path": str(outcome_path)}
    ended = supervise([sys.executable, "-I", "-S", "-B", "-c", EVALUATE, str(engine_dir), *package_folders()],
                      timeout=BUDGET.evaluation_seconds, memory_mb=BUDGET.engine_memory_mb(limits),
                      cwd=work_dir, env=kernel_environment(work_dir, threads), stdin_data=json.dumps(job).encode())
    if ended.outcome != "ok" or ended.returncode != 0 or not outcome_path.is_file():
        return None
    return json.loads(outcome_path.read_text(encoding="utf-8"))


def _package(trusted, target: Path) -> Path:
    """The engine and the check library alone (the package ``autograder``) under ``target``."""
    materialize({name: data for name, data in trusted.items() if name.startswith("autograder/")}, target)
    return target


def _test_texts(trusted) -> dict:
    return {name[len("tests/"):]: data.decode() for name, data in trusted.items()
            if name.startswith("tests/") and name.endswith(".py")}


def _results(trusted, questions, *, status, reason, started, **extra) -> dict:
    """The results file; questions not evaluated score 0 in every case (from ``grading.json``)."""
    config = json.loads(trusted["grading.json"]) if "grading.json" in trusted else {}
    if not questions:
        questions = [{"name": question["name"],
                      "cases": [{**case, "passed": False} for case in question["cases"]]}
                     for question in config.get("questions", [])]
    results = gradescope_results(questions, status=status, reason=reason,
                                 show_hidden=bool(config.get("show_hidden")),
                                 hidden=scrubbed_lines(_test_texts(trusted)),
                                 execution_time=time.monotonic() - started)
    results["extra_data"].update({"complete": True, **extra})
    return results


def _cell_errors(execution) -> str:
    """The cells that raised: the first ones, and always the last one."""
    errors = [f"{number} ({name})" for number, name in execution.cell_errors]
    if not errors:
        return ""
    if len(errors) > MAX_LISTED_ERRORS:
        shown = ", ".join(errors[:MAX_LISTED_ERRORS - 1])
        return (f"celdas de código con errores: {shown} y {len(errors) - MAX_LISTED_ERRORS} más; "
                f"la última, {errors[-1]}")
    return "celdas de código con errores: " + ", ".join(errors)


def main(argv=None):
    """Command line of the zip's ``run_grader.py`` (Gradescope runs it with ``--root /autograder``)."""
    defaults = Limits()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="/autograder")
    parser.add_argument("--timeout", type=float, default=defaults.timeout)
    parser.add_argument("--memory-mb", type=float, default=defaults.memory_mb)
    parser.add_argument("--output-mb", type=float, default=defaults.output_mb)
    parser.add_argument("--guard", action="append", default=[], help="another file the environment check covers")
    parser.add_argument("--environment-digest", default=None, help="the fingerprint the batch started from")
    parser.add_argument("--namespaces", default=None, help="not root: the kind of user namespaces (bwrap, unshare)")
    args = parser.parse_args(argv)
    sys.dont_write_bytecode = True
    results = grade_layout(Path(args.root), Limits(args.timeout, args.memory_mb, args.output_mb),
                           guard=args.guard, environment_digest=args.environment_digest, namespaces=args.namespaces)
    extra = results.get("extra_data", {})
    print(f"{extra.get('status')}: {results.get('score', 0):g} puntos")
    if not extra.get("complete"):
        sys.exit(1)
