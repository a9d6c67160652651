"""A workshop's test files, read from its autograder zip: their questions and points, and the
hidden tests' source (what must never reach a student). Running them is the engine's job
(``autograder.engine.phase2.evaluate.run_tests``)."""

from pathlib import Path

from .engine.phase2 import test_sources


def load_test_files(autograder_zip: Path) -> list:
    """The zip's test files as Otter ``ExceptionTestFile`` objects, in question order."""
    from otter.test_files import ExceptionTestFile

    test_files = [ExceptionTestFile.from_string(source, path=f"tests/{name}")
                  for name, source in test_sources.sources_in_zip(autograder_zip).items()]
    return sorted(test_files, key=lambda test_file: question_key(test_file.name))


def question_key(name: str):
    """Questions in numeric order: q2 before q10."""
    digits = "".join(character for character in name if character.isdigit())
    return (int(digits) if digits else 0, name)


def max_points(test_files) -> dict:
    """Maximum points of each question."""
    return {tf.name: float(sum(case.points for case in tf.test_cases)) for tf in test_files}


def checks(test_files) -> dict:
    """Each question's test cases in the file's order: ``(function name, hidden, points)``."""
    return {tf.name: [(case.body.test_func.__name__, bool(case.hidden), float(case.points or 0))
                      for case in tf.test_cases]
            for tf in test_files}


def case_sources(autograder_zip: Path, *, hidden: bool) -> dict:
    """Source of each hidden (or public) test case function in the zip, by function name."""
    return test_sources.case_sources(test_sources.sources_in_zip(autograder_zip), hidden=hidden)


def hidden_source_lines(autograder_zip: Path) -> set:
    """The hidden test cases' lines that are scrubbed from every output."""
    return test_sources.hidden_lines(test_sources.sources_in_zip(autograder_zip))

