"""Grading as a TA who is not root.

- Isolated in user namespaces (bubblewrap, and the launcher's own ``unshare``): the corpus keeps
  the outcomes it has as root, nothing of the TA's files is reachable, nothing the notebook wrote or
  started outlives it, and a killed batch leaves no process behind.
- Without isolation (``--isolation none``, what a system without user namespaces gets): the
  notebook runs as the TA's own user, so it can write the Python environment; every such change is
  detected (``tampered``, 0 points, the file named) and stops the batch with how to restore it, the
  engine's own defences hold, and a results file the notebook forged for the batch's resume is
  graded again.

Runs for real: a TA user is created, with a virtual environment of its own made from Debian's
interpreter whose packages are links to this project's (``otter`` a real copy, so that a notebook
can edit an installed module in place), and the command line runs as that user.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.engine.phase1.environment import Fingerprint
from autograder.engine.machine import available_cores
from autograder.engine.phase1.sandbox import SHARED_SCRATCH, end_processes_of, ensure_user, is_root, remove_files_of
from autograder.engine.phase2.test_sources import sources_in_zip, variables
from autograder.project import ROOT
from autograder.workshops import get_workshop
from corpus import (CASES, CORPUS_TIMEOUT, ENVIRONMENT_CASES, FILE_CASES, FILLER, FORGE_RESUME, LEFTOVER_MARKERS,
                    REACH_PHASE_TWO, bare, expectations, write_case, write_corpus)

IRIS = get_workshop("iris")
TA_USER = "talleres-ta-prueba"
DEBIAN_PYTHON = Path("/usr/bin/python3.11")
COPIED_PACKAGES = ("otter",)  # real, writable copies; every other package is a link to the project's
ENGINE_CASES = ("writes_its_own_results_and_otter_log", "writes_results_then_kills_its_kernel",
                "leaves_a_process_that_rewrites_results", "reads_hidden_tests_prints_and_raises_them",
                "deletes_the_graders_files_after_correct_answers", "edits_support_files_and_tests",
                "forges_results_and_blocks_phase_two", "plants_modules_where_phase_two_might_run",
                "daemon_in_a_new_session_after_correct_answers", "hunts_for_the_hidden_tests")

pytestmark = pytest.mark.skipif(not is_root() or not DEBIAN_PYTHON.is_file(),
                                reason="needs root, to create the TA user, and Debian's python3.11")


@dataclass(frozen=True)
class TA:
    uid: int
    gid: int
    home: Path

    def own(self, *paths):
        for top in paths:
            for path in [Path(top), *Path(top).rglob("*")]:
                os.chown(path, self.uid, self.gid, follow_symlinks=False)

    def command(self, *command, **options):
        """``command`` started as the TA (``subprocess.Popen``)."""
        return subprocess.Popen([str(part) for part in command], user=self.uid, group=self.gid, extra_groups=[],
                                cwd=self.home, text=True, **options,
                                # The grader's own imports write no bytecode into the environment it watches.
                                env={"HOME": str(self.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                     "PYTHONDONTWRITEBYTECODE": "1"})

    def run(self, *command, timeout=900):
        process = self.command(*command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout, stderr = process.communicate(timeout=timeout)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    def environment(self, name) -> Path:
        """A virtual environment of the TA's own, with this project's packages."""
        prefix = self.home / name
        done = self.run(DEBIAN_PYTHON, "-m", "venv", "--without-pip", prefix)
        assert done.returncode == 0, done.stderr
        packages = prefix / "lib" / "python3.11" / "site-packages"
        for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
            if entry.name in COPIED_PACKAGES:
                shutil.copytree(entry, packages / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
            elif entry.name != "__pycache__":
                (packages / entry.name).symlink_to(entry)
        self.own(packages)
        return prefix

    def grade_command(self, environment, submissions, out, workers=2, isolation="none") -> list:
        return [environment / "bin" / "python", "-m", "autograder", "grade", "iris", submissions, "--out", out,
                "--dist", self.home / "dist", "--workers", workers, "--timeout", CORPUS_TIMEOUT,
                "--isolation", isolation]

    def grade(self, environment, submissions, out, workers=2, isolation="none"):
        return self.run(*self.grade_command(environment, submissions, out, workers, isolation))

    def processes(self) -> list:
        """The TA's processes that grading started (engines, kernels, launchers, phase 2)."""
        found = []
        for process in psutil.process_iter(["cmdline", "uids"]):
            line = " ".join(process.info["cmdline"] or [])
            if (process.info["uids"] and process.info["uids"].real == self.uid
                    and any(word in line for word in ("ipykernel", "run_grader", "bwrap", "launcher.py", "evaluate"))):
                found.append(process)
        return found


