"""Hostile and broken submissions (``corpus.py``), graded in one batch as root, where each notebook
runs isolated: none gets points it should not, each has a row with its status and reason, the batch
finishes, nothing the student's code started outlives it, no hidden test's text reaches anything a
student or TA reads or any shared folder, and the Python environment is exactly as it was."""

import contextlib
import csv
import fcntl
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

import psutil
import pytest

from autograder.batch import main as grade_batch
from autograder.engine.phase1.environment import Fingerprint, environment_roots
from autograder.engine.phase1.sandbox import AREA_PREFIX, LOCK_DIR, SHARED_SCRATCH, USER_PREFIX, is_root
from autograder.engine.phase2.test_sources import sources_in_zip, variables
from autograder.engine.machine import available_cores
from autograder.engine.pipeline import PhaseTwo, snapshot
from autograder.grade import Limits, main as grade
from autograder.hidden_tests import hidden_source_lines, load_test_files, max_points
from autograder.project import ROOT
from autograder.workshops import get_workshop
from corpus import (CORPUS_TIMEOUT, FILLER, LEFTOVER_MARKERS, REACH_PHASE_TWO, bare, expectations, write_case,
                    write_corpus)

WORKSHOPS = ["iris"]
IRIS = get_workshop("iris")
DEBIAN_PYTHON = "/usr/bin/python3.11"  # an interpreter the sandbox users can run, outside /root
pytestmark = pytest.mark.skipif(not is_root(), reason="the isolated corpus runs as root (tests/test_unprivileged.py: not root)")


