"""The environment's fingerprint sees every way a notebook could change a file the grader imports,
and the checks that decide a grading run's isolation say what they found."""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from autograder.engine.phase1.environment import Fingerprint, describe, environment_roots, package_folders, restore_advice
from autograder.grade.isolation import exposed_to_others


@pytest.fixture
def environment(tmp_path):
    packages = tmp_path / "lib" / "site-packages"
    (packages / "paquete").mkdir(parents=True)
    (packages / "paquete" / "__init__.py").write_text("VALOR = 1\n")
    (packages / "otro.py").write_text("x = 2\n")
    return tmp_path, packages


def edit_keeping_times(path, text):
    info = os.stat(path)
    path.write_text(text)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # a careful attacker puts the time back


CHANGES = [
    ("a .pth file", lambda p: (p / "zz.pth").write_text("import zz\n"), "zz.pth (creado)"),
    ("sitecustomize", lambda p: (p / "sitecustomize.py").write_text("import os\n"), "sitecustomize.py (creado)"),
    ("a module edited in place, same size and time", lambda p: edit_keeping_times(p / "otro.py", "x = 3\n"),
     "otro.py (modificado)"),
    ("a module replaced by a rename", lambda p: ((p / "nuevo.py").write_text("x = 2\n"), (p / "nuevo.py").rename(p / "otro.py")),
     "otro.py (modificado)"),
    ("a module removed", lambda p: (p / "otro.py").unlink(), "otro.py (borrado)"),
    ("a package's mode", lambda p: os.chmod(p / "paquete", 0o777), "paquete (modificado)"),
    ("a link planted for a package", lambda p: (p / "enlace").symlink_to("/etc"), "enlace (creado)"),
]


@pytest.mark.parametrize("case, change, named", CHANGES, ids=[case for case, _, _ in CHANGES])
def test_every_change_is_seen_and_named(case, change, named, environment):
    root, packages = environment
    before = Fingerprint.of([str(root)])
    change(packages)
    after = Fingerprint.of([str(root)])
    assert after.digest != before.digest
    assert named in describe(before.changes(after))


def test_files_made_just_before_the_fingerprint_are_not_taken_for_changes(environment):
    """An environment made a moment before grading (as a TA's fresh one, 0.1 s before): when a
    file is added, only that file is named, not its neighbours. (Within one tick of the file
    clock, a file may still be named: a change is never missed, at the price of that.)"""
    root, packages = environment
    (packages / "reciente.py").write_text("y = 1\n")
    time.sleep(0.1)
    before = Fingerprint.of([str(root)])
    (packages / "zz.pth").write_text("import zz\n")
    assert describe(before.changes(Fingerprint.of([str(root)]))) == f"{packages / 'zz.pth'} (creado)"


def test_an_untouched_environment_has_the_same_fingerprint(environment):
    root, _ = environment
    before = Fingerprint.of([str(root)])
    assert Fingerprint.of([str(root)]).digest == before.digest and before.changes(Fingerprint.of([str(root)])) == []


def test_this_environment_is_covered_whole():
    roots = environment_roots()
    assert any(folder.startswith(root) for folder in package_folders() for root in roots)
    assert all(os.path.exists(root) for root in roots)
    assert not any(a != b and a.startswith(b + os.sep) for a in roots for b in roots)


def test_the_advice_says_how_to_restore_what_changed(environment):
    assert "make build" in restore_advice(["/x/dist/iris/autograder.zip"])
    assert "run the same command again" in restore_advice(["/usr/lib/python3.11/os.py"])


def test_folders_other_users_can_read_are_named():
    base = Path(tempfile.mkdtemp(prefix="expuesto-", dir="/tmp"))  # /tmp: every user can enter it
    try:
        os.chmod(base, 0o755)
        closed, open_ = base / "cerrada", base / "abierta"
        for folder, mode in ((closed, 0o700), (open_, 0o755)):
            folder.mkdir()
            os.chmod(folder, mode)
        (closed / "notas").mkdir()
        os.chmod(closed / "notas", 0o755)
        (base / "archivo").write_text("x")
        os.chmod(base / "archivo", 0o600)
        candidates = [closed, open_, closed / "notas", base / "archivo", base / "no-existe"]
        assert exposed_to_others(candidates) == [open_]
        os.chmod(base, 0o700)
        assert exposed_to_others(candidates) == []
    finally:
        shutil.rmtree(base)
