"""Selección de hiperparámetros: hidden tests on prepared answers, in process. Wrong answers lose
their own question's points and no other's; correct variants keep full marks (the cases:
``hiperparametros_cases.py``; how they are scored: ``answer_rounds.py``; the answers written into
the solution's source: ``test_hiperparametros_code.py``)."""

import pytest
from answer_rounds import check_coverage, score_alternative, score_wrong_round
from hiperparametros_cases import ALTERNATIVE_ROUNDS, WRONG_ROUNDS, WRONG_SOURCES


@pytest.fixture(scope="module")
def solution(hiperparametros_runner):
    """The solution's namespace, executed once for this module."""
    return hiperparametros_runner.run()


def test_solution_gets_full_marks(hiperparametros_runner, solution, hiperparametros_full_marks):
    assert hiperparametros_runner.score(solution) == hiperparametros_full_marks
    assert hiperparametros_full_marks == {"q1": 3, "q2": 4, "q3": 3, "q4": 2, "q5": 6, "q6": 5, "q7": 2}


@pytest.mark.parametrize("cases", WRONG_ROUNDS, ids=[f"round{n}" for n in range(1, len(WRONG_ROUNDS) + 1)])
def test_wrong_answers_fail_their_tests_and_lose_only_their_questions(cases, hiperparametros_runner, solution,
                                                                      hiperparametros_full_marks):
    score_wrong_round(hiperparametros_runner, solution, hiperparametros_full_marks, cases)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ROUNDS, ids=[c[0] for c in ALTERNATIVE_ROUNDS])
def test_alternative_answers_keep_full_marks(case, answer, hiperparametros_runner, solution,
                                             hiperparametros_full_marks):
    score_alternative(hiperparametros_runner, solution, hiperparametros_full_marks, answer)


def test_every_hidden_test_fails_on_some_wrong_answer_and_each_question_on_two(hiperparametros_runner):
    check_coverage(hiperparametros_runner, WRONG_ROUNDS, WRONG_SOURCES, n_questions=7)
