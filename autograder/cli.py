"""Command line: ``python -m autograder build | grade | report | preflight``; each command is a thin wrapper."""

import argparse
import sys
from pathlib import Path

from .engine.processes import adopt_orphans, kill_descendants
from .engine.settings import Limits
from .grade.isolation import CHOICES
from .moodle.download import is_download
from .project import DIST_DIR
from .report.similarity import DEFAULT_THRESHOLD
from .workshops import WORKSHOPS


def _build(args):
    from .builder import main as build

    build(workshops=args.workshops, workers=args.workers)


def _grade(args):
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb, output_mb=args.output_mb)
    adopt_orphans()  # whatever a grading run leaves behind becomes this process's, and is killed
    try:
        submissions = Path(args.submission)
        if submissions.is_dir() or is_download(submissions):
            from .batch import main as grade_batch

            folder = submissions.resolve()
            out = Path(args.out) if args.out else folder.with_name(f"{folder.stem}-grades")
            report = grade_batch(workshop=args.workshop, submissions_dir=folder, out=out, limits=limits,
                                 workers=args.workers, force=args.force, dist_dir=args.dist, roster=args.roster,
                                 worksheet=args.hoja, isolation_choice=args.isolation)
            print(report.summary())
        else:
            if args.roster or args.hoja:
                raise ValueError("--roster and --hoja apply to a folder of submissions or Moodle's download (a "
                                 "batch), not to one submission")
            from .grade import main as grade

            outcome = grade(workshop=args.workshop, submission=args.submission, out=args.out,
                            limits=limits, dist_dir=args.dist, isolation_choice=args.isolation)
            print(outcome.summary())
    finally:
        kill_descendants()


def _report(args):
    from .report import main as write_report

    report = write_report(out=args.out, roster=args.roster, worksheet=args.hoja, workshop=args.workshop,
                          submissions_dir=args.submissions, threshold=args.threshold, dist_dir=args.dist)
    print(report.text())


def _preflight(args):
    from .preflight import main as preflight

    report = preflight(workshop=args.workshop)
    print(report.text())
    if not report.ok:
        sys.exit(1)


def parser():
    top = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build student notebooks and autograder zips")
    # argparse checks the empty default of nargs="*" against choices too, hence the [] choice.
    build.add_argument("workshops", nargs="*", choices=[[], *sorted(WORKSHOPS)],
                       metavar="WORKSHOP", help=f"default: all ({', '.join(sorted(WORKSHOPS))})")
    build.add_argument("--workers", type=int, default=None,
                       help="workshops built at once (default: the number of cores; each runs its solution)")
    build.set_defaults(run=_build)

    grade = commands.add_parser(
        "grade", help="grade one submission (.ipynb or Otter export zip) or a folder of them")
    grade.add_argument("workshop", choices=sorted(WORKSHOPS), metavar="WORKSHOP")
    grade.add_argument("submission", help="a notebook, an export zip, a folder of submissions, or Moodle's download "
                                          "of an assignment's submissions (its zip, or the folder it unzips to)")
    grade.add_argument("--out", default=None,
                       help="one submission: the results JSON (default: beside it); a folder: "
                            "the output folder (default: <folder>-grades beside it)")
    grade.add_argument("--workers", type=int, default=None,
                       help="submissions graded at once (default: the number of cores)")
    grade.add_argument("--force", action="store_true",
                       help="regrade submissions that are already graded")
    grade.add_argument("--dist", type=Path, default=DIST_DIR,
                       help=f"where the built autograder zips are (default: {DIST_DIR})")
    defaults = Limits()
    grade.add_argument("--timeout", type=float, default=defaults.timeout,
                       help=f"wall-clock seconds per submission (default: {defaults.timeout:g})")
    grade.add_argument("--memory-mb", type=float, default=defaults.memory_mb,
                       help=f"memory cap of a grading process tree (default: {defaults.memory_mb:g})")
    grade.add_argument("--output-mb", type=float, default=defaults.output_mb,
                       help=f"cap on what a grading run prints (default: {defaults.output_mb:g})")
    grade.add_argument("--roster", type=Path, default=None,
                       help="a folder: also write moodle.csv, mapping student ids through this CSV "
                            "(columns id and email or idnumber)")
    grade.add_argument("--hoja", type=Path, default=None,
                       help="Moodle's download: the assignment's grading worksheet (downloaded from it), to fill "
                            "in as moodle-hoja.csv (default: a new worksheet)")
    grade.add_argument("--isolation", choices=CHOICES, default="auto",
                       help="not root: how notebooks are isolated (default auto: bubblewrap, else the "
                            "launcher's own user namespaces, else none; README, 'Isolation')")
    grade.set_defaults(run=_grade)

    report = commands.add_parser(
        "report", help="write the class report (report.html) of a graded folder, and Moodle grades")
    report.add_argument("out", type=Path, help="the output folder of `grade` on a folder")
    report.add_argument("--roster", type=Path, default=None,
                        help="CSV with columns id and email or idnumber: also write moodle.csv")
    report.add_argument("--hoja", type=Path, default=None,
                        help="Moodle's download: the grading worksheet to fill in (default: the batch's)")
    report.add_argument("--submissions", type=Path, default=None,
                        help="the submissions folder (default: the one the batch graded)")
    report.add_argument("--workshop", choices=sorted(WORKSHOPS), default=None,
                        help="default: the one the batch graded")
    report.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"similarity from which two answers are flagged, 0 to 1 (default: {DEFAULT_THRESHOLD})")
    report.add_argument("--dist", type=Path, default=DIST_DIR,
                        help=f"where the built autograder zips are, for the checks' names (default: {DIST_DIR})")
    report.set_defaults(run=_report)

    preflight = commands.add_parser(
        "preflight", help="check an autograder zip against Gradescope before uploading it")
    preflight.add_argument("workshop", choices=sorted(WORKSHOPS), metavar="WORKSHOP")
    preflight.set_defaults(run=_preflight)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted: what was graded is kept; run the same command again to resume",
              file=sys.stderr)
        sys.exit(130)
