"""How prepared answers are scored in rounds, shared by the workshops' answer tests.

Scoring a namespace costs an export and a rebuild of every model, so the prepared answers are
scored in rounds: each round changes at most one answer per question, and must fail exactly the
union of its answers' hidden tests. As each test belongs to one question, that pins every failure
on its own answer, and the questions a round leaves alone keep all their points.

A workshop's cases module lists ``WRONG_ROUNDS`` (rounds of ``(case, failing tests, answer)``,
``answer(namespace)`` giving the changed variables), ``ALTERNATIVE_ROUNDS`` (``(case, answer)``,
correct answers that keep full marks) and ``WRONG_SOURCES`` (``(case, failing tests,
replacements)``, wrong code written into the solution's source).
"""

import os
import textwrap

from autograder.hidden_tests import case_sources


def failed_hidden_tests(scores):
    return {test for test, (hidden, _) in scores.failed.items() if hidden}


def question_of(test_name):
    return test_name.split("_")[1]


def fails_exactly(scores, full_marks, failing_tests):
    """Exactly the named hidden tests fail; their questions lose points, every other keeps all."""
    assert failed_hidden_tests(scores) == failing_tests, scores.failed
    questions = {question_of(test) for test in failing_tests}
    assert all(scores[question] < full_marks[question] for question in questions), scores
    assert {q: s for q, s in scores.items() if q not in questions} == {
        q: m for q, m in full_marks.items() if q not in questions}


def wrong_cases(wrong_rounds, wrong_sources):
    """Every wrong answer, in rounds or in the source, with the hidden tests it fails."""
    return [(case, failing) for cases in wrong_rounds for case, failing, _ in cases] + [
        (case, failing) for case, failing, _ in wrong_sources]


def score_wrong_round(runner, solution, full_marks, cases):
    """One round of wrong answers, at most one per question, fails exactly their hidden tests."""
    questions = [question_of(next(iter(failing))) for _, failing, _ in cases]
    assert len(questions) == len(set(questions)), "one answer per question in a round"
    answers = {}
    for _, _, answer in cases:
        answers.update(answer(solution))
    fails_exactly(runner.score(solution.with_values(**answers)), full_marks,
                  set().union(*(failing for _, failing, _ in cases)))


def score_alternative(runner, solution, full_marks, answer):
    """A correct variant keeps full marks, with no hidden test failing."""
    scores = runner.score(solution.with_values(**answer(solution)))
    assert failed_hidden_tests(scores) == set(), scores.failed
    assert scores == full_marks


def check_coverage(runner, wrong_rounds, wrong_sources, n_questions):
    """Every hidden test fails on some wrong answer, and every question has two wrong answers."""
    covered = set().union(*(failing for _, failing in wrong_cases(wrong_rounds, wrong_sources)))
    assert set(case_sources(runner.autograder_zip, hidden=True)) == covered
    per_question = {}
    for case, failing in wrong_cases(wrong_rounds, wrong_sources):
        for question in {question_of(test) for test in failing}:
            per_question.setdefault(question, []).append(case)
    assert sorted(per_question, key=lambda q: int(q[1:])) == [f"q{n}" for n in range(1, n_questions + 1)]
    assert all(len(cases) >= 2 for cases in per_question.values()), per_question


def in_notebook(source, *names):
    """An answer: ``source`` run after the solution's cells, on a copy of its namespace and in its
    folder, giving the variables ``names`` it (re)defined."""

    def answer(ns):
        namespace = dict(ns)
        previous = os.getcwd()
        os.chdir(ns.work_dir)
        try:
            exec(compile(textwrap.dedent(source), "<celda>", "exec"), namespace)
        finally:
            os.chdir(previous)
        return {name: namespace[name] for name in names}

    return answer


def combined(*answers):
    """One answer made of several (each on the solution's namespace)."""
    def answer(ns):
        values = {}
        for each in answers:
            values.update(each(ns))
        return values

    return answer
