"""Multiperceptrón II: hidden tests on prepared answers, in process. Wrong answers lose their own
question's points and no other's; correct variants keep full marks (the cases:
``multiperceptron2_cases.py``; how they are scored: ``answer_rounds.py``; the answers written into
the solution's source: ``test_multiperceptron2_code.py``)."""

import pytest
from answer_rounds import check_coverage, score_alternative, score_wrong_round
from multiperceptron2_cases import ALTERNATIVE_ROUNDS, WRONG_ROUNDS, WRONG_SOURCES


@pytest.fixture(scope="module")
def solution(multiperceptron2_runner):
    """The solution's namespace, executed once for this module."""
    return multiperceptron2_runner.run()


def test_solution_gets_full_marks(multiperceptron2_runner, solution, multiperceptron2_full_marks):
    assert multiperceptron2_runner.score(solution) == multiperceptron2_full_marks
    assert multiperceptron2_full_marks == {"q1": 4, "q2": 2, "q3": 3, "q4": 3, "q5": 2, "q6": 2, "q7": 4, "q8": 5,
                                           "q9": 2, "q10": 5}


@pytest.mark.parametrize("cases", WRONG_ROUNDS, ids=[f"round{n}" for n in range(1, len(WRONG_ROUNDS) + 1)])
def test_wrong_answers_fail_their_tests_and_lose_only_their_questions(cases, multiperceptron2_runner, solution,
                                                                      multiperceptron2_full_marks):
    score_wrong_round(multiperceptron2_runner, solution, multiperceptron2_full_marks, cases)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ROUNDS, ids=[c[0] for c in ALTERNATIVE_ROUNDS])
def test_alternative_answers_keep_full_marks(case, answer, multiperceptron2_runner, solution,
                                             multiperceptron2_full_marks):
    score_alternative(multiperceptron2_runner, solution, multiperceptron2_full_marks, answer)


def test_every_hidden_test_fails_on_some_wrong_answer_and_each_question_on_two(multiperceptron2_runner):
    check_coverage(multiperceptron2_runner, WRONG_ROUNDS, WRONG_SOURCES, n_questions=10)
