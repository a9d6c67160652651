"""Grade one submission without Docker: Otter's own runner in a child process, within limits.

``otter run`` has no timeout and writes no results when the notebook cannot be read. Here the
submission is checked first (``invalid`` if it is not a notebook of the workshop), then Otter runs
in its own process group, watched: the whole process tree is killed when it passes the wall-clock
limit (``timeout``), the memory cap (``memory``) or the cap on what it prints (``error``). Whatever
happens, a results JSON in Gradescope's format is written, with ``extra_data.status`` (``ok``,
``timeout``, ``memory``, ``error`` or ``invalid``) and ``extra_data.reason``.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_json
from ..hidden_tests import hidden_source_lines, load_test_files, max_points, scrub
from ..project import DIST_DIR
from ..resources import tree_rss
from ..submissions import InvalidSubmission, read_notebook
from ..workshops import get_workshop

OUTPUT_TAIL_CHARS = 4000
OTTER_RUN = (
    "import sys; from otter.run import main; "
    "main(sys.argv[1], autograder=sys.argv[2], output_dir=sys.argv[3], no_logo=True)"
)
POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Limits:
    """What one grading run may use: wall-clock seconds, memory of its process tree, output."""

    timeout: float = 600.0
    memory_mb: float = 2048.0
    output_mb: float = 20.0


@dataclass
class GradeOutcome:
    """What grading one submission gave."""

    submission: Path
    results_path: Path
    status: str
    reason: str
    scores: dict = field(default_factory=dict)
    max_scores: dict = field(default_factory=dict)

    @property
    def total(self) -> float:
        return float(sum(self.scores.values()))

    @property
    def possible(self) -> float:
        return float(sum(self.max_scores.values()))

    def summary(self) -> str:
        lines = [f"{self.submission.name}: {self.status}  {self.total:g} / {self.possible:g}"]
        if self.reason:
            lines.append(f"  reason: {self.reason}")
        lines += [f"  {q}: {self.scores.get(q, 0):g} / {m:g}" for q, m in self.max_scores.items()]
        lines.append(f"  results: {self.results_path}")
        return "\n".join(lines)


class Cancelled(Exception):
    """Grading was stopped from outside (``cancel`` was set); nothing was written."""


def main(*, workshop, submission, out=None, limits=Limits(), dist_dir=DIST_DIR, extra=None,
         cancel=None) -> GradeOutcome:
    """Grade ``submission`` (an ``.ipynb`` or an Otter export zip) for ``workshop``.

    The results JSON goes to ``out`` (default: ``<submission>.results.json`` beside it), with
    ``extra`` added to its ``extra_data``. Setting the ``threading.Event`` ``cancel`` stops the run
    and raises ``Cancelled``.
    """
    workshop = get_workshop(workshop)
    submission = Path(submission).resolve()
    if not submission.is_file():
        raise FileNotFoundError(f"submission {submission} not found")
    autograder_zip = workshop.autograder_zip(dist_dir)
    if not autograder_zip.is_file():
        raise FileNotFoundError(
            f"{autograder_zip} not found: build the workshop first (`make build`)"
        )
    results_path = Path(out) if out else submission.with_name(submission.name + ".results.json")

    try:
        read_notebook(submission, workshop.name)
    except InvalidSubmission as error:
        status, reason, results = "invalid", str(error), None
    else:
        with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
            status, reason, results = _run_otter(autograder_zip, submission, Path(tmp), limits,
                                                 cancel)

    # The test files are read only now, so that this process stays small while the notebook runs.
    max_scores = max_points(load_test_files(autograder_zip))
    if results is not None:
        _scrub_results(results, hidden_source_lines(autograder_zip))
    scores = {question: 0.0 for question in max_scores}
    if results is not None:
        for test in results.get("tests", []):
            if test.get("name") in scores and test.get("score") is not None:
                scores[test["name"]] = float(test["score"])
    else:
        results = _failed_results(max_scores, reason)
    results["extra_data"] = {**(extra or {}), "workshop": workshop.name, "status": status,
                             "reason": reason}
    write_json(results_path, results)
    return GradeOutcome(submission, results_path, status, reason, scores, max_scores)


def _run_otter(autograder_zip, submission, work_dir, limits, cancel=None):
    """Run Otter's runner in its own process group, watched against ``limits``.

    Returns (status, reason, results or None).
    """
    import psutil

    # What `otter run` does, without importing Otter's whole command line (about 17 MB less).
    command = [sys.executable, "-c", OTTER_RUN, str(submission), str(autograder_zip), str(work_dir)]
    log_path = work_dir / "otter.log"
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=work_dir, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        watched = psutil.Process(process.pid)
        try:
            while process.poll() is None:
                if cancel is not None and cancel.is_set():
                    raise Cancelled(str(submission))
                if time.monotonic() - started > limits.timeout:
                    return "timeout", f"se superó el tiempo límite de {limits.timeout:g} s", None
                if tree_rss(watched) > limits.memory_mb * 2**20:
                    return "memory", f"se superó el límite de memoria de {limits.memory_mb:g} MB", None
                if log_path.stat().st_size > limits.output_mb * 2**20:
                    return "error", f"la salida superó el límite de {limits.output_mb:g} MB", None
                time.sleep(POLL_SECONDS)
        finally:
            _kill_tree(process)  # the kernel runs in a session of its own and may outlive the runner
    results_file = work_dir / "results.json"
    if not results_file.is_file():
        return "error", _reason_without_results(log_path), None
    try:
        return "ok", "", json.loads(results_file.read_text(encoding="utf-8"))
    except ValueError:
        return "error", "el archivo de resultados está dañado", None


def _kill_tree(process):
    """Kill ``process``, its process group and every descendant (Jupyter kernels included)."""
    import psutil

    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for child in descendants:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait()
    psutil.wait_procs(descendants, timeout=10)


def _reason_without_results(log_path: Path) -> str:
    """Why Otter ended without results, from the end of its log."""
    last_error = _last_error_line(log_path)
    if "DeadKernelError" in last_error:
        return "el cuaderno terminó su propio proceso (kernel muerto) antes de poder calificarse"
    return f"la calificación terminó sin resultados: {last_error}" if last_error else (
        "la calificación terminó sin resultados")


def _last_error_line(log_path: Path) -> str:
    text = log_path.read_bytes()[-OUTPUT_TAIL_CHARS:].decode(errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "Exception" in line]
    return (errors or lines or [""])[-1][:300]


def _scrub_results(results, hidden_lines):
    """Remove hidden tests' source (which Otter quotes when a test fails) from every output."""
    if "output" in results:
        results["output"] = scrub(results["output"], hidden_lines)
    for test in results.get("tests", []):
        if "output" in test:
            test["output"] = scrub(test["output"], hidden_lines)


def _failed_results(max_scores, reason):
    message = f"No se pudo calificar la entrega: {reason}."
    return {
        "score": 0.0,
        "output": message,
        "stdout_visibility": "hidden",
        "tests": [
            {"name": question, "score": 0.0, "max_score": points, "visibility": "visible",
             "output": message}
            for question, points in max_scores.items()
        ],
    }
