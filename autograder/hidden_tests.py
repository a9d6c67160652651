"""A workshop's test files, read from its autograder zip, and scoring a namespace with them.

Hidden tests are functions of notebook variables; ``score`` runs them against any mapping of
variable names to values, as the engine's evaluation does (``autograder.engine.evaluate``).
"""

from pathlib import Path

from .engine import test_sources


def load_test_files(autograder_zip: Path) -> list:
    """The zip's test files as Otter ``ExceptionTestFile`` objects, in question order."""
    from otter.test_files import ExceptionTestFile

    test_files = [ExceptionTestFile.from_string(source, path=f"tests/{name}")
                  for name, source in test_sources.sources_in_zip(autograder_zip).items()]
    return sorted(test_files, key=lambda test_file: _question_key(test_file.name))


def _question_key(name: str):
    digits = "".join(character for character in name if character.isdigit())
    return (int(digits) if digits else 0, name)


def max_points(test_files) -> dict:
    """Maximum points of each question."""
    return {tf.name: float(sum(case.points for case in tf.test_cases)) for tf in test_files}


def score(test_files, namespace: dict) -> dict:
    """Points earned per question when each test runs against ``namespace``."""
    earned = {}
    for test_file in test_files:
        test_file.run(namespace)
        earned[test_file.name] = float(
            sum(result.test_case.points for result in test_file.test_case_results if result.passed)
        )
    return earned


def failures(test_files) -> dict:
    """For each question, the messages of its failing test cases (after ``score``)."""
    return {
        test_file.name: [r.message for r in test_file.test_case_results if not r.passed]
        for test_file in test_files
    }


def case_sources(autograder_zip: Path, *, hidden: bool) -> dict:
    """Source of each hidden (or public) test case function in the zip, by function name."""
    return test_sources.case_sources(test_sources.sources_in_zip(autograder_zip), hidden=hidden)


def hidden_source_lines(autograder_zip: Path) -> set:
    """The hidden test cases' lines that are scrubbed from every output."""
    return test_sources.hidden_lines(test_sources.sources_in_zip(autograder_zip))

