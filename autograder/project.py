"""Where the project's trees are, and the pins that every environment shares."""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS_DIR = ROOT / "solutions"
ASSIGNMENTS_DIR = ROOT / "assignments"
DATASETS_DIR = ROOT / "datasets"
DIST_DIR = ROOT / "dist"
CHECKS_DIR = Path(__file__).resolve().parent / "checks"
ENGINE_DIR = Path(__file__).resolve().parent / "engine"
COURSE_CONFIG = SOLUTIONS_DIR / "course.yml"
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"


def _project() -> dict:
    with open(PYPROJECT, "rb") as file:
        return tomllib.load(file)["project"]


def _extra(name: str) -> list[str]:
    return list(_project()["optional-dependencies"][name])


def otter_requirement() -> str:
    """The pinned otter-grader: what a student's ``grader.check`` and ``grader.export`` run on."""
    return next(pin for pin in _project()["dependencies"] if pin.startswith("otter-grader=="))


def notebook_requirements() -> list[str]:
    """The pinned packages the notebooks import (``pyproject.toml``'s ``notebook`` extra)."""
    return _extra("notebook")


def grading_requirements() -> list[str]:
    """What the notebooks and the grading engine need: every autograder zip installs exactly this."""
    return notebook_requirements() + _extra("grading")


def python_version() -> str:
    """The ``major.minor`` Python version of this environment: the one the zips are built for."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"
