"""Grade one submission in Gradescope's layout, in two phases that never share a process.

Layout (Gradescope's, or a temporary copy of it when a TA grades): ``<root>/source`` holds the
unpacked autograder zip (this package, ``tests/``, ``probes/``, ``files/``, ``grading.json``),
``<root>/submission`` the student's upload, and ``<root>/results/results.json`` is written.

1. The notebook runs in a kernel of its own (``notebook_run``), in a directory holding only the
   workshop's files, within the time, memory and output limits; then it exports the variables the
   tests take. As root the kernel runs as a sandbox user of its own (``sandbox``); otherwise the
   environment is fingerprinted before and after (``environment``) and a change means ``tampered``.
2. The tests run in a fresh ``python -I -S`` process (``evaluate``) on what was exported, from
   directories holding pristine copies of the engine, the tests and the workshop's files:
   everything phase 2 trusts was read into memory before the notebook started. Where the kernel
   is isolated (a sandbox user, or user namespaces), that process starts with the notebook and
   imports its libraries on a spare core, in directories the kernel cannot reach; otherwise its
   directories are made and it starts only once every process of phase 1 is dead. Either way it
   is handed the export only then.

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
from .phase1.environment import Fingerprint, describe, environment_roots, package_folders, writable_by
from .machine import available_cores, memory_limit_mb
from .phase1.notebook_run import NotebookJob, code_cells, kernel_environment, libraries_used, run_notebook
from .processes import adopt_orphans, end, kill_descendants, protect_from_tracing, start, watch
from .phase2.results import gradescope_results
from .phase1.sandbox import SandboxError, is_root, open_sandbox
from .settings import BUDGET, Limits
from .submission import InvalidSubmission, find_notebook
from .phase2.test_sources import scrubbed_lines, variables

EVALUATE = ("import sys; sys.path[:0] = sys.argv[1:2]; sys.path += sys.argv[2:]; "
            "from autograder.engine.phase2.evaluate import main; main()")
TRUSTED = ("autograder", "files", "probes", "tests", "grading.json")
MAX_LISTED_ERRORS = 8
# Phase 2 starts with the notebook, when the kernel is isolated from it, on a machine with a core
# to spare for its imports and memory for both (no cgroup limit, or at least this one).
EARLY_PHASE_TWO_MEMORY_MB = 2048
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
                 namespaces=None, cores=None) -> dict:
    """Grade ``root/submission`` with ``root/source``; write and return the results.

    ``namespaces`` is the kind of user namespaces the kernel runs in when not root (``bwrap`` or
    ``unshare``; ``None``: the grader's own user, the environment watched). ``guard`` names more
    files the environment check covers (a TA's autograder zip); ``environment_digest`` is the
    fingerprint a batch started from: an environment that differs from it before this submission
    even runs is not graded. ``cores`` is how many this grading may keep busy (default: all this
    process may use): with two or more, phase 2 can start early.
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
        results = _grade(root, trusted, limits, threads, tuple(guard), environment_digest, namespaces, cores, started)
    except Exception as error:  # noqa: BLE001 - whatever failed, the results say so
        results = _results(trusted, [], status="error", reason=f"fallo del calificador ({type(error).__name__}: "
                                                                 f"{error})", started=started)
        results["extra_data"]["complete"] = False
    write_json(results_path, results)
    return results


def _grade(root, trusted, limits, threads, guard, environment_digest, namespaces, cores, started) -> dict:
    config = json.loads(trusted["grading.json"])
    threads = threads or config.get("threads", 1)
    roots = environment_roots(guard)
    adopt_orphans()
    with tempfile.TemporaryDirectory(prefix="calificacion-") as private:
        private = Path(private)
        sandbox = open_sandbox(private, namespaces)
        phase_two = PhaseTwo(trusted, private, threads)
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
            if sandbox is not None and _can_start_early(cores):
                phase_two.start(libraries_used(code_cells(notebook)), early=True)
            execution = _run_phase_one(notebook, trusted, private, sandbox, limits, threads, altered_before,
                                       sparing=phase_two.pids())
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
                outcome = phase_two.run(execution.export_dir, limits)
                execution.seconds["evaluation"] = round(time.monotonic() - evaluation_started, 2)
                if outcome is None:
                    execution.status, execution.reason = "error", "la evaluación de las pruebas no terminó"
                else:
                    questions, note = outcome["questions"], outcome.get("note", "")
            reason = execution.reason
            if execution.status == "ok":
                reason = "; ".join(filter(None, [_cell_errors(execution), reason]))
            return _results(trusted, questions, status=execution.status, reason="; ".join(filter(None, [reason, note])),
                            started=started, isolation=isolation, seconds=execution.seconds,
                            phase_two="anticipada" if phase_two.early else "al final")
        finally:
            phase_two.close()
            if sandbox is not None:
                sandbox.close()


def _can_start_early(cores) -> bool:
    """Whether phase 2 may start with the notebook: a core to spare, and memory for both."""
    limit = memory_limit_mb()
    return (cores or available_cores()) >= 2 and (limit is None or limit >= EARLY_PHASE_TWO_MEMORY_MB)


def _run_phase_one(notebook, trusted, private: Path, sandbox, limits: Limits, threads: int, before_cells,
                   sparing=()):
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
        kill_descendants(sparing)  # anything the notebook started and left behind (phase 2 spared)
        if sandbox is not None:
            sandbox.end_processes()


class PhaseTwo:
    """Phase 2's process (``evaluate``) and its directories: started early (``start``), or by
    ``run`` once phase 1 is over; handed the export only by ``run``."""

    def __init__(self, trusted: dict, private: Path, threads: int):
        self.trusted, self.private, self.threads = trusted, private, threads
        self.process, self.job, self.early = None, None, False

    def start(self, libraries=(), *, early=False):
        """Make phase 2's directories and start its process, which imports ``libraries`` and waits;
        ``early``: before the notebook runs."""
        evaluation = Path(tempfile.mkdtemp(prefix="evaluacion-", dir=self.private))
        engine_dir = _package(self.trusted, evaluation / "motor")
        work_dir = materialize(self.trusted, evaluation / "trabajo", prefix="files/")
        self.job = {"tests_dir": str(materialize(self.trusted, evaluation / "pruebas", prefix="tests/")),
                    "probes_dir": str(materialize(self.trusted, evaluation / "sondas", prefix="probes/")),
                    "outcome_path": str(evaluation / "resultado.json")}
        self.process = start([sys.executable, "-I", "-S", "-B", "-c", EVALUATE, str(engine_dir), *package_folders()],
                             cwd=work_dir, env=kernel_environment(work_dir, self.threads), stdin=True)
        self.early = early
        try:
            self.process.stdin.write((json.dumps(list(libraries)) + "\n").encode())
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # ``run`` starts another

    def pids(self) -> tuple:
        return (self.process.pid,) if self.process is not None else ()

    def run(self, export_dir: Path, limits: Limits):
        """Evaluate the tests on ``export_dir``; the outcome, or None when it did not finish."""
        if self.process is None or self.process.poll() is not None:
            self.close()
            self.start()
        job = json.dumps({**self.job, "export_dir": str(export_dir)}).encode() + b"\n"
        ended = watch(self.process, timeout=BUDGET.evaluation_seconds, memory_mb=BUDGET.engine_memory_mb(limits),
                      stdin_data=job)
        self.process = None
        outcome_path = Path(self.job["outcome_path"])
        if ended.outcome != "ok" or ended.returncode != 0 or not outcome_path.is_file():
            return None
        return json.loads(outcome_path.read_text(encoding="utf-8"))

    def close(self):
        """End the process if it still runs."""
        if self.process is not None:
            end(self.process)
            self.process = None


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
    parser.add_argument("--cores", type=int, default=None, help="how many cores this grading may keep busy")
    args = parser.parse_args(argv)
    sys.dont_write_bytecode = True
    results = grade_layout(Path(args.root), Limits(args.timeout, args.memory_mb, args.output_mb),
                           guard=args.guard, environment_digest=args.environment_digest, namespaces=args.namespaces,
                           cores=args.cores)
    extra = results.get("extra_data", {})
    print(f"{extra.get('status')}: {results.get('score', 0):g} puntos")
    if not extra.get("complete"):
        sys.exit(1)