@pytest.fixture(scope="module", params=WORKSHOPS)
def graded_corpus(request, built, tmp_path_factory):
    workshop = get_workshop(request.param)
    root = tmp_path_factory.mktemp(f"corpus-{workshop.name}")
    autograder_zip = workshop.autograder_zip(built / "dist")
    write_corpus(root / "entregas", student=workshop.assignment_dir(built / "assignments") / workshop.notebook_name,
                 solution=workshop.solution_notebook(built / "dist"),
                 variables=variables(sources_in_zip(autograder_zip)))
    before = Fingerprint.of(environment_roots())
    report = grade_batch(workshop=workshop.name, submissions_dir=root / "entregas", out=root / "notas",
                         limits=Limits(timeout=CORPUS_TIMEOUT), workers=2, dist_dir=built / "dist", progress=False)
    after = Fingerprint.of(environment_roots())
    with open(root / "notas" / "gradebook.csv", newline="", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    full = sum(max_points(load_test_files(autograder_zip)).values())
    return workshop, autograder_zip, root / "notas", rows, full, report, before.changes(after)


@pytest.mark.parametrize("case", sorted(expectations()))
def test_case_gets_its_status_reason_and_no_points_it_should_not(case, graded_corpus):
    _, _, _, rows, full, _, _ = graded_corpus
    status, total, reason = expectations()[case]
    row = rows[case]
    assert (row["status"], float(row["total"])) == (status, full if total == "full" else 0.0), row
    assert reason in row["reason"], row["reason"]


def test_every_case_has_a_row_and_a_results_file_and_ran_isolated(graded_corpus):
    _, _, out, rows, _, report, _ = graded_corpus
    assert sorted(rows) == sorted(expectations())
    assert report.graded == len(expectations())
    assert "each notebook runs as its own unprivileged user" in report.summary()
    for case in expectations():
        results = json.loads((out / "results" / f"{case}.json").read_text(encoding="utf-8"))
        assert results["extra_data"]["status"] == rows[case]["status"]
        if rows[case]["status"] != "invalid":
            assert results["extra_data"]["isolation"] == "usuario y vista", case


def test_the_environment_is_exactly_as_it_was(graded_corpus):
    *_, changes = graded_corpus
    assert changes == []


def test_nothing_the_notebooks_started_is_left_running(graded_corpus):
    """No corpus process, and no process of a sandbox user whose slot nobody holds; a slot held
    is another grading's (``pytest -n``: another worker's), and its processes are its own."""
    leftovers = []
    for process in psutil.process_iter(["cmdline", "username"]):
        user = process.info["username"] or ""
        if any(marker in " ".join(process.info["cmdline"] or []) for marker in LEFTOVER_MARKERS):
            leftovers.append(process)
        elif user.startswith(USER_PREFIX) and user[len(USER_PREFIX):].isdigit():
            with idle_slot(int(user[len(USER_PREFIX):])) as idle:
                if idle:
                    leftovers.append(process)
                    process.kill()
    for process in leftovers:  # they never end by themselves
        process.kill()
    assert not leftovers


@contextlib.contextmanager
def idle_slot(slot: int):
    """Whether grading slot ``slot`` is free, held as such (no grading takes it) until the end."""
    descriptor = os.open(LOCK_DIR / f"{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


def test_no_hidden_test_text_reaches_results_feedback_gradebook_or_shared_folders(graded_corpus):
    _, autograder_zip, out, _, _, _, _ = graded_corpus
    hidden = [line for line in hidden_source_lines(autograder_zip) if len(line) > 30]
    assert len(hidden) > 20
    for path in [*out.rglob("*.json"), *out.rglob("*.md"), *out.rglob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        texts = [text, json.dumps(json.loads(text), ensure_ascii=False)] if path.suffix == ".json" else [text]
        leaked = [line for line in hidden for each in texts if line in each]
        assert not leaked, f"hidden test text in {path.name}: {leaked[:2]}"
        assert "def test_" not in text and "Error at line" not in text, path.name
    slots = {entry.pw_uid: int(entry.pw_name[len(USER_PREFIX):]) for entry in pwd.getpwall()
             if entry.pw_name.startswith(USER_PREFIX) and entry.pw_name[len(USER_PREFIX):].isdigit()}
    written = [path for scratch in SHARED_SCRATCH for path in _walk(Path(scratch))
               if _owner(path) in slots and not _in_engine_area(path)]
    left = []
    for uid in {_owner(path) for path in written} - {None}:
        with idle_slot(slots[uid]) as idle:  # a held slot's files are a grading's in progress
            left += [path for path in written if idle and _owner(path) == uid]
    assert not left  # nothing a notebook wrote (the tests it might have copied) stays where others read


def _in_engine_area(path: Path) -> bool:
    """Whether ``path`` lies in a slot's area (root's, closed to other users) that a batch killed with
    SIGKILL could not remove: the slot's next grading removes it before its notebook starts."""
    area = Path(*path.parts[:3])  # /tmp/aislado-XXXX
    try:
        info = area.lstat()
    except OSError:
        return False
    return area.name.startswith(AREA_PREFIX) and info.st_uid == 0 and not info.st_mode & 0o007


def _walk(root: Path):
    """Every path under ``root``; folders other tests remove meanwhile are passed over."""
    for folder, names, files in os.walk(root, onerror=lambda error: None):
        yield from (Path(folder) / name for name in names + files)


def _owner(path):
    try:
        return path.lstat().st_uid
    except OSError:
        return None


# Kills every process it can see and plants modules in every temporary folder it can write, for
# 40 s, while another submission is being graded.
ATTACKER = """
import glob, os, signal, time
_fin = time.time() + 40
while time.time() < _fin:
    for _pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
        if _pid != os.getpid():
            try:
                os.kill(_pid, signal.SIGKILL)
            except OSError:
                pass
    for _carpeta in glob.glob("/tmp/*/") + glob.glob("/tmp/*/*/") + glob.glob("/var/tmp/*/"):
        try:
            open(os.path.join(_carpeta, "numpy.py"), "w").write("raise SystemExit")
        except OSError:
            pass
    time.sleep(0.2)
"""


def test_the_isolated_command_grades_a_submission_beside_an_attacker_untouched(built, tmp_path):
    """The one command a TA runs, as root: the attacker's notebook reaches nothing of the other."""
    folder = tmp_path / "entregas"
    folder.mkdir()
    write_case(folder / "atacante.ipynb", IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name, ATTACKER, [])
    shutil.copy(IRIS.solution_notebook(built / "dist"), folder / "solucion.ipynb")
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "iris", str(folder), "--out", str(tmp_path / "notas"),
                           "--dist", str(built / "dist"), "--workers", "2", "--timeout", "120"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "isolation: each notebook runs as its own unprivileged user" in done.stdout
    with open(tmp_path / "notas" / "gradebook.csv", newline="", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert (rows["solucion"]["status"], rows["solucion"]["total"]) == ("ok", "22"), rows["solucion"]
    assert (rows["atacante"]["status"], rows["atacante"]["total"]) == ("ok", "0")


def test_the_shared_folders_hold_nothing_the_corpus_filled(graded_corpus):
    """The 3 GB written to /dev/shm and the 4 GB allocated in /tmp and /var/tmp were the view's own."""
    assert not [Path(scratch) / name for scratch in SHARED_SCRATCH if os.path.isdir(scratch)
                for name in os.listdir(scratch) if FILLER in name]


def test_root_grades_a_project_that_lives_under_tmp(built, tmp_path):
    """A throwaway clone under /tmp, with its environment there: the view's private /tmp must not
    hide the environment from the notebook's launcher."""
    if not Path(DEBIAN_PYTHON).is_file():
        pytest.skip("needs Debian's python3.11, which the sandbox users can run")
    project = Path(tempfile.mkdtemp(prefix="proyecto-", dir="/tmp"))
    try:
        environment = project / ".venv"
        subprocess.run([DEBIAN_PYTHON, "-m", "venv", "--without-pip", environment], check=True)
        packages = environment / "lib" / "python3.11" / "site-packages"
        for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
            if entry.name != "__pycache__":
                (packages / entry.name).symlink_to(entry)
        shutil.copytree(ROOT / "autograder", project / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
        submission = project / "entrega.ipynb"
        shutil.copy(IRIS.solution_notebook(built / "dist"), submission)
        done = subprocess.run([environment / "bin" / "python", "-m", "autograder", "grade", "iris", submission,
                               "--dist", built / "dist", "--timeout", "120"],
                              capture_output=True, text=True, timeout=600, cwd=project)
        assert done.returncode == 0, done.stderr[-2000:]
        results = json.loads((project / "entrega.ipynb.results.json").read_text(encoding="utf-8"))
        assert (results["extra_data"]["status"], results["score"]) == ("ok", 22), results["extra_data"]
        assert results["extra_data"]["isolation"] == "usuario y vista"
    finally:
        shutil.rmtree(project, ignore_errors=True)


@pytest.mark.skipif(available_cores() < 2, reason="phase 2 starts early only with a core to spare")
def test_a_phase_two_started_early_is_beyond_the_notebooks_reach(built, tmp_path):
    """Graded alone, with a core to spare, phase 2 starts with the notebook: the notebook does not
    see its process (the view's ``/proc`` hides other users' processes) or, where there is no view,
    sees it and can neither stop it, write its input, read its memory, enter its folder nor plant a
    module in its engine."""
    submission = tmp_path / "iris.ipynb"
    write_case(submission, bare(IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name), REACH_PHASE_TWO, [])
    outcome = grade(workshop="iris", submission=submission, dist_dir=built / "dist", limits=Limits(timeout=CORPUS_TIMEOUT))
    assert outcome.facts["phase_two"] == "anticipada"
    assert (outcome.status, sum(outcome.scores.values())) == ("ok", 0)
    found = re.search(r"\((FaseDos\w+)\)", outcome.reason)
    assert found and found.group(1) in ("FaseDosNoVista", "FaseDosInalcanzable"), outcome.reason


def test_another_user_who_sees_an_early_phase_two_reaches_nothing_of_it(built, tmp_path):
    """Where a view cannot hide it (root without mount namespaces), the notebook's user sees phase 2
    waiting: the corpus's attempts on it (stop it, write its input, read its memory, enter its
    folder, plant a module in its engine) all fail."""
    if not Path(DEBIAN_PYTHON).is_file():
        pytest.skip("needs Debian's python3.11, which another user can run")
    with zipfile.ZipFile(IRIS.autograder_zip(built / "dist")) as archive:
        archive.extractall(tmp_path / "source")
    private = Path(tempfile.mkdtemp(prefix="calificacion-"))  # the engine's own: 0700, root's
    phase_two = PhaseTwo(snapshot(tmp_path / "source"), private, threads=1)
    try:
        phase_two.start(["keras"], early=True)
        done = subprocess.run([DEBIAN_PYTHON, "-c", REACH_PHASE_TWO], user="nobody", group="nogroup", extra_groups=[],
                              cwd="/", capture_output=True, text=True, timeout=60)
        assert phase_two.process.poll() is None  # still there, not stopped
        assert psutil.Process(phase_two.process.pid).status() != psutil.STATUS_STOPPED
    finally:
        phase_two.close()
        shutil.rmtree(private, ignore_errors=True)
    assert "FaseDosInalcanzable: []" in done.stderr, done.stderr[-2000:]
