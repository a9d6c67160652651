"""Demanda de bicicletas: hidden tests on prepared answers, in process. Wrong answers lose their
own question's points and no other's; correct variants (the deck's code, Géron's, other API
styles) keep full marks (the cases: ``bicicletas_cases.py``; how they are scored:
``answer_rounds.py``)."""

import pytest
from answer_rounds import check_coverage, score_alternative, score_wrong_round
from bicicletas_cases import ALTERNATIVE_ROUNDS, WRONG_ROUNDS, WRONG_SOURCES


@pytest.fixture(scope="module")
def solution(bicicletas_runner):
    """The solution's namespace, executed once for this module."""
    return bicicletas_runner.run()


def test_solution_gets_full_marks(bicicletas_runner, solution, bicicletas_full_marks):
    assert bicicletas_runner.score(solution) == bicicletas_full_marks
    assert bicicletas_full_marks == {"q1": 2, "q2": 4, "q3": 5, "q4": 4, "q5": 3, "q6": 5, "q7": 4}


@pytest.mark.parametrize("cases", WRONG_ROUNDS, ids=[f"round{n}" for n in range(1, len(WRONG_ROUNDS) + 1)])
def test_wrong_answers_fail_their_tests_and_lose_only_their_questions(cases, bicicletas_runner, solution,
                                                                      bicicletas_full_marks):
    score_wrong_round(bicicletas_runner, solution, bicicletas_full_marks, cases)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ROUNDS, ids=[c[0] for c in ALTERNATIVE_ROUNDS])
def test_alternative_answers_keep_full_marks(case, answer, bicicletas_runner, solution, bicicletas_full_marks):
    score_alternative(bicicletas_runner, solution, bicicletas_full_marks, answer)


def test_every_hidden_test_fails_on_some_wrong_answer_and_each_question_on_two(bicicletas_runner):
    check_coverage(bicicletas_runner, WRONG_ROUNDS, WRONG_SOURCES, n_questions=7)