@pytest.fixture(scope="module")
def ta(built):
    account = ensure_user(TA_USER)
    home = Path(tempfile.mkdtemp(prefix="ta-prueba-"))
    ta = TA(account.pw_uid, account.pw_gid, home)
    (home / "dist" / "iris").mkdir(parents=True)
    for path in (IRIS.autograder_zip(built / "dist"), IRIS.solution_notebook(built / "dist")):
        shutil.copy(path, home / "dist" / "iris" / path.name)
    shutil.copy(IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name, home / "estudiante.ipynb")
    ta.own(home)
    yield ta
    end_processes_of(ta.uid)
    remove_files_of(ta.uid)  # what the corpus planted in the shared temporary folders
    shutil.rmtree(home, ignore_errors=True)


def gradebook(path):
    with open(path, newline="", encoding="utf-8") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def engine_cases(ta):
    """The corpus's cases that the engine itself must withstand, and a correct submission."""
    folder = ta.home / "entregas"
    write_corpus(folder, student=ta.home / "estudiante.ipynb", solution=ta.home / "dist" / "iris" / "iris-solution.ipynb",
                 variables=variables(sources_in_zip(ta.home / "dist" / "iris" / "autograder.zip")), environment=False)
    for path in folder.iterdir():
        if path.stem not in ENGINE_CASES and path.stem not in FILE_CASES:
            path.unlink()
    shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "solucion.ipynb")
    ta.own(folder)
    done = ta.grade(ta.environment("entorno"), folder, ta.home / "notas")
    assert done.returncode == 0, done.stderr[-3000:]
    return done, gradebook(ta.home / "notas" / "gradebook.csv")


def test_a_correct_submission_keeps_full_marks_without_isolation(engine_cases):
    done, rows = engine_cases
    assert (rows["solucion"]["status"], rows["solucion"]["total"]) == ("ok", "22")
    assert "isolation: none (not root, and no user namespaces: --isolation none)" in done.stdout
    assert "a notebook can read your files" in done.stdout  # said before what this mode does not guarantee


@pytest.mark.parametrize("case", [*ENGINE_CASES, *FILE_CASES])
def test_the_engine_alone_gives_no_point_beyond_what_was_earned(case, engine_cases, ta):
    _, rows = engine_cases
    expected = next((each.expectation(root=False) for each in CASES if each.name == case), FILE_CASES.get(case))
    status, total, reason = expected
    assert (rows[case]["status"], float(rows[case]["total"])) == (status, 22.0 if total == "full" else 0.0), rows[case]
    assert reason in rows[case]["reason"]
    results = json.loads((ta.home / "notas" / "results" / f"{case}.json").read_text(encoding="utf-8"))
    assert results["extra_data"].get("isolation", "ninguna") == "ninguna"


def test_nothing_the_notebooks_started_outlives_the_command(engine_cases, ta):
    leftovers = [process for process in psutil.process_iter(["cmdline", "uids"])
                 if process.info["uids"] and process.info["uids"].real == ta.uid
                 and any(marker in " ".join(process.info["cmdline"] or []) for marker in LEFTOVER_MARKERS)]
    assert not leftovers  # the fixture's teardown kills them, if any


