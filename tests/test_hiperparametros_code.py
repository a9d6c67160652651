"""Selección de hiperparámetros: answers written into the solution's source, then executed, so that
later cells see their effects. One run: the deck's own code (its search space with `reciprocal`,
its callbacks) keeps its questions' points, beside wrong code elsewhere that loses only its own
questions'. Apart from ``test_hiperparametros_answers.py`` so that the two run on both cores."""

from answer_rounds import fails_exactly
from hiperparametros_cases import DECK_SOURCES, WRONG_SOURCES


def test_deck_code_keeps_its_points_and_wrong_code_loses_only_its_own(hiperparametros_runner,
                                                                      hiperparametros_full_marks):
    replacements = [replacement for _, replacements in DECK_SOURCES for replacement in replacements]
    replacements += [replacement for _, _, replacements in WRONG_SOURCES for replacement in replacements]
    failing = set().union(*(failing for _, failing, _ in WRONG_SOURCES))
    fails_exactly(hiperparametros_runner.score(hiperparametros_runner.run(replacements)),
                  hiperparametros_full_marks, failing)
