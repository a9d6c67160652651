"""What a batch wrote into its output folder, read back for the class report: the gradebook's rows,
each student's results (per-check outcomes, grading time) and the batch's manifest."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.atomic import write_json
from ..hidden_tests import load_test_files, max_points
from ..project import DIST_DIR
from ..workshops import Workshop, get_workshop

GRADEBOOK = "gradebook.csv"
MANIFEST = "batch.json"
FIXED_COLUMNS = ("student_id", "submission", "total", "max_total", "status", "reason")
NAME_COLUMN = "student_name"  # the student's name where Moodle's download gave it (gradebooks since Moodle's path)


class BatchOutputError(ValueError):
    """The folder is not what a batch writes; the message says what is missing."""


@dataclass(frozen=True)
class StudentResult:
    """One gradebook row with what the student's results file adds to it."""

    student_id: str
    submission: str  # its path in the submissions folder
    status: str
    reason: str
    scores: dict  # question -> points, as in the gradebook
    total: float
    max_total: float
    seconds: float | None  # wall time of the grading run; None when the results do not say
    cases: dict = field(default_factory=dict)  # question -> [{"passed", "hidden", "points", "hint"}]
    student_name: str = ""


@dataclass(frozen=True)
class BatchOutput:
    """A batch's output folder: its workshop, the submissions it graded, every student's result."""

    folder: Path
    workshop: Workshop
    submissions_dir: Path | None
    max_scores: dict  # question -> maximum points, in gradebook order
    students: list
    moodle: bool = False  # the submissions are Moodle's download
    worksheet: Path | None = None  # the grading worksheet the TA gave, to fill in

    def results_path(self, student_id: str) -> Path:
        return self.folder / "results" / f"{student_id}.json"


def write_manifest(folder: Path, *, workshop: str, submissions_dir: Path, moodle: bool = False,
                   worksheet: Path | None = None):
    """What the report needs that the gradebook does not say: the workshop, where its
    submissions are, whether they are Moodle's download and the worksheet the TA gave."""
    write_json(Path(folder) / MANIFEST, {"workshop": workshop, "submissions": str(Path(submissions_dir).resolve()),
                                         "moodle": moodle,
                                         "worksheet": str(Path(worksheet).resolve()) if worksheet else None})


def read_batch_output(folder: Path, *, workshop: str | None = None, submissions_dir: Path | None = None,
                      worksheet: Path | None = None, dist_dir: Path = DIST_DIR) -> BatchOutput:
    """The batch output in ``folder``; ``workshop``, ``submissions_dir`` and ``worksheet`` override
    the manifest.
    Questions' maximum points come from the results files, or the workshop's autograder zip when no
    results file has them (a batch where the grader itself failed for everyone)."""
    folder = Path(folder)
    gradebook = folder / GRADEBOOK
    if not gradebook.is_file():
        raise BatchOutputError(f"{folder} has no {GRADEBOOK}: grade a folder of submissions into it first "
                               "(`python -m autograder grade WORKSHOP SUBMISSIONS --out FOLDER`)")
    manifest = _manifest(folder)
    rows, questions = _gradebook(gradebook)
    results = {row["student_id"]: _results(folder / "results" / f"{row['student_id']}.json") for row in rows}
    name = workshop or manifest.get("workshop") or next(
        (r["extra_data"].get("workshop") for r in results.values() if r.get("extra_data", {}).get("workshop")), None)
    if not name:
        raise BatchOutputError(f"{folder}: no {MANIFEST} nor results name the workshop; pass --workshop")
    submissions = submissions_dir or manifest.get("submissions")
    workshop = get_workshop(name)
    max_scores = _max_scores(questions, results.values(), workshop.autograder_zip(dist_dir))
    students = [_student(row, questions, results[row["student_id"]]) for row in rows]
    worksheet = worksheet or manifest.get("worksheet")
    return BatchOutput(folder, workshop, Path(submissions) if submissions else None, max_scores, students,
                       moodle=bool(manifest.get("moodle")), worksheet=Path(worksheet) if worksheet else None)


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BatchOutputError(f"{path} cannot be read ({error})") from None
    return manifest if isinstance(manifest, dict) else {}


def _gradebook(path: Path):
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        columns = reader.fieldnames or []
        missing = [column for column in FIXED_COLUMNS if column not in columns]
        if missing:
            raise BatchOutputError(f"{path} lacks the columns {', '.join(missing)}; found {', '.join(columns)}")
        rows = list(reader)
    questions = [column for column in columns if column not in (*FIXED_COLUMNS, NAME_COLUMN)]
    return rows, questions


def _results(path: Path) -> dict:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return results if isinstance(results, dict) else {}


def _max_scores(questions, all_results, autograder_zip: Path) -> dict:
    """Each question's maximum, as the results files give it, else as the autograder zip does."""
    maximum = {}
    for results in all_results:
        for test in results.get("tests", []):
            if test.get("name") in questions and test.get("max_score") is not None:
                maximum.setdefault(test["name"], float(test["max_score"]))
    if set(maximum) != set(questions) and autograder_zip.is_file():
        maximum = {**max_points(load_test_files(autograder_zip)), **maximum}
    if not set(questions) <= set(maximum):
        unknown = ", ".join(question for question in questions if question not in maximum)
        raise BatchOutputError(f"no results file gives the maximum points of {unknown}")
    return {question: maximum[question] for question in questions}


def _number(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def _student(row: dict, questions: list, results: dict) -> StudentResult:
    extra = results.get("extra_data", {}) if isinstance(results.get("extra_data"), dict) else {}
    seconds = extra.get("grading_seconds")
    cases = {test["name"]: list(test["extra_data"]["cases"]) for test in results.get("tests", [])
             if isinstance(test.get("extra_data"), dict) and isinstance(test["extra_data"].get("cases"), list)}
    return StudentResult(
        student_id=row["student_id"], submission=row["submission"], status=row["status"], reason=row["reason"],
        scores={question: _number(row[question]) for question in questions}, total=_number(row["total"]),
        max_total=_number(row["max_total"]),
        seconds=float(seconds) if isinstance(seconds, (int, float)) else None, cases=cases,
        student_name=row.get(NAME_COLUMN) or "")
