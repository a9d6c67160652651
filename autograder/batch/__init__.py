"""Grade a folder of submissions: parallel, within limits, resumable, into a gradebook.

Output folder layout::

    gradebook.csv        one row per student (newest submission), sorted by student id
    superseded.csv       older submissions of the same students, not graded
    other-files.csv      files that are not submissions (Moodle's download: a PDF beside the
                         notebook, an empty submission), not graded
    moodle-entregas/     Moodle's download zip, unpacked (``moodle.download``)
    results/<id>.json    Gradescope-format results of each student, with extra_data
    feedback/<id>.md     Spanish feedback for each student
    batch.json           the workshop and the submissions folder, for the class report
    report.html          the class report (``autograder.report``), with its figures as PNG and,
                         given a roster, moodle.csv; for Moodle's download, the filled grading
                         worksheet and the feedback zip

Each results file is written atomically as soon as its submission is graded, with the SHA-256 of
the submission, and signed (``results/<id>.json.firma``, ``autograder.signatures``); a later run
skips a student whose signed results match the current file (unless ``force``), so an interrupted
batch loses nothing already graded, and a results file the grader did not write (a notebook's
forgery) is never taken: that student is graded again. The gradebook is rebuilt from the signed
results files at the end, atomically.
"""

import csv
import hashlib
import io
import json
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..feedback import question_feedback, render
from ..engine.atomic import write_text
from ..engine.phase1.environment import restore_advice
from ..engine.machine import available_cores
from ..engine.processes import kill_strays
from ..grade import Cancelled, GradeOutcome, Limits, main as grade_one, prepare_isolation
from ..hidden_tests import load_test_files, max_points
from ..project import DIST_DIR
from ..report import ClassReport, main as write_report, write_manifest
from ..moodle.download import collect, is_download, unpack
from ..moodle.roster import read_roster
from ..moodle.worksheet import read_worksheet
from ..signatures import is_signed, load_key, sidecar, write_signed
from ..submissions import discover
from ..workshops import get_workshop

STATUSES = ("ok", "timeout", "memory", "error", "invalid", "tampered")
MOODLE_FOLDER = "moodle-entregas"


class EnvironmentChanged(RuntimeError):
    """A notebook changed the Python environment: the batch stopped; the message says how to go on."""


