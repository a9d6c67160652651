"""Command line: ``python -m autograder build`` and ``python -m autograder grade``."""

import argparse
import sys

from .workshops import WORKSHOPS


def _build(args):
    from .build import main as build

    build(workshops=args.workshops)


def _grade(args):
    from .grade import main as grade

    outcome = grade(
        workshop=args.workshop,
        submission=args.submission,
        out=args.out,
        timeout=args.timeout,
    )
    print(outcome.summary())


def parser():
    top = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build student notebooks and autograder zips")
    build.add_argument("workshops", nargs="*", choices=[[], *sorted(WORKSHOPS)],
                       metavar="WORKSHOP", help=f"default: all ({', '.join(sorted(WORKSHOPS))})")
    build.set_defaults(run=_build)

    grade = commands.add_parser("grade", help="grade one submission (.ipynb or Otter export zip)")
    grade.add_argument("workshop", choices=sorted(WORKSHOPS), metavar="WORKSHOP")
    grade.add_argument("submission", help="a notebook or the zip that the export cell produced")
    grade.add_argument("--out", default=None,
                       help="where to write results.json (default: next to the submission)")
    grade.add_argument("--timeout", type=float, default=600.0,
                       help="wall-clock seconds before grading is stopped (default: 600)")
    grade.set_defaults(run=_grade)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
