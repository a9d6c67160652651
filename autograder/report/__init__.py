"""The class report of a graded batch, from the files the batch wrote (nothing is regraded).

Writes into the batch's output folder::

    report.html                 one self-contained page in Spanish (figures embedded): totals, each
                                question, the checks most students fail with their hints, statuses
                                with their students, grading times, similar answers to look at
    report-<figure>.png         the same figures as files
    moodle.csv                  with a roster: grades in Moodle's CSV import format (``moodle.roster``)
    moodle-fuera-de-lista.csv   with a roster: the submissions of students not on it
    moodle-hoja.csv             the submissions being Moodle's download: the assignment's grading
                                worksheet filled in (``moodle.worksheet``)
    moodle-retroalimentacion.zip  the same: each student's feedback as a file (``moodle.feedback_zip``)
"""

import base64
import difflib
import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import nbformat
from markupsafe import Markup

from ..engine.atomic import write_bytes, write_text
from ..hidden_tests import question_key
from ..project import ASSIGNMENTS_DIR, DIST_DIR
from ..submissions import InvalidSubmission, read_notebook
from .batch_output import BatchOutput, BatchOutputError, read_batch_output, write_manifest
from .figures import FIGURES
from ..moodle.feedback_zip import FeedbackZip, write_feedback_zip
from ..moodle.roster import MOODLE_HEADERS, NOT_ON_ROSTER_CSV, MoodleExport, RosterError, write_moodle
from ..moodle.worksheet import WorksheetError, WorksheetExport, write_worksheet
from .similarity import DEFAULT_THRESHOLD, MIN_TOKENS, Similarity, compare
from .statistics import ClassSummary, summarize

REPORT_HTML = "report.html"
DIFF_WRAP_COLUMNS = 64
SIDE_BY_SIDE_PER_QUESTION = 25  # the most similar pairs of a question shown side by side; the table lists all

__all__ = ["BatchOutputError", "ClassReport", "RosterError", "WorksheetError", "main", "write_manifest"]


@dataclass
class ClassReport:
    """What ``main`` wrote and found."""

    path: Path
    figures: dict  # figure name -> PNG path
    summary: ClassSummary
    similarity: Similarity
    moodle: MoodleExport | None
    worksheet: WorksheetExport | None = None  # Moodle's download: its grading worksheet
    feedback_zip: FeedbackZip | None = None  # and its feedback files

    def text(self) -> str:
        lines = [f"class report: {self.path}"]
        pairs = self.similarity.by_students()
        if self.similarity.note:
            lines.append(f"  similar answers: not compared ({self.similarity.note})")
        else:
            lines.append(f"  similar answers: {len(self.similarity.pairs)} in {len(pairs)} pairs of students "
                         f"flagged for review")
        if self.worksheet:
            lines.append(f"  Moodle grading worksheet: {self.worksheet.path} ({len(self.worksheet.filled)} "
                         f"participants); feedback files: {self.feedback_zip.path}")
            if self.worksheet.without_submission:
                lines.append(f"  in the worksheet without a submission: {', '.join(self.worksheet.without_submission)}")
            if self.worksheet.not_in_worksheet:
                lines.append("  submissions the worksheet has no row for: "
                             f"{', '.join(self.worksheet.not_in_worksheet)}")
            if self.worksheet.replaced:
                lines.append("  grades the worksheet held, now replaced: "
                             + ", ".join(f"{participant} (was {grade})" for participant, grade in self.worksheet.replaced))
            if self.worksheet.repeated:
                lines.append(f"  participants with several rows, all filled: {', '.join(self.worksheet.repeated)}")
        if self.moodle:
            lines.append(f"  Moodle grades: {self.moodle.path} ({len(self.moodle.graded)} students)")
            if self.moodle.missing:
                lines.append(f"  on the roster without a submission: {', '.join(self.moodle.missing)}")
            if self.moodle.not_on_roster:
                lines.append(f"  submissions not on the roster (in {NOT_ON_ROSTER_CSV}): "
                             f"{', '.join(self.moodle.not_on_roster)}")
        return "\n".join(lines)


