"""The class's numbers, from a batch's output: totals, each question, each check, statuses and
grading times. Nothing here is regraded: every number comes from the gradebook or the results."""

import statistics
from collections import Counter
from dataclasses import dataclass

from ..engine.phase2.results import STATUS_ES
from ..hidden_tests import checks, load_test_files
from .batch_output import BatchOutput

MOST_COMMON_HINTS = 3


@dataclass(frozen=True)
class QuestionSummary:
    name: str
    max_points: float
    mean_points: float
    full_marks: int  # students with every point of the question
    students: int

    @property
    def full_share(self) -> float:
        return self.full_marks / self.students if self.students else 0.0


@dataclass(frozen=True)
class CheckSummary:
    """One test case of a question across the class: how many of the evaluated students failed it."""

    question: str
    number: int  # 1-based position in the question's test file
    of: int  # how many checks the question has
    name: str  # the test function's name, from the autograder zip ('' without it)
    hidden: bool
    points: float
    failed: int
    evaluated: int  # students graded ``ok`` whose results hold this check's outcome
    hints: list  # [(hint, students)], the most common first

    @property
    def label(self) -> str:
        return f"{self.question} · {self.number} de {self.of}"


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str  # Spanish
    students: list  # [(student id, reason)]


@dataclass(frozen=True)
class ClassSummary:
    students: int
    max_total: float
    totals: list
    questions: list
    checks: list
    statuses: list
    times: list  # [(student id, seconds)], the slowest first; students without a time left out

    @property
    def mean_total(self) -> float:
        return statistics.fmean(self.totals) if self.totals else 0.0

    @property
    def median_total(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def summarize(batch: BatchOutput, *, dist_dir) -> ClassSummary:
    students = batch.students
    questions = [
        QuestionSummary(name, maximum,
                        statistics.fmean(s.scores[name] for s in students) if students else 0.0,
                        sum(s.scores[name] >= maximum for s in students), len(students))
        for name, maximum in batch.max_scores.items()]
    return ClassSummary(
        students=len(students), max_total=float(sum(batch.max_scores.values())),
        totals=[s.total for s in students], questions=questions,
        checks=_checks(batch, _check_names(batch, dist_dir)), statuses=_statuses(students),
        times=sorted(((s.student_id, s.seconds) for s in students if s.seconds is not None),
                     key=lambda item: (-item[1], item[0])))


def _check_names(batch: BatchOutput, dist_dir) -> dict:
    """``{question: [(name, hidden, points)]}`` from the workshop's autograder zip, when it is there."""
    autograder_zip = batch.workshop.autograder_zip(dist_dir)
    return checks(load_test_files(autograder_zip)) if autograder_zip.is_file() else {}


def _checks(batch: BatchOutput, names: dict) -> list:
    summaries = []
    for question in batch.max_scores:
        outcomes = [s.cases[question] for s in batch.students if s.status == "ok" and question in s.cases]
        count = max((len(cases) for cases in outcomes), default=0)
        known = names.get(question, [])
        for index in range(count):
            evaluated = [cases[index] for cases in outcomes if index < len(cases)]
            failed = [case for case in evaluated if not case.get("passed")]
            hints = Counter(str(case.get("hint") or "") for case in failed)
            hints.pop("", None)
            name, hidden, points = known[index] if len(known) == count else (
                "", bool(evaluated[0].get("hidden")), float(evaluated[0].get("points") or 0))
            summaries.append(CheckSummary(question, index + 1, count, name, hidden, points, len(failed),
                                          len(evaluated), hints.most_common(MOST_COMMON_HINTS)))
    return sorted(summaries, key=lambda check: (-check.failed, list(batch.max_scores).index(check.question),
                                                check.number))


def _statuses(students) -> list:
    groups = {}
    for student in students:
        groups.setdefault(student.status, []).append((student.student_id, student.reason))
    order = list(STATUS_ES)
    return [StatusGroup(status, STATUS_ES.get(status, status), groups[status])
            for status in sorted(groups, key=lambda s: (order.index(s) if s in order else len(order), s))]