@pytest.fixture(scope="module")
def tampered_batches(ta):
    """Each of ``ENVIRONMENT_CASES`` graded in a batch of its own (and environment of its own),
    before a correct submission: ``{case: (completed command, its gradebook's rows, whether the
    correct one was graded, out folder, environment)}``."""
    batches = {}
    for case in sorted(ENVIRONMENT_CASES):
        folder = ta.home / f"entregas-{case}"
        folder.mkdir()
        write_case(folder / f"{case}.ipynb", bare(ta.home / "estudiante.ipynb"), ENVIRONMENT_CASES[case][0], [])
        shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "zz_despues.ipynb")
        ta.own(folder)
        out, environment = ta.home / f"notas-{case}", ta.environment(f"entorno-{case}")
        done = ta.grade(environment, folder, out, workers=1)
        batches[case] = (done, gradebook(out / "gradebook.csv"), (out / "results" / "zz_despues.json").exists(),
                         out, environment)
    return batches


@pytest.mark.parametrize("case", sorted(ENVIRONMENT_CASES))
def test_a_notebook_that_changes_the_environment_is_tampered_and_stops_the_batch(case, tampered_batches):
    done, rows, correct_one_graded, *_ = tampered_batches[case]
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"the notebook of {case} changed the Python environment" in done.stderr
    assert "rebuild the virtual environment" in done.stderr and "run the same command again" in done.stderr
    assert (rows[case]["status"], rows[case]["total"]) == ("tampered", "0")
    assert "el cuaderno modificó el entorno de Python" in rows[case]["reason"]
    changed_file = {"writes_a_pth_file_into_site_packages": "zz_todo_aprobado.pth",
                    "writes_sitecustomize": "sitecustomize.py",
                    "edits_an_installed_module_in_place": "test_files/__init__.py"}[case]
    assert changed_file in rows[case]["reason"] and changed_file in done.stderr
    assert not correct_one_graded  # graded by the next run, once restored


def test_a_tampered_submission_is_graded_again_once_the_environment_is_restored(tampered_batches, ta):
    case = "writes_a_pth_file_into_site_packages"
    first, *_, out, environment = tampered_batches[case]
    assert first.returncode == 2
    shutil.rmtree(environment)
    folder = ta.home / f"entregas-{case}"
    done = ta.grade(ta.environment(environment.name), folder, out, workers=1)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = gradebook(out / "gradebook.csv")
    assert rows[case]["status"] == "tampered" and (rows["zz_despues"]["status"], rows["zz_despues"]["total"]) == ("ok", "22")


# Each kind of namespaces grades half of the corpus, so that every case runs once in a non-root
# isolated mode, beside a correct submission; both grade the cases whose defence each kind builds
# its own way (the PID namespace, the size of the scratch folders, the cap on processes).
BOTH_KINDS = ("stops_and_kills_every_process_it_sees", "fills_shared_memory_and_scratch_folders",
              "forks_hundreds_of_sleeping_processes")
# The TA's own copy of a package is refused by the read-only view, not by its permissions.
NAMESPACE_RAISED = {"edits_an_installed_module_in_place": "(OSError)"}
READS_TA_FILES = """
import os
_leidos = []
for _ruta in {paths}:
    try:
        os.listdir(_ruta) if os.path.isdir(_ruta) else open(_ruta, 'rb').read(1)
        _leidos.append(_ruta)
    except OSError:
        pass
raise type('ArchivosLeidos' if _leidos else 'ArchivosNoLeidos', (Exception,), {})(str(_leidos))
"""