def main(*, out, roster=None, worksheet=None, workshop=None, submissions_dir=None, threshold=DEFAULT_THRESHOLD,
         dist_dir=DIST_DIR, assignments_dir=ASSIGNMENTS_DIR) -> ClassReport:
    """Write the class report of the batch output folder ``out``, and the Moodle grades: with
    ``roster``, for its CSV import; when the submissions were Moodle's download, its grading
    worksheet (``worksheet``, the one the TA downloaded, filled in) and feedback zip.
    ``workshop``, ``submissions_dir`` and ``worksheet`` default to what the batch recorded."""
    if not 0 < threshold <= 1:
        raise ValueError(f"similarity threshold must be in (0, 1]; got {threshold}")
    batch = read_batch_output(Path(out), workshop=workshop, submissions_dir=submissions_dir, worksheet=worksheet,
                              dist_dir=dist_dir)
    summary = summarize(batch, dist_dir=dist_dir)
    similarity = _similarity(batch, Path(assignments_dir), Path(dist_dir), threshold)
    moodle = write_moodle(batch, Path(roster)) if roster else None
    filled = write_worksheet(batch, given=batch.worksheet) if batch.moodle else None
    feedback_zip = write_feedback_zip(batch) if batch.moodle else None
    figures, encoded = {}, {}
    for name, draw in FIGURES.items():
        png = draw(summary)
        figures[name] = batch.folder / f"report-{name}.png"
        write_bytes(figures[name], png)
        encoded[name] = base64.b64encode(png).decode("ascii")
    page = _template().render(
        workshop=batch.workshop, folder=batch.folder, generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        summary=summary, figures=encoded, similarity=similarity, pairs_by_question=_by_question(similarity),
        min_tokens=MIN_TOKENS, side_by_side_limit=SIDE_BY_SIDE_PER_QUESTION, moodle=moodle, not_on_roster_csv=NOT_ON_ROSTER_CSV,
        worksheet=filled, worksheet_given=batch.worksheet is not None, feedback_zip=feedback_zip,
        total_seconds=sum(seconds for _, seconds in summary.times))
    path = batch.folder / REPORT_HTML
    write_text(path, page)
    return ClassReport(path, figures, summary, similarity, moodle, filled, feedback_zip)


def _similarity(batch: BatchOutput, assignments_dir: Path, dist_dir: Path, threshold: float) -> Similarity:
    template_path = batch.workshop.assignment_dir(assignments_dir) / batch.workshop.notebook_name
    if not template_path.is_file():
        return Similarity(threshold, note=f"no se encontró el cuaderno del estudiante ({template_path})")
    if batch.submissions_dir is None or not batch.submissions_dir.is_dir():
        return Similarity(threshold, note=f"no se encontró la carpeta de entregas ({batch.submissions_dir}); "
                                          "indíquela con --submissions")
    notebooks, unreadable = {}, []
    for student in batch.students:
        try:
            notebooks[student.student_id] = read_notebook(batch.submissions_dir / student.submission,
                                                          batch.workshop.name)
        except (InvalidSubmission, OSError) as error:
            unreadable.append((student.student_id, str(error) or type(error).__name__))
    solution_path = batch.workshop.solution_notebook(dist_dir)
    solution = nbformat.read(solution_path, as_version=4) if solution_path.is_file() else None
    similarity = compare(notebooks, read_notebook(template_path, batch.workshop.name), solution_notebook=solution,
                         threshold=threshold)
    if solution is None:
        similarity.caveat = (f"sin la solución del taller ({solution_path}: `make build` la genera), las respuestas "
                             "iguales a la esperada no se apartaron")
    similarity.unreadable = unreadable
    return similarity


def _by_question(similarity: Similarity) -> list:
    grouped = {}
    for pair in similarity.pairs:
        grouped.setdefault(pair.question, []).append(pair)
    return sorted(grouped.items(), key=lambda item: question_key(item[0]))


def side_by_side(pair) -> Markup:
    """The two answers as written, side by side, with their differences marked (``difflib``)."""
    table = difflib.HtmlDiff(wrapcolumn=DIFF_WRAP_COLUMNS).make_table(
        pair.first.lines, pair.second.lines, html.escape(pair.first.student_id), html.escape(pair.second.student_id))
    return Markup(table)


def _template():
    environment = jinja2.Environment(loader=jinja2.PackageLoader("autograder.report", "."),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    environment.globals.update(
        fmt=lambda value: f"{value:g}", fmt1=lambda value: f"{value:.1f}", fmt2=lambda value: f"{value:.2f}",
        percent=lambda share: f"{100 * share:.0f} %", side_by_side=side_by_side)
    environment.filters["moodle_field"] = lambda name: MOODLE_HEADERS.get(name, name)
    return environment.get_template("report.html.j2")
