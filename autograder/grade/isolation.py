"""Which guarantee a TA's grading run gives, decided once before the first submission.

- As root, each notebook runs as a sandbox user of its own (``engine.phase1.sandbox``). Where root can
  make mount namespaces, the notebook sees only the system, the Python environment and its own
  folder; where it cannot, it sees what file permissions let any user see, so the folders that hold
  submissions, grades, tests or solutions must be closed to other users: grading refuses to start
  otherwise, and says which and how to close them.
- As any other user on Linux, each notebook runs in user namespaces of its own (bubblewrap where it
  is installed, the launcher's own ``unshare`` otherwise) with the same view as root's.
- Where neither works (macOS, kernels without user namespaces), or when the TA asks for ``none``,
  the notebook runs as the TA's own user: nothing stops it from writing the environment, so the
  environment (and the autograder zip) is fingerprinted before the batch, and every submission's
  engine compares against that fingerprint (``engine.phase1.environment``); the batch says before grading
  what this mode does not guarantee.
"""

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..engine.phase1.environment import Fingerprint, environment_roots
from ..engine.phase1.sandbox import SandboxError, choose_namespaces, is_root, view_problem
from ..project import ROOT

PRIVATE_PROJECT_DIRS = ("solutions", "tests", "dist", ".git")
CHOICES = ("auto", "bwrap", "unshare", "none")  # what a TA may ask for when not root


@dataclass(frozen=True)
class Isolation:
    """The mode of a run: ``root`` (sandboxed notebooks), with a ``view`` or not (``problem``: why
    not); otherwise the ``namespaces`` kind, or, without one, the ``baseline`` fingerprint that
    every engine checks the environment against (``problem``: why no namespaces)."""

    root: bool
    view: bool = False
    namespaces: str | None = None
    baseline: Fingerprint | None = None
    problem: str = ""

    def engine_options(self) -> list:
        """What the engine is told of this mode."""
        options = ["--namespaces", self.namespaces] if self.namespaces else []
        return options + (["--environment-digest", self.baseline.digest] if self.baseline is not None else [])

    def describe(self) -> str:
        if self.root:
            return ("isolation: each notebook runs as its own unprivileged user" +
                    (" and sees only the system, the Python environment and its folder" if self.view else
                     f" (no mount namespaces here: {self.problem}; other users' file permissions protect the rest)"))
        if self.namespaces:
            return (f"isolation: each notebook runs in user namespaces of its own ({self.namespaces}) and sees only "
                    "the system, the Python environment and its folder: no process of the grader, no network")
        return ("isolation: none (not root, and no user namespaces: " + self.problem + "). Changes to the Python "
                "environment are detected and stop the batch, but a notebook can read your files (hidden tests, "
                "solutions, other submissions and grades), interfere with submissions graded at the same time, "
                "and stop or kill the grader: grade untrusted submissions as root or where user namespaces work "
                "(README, 'Isolation')")


def prepare(*, autograder_zip: Path, private_paths=(), requested: str = "auto") -> Isolation:
    """The mode this process grades in; ``SandboxError`` when, as root without a view, a private
    folder (``private_paths`` and the project's own) is open to other users, or when the
    ``requested`` kind of namespaces (not ``auto``) does not work here."""
    if requested not in CHOICES:
        raise SandboxError(f"unknown isolation {requested!r}: expected one of {', '.join(CHOICES)}")
    if not is_root():
        kind, problems = choose_namespaces(requested)
        if kind:
            return Isolation(root=False, namespaces=kind)
        problem = "; ".join(f"{name}: {why}" for name, why in problems.items()) or "--isolation none"
        if requested not in ("auto", "none"):
            raise SandboxError(f"--isolation {requested} does not work here ({problem})")
        return Isolation(root=False, baseline=Fingerprint.of(environment_roots([autograder_zip])), problem=problem)
    if requested != "auto":
        raise SandboxError("as root each notebook runs as a user of its own: --isolation applies to other users")
    with tempfile.TemporaryDirectory(prefix="vista-") as probe:
        problem = view_problem(Path(probe))
    if problem:
        exposed = exposed_to_others([*private_paths, autograder_zip, *(ROOT / name for name in PRIVATE_PROJECT_DIRS)])
        if exposed:
            listed = " ".join(str(path) for path in exposed)
            raise SandboxError(
                f"root cannot hide files from the notebooks here (the view's launcher failed: {problem}), and "
                f"other users can read {listed}: close them first (`chmod o-rwx {listed}`), or grade in a "
                "container that allows mount namespaces (README, 'Isolation')")
    return Isolation(root=True, view=not problem, problem=problem)


def exposed_to_others(paths) -> list:
    """Those of ``paths`` that exist and that a user who is neither owner nor group could read."""
    return [Path(path) for path in paths if Path(path).exists() and _readable_by_others(Path(path).resolve())]


def _readable_by_others(path: Path) -> bool:
    for parent in reversed(path.parents):
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    mode = os.stat(path).st_mode
    return bool(mode & stat.S_IROTH) or (stat.S_ISDIR(mode) and bool(mode & stat.S_IXOTH))
