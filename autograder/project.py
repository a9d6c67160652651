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


def _extra(name: str) -> list[str]:
    with open(PYPROJECT, "rb") as file:
        project = tomllib.load(file)["project"]
    return list(project["optional-dependencies"][name])


def notebook_requirements() -> list[str]:
    """The pinned packages the notebooks import (``pyproject.toml``'s ``notebook`` extra)."""
    return _extra("notebook")


def grading_requirements() -> list[str]:
    """What the notebooks and the grading engine need: every autograder zip installs exactly this."""
    return notebook_requirements() + _extra("grading")


def python_version() -> str:
    """The ``major.minor`` Python version of this environment: the one the zips are built for."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"
