"""Grade one submission without Docker, exactly as Gradescope would.

The autograder zip is unpacked into a temporary copy of Gradescope's layout and its own entry point
runs there (``autograder.gradescope.prepare``), with the TA's limits: the engine stops the notebook
at the time limit, the memory cap and the output cap (``autograder.engine``). This process also
watches the whole process tree as a backstop, and writes a results JSON in Gradescope's format
whatever happens, with ``extra_data.status`` (``ok``, ``timeout``, ``memory``, ``error``,
``invalid`` or ``tampered``), ``extra_data.reason`` and ``extra_data.grading_seconds`` (the wall
time of the whole run, engine start to results).
"""

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import gradescope
from ..engine.atomic import write_json
from ..engine.processes import supervise
from ..engine.settings import BUDGET, Limits
from ..hidden_tests import load_test_files, max_points
from ..project import DIST_DIR
from ..signatures import write_signed
from ..workshops import get_workshop
from .isolation import Isolation, prepare as prepare_isolation

# What the engine says of the run besides status and reason, kept in the TA's results.
ENGINE_FACTS = ("isolation", "environment", "changed", "seconds", "phase_two")

__all__ = ["Cancelled", "GradeOutcome", "Isolation", "Limits", "main", "prepare_isolation"]


@dataclass
class GradeOutcome:
    """What grading one submission gave (``facts``: what the engine said of isolation and the
    environment)."""

    submission: Path
    results_path: Path
    status: str
    reason: str
    scores: dict = field(default_factory=dict)
    max_scores: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

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
         cancel=None, isolation=None, isolation_choice="auto", key=None, cores=None) -> GradeOutcome:
    """Grade ``submission`` (an ``.ipynb`` or an Otter export zip) for ``workshop``.

    The results JSON goes to ``out`` (default: ``<submission>.results.json`` beside it), with
    ``extra`` added to its ``extra_data``. Setting the ``threading.Event`` ``cancel`` stops the run
    and raises ``Cancelled``. ``isolation`` is the mode a batch decided on (``isolation.prepare``,
    by default decided here from ``isolation_choice``). With ``key`` the results are signed
    (``signatures``), so that a later batch takes them as this grader's own. ``cores`` is how many
    cores this grading may keep busy (a batch's share; default: every one this process may use).
    The results of an engine that does not exit cleanly are never taken, whatever file it left.
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
    if isolation is None:
        isolation = prepare_isolation(autograder_zip=autograder_zip, requested=isolation_choice,
                                      private_paths=[submission.parent, results_path.parent])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        engine_options = ["--guard", str(autograder_zip), *isolation.engine_options(),
                          *(["--cores", str(cores)] if cores else [])]
        command = gradescope.prepare(autograder_zip, submission, Path(tmp), limits, engine_options)
        ended = supervise(
            command, cwd=tmp, cancel=cancel,
            timeout=BUDGET.engine_seconds(limits) + BUDGET.backstop_seconds,
            memory_mb=BUDGET.engine_memory_mb(limits) + BUDGET.backstop_memory_mb)
        if ended.outcome == "cancelled":
            raise Cancelled(str(submission))
        results = None
        if ended.outcome == "ok" and ended.returncode == 0:
            try:
                results = gradescope.results_of(Path(tmp))
            except (ValueError, OSError):
                pass
    max_scores = max_points(load_test_files(autograder_zip))
    if results is None:
        status = ended.outcome if ended.outcome in ("timeout", "memory") else "error"
        reason = {"timeout": "la calificación superó su tiempo total",
                  "memory": "la calificación superó el límite de memoria"}.get(
            status, f"el calificador terminó con un error (código {ended.returncode})")
        results = failed_results(max_scores, status, reason)
    extra_data = results.get("extra_data", {})
    results["extra_data"] = {**{key: value for key, value in extra_data.items() if key in ENGINE_FACTS},
                             **(extra or {}), "workshop": workshop.name,
                             "status": extra_data.get("status", "error"),
                             "reason": extra_data.get("reason", ""),
                             "grading_seconds": round(time.monotonic() - started, 1)}
    if key is None:
        write_json(results_path, results)
    else:
        write_signed(results_path, results, key)
    scores = {question: 0.0 for question in max_scores}
    for test in results.get("tests", []):
        if test.get("name") in scores and test.get("score") is not None:
            scores[test["name"]] = float(test["score"])
    return GradeOutcome(submission, results_path, results["extra_data"]["status"],
                        results["extra_data"]["reason"], scores, max_scores,
                        {key: extra_data[key] for key in ENGINE_FACTS if key in extra_data})


def failed_results(max_scores, status, reason) -> dict:
    """Results of a submission that could not be graded: zero in every question, and why."""
    message = f"No se pudo calificar la entrega: {reason}."
    return {
        "score": 0.0,
        "output": message,
        "stdout_visibility": "hidden",
        "tests": [
            {"name": question, "score": 0.0, "max_score": points, "visibility": "visible",
             "output": message, "extra_data": {"hints": [], "passed": 0, "failed": 1}}
            for question, points in max_scores.items()
        ],
        "extra_data": {"status": status, "reason": reason},
    }