@pytest.fixture(scope="module", params=["bwrap", "unshare"])
def isolated_corpus(request, ta):
    kind = request.param
    folder, out = ta.home / f"entregas-{kind}", ta.home / f"notas-{kind}"
    solution, student = ta.home / "dist" / "iris" / "iris-solution.ipynb", ta.home / "estudiante.ipynb"
    write_corpus(folder, student=student, solution=solution,
                 variables=variables(sources_in_zip(ta.home / "dist" / "iris" / "autograder.zip")))
    names = sorted(expectations())
    graded = set(names[(kind == "unshare")::2]) | set(BOTH_KINDS)
    for path in folder.iterdir():
        if path.stem not in graded:
            path.unlink()
    private = [out, folder, ROOT / "solutions", ROOT / "tests", ta.home / "dist" / "iris" / "autograder.zip",
               ta.home / ".local" / "state" / "talleres"]
    write_case(folder / "reads_the_ta_files.ipynb", bare(student), READS_TA_FILES.replace("{paths}", repr([str(p) for p in private])), [])
    shutil.copy(solution, folder / "solucion.ipynb")
    ta.own(folder)
    environment = ta.environment(f"entorno-{kind}")
    before, scratch = Fingerprint.of([str(environment)]), _scratch_of(ta.uid)
    done = ta.grade(environment, folder, out, isolation=kind)
    assert done.returncode == 0, done.stderr[-3000:]
    changes = before.changes(Fingerprint.of([str(environment)]))
    return kind, done, gradebook(out / "gradebook.csv"), graded, out, changes, _scratch_of(ta.uid) - scratch


def _scratch_of(uid) -> set:
    """What ``uid`` has in the shared scratch folders (the unisolated runs of this module leave
    their own there until its end), and any filler of the corpus, whoever owns it."""
    return {Path(scratch) / name for scratch in SHARED_SCRATCH if os.path.isdir(scratch)
            for name in os.listdir(scratch) if FILLER in name or _owned_by(Path(scratch) / name, uid)}


def test_isolated_corpus_keeps_the_outcomes_it_has_as_root(isolated_corpus):
    _, _, rows, graded, *_ = isolated_corpus
    wrong = {}
    for case in graded:
        status, total, reason = expectations()[case]
        reason = NAMESPACE_RAISED.get(case, reason)
        row = rows[case]
        if (row["status"], float(row["total"])) != (status, 22.0 if total == "full" else 0.0) or reason not in row["reason"]:
            wrong[case] = (row["status"], row["total"], row["reason"])
    assert not wrong
    assert (rows["solucion"]["status"], rows["solucion"]["total"]) == ("ok", "22")


def test_isolated_notebooks_run_in_namespaces_and_say_so(isolated_corpus):
    kind, done, rows, _, out, *_ = isolated_corpus
    assert f"isolation: each notebook runs in user namespaces of its own ({kind})" in done.stdout
    for case in rows:
        results = json.loads((out / "results" / f"{case}.json").read_text(encoding="utf-8"))
        if results["extra_data"]["status"] != "invalid":
            assert results["extra_data"]["isolation"] == f"espacios de nombres ({kind})", case


def test_an_isolated_notebook_reads_none_of_the_ta_files(isolated_corpus):
    _, _, rows, *_ = isolated_corpus
    assert "ArchivosNoLeidos" in rows["reads_the_ta_files"]["reason"], rows["reads_the_ta_files"]


def test_an_isolated_notebook_leaves_the_environment_and_the_machine_as_they_were(isolated_corpus, ta):
    *_, changes, new_in_scratch = isolated_corpus
    assert changes == []
    assert not new_in_scratch  # neither the 3 GB of /dev/shm nor the 4 GB of /tmp and /var/tmp, nor anything else
    leftovers = [process for process in psutil.process_iter(["cmdline", "uids"])
                 if process.info["uids"] and process.info["uids"].real == ta.uid
                 and any(marker in " ".join(process.info["cmdline"] or []) for marker in LEFTOVER_MARKERS)]
    assert not leftovers  # the 800 sleeping processes included


def _owned_by(path: Path, uid: int) -> bool:
    try:
        return path.lstat().st_uid == uid
    except OSError:
        return False