@dataclass
class BatchReport:
    """What a batch did: rows of the gradebook, and counts."""

    out: Path
    rows: list = field(default_factory=list)
    graded: int = 0
    skipped: int = 0
    unsigned: list = field(default_factory=list)  # students whose results the grader did not write
    superseded: list = field(default_factory=list)
    others: list = field(default_factory=list)  # files not graded (``submissions.OtherFile``)
    isolation: str = ""
    class_report: ClassReport | None = None
    report_error: str = ""  # why the class report could not be written (the gradebook is whole)

    def counts(self) -> dict:
        return {status: sum(row["status"] == status for row in self.rows) for status in STATUSES}

    def summary(self) -> str:
        counts = ", ".join(f"{status}: {n}" for status, n in self.counts().items() if n)
        lines = [f"{len(self.rows)} students ({counts}); graded now {self.graded}, "
                 f"already graded {self.skipped}, superseded {len(self.superseded)}",
                 f"gradebook: {self.out / 'gradebook.csv'}", self.isolation]
        if self.unsigned:
            lines.append(f"results not written by this grader, graded again: {', '.join(self.unsigned)}")
        lines += [f"  {row['student_id']}: {row['status']} — {row['reason']}"
                  for row in self.rows if row["status"] != "ok"]
        if self.others:
            lines.append(f"files not graded (in {self.out / 'other-files.csv'}):")
            lines += [f"  {other.student_id or '-'}: {other.path.name} — {other.reason}" for other in self.others]
        if self.class_report:
            lines.append(self.class_report.text())
        if self.report_error:
            lines.append(f"class report not written: {self.report_error}")
        return "\n".join(lines)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(2**20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _signed_results(results_path: Path, key: bytes) -> dict | None:
    """The results at ``results_path`` if this grader wrote them, unchanged; otherwise ``None``."""
    if not is_signed(results_path, key):
        return None
    try:
        return json.loads(results_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main(*, workshop, submissions_dir, out, limits=Limits(), workers=None, force=False,
         dist_dir=DIST_DIR, progress=True, roster=None, worksheet=None, isolation_choice="auto") -> BatchReport:
    """Grade every student's newest submission in ``submissions_dir`` into ``out``, then write the
    class report (with ``roster``, the Moodle grades too: the roster is checked before grading).

    ``submissions_dir`` may be Moodle's download, zipped (unpacked into ``out``) or not: each
    participant is a student, and the report fills in the grading worksheet (``worksheet``, the
    one the TA downloaded, checked before grading; a new one without it) and writes the feedback zip.

    ``isolation_choice`` is what the TA asked for when not root (``grade.isolation.CHOICES``).
    Without isolation (no root, no user namespaces), a submission whose notebook changed the Python
    environment gets ``tampered`` and stops the batch (``EnvironmentChanged``) once the gradebook
    holds what was graded.
    """
    workshop = get_workshop(workshop)
    submissions_dir, out = Path(submissions_dir), Path(out)
    moodle = is_download(submissions_dir)
    if not submissions_dir.is_dir() and not moodle:
        raise FileNotFoundError(f"submissions folder (or Moodle's download zip) {submissions_dir} not found")
    if roster:
        read_roster(roster)
    if worksheet:
        if not moodle:
            raise ValueError("--hoja (Moodle's grading worksheet) applies to Moodle's download of the submissions")
        read_worksheet(worksheet)
    sys.dont_write_bytecode = True  # the grader itself must not change the environment it watches
    autograder_zip = _autograder_zip(workshop, dist_dir)
    max_scores = max_points(load_test_files(autograder_zip))
    private_paths = [submissions_dir, out]
    not_unpacked = []
    if moodle and submissions_dir.is_file():
        submissions_dir, not_unpacked = unpack(submissions_dir, out / MOODLE_FOLDER)
    found = collect(submissions_dir) if moodle else discover(submissions_dir, workshop.name)
    found.others += not_unpacked
    kept = found.kept
    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    write_manifest(out, workshop=workshop.name, submissions_dir=submissions_dir, moodle=moodle, worksheet=worksheet)
    report = BatchReport(out, superseded=found.superseded, others=found.others)
    isolation = prepare_isolation(autograder_zip=autograder_zip, private_paths=private_paths,
                                  requested=isolation_choice)
    report.isolation = isolation.describe()
    key = load_key()

    pending = []
    for submission in kept:
        digest = sha256(submission.path)
        results_path = _results_path(out, submission)
        extra = (_signed_results(results_path, key) or {}).get("extra_data", {})
        if not force and extra.get("sha256") == digest and extra.get("status") in STATUSES:
            report.skipped += 1
            continue
        if results_path.exists() and not extra:
            report.unsigned.append(submission.student_id)
        pending.append((submission, digest))

    cancel = threading.Event()
    machine_cores = available_cores()
    workers = workers or machine_cores
    cores = max(1, machine_cores // workers)  # each grading's share: phase 2 starts early with two
    bar = _progress_bar(len(pending), progress)
    failed = 0
    windows = {}  # student id -> [start, end] of its grading, to tell who ran at the same time
    tampered = []
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(_grade, workshop, submission, digest, out, limits, dist_dir, cancel, isolation,
                            key, windows, cores): submission for submission, digest in pending
            }
            try:
                for future in _as_completed(futures):
                    outcome = future.result()
                    if outcome is None:  # cancelled: left ungraded, graded on the next run
                        continue
                    report.graded += 1
                    failed += outcome.status != "ok"
                    bar.set_postfix(done=report.graded, failed=failed,
                                    remaining=len(pending) - report.graded, refresh=False)
                    bar.update(1)
                    if outcome.facts.get("environment"):
                        tampered.append((futures[future], outcome))
                        cancel.set()  # the environment is not to be trusted: stop here
                        for other in futures:
                            other.cancel()
            except BaseException:
                cancel.set()  # running submissions are stopped and left ungraded
                for future in futures:
                    future.cancel()
                raise
    finally:
        bar.close()
    stop_message = _environment_stop(out, tampered, windows) if tampered else ""

    report.rows = [_gradebook_row(out, submission, submissions_dir, max_scores, key) for submission in kept]
    for submission in kept:
        _write_feedback(out, workshop, submission, key)
    _write_csv(out / "gradebook.csv", report.rows, _gradebook_columns(max_scores))
    _write_csv(out / "superseded.csv",
               [{"student_id": old.student_id, "submission": _relative(old, submissions_dir),
                 "kept": _relative(new, submissions_dir)} for old, new in found.superseded],
               ["student_id", "submission", "kept"])
    _write_csv(out / "other-files.csv",
               [{"student_id": other.student_id, "student_name": other.student_name,
                 "file": other.path.relative_to(submissions_dir).as_posix(), "reason": other.reason}
                for other in found.others], ["student_id", "student_name", "file", "reason"])
    if stop_message:
        raise EnvironmentChanged(stop_message + f" (gradebook so far: {out / 'gradebook.csv'})")
    try:
        report.class_report = write_report(out=out, roster=roster, worksheet=worksheet, dist_dir=dist_dir)
    except Exception as error:  # noqa: BLE001 - the gradebook is written; a report failure loses nothing
        report.report_error = f"{type(error).__name__}: {error}"
    return report


def _environment_stop(out, tampered, windows) -> str:
    """What a batch stopped by a changed environment says; the submissions that only found it
    changed lose their results, so the next run grades them."""
    culprits = []
    for submission, outcome in tampered:
        if outcome.facts["environment"] == "alterado antes":
            _results_path(out, submission).unlink(missing_ok=True)
            sidecar(_results_path(out, submission)).unlink(missing_ok=True)
        else:
            culprits.append((submission, outcome))
    if not culprits:
        return ("grading stopped: the Python environment changed while this batch ran; "
                "restore it (README, 'Isolation') and run the same command again")
    submission, outcome = culprits[0]
    start, end = windows[submission.student_id]
    alongside = sorted(student for student, (other_start, other_end) in windows.items()
                       if student != submission.student_id and other_start < end and (other_end or end) > start)
    message = (f"grading stopped: the notebook of {submission.student_id} changed the Python environment "
               f"({outcome.reason}); {restore_advice(outcome.facts.get('changed', []))}")
    if alongside:
        message += (f". Other submissions were graded at the same time ({', '.join(alongside)}): once the "
                    "environment is restored, regrade them and this one with --workers 1 --force to "
                    "confirm which notebook did it")
    return message


def _autograder_zip(workshop, dist_dir):
    path = workshop.autograder_zip(dist_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: build the workshop first (`make build`)")
    return path


def _results_path(out: Path, submission) -> Path:
    return out / "results" / f"{submission.student_id}.json"


def _as_completed(futures):
    """The futures as they complete, waking every second. Python runs a signal's handler (Ctrl-C's
    ``KeyboardInterrupt``) in the main thread only, when that thread runs: if Linux delivered the
    signal to a worker thread, a main thread blocked until the next grading ends (minutes, for a
    looping notebook) would stop the batch only then."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=1, return_when=FIRST_COMPLETED)
        yield from done


def _grade(workshop, submission, digest, out, limits, dist_dir, cancel, isolation, key, windows, cores):
    """Grade one submission (``None`` when cancelled); any failure of the grader itself becomes an
    ``error`` result."""
    if cancel.is_set():
        return None
    extra = {"student_id": submission.student_id, "submission": submission.path.name,
             "sha256": digest}
    results_path = _results_path(out, submission)
    windows[submission.student_id] = [time.time(), None]
    try:
        return grade_one(workshop=workshop.name, submission=submission.path, out=results_path,
                         limits=limits, dist_dir=dist_dir, extra=extra, cancel=cancel, isolation=isolation, key=key,
                         cores=cores)
    except Cancelled:
        return None
    except Exception as error:  # noqa: BLE001 - one broken submission never stops the batch
        reason = f"fallo del calificador: {type(error).__name__}: {error}"[:300]
        write_signed(results_path, {"score": 0.0, "output": reason, "tests": [],
                                    "extra_data": {**extra, "status": "error", "reason": reason}}, key)
        return GradeOutcome(submission.path, results_path, "error", reason)
    finally:
        windows[submission.student_id][1] = time.time()
        kill_strays()


def _gradebook_columns(max_scores):
    return ["student_id", "student_name", "submission", *max_scores, "total", "max_total", "status", "reason"]


def _relative(submission, submissions_dir) -> str:
    """Where ``submission`` is in the submissions folder (Moodle's download has a folder per student)."""
    return submission.path.relative_to(submissions_dir).as_posix()


def _gradebook_row(out, submission, submissions_dir, max_scores, key) -> dict:
    results = _signed_results(_results_path(out, submission), key) or {
        "extra_data": {"status": "error", "reason": "sin resultados (calificación interrumpida)"}}
    extra = results.get("extra_data", {})
    scores = {question: score for question, (score, _, _) in question_feedback(results).items()}
    row = {"student_id": submission.student_id, "student_name": submission.student_name,
           "submission": _relative(submission, submissions_dir)}
    row.update({question: f"{scores.get(question, 0.0):g}" for question in max_scores})
    row["total"] = f"{sum(scores.get(q, 0.0) for q in max_scores):g}"
    row["max_total"] = f"{sum(max_scores.values()):g}"
    row["status"] = extra.get("status", "error")
    row["reason"] = " ".join(str(extra.get("reason", "")).split())
    return row


def _write_feedback(out, workshop, submission, key):
    results = _signed_results(_results_path(out, submission), key)
    if results is None:
        return
    student = submission.student_id
    if submission.student_name:
        student = f"{submission.student_name} ({student})"
    text = render(workshop_title=workshop.title, student=student,
                  submission=submission.path.name, results=results)
    write_text(out / "feedback" / f"{submission.student_id}.md", text)


def _write_csv(path, rows, columns):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(path, buffer.getvalue())


def _progress_bar(total, enabled):
    from tqdm import tqdm

    return tqdm(total=total, unit="entrega", disable=not enabled, dynamic_ncols=True)
