"""Multiperceptrón II: answers written into the solution's source, then executed, so that later
cells see their effects: wrong ones lose only their questions' points; the deck's code keeps full
marks. Apart from ``test_multiperceptron2_answers.py`` so that the two run on both cores."""

import pytest
from multiperceptron2_cases import ALTERNATIVE_SOURCES, WRONG_SOURCES, failed_hidden_tests, fails_exactly


@pytest.mark.parametrize("case, failing_tests, replacements", WRONG_SOURCES, ids=[c[0] for c in WRONG_SOURCES])
def test_wrong_code_fails_its_tests_and_loses_only_its_questions(case, failing_tests, replacements,
                                                                 multiperceptron2_runner, multiperceptron2_full_marks):
    fails_exactly(multiperceptron2_runner.score(multiperceptron2_runner.run(replacements)),
                  multiperceptron2_full_marks, failing_tests)


@pytest.mark.parametrize("case, replacements", ALTERNATIVE_SOURCES, ids=[c[0] for c in ALTERNATIVE_SOURCES])
def test_deck_code_keeps_full_marks(case, replacements, multiperceptron2_runner, multiperceptron2_full_marks):
    scores = multiperceptron2_runner.score(multiperceptron2_runner.run(replacements))
    assert failed_hidden_tests(scores) == set(), scores.failed
    assert scores == multiperceptron2_full_marks
