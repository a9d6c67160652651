"""A workshop's test files, read from its autograder zip, and scoring a namespace with them.

Hidden tests are functions of notebook variables; ``score`` runs them against any mapping of
variable names to values, so they can be evaluated outside the notebook that made the values.
"""

import ast
import re
import zipfile
from pathlib import Path


def load_test_files(autograder_zip: Path) -> list:
    """The zip's test files as Otter ``ExceptionTestFile`` objects, in question order."""
    from otter.test_files import ExceptionTestFile

    test_files = []
    with zipfile.ZipFile(autograder_zip) as archive:
        for name in archive.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                source = archive.read(name).decode()
                test_files.append(ExceptionTestFile.from_string(source, path=name))
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


ERROR_LOCATION = re.compile(r"^\s*Error at line \d+ in test [^:]*:\s*$")


def case_sources(autograder_zip: Path, *, hidden: bool) -> dict:
    """Source of each hidden (or public) test case function in the zip, by function name."""
    functions = {}
    with zipfile.ZipFile(autograder_zip) as archive:
        for name in archive.namelist():
            if not (name.startswith("tests/") and name.endswith(".py")):
                continue
            source = archive.read(name).decode()
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef) and hidden == _is_hidden(node):
                    functions[node.name] = ast.get_source_segment(source, node)
    return functions


def _is_hidden(function: ast.FunctionDef) -> bool:
    return any(
        keyword.arg == "hidden" and isinstance(keyword.value, ast.Constant) and keyword.value.value
        for decorator in function.decorator_list if isinstance(decorator, ast.Call)
        for keyword in decorator.keywords
    )


def hidden_source_lines(autograder_zip: Path) -> set:
    """Every non-blank line of the hidden test cases' source, stripped."""
    return {line.strip() for source in case_sources(autograder_zip, hidden=True).values()
            for line in source.splitlines() if line.strip()}


def scrub(text: str, hidden_lines: set) -> str:
    """``text`` without Otter's "Error at line ..." locations and without hidden test source lines."""
    kept = [line for line in text.splitlines()
            if not ERROR_LOCATION.match(line) and line.strip() not in hidden_lines]
    return "\n".join(kept) + ("\n" if text.endswith("\n") else "")