@pytest.mark.skipif(available_cores() < 2, reason="phase 2 starts early only with a core to spare")
@pytest.mark.parametrize("kind", ["bwrap", "unshare"])
def test_an_isolated_notebook_cannot_see_a_phase_two_started_early(kind, ta):
    """One worker on two cores: phase 2 starts with each notebook, out of the namespaces' sight,
    and a correct submission graded so keeps full marks."""
    folder, out = ta.home / f"entregas-anticipada-{kind}", ta.home / f"notas-anticipada-{kind}"
    folder.mkdir()
    write_case(folder / "busca_fase_dos.ipynb", bare(ta.home / "estudiante.ipynb"), REACH_PHASE_TWO, [])
    shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "solucion.ipynb")
    ta.own(folder)
    done = ta.grade(ta.environment(f"entorno-anticipada-{kind}"), folder, out, workers=1, isolation=kind)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = gradebook(out / "gradebook.csv")
    assert (rows["solucion"]["status"], rows["solucion"]["total"]) == ("ok", "22")
    assert (rows["busca_fase_dos"]["status"], rows["busca_fase_dos"]["total"]) == ("ok", "0")
    assert "FaseDosNoVista" in rows["busca_fase_dos"]["reason"], rows["busca_fase_dos"]
    for case in rows:
        results = json.loads((out / "results" / f"{case}.json").read_text(encoding="utf-8"))
        assert results["extra_data"]["phase_two"] == "anticipada", case


@pytest.mark.parametrize("isolation", ["bwrap", "unshare"])  # none: test_a_forged_resume_is_graded_again
def test_a_killed_batch_leaves_no_process_behind(isolation, ta):
    folder = ta.home / f"entregas-matado-{isolation}"
    folder.mkdir()
    looping = nbformat.read(ta.home / "dist" / "iris" / "iris-solution.ipynb", as_version=4)
    looping.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(looping, folder / "zoe.ipynb")
    ta.own(folder)
    batch = ta.command(*ta.grade_command(ta.environment(f"entorno-matado-{isolation}"), folder,
                                         ta.home / f"notas-matado-{isolation}", isolation=isolation),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any("ipykernel" in " ".join(p.cmdline()) for p in ta.processes() if p.is_running()):
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.5)
    time.sleep(2)  # the notebook is looping
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    assert _gone(ta), [p.cmdline() for p in ta.processes()]


def _gone(ta, seconds=15) -> bool:
    """Whether every grading process of the TA ends within ``seconds``."""
    deadline = time.monotonic() + seconds
    while ta.processes():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_forged_resume_is_graded_again(ta):
    """The attack of issue 22, where it works (no isolation): the notebook writes its own results
    for the batch's resume and kills the batch; the TA runs the same command again."""
    folder, out = ta.home / "entregas-falsificacion", ta.home / "notas-falsificacion"
    folder.mkdir()
    shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "ana.ipynb")
    write_case(folder / "zz_falsificador.ipynb", bare(ta.home / "estudiante.ipynb"), FORGE_RESUME, [])
    ta.own(folder)
    environment = ta.environment("entorno-falsificacion")
    first = ta.grade(environment, folder, out, workers=1)
    assert first.returncode == -signal.SIGKILL, first.stderr[-2000:]
    forged = json.loads((out / "results" / "zz_falsificador.json").read_text(encoding="utf-8"))
    assert (forged["score"], forged["extra_data"]["status"]) == (22, "ok")  # the forgery is there
    assert _gone(ta), [p.cmdline() for p in ta.processes()]  # and nothing outlived the killed batch
    second = ta.grade(environment, folder, out, workers=1)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "results not written by this grader, graded again: zz_falsificador" in second.stdout
    assert "graded now 1, already graded 1" in second.stdout
    rows = gradebook(out / "gradebook.csv")
    assert (rows["zz_falsificador"]["status"], rows["zz_falsificador"]["total"]) == ("ok", "0")
    assert (rows["ana"]["status"], rows["ana"]["total"]) == ("ok", "22")
