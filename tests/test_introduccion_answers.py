"""Introducción al machine learning: hidden tests on prepared answers, in process. Wrong answers lose
their own question's points and no other's; correct variants keep full marks (the cases:
``introduccion_cases.py``; how they are scored: ``answer_rounds.py``)."""

import pytest
from answer_rounds import check_coverage, score_alternative, score_wrong_round
from introduccion_cases import ALTERNATIVE_ROUNDS, WRONG_ROUNDS, WRONG_SOURCES


@pytest.fixture(scope="module")
def solution(introduccion_runner):
    """The solution's namespace, executed once for this module."""
    return introduccion_runner.run()


def test_solution_gets_full_marks(introduccion_runner, solution, introduccion_full_marks):
    assert introduccion_runner.score(solution) == introduccion_full_marks
    assert introduccion_full_marks == {"q1": 2, "q2": 4, "q3": 3, "q4": 3, "q5": 4, "q6": 3, "q7": 4, "q8": 4}


@pytest.mark.parametrize("cases", WRONG_ROUNDS, ids=[f"round{n}" for n in range(1, len(WRONG_ROUNDS) + 1)])
def test_wrong_answers_fail_their_tests_and_lose_only_their_questions(cases, introduccion_runner, solution,
                                                                      introduccion_full_marks):
    score_wrong_round(introduccion_runner, solution, introduccion_full_marks, cases)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ROUNDS, ids=[c[0] for c in ALTERNATIVE_ROUNDS])
def test_alternative_answers_keep_full_marks(case, answer, introduccion_runner, solution, introduccion_full_marks):
    score_alternative(introduccion_runner, solution, introduccion_full_marks, answer)


def test_every_hidden_test_fails_on_some_wrong_answer_and_each_question_on_two(introduccion_runner):
    check_coverage(introduccion_runner, WRONG_ROUNDS, WRONG_SOURCES, n_questions=8)
