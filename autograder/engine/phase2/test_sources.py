"""A workshop's test files (Otter's exception format), read as source: the variables they take, the
hidden tests' text, and scrubbing that text out of anything a student can see."""

import ast
import re
import zipfile
from pathlib import Path

HIDDEN_TEXT = "[texto de una prueba oculta]"
MIN_SCRUBBED_LENGTH = 12
ERROR_LOCATION = re.compile(r"Error at line \d+ in test [^:\n]*:")


def sources_in_dir(tests_dir: Path) -> dict:
    """``{file name: source}`` of the test files in ``tests_dir``."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(Path(tests_dir).glob("*.py"))}


def sources_in_zip(autograder_zip: Path) -> dict:
    """``{file name: source}`` of the test files in an autograder zip's ``tests/``."""
    with zipfile.ZipFile(autograder_zip) as archive:
        return {name.split("/", 1)[1]: archive.read(name).decode()
                for name in sorted(archive.namelist())
                if name.startswith("tests/") and name.endswith(".py")}


def _test_functions(source: str):
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.decorator_list:
            yield node


def _is_hidden(function: ast.FunctionDef) -> bool:
    return any(
        keyword.arg == "hidden" and isinstance(keyword.value, ast.Constant) and keyword.value.value
        for decorator in function.decorator_list if isinstance(decorator, ast.Call)
        for keyword in decorator.keywords
    )


def variables(sources: dict) -> list:
    """The notebook variables the tests take as parameters, in order of first use."""
    names = []
    for source in sources.values():
        for function in _test_functions(source):
            names += [argument.arg for argument in function.args.args]
    return list(dict.fromkeys(name for name in names if name != "env"))


def case_sources(sources: dict, *, hidden: bool) -> dict:
    """Source of each hidden (or public) test case function, by function name."""
    return {function.name: ast.get_source_segment(source, function)
            for source in sources.values() for function in _test_functions(source)
            if _is_hidden(function) == hidden}


def hidden_lines(sources: dict) -> set:
    """Every line of the hidden test cases' source long enough to be worth scrubbing, stripped."""
    lines = set()
    for name, source in case_sources(sources, hidden=True).items():
        lines.add(name)
        lines.update(line.strip() for line in source.splitlines()
                     if len(line.strip()) >= MIN_SCRUBBED_LENGTH)
    return lines


def scrubbed_lines(sources: dict) -> set:
    """What ``scrub`` removes: the hidden tests' lines, and every line of the test files, so that
    no test's text reaches a results file even when the student's code read the files."""
    lines = hidden_lines(sources)
    for source in sources.values():
        lines.update(line.strip() for line in source.splitlines() if len(line.strip()) >= MIN_SCRUBBED_LENGTH)
    return lines


def scrub(text: str, lines: set) -> str:
    """``text`` without hidden tests' lines, as written or as Python quotes them, nor Otter's
    "Error at line" locations."""
    text = ERROR_LOCATION.sub("", str(text))
    for line in sorted(lines, key=len, reverse=True):
        for form in {line, repr(line)[1:-1], line.replace("\\", "\\\\")}:
            if form in text:
                text = text.replace(form, HIDDEN_TEXT)
    return text
