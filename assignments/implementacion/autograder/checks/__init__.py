"""Checks that the workshops' tests call.

Every check raises ``AssertionError`` with a Spanish message that names the thing checked, what
was found and what was expected, and returns what it checked. This package imports nothing from
the rest of ``autograder``: the build copies it next to each student notebook.
"""

from .arrays import check_array, check_close, check_equal, check_one_hot
from .models import (
    check_architecture,
    check_equivalent_given_weights,
    check_input_shape,
    check_layer_names,
    check_model,
    check_param_counts,
    check_same_outputs,
    check_weight_shapes,
    layer_signature,
)
from .training import (
    check_early_stopping,
    check_loss,
    check_metrics,
    check_optimizer,
    check_stopped_early,
    loss_name,
)
from .evaluation import (
    check_beats_baseline,
    check_disjoint,
    check_in_range,
    check_normalization_adapted,
    check_split,
)
from .numerics import check_derivative, check_gradients, check_separates, check_shapes, tape_gradients

__all__ = [
    "check_architecture",
    "check_array",
    "check_close",
    "check_early_stopping",
    "check_equivalent_given_weights",
    "check_equal",
    "check_input_shape",
    "check_layer_names",
    "check_loss",
    "check_metrics",
    "check_model",
    "check_one_hot",
    "check_optimizer",
    "check_param_counts",
    "check_same_outputs",
    "check_stopped_early",
    "check_weight_shapes",
    "layer_signature",
    "loss_name",
    "check_beats_baseline",
    "check_derivative",
    "check_disjoint",
    "check_gradients",
    "check_in_range",
    "check_normalization_adapted",
    "check_separates",
    "check_shapes",
    "check_split",
    "tape_gradients",
]
