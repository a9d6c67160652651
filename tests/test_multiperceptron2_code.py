"""Multiperceptrón II: answers written into the solution's source, then executed, so that later
cells see their effects. One run (the solution takes minutes): the deck's own code where it gives
code keeps its questions' points, beside wrong code elsewhere that loses only its own questions'.
Apart from ``test_multiperceptron2_answers.py`` so that the two run on both cores."""

from answer_rounds import fails_exactly
from multiperceptron2_cases import ALTERNATIVE_SOURCES, WRONG_SOURCES


def test_deck_code_keeps_its_points_and_wrong_code_loses_only_its_own(multiperceptron2_runner,
                                                                      multiperceptron2_full_marks):
    replacements = [replacement for _, replacements in ALTERNATIVE_SOURCES for replacement in replacements]
    replacements += [replacement for _, _, replacements in WRONG_SOURCES for replacement in replacements]
    failing = set().union(*(failing for _, failing, _ in WRONG_SOURCES))
    fails_exactly(multiperceptron2_runner.score(multiperceptron2_runner.run(replacements)),
                  multiperceptron2_full_marks, failing)
