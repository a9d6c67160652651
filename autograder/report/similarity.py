"""Similar answers across a class, per question, to flag for a human look (never to accuse).

A student's answer to a question is the code in the cells before that question's
``grader.check("q…")`` cell, without the lines the student notebook already had (the template:
stubs, given code, the check cells). It is compared as tokens (Python's ``tokenize``), with comments,
docstrings and whitespace dropped and every name the student's notebook binds (variables,
functions, parameters, imports) replaced by one placeholder, so renaming and recommenting change
nothing. Pairs are scored with RapidFuzz's normalized Indel similarity (``fuzz.ratio``: twice the
longest common token subsequence over both lengths). An untouched stub has no answer, and answers
shorter than ``MIN_TOKENS`` tokens are not compared: a one-line answer is the same for everyone.
Nor is an answer as similar to the workshop's solution: students who write what the course teaches
are not flagged for it.
"""

import ast
import io
import keyword
import re
import tokenize
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

CHECK_CELL = re.compile(r"""^\s*grader\.check\(\s*["']([^"']+)["']\s*\)\s*$""")
DEFAULT_THRESHOLD = 0.9
MIN_TOKENS = 15
# What one answer may weigh in the comparison: a notebook can be 50 MB, a report stays quick.
MAX_CELL_CHARS = 100_000
MAX_TOKENS = 5_000
PLACEHOLDER = "NOMBRE"
FIRST_CODE_POINT = 0xF0000  # each distinct token becomes one character from here (planes 15 and 16)
SKIPPED_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                  tokenize.ENDMARKER, tokenize.ENCODING}
WORDS = re.compile(r"\w+|[^\w\s]")
ASSIGNED = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)", re.MULTILINE)  # in a cell that does not parse


@dataclass(frozen=True)
class Answer:
    """What one student wrote for one question: the lines as written, and as compared."""

    student_id: str
    question: str
    lines: list
    tokens: list


@dataclass(frozen=True)
class SimilarPair:
    question: str
    first: Answer
    second: Answer
    score: float  # 0 to 1


@dataclass
class Similarity:
    """The flagged pairs (most similar first) and what was compared."""

    threshold: float
    pairs: list = field(default_factory=list)
    compared: dict = field(default_factory=dict)  # question -> answers compared
    expected: dict = field(default_factory=dict)  # question -> answers set aside as the solution's
    unreadable: list = field(default_factory=list)  # (student id, why)
    note: str = ""  # why nothing was compared, when nothing was
    caveat: str = ""  # what the comparison could not do

    def by_students(self) -> list:
        """``[((first, second), [question, ...])]``, the pairs flagged in most questions first."""
        grouped = {}
        for pair in self.pairs:
            grouped.setdefault((pair.first.student_id, pair.second.student_id), []).append(pair.question)
        return sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))


def code_cells(notebook) -> list:
    return [str(cell.get("source", "")) for cell in notebook.get("cells", [])
            if isinstance(cell, dict) and cell.get("cell_type") == "code"]


def segments(notebook) -> dict:
    """``{question: [source of each code cell before its check cell]}``; cells after the last check
    (the export cell) belong to no question."""
    found, current = {}, []
    for source in code_cells(notebook):
        check = CHECK_CELL.match(source.strip())
        if check:
            found.setdefault(check.group(1), []).extend(current)
            current = []
        else:
            current.append(source)
    return found


class Template:
    """The student notebook as handed out: its questions, the names it binds, and its lines as
    tokens, read once for the whole class."""

    def __init__(self, notebook):
        self.questions = list(segments(notebook))
        self.bound = bound_names(notebook)
        self._lines = [tuple(raw) for source in code_cells(notebook) for raw in raw_line_tokens(source).values()]

    def lines(self, bound: set) -> set:
        """Every line, as compared with the names ``bound`` (the template's and a student's): what
        no student wrote, however renamed."""
        return {tuple(normalized(raw, bound)) for raw in self._lines}


def bound_names(notebook) -> set:
    """The names the notebook's code binds: assigned, defined, imported, parameters, loop targets."""
    names = set()
    for source in code_cells(notebook):
        source = _without_magics(source[:MAX_CELL_CHARS])
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            names.update(ASSIGNED.findall(source))
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return names - set(keyword.kwlist)


