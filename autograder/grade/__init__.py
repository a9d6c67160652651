"""Grade one submission without Docker: Otter's own runner in a child process with a hard timeout.

``otter run`` has no timeout and writes no results when the notebook cannot be read. Here it runs
in its own process group, which is killed when the wall-clock limit passes; whatever happens, a
results JSON in Gradescope's format is written, with ``extra_data.status`` (``ok``, ``timeout`` or
``error``) and ``extra_data.reason`` saying why a submission got no grade.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..hidden_tests import load_test_files, max_points
from ..project import DIST_DIR
from ..workshops import get_workshop

OUTPUT_TAIL_CHARS = 4000


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


def main(*, workshop, submission, out=None, timeout=600.0, dist_dir=DIST_DIR) -> GradeOutcome:
    """Grade ``submission`` (an ``.ipynb`` or an Otter export zip) for ``workshop``.

    The results JSON goes to ``out`` (default: ``<submission>.results.json`` beside it).
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

    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        status, reason, results = _run_otter(autograder_zip, submission, Path(tmp), timeout)

    # The test files are read only now, so that this process stays small while the notebook runs.
    max_scores = max_points(load_test_files(autograder_zip))
    scores = {question: 0.0 for question in max_scores}
    if results is not None:
        for test in results.get("tests", []):
            if test.get("name") in scores and test.get("score") is not None:
                scores[test["name"]] = float(test["score"])
    else:
        results = _failed_results(max_scores, reason)
    results["extra_data"] = {"workshop": workshop.name, "status": status, "reason": reason}
    _write_json(results_path, results)
    return GradeOutcome(submission, results_path, status, reason, scores, max_scores)


def _run_otter(autograder_zip, submission, work_dir, timeout):
    """Run ``otter run`` in its own process group; return (status, reason, results or None)."""
    command = [
        sys.executable, "-m", "otter", "run", "--no-logo",
        "-a", str(autograder_zip), "-o", str(work_dir), str(submission),
    ]
    log_path = work_dir / "otter.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=work_dir, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", f"se superó el tiempo límite de {timeout:g} s", None
        finally:
            _kill_tree(process)  # the kernel runs in a session of its own and may outlive the runner
    results_file = work_dir / "results.json"
    if not results_file.is_file():
        return "error", _last_error_line(log_path) or "la calificación terminó sin resultados", None
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


def _last_error_line(log_path: Path) -> str:
    text = log_path.read_bytes()[-OUTPUT_TAIL_CHARS:].decode(errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "Exception" in line]
    return (errors or lines or [""])[-1][:300]


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


def _write_json(path: Path, data):
    """Write ``data`` atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
