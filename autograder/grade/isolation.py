"""Which guarantee a TA's grading run gives, decided once before the first submission.

- As root, each notebook runs as a sandbox user of its own (``engine.sandbox``). Where root can
  make mount namespaces, the notebook sees only the system, the Python environment and its own
  folder; where it cannot, it sees what file permissions let any user see, so the folders that hold
  submissions, grades, tests or solutions must be closed to other users: grading refuses to start
  otherwise, and says which and how to close them.
- As any other user, the notebook runs as the TA's own user: nothing stops it from writing the
  environment, so the environment (and the autograder zip) is fingerprinted before the batch, and
  every submission's engine compares against that fingerprint (``engine.environment``).
"""

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..engine.environment import Fingerprint, environment_roots
from ..engine.sandbox import SandboxError, is_root, view_available
from ..project import ROOT

PRIVATE_PROJECT_DIRS = ("solutions", "tests", "dist", ".git")


@dataclass(frozen=True)
class Isolation:
    """The mode of a run: ``root`` (sandboxed notebooks), with a ``view`` or not; otherwise the
    ``baseline`` fingerprint that every engine checks the environment against."""

    root: bool
    view: bool = False
    baseline: Fingerprint | None = None

    def describe(self) -> str:
        if self.root:
            return ("isolation: each notebook runs as its own unprivileged user" +
                    (" and sees only the system, the Python environment and its folder" if self.view else
                     " (no mount namespaces here: other users' file permissions protect the rest)"))
        return ("isolation: none (not root); changes to the Python environment are detected, "
                "and stop the batch")


def prepare(*, autograder_zip: Path, private_paths=()) -> Isolation:
    """The mode this process grades in; ``SandboxError`` when, as root without a view, a private
    folder (``private_paths`` and the project's own) is open to other users."""
    if not is_root():
        return Isolation(root=False, baseline=Fingerprint.of(environment_roots([autograder_zip])))
    with tempfile.TemporaryDirectory(prefix="vista-") as probe:
        view = view_available(Path(probe))
    if not view:
        exposed = exposed_to_others([*private_paths, autograder_zip, *(ROOT / name for name in PRIVATE_PROJECT_DIRS)])
        if exposed:
            listed = " ".join(str(path) for path in exposed)
            raise SandboxError(
                f"this system does not let root hide files from the notebooks, and other users can read "
                f"{listed}: close them first (`chmod o-rwx {listed}`), or grade in a container that "
                "allows mount namespaces (README, 'Isolation')")
    return Isolation(root=True, view=view)


def exposed_to_others(paths) -> list:
    """Those of ``paths`` that exist and that a user who is neither owner nor group could read."""
    return [Path(path) for path in paths if Path(path).exists() and _readable_by_others(Path(path).resolve())]


def _readable_by_others(path: Path) -> bool:
    for parent in reversed(path.parents):
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    mode = os.stat(path).st_mode
    return bool(mode & stat.S_IROTH) or (stat.S_ISDIR(mode) and bool(mode & stat.S_IXOTH))
