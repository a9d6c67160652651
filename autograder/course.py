"""The course-wide settings in ``solutions/course.yml``: Otter Assign's, and this project's own
``talleres`` section (removed before Otter reads the file, which refuses keys it does not know)."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .project import COURSE_CONFIG, SOLUTIONS_DIR

OWN_SECTION = "talleres"


@dataclass(frozen=True)
class CourseSettings:
    """What a TA sets once for the whole course."""

    python_version: str  # the Python every environment runs; the build checks it is this one
    show_hidden: bool  # students see hidden tests' results on Gradescope at once (else once published)
    support_url: str  # where each workshop's student bundle is published: <url>/<name>/<name>-estudiante.zip
    setup_cell: Path  # the template of every student notebook's first cell


def otter_config(path: Path = COURSE_CONFIG) -> dict:
    """``course.yml`` as Otter Assign reads it: without this project's own section."""
    config = _load(path)
    config.pop(OWN_SECTION, None)
    return config


def course_settings(path: Path = COURSE_CONFIG) -> CourseSettings:
    config = _load(path)
    own = config.get(OWN_SECTION) or {}
    unknown = sorted(set(own) - {"support_url", "setup_cell"})
    if unknown:
        raise ValueError(f"{path.name}: unknown keys in section {OWN_SECTION!r}: {', '.join(unknown)}")
    return CourseSettings(
        python_version=str(config.get("python_version")),
        show_hidden=bool((config.get("generate") or {}).get("show_hidden")),
        support_url=str(own.get("support_url") or "").rstrip("/"),
        setup_cell=SOLUTIONS_DIR / str(own.get("setup_cell") or "setup_cell.py"),
    )


def _load(path: Path) -> dict:
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(config, dict):
        raise ValueError(f"{path}: expected a mapping of settings")
    return config
