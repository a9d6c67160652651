"""Hostile and broken submissions (``corpus.py``), graded in one batch: none gets points it should
not, each has a row with its status and reason, the batch finishes, nothing the student's code
started outlives it, and no hidden test's text reaches anything a student or TA reads."""

import csv
import json

import psutil
import pytest

from autograder.batch import main as grade_batch
from autograder.engine.test_sources import sources_in_zip, variables
from autograder.grade import Limits
from autograder.hidden_tests import hidden_source_lines, load_test_files, max_points
from autograder.workshops import get_workshop
from corpus import expectations, write_corpus

WORKSHOPS = ["iris"]


@pytest.fixture(scope="module", params=WORKSHOPS)
def graded_corpus(request, built, tmp_path_factory):
    workshop = get_workshop(request.param)
    root = tmp_path_factory.mktemp(f"corpus-{workshop.name}")
    autograder_zip = workshop.autograder_zip(built / "dist")
    write_corpus(root / "entregas", student=workshop.assignment_dir(built / "assignments") / workshop.notebook_name,
                 solution=workshop.solution_notebook(built / "dist"),
                 variables=variables(sources_in_zip(autograder_zip)))
    report = grade_batch(workshop=workshop.name, submissions_dir=root / "entregas", out=root / "notas",
                         limits=Limits(timeout=45), workers=2, dist_dir=built / "dist", progress=False)
    with open(root / "notas" / "gradebook.csv", newline="", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    full = sum(max_points(load_test_files(autograder_zip)).values())
    return workshop, autograder_zip, root / "notas", rows, full, report


@pytest.mark.parametrize("case", sorted(expectations()))
def test_case_gets_its_status_reason_and_no_points_it_should_not(case, graded_corpus):
    _, _, _, rows, full, _ = graded_corpus
    status, total, reason = expectations()[case]
    row = rows[case]
    assert (row["status"], float(row["total"])) == (status, full if total == "full" else 0.0), row
    assert reason in row["reason"], row["reason"]


def test_every_case_has_a_row_and_a_results_file(graded_corpus):
    _, _, out, rows, _, report = graded_corpus
    assert sorted(rows) == sorted(expectations())
    assert report.graded == len(expectations())
    for case in expectations():
        results = json.loads((out / "results" / f"{case}.json").read_text(encoding="utf-8"))
        assert results["extra_data"]["status"] == rows[case]["status"]


def test_nothing_the_notebooks_started_is_left_running(graded_corpus):
    leftovers = [process for process in psutil.process_iter(["cmdline"])
                 if "for _ in range(600)" in " ".join(process.info["cmdline"] or [])]
    assert not leftovers


def test_no_hidden_test_text_reaches_results_feedback_or_gradebook(graded_corpus):
    _, autograder_zip, out, _, _, _ = graded_corpus
    hidden = [line for line in hidden_source_lines(autograder_zip) if len(line) > 30]
    assert len(hidden) > 20
    for path in [*out.rglob("*.json"), *out.rglob("*.md"), *out.rglob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        texts = [text, json.dumps(json.loads(text), ensure_ascii=False)] if path.suffix == ".json" else [text]
        leaked = [line for line in hidden for each in texts if line in each]
        assert not leaked, f"hidden test text in {path.name}: {leaked[:2]}"
        assert "def test_" not in text and "Error at line" not in text, path.name
