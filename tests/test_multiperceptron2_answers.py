"""Multiperceptrón II: hidden tests on prepared answers, in process. Wrong answers lose their own
question's points and no other's; correct variants keep full marks (the cases and how they are
scored in rounds: ``multiperceptron2_cases.py``; the answers written into the solution's source:
``test_multiperceptron2_code.py``)."""

import pytest
from multiperceptron2_cases import (
    ALTERNATIVE_ROUNDS,
    WRONG_ROUNDS,
    failed_hidden_tests,
    fails_exactly,
    question_of,
    wrong_cases,
)

from autograder.hidden_tests import case_sources


@pytest.fixture(scope="module")
def solution(multiperceptron2_runner):
    """The solution's namespace, executed once for this module."""
    return multiperceptron2_runner.run()


def test_solution_gets_full_marks(multiperceptron2_runner, solution, multiperceptron2_full_marks):
    assert multiperceptron2_runner.score(solution) == multiperceptron2_full_marks
    assert multiperceptron2_full_marks == {"q1": 4, "q2": 2, "q3": 3, "q4": 3, "q5": 2, "q6": 3, "q7": 4, "q8": 5,
                                           "q9": 2, "q10": 3}


@pytest.mark.parametrize("cases", WRONG_ROUNDS, ids=[f"round{n}" for n in range(1, len(WRONG_ROUNDS) + 1)])
def test_wrong_answers_fail_their_tests_and_lose_only_their_questions(cases, multiperceptron2_runner, solution,
                                                                      multiperceptron2_full_marks):
    questions = [question_of(next(iter(failing))) for _, failing, _ in cases]
    assert len(questions) == len(set(questions)), "one answer per question in a round"
    answers = {}
    for _, _, answer in cases:
        answers.update(answer(solution))
    fails_exactly(multiperceptron2_runner.score(solution.with_values(**answers)), multiperceptron2_full_marks,
                  set().union(*(failing for _, failing, _ in cases)))


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ROUNDS, ids=[c[0] for c in ALTERNATIVE_ROUNDS])
def test_alternative_answers_keep_full_marks(case, answer, multiperceptron2_runner, solution,
                                             multiperceptron2_full_marks):
    scores = multiperceptron2_runner.score(solution.with_values(**answer(solution)))
    assert failed_hidden_tests(scores) == set(), scores.failed
    assert scores == multiperceptron2_full_marks


def test_every_hidden_test_fails_on_some_wrong_answer(multiperceptron2_runner):
    covered = set().union(*(failing for _, failing in wrong_cases()))
    assert set(case_sources(multiperceptron2_runner.autograder_zip, hidden=True)) == covered


def test_every_question_has_two_wrong_answers():
    per_question = {}
    for case, failing in wrong_cases():
        for question in {question_of(test) for test in failing}:
            per_question.setdefault(question, []).append(case)
    assert sorted(per_question, key=lambda q: int(q[1:])) == [f"q{n}" for n in range(1, 11)]
    assert all(len(cases) >= 2 for cases in per_question.values()), per_question
