"""Check a workshop's autograder zip before uploading it to Gradescope.

The zip must hold what grading needs and the pinned environment; the solution must grade to full
marks in Gradescope's layout (``autograder.gradescope``); and that run's peak memory and CPU time
are compared with Gradescope's defaults, with the setting to raise when a default is not enough.
"""

import math
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import gradescope
from ..project import DIST_DIR, grading_requirements, python_version
from ..resources import measure
from ..workshops import get_workshop

GRADESCOPE_MEMORY_MB = 768
GRADESCOPE_CPUS = 0.5
GRADESCOPE_TIMEOUT_S = 600
OTTER_PIN = "otter-grader[grading,plugins]==7.0.0"
REQUIRED_ENTRIES = ("run_autograder", "run_grader.py", "grading.json", "setup.sh", "environment.yml",
                    "autograder/engine/pipeline.py", "autograder/checks/__init__.py")


@dataclass
class PreflightReport:
    """Lines to show, and what stops (problems) or risks (warnings) an upload."""

    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        body = list(self.lines)
        body += [f"WARNING: {warning}" for warning in self.warnings]
        body += [f"PROBLEM: {problem}" for problem in self.problems]
        body.append("ready to upload" if self.ok else "NOT ready to upload")
        return "\n".join(body)


def main(*, workshop, dist_dir=DIST_DIR) -> PreflightReport:
    workshop = get_workshop(workshop)
    autograder_zip = workshop.autograder_zip(dist_dir)
    solution = workshop.solution_notebook(dist_dir)
    if not autograder_zip.is_file() or not solution.is_file():
        raise FileNotFoundError(f"{autograder_zip} not found: build the workshop first (`make build`)")
    report = PreflightReport()
    _check_contents(workshop, autograder_zip, report)
    _check_environment(autograder_zip, report)
    _check_solution_run(workshop, autograder_zip, solution, report)
    return report


def _check_contents(workshop, autograder_zip, report):
    with zipfile.ZipFile(autograder_zip) as archive:
        entries = {info.filename: info.file_size for info in archive.infolist()}
    report.lines.append(f"{autograder_zip} ({sum(entries.values()) / 1024:.0f} KiB unpacked):")
    report.lines += [f"  {name}  {size} B" for name, size in sorted(entries.items())]
    needed = [*REQUIRED_ENTRIES, *(f"files/{name}" for name in workshop.data_files),
              "files/autograder/checks/__init__.py"]
    for name in needed:
        if name not in entries:
            report.problems.append(f"the zip lacks {name}")
    if not any(name.startswith("tests/") for name in entries):
        report.problems.append("the zip has no tests/")


def _check_environment(autograder_zip, report):
    python, pins = gradescope.zip_environment(autograder_zip)
    expected = sorted([*grading_requirements(), OTTER_PIN])
    report.lines.append(f"environment: Python {python}; " + ", ".join(pins))
    if python != python_version():
        report.problems.append(f"the zip installs Python {python}, the project tests {python_version()}")
    if pins != expected:
        report.problems.append(f"the zip pins {pins}, pyproject.toml pins {expected}: rebuild")


def memory_to_ask(peak_mb: float) -> str:
    """The container memory to ask Gradescope for: the peak with a quarter more, in steps of half a
    GB, at least 1 GB."""
    halves = max(2, math.ceil(peak_mb * 1.25 / 512))
    return f"{halves / 2:g} GB"


def _check_solution_run(workshop, autograder_zip, solution, report):
    with tempfile.TemporaryDirectory(prefix="preflight-") as tmp:
        submission = Path(tmp) / workshop.notebook_name
        shutil.copy(solution, submission)
        command = gradescope.prepare(autograder_zip, submission, Path(tmp) / "gradescope")
        usage = measure(command, cwd=tmp)
        try:
            results = gradescope.results_of(Path(tmp) / "gradescope")
        except ValueError as error:
            report.problems.append(f"the solution did not grade in Gradescope's layout: {error}")
            return
    tests = [t for t in results.get("tests", []) if t.get("max_score") is not None]
    score, possible = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
    report.lines.append(f"solution in Gradescope's layout: {score:g} / {possible:g}")
    if score != possible:
        report.problems.append(f"the solution scores {score:g} / {possible:g}, not full marks")

    estimated_wall = usage.cpu_s / GRADESCOPE_CPUS
    report.lines.append(
        f"grading run: {usage.wall_s:.0f} s wall, {usage.cpu_s:.0f} s CPU (about {estimated_wall:.0f} s "
        f"on Gradescope's {GRADESCOPE_CPUS:g} vCPU, limit {GRADESCOPE_TIMEOUT_S} s); peak memory "
        f"{usage.peak_pss_mb:.0f} MB PSS / {usage.peak_rss_mb:.0f} MB RSS (limit {GRADESCOPE_MEMORY_MB} MB)"
    )
    if usage.peak_pss_mb > 0.9 * GRADESCOPE_MEMORY_MB:
        closeness = "over" if usage.peak_pss_mb > GRADESCOPE_MEMORY_MB else "within 10% of"
        report.warnings.append(
            f"peak memory {usage.peak_pss_mb:.0f} MB is {closeness} Gradescope's default "
            f"{GRADESCOPE_MEMORY_MB} MB: in the assignment's Autograder settings, raise the container "
            f"memory (Container Specifications) to at least {memory_to_ask(usage.peak_pss_mb)}, or grading may be killed"
        )
    if estimated_wall > 0.8 * GRADESCOPE_TIMEOUT_S:
        report.warnings.append(
            f"grading needs about {estimated_wall:.0f} s on {GRADESCOPE_CPUS:g} vCPU, close to or over "
            f"the default {GRADESCOPE_TIMEOUT_S} s: raise the Autograder timeout (Autograder settings) "
            "or the container's CPUs"
        )