def _without_magics(source: str) -> str:
    """IPython's ``%magic`` and ``!shell`` lines blanked, so that the cell parses as Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def raw_line_tokens(source: str) -> dict:
    """``{line number: [(token, whether it is a name a notebook could bind)]}`` of a cell's lines
    that have tokens to compare; a cell that does not tokenize is split into words and symbols."""
    source = _without_magics(source[:MAX_CELL_CHARS])
    try:
        found = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        words = {number: [(word, word.isidentifier()) for word in WORDS.findall(line)]
                 for number, line in enumerate(source.splitlines(), start=1)}
        return {number: tokens for number, tokens in words.items() if tokens}
    bare = _bare_strings(found)
    lines, previous = {}, None
    for token in found:
        if token.type in SKIPPED_TOKENS:
            continue
        if token.start not in bare:
            attribute = previous is not None and previous.string == "."
            lines.setdefault(token.start[0], []).append(
                (token.string, token.type == tokenize.NAME and not attribute))
        previous = token
    return lines


def normalized(raw: list, bound: set) -> list:
    """The tokens of a line with every name in ``bound`` replaced by the placeholder."""
    return [PLACEHOLDER if renamable and text in bound else text for text, renamable in raw]


def _bare_strings(tokens) -> set:
    """Where the strings that are statements of their own (docstrings) start: prose, like comments."""
    significant = [t for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]
    statement_edges = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    return {token.start for position, token in enumerate(significant)
            if token.type == tokenize.STRING
            and (position == 0 or significant[position - 1].type in statement_edges)
            and (position + 1 == len(significant)
                 or significant[position + 1].type in (tokenize.NEWLINE, tokenize.ENDMARKER))}


def answer_of(student_id: str, question: str, cells: list, template_lines: set, bound: set) -> Answer:
    lines, tokens = [], []
    for source in cells:
        written = source[:MAX_CELL_CHARS].splitlines()
        for number, raw in raw_line_tokens(source).items():
            found = normalized(raw, bound)
            if tuple(found) not in template_lines:
                lines.append(written[number - 1].rstrip())
                tokens += found
    return Answer(student_id, question, lines, tokens[:MAX_TOKENS])


def answers_of(student_id: str, notebook, template: Template) -> dict:
    """``{question: Answer}`` of one notebook, the answers long enough to compare."""
    bound = bound_names(notebook) | template.bound
    template_lines = template.lines(bound)
    answers = {question: answer_of(student_id, question, cells, template_lines, bound)
               for question, cells in segments(notebook).items()}
    return {question: answer for question, answer in answers.items() if len(answer.tokens) >= MIN_TOKENS}


def _encoded(tokens: list, vocabulary: dict) -> str:
    """``tokens`` as a string of one character per token, for RapidFuzz."""
    return "".join(chr(FIRST_CODE_POINT + vocabulary.setdefault(token, len(vocabulary))) for token in tokens)


def compare(notebooks: dict, template_notebook, *, solution_notebook=None,
            threshold: float = DEFAULT_THRESHOLD) -> Similarity:
    """The pairs of ``notebooks`` (``{student id: notebook}``) whose answers to a question score at
    least ``threshold``. An answer as similar to the solution's (``solution_notebook``) is the
    expected one: students who all wrote it are not flagged."""
    template = Template(template_notebook)
    expected = answers_of("", solution_notebook, template) if solution_notebook is not None else {}
    answers = {}
    for student_id, notebook in sorted(notebooks.items()):
        for question, answer in answers_of(student_id, notebook, template).items():
            answers.setdefault(question, []).append(answer)
    similarity = Similarity(threshold)
    cutoff = threshold * 100
    for question in template.questions:
        vocabulary = {}
        found = answers.get(question, [])
        texts = [_encoded(answer.tokens, vocabulary) for answer in found]
        if question in expected and found:
            reference = _encoded(expected[question].tokens, vocabulary)
            like_solution = process.cdist([reference], texts, scorer=fuzz.ratio, workers=1)[0]
            similarity.expected[question] = int(sum(score >= cutoff for score in like_solution))
            found = [answer for answer, score in zip(found, like_solution) if score < cutoff]
            texts = [text for text, score in zip(texts, like_solution) if score < cutoff]
        similarity.compared[question] = len(found)
        if len(found) < 2:
            continue
        scores = process.cdist(texts, texts, scorer=fuzz.ratio, workers=1)
        for first in range(len(found)):
            for second in range(first + 1, len(found)):
                if scores[first][second] >= cutoff:
                    similarity.pairs.append(SimilarPair(question, found[first], found[second],
                                                        float(scores[first][second]) / 100))
    similarity.pairs.sort(key=lambda pair: (-pair.score, pair.question, pair.first.student_id, pair.second.student_id))
    return similarity
