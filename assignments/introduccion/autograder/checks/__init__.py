"""Checks that the workshops' tests call.

Every check has one shape, ``check_x(value, name, *, expected=..., atol=..., rtol=...)``: the value
checked and the name the student knows it by come first, every option is keyword-only. A check
raises ``AssertionError`` with a Spanish message that names the thing checked, what was found and
what was expected (a tolerance with both ``atol`` and ``rtol``), and returns what it checked. This
package imports nothing from the rest of ``autograder``: the build copies it next to each student
notebook.
"""

from .arrays import check_array, check_close, check_equal, check_one_hot
from .calls import check_raises
from .callbacks import (
    check_callback,
    check_early_stopping,
    check_model_checkpoint,
    check_stopped_early,
    check_tensorboard_logs,
)
from .evaluation import (
    check_beats_baseline,
    check_disjoint,
    check_in_range,
    check_normalization_adapted,
    check_rows_from,
    check_split,
    check_stratified,
)
from .histories import check_history, check_not_validated_on, check_validated_on
from .models import (
    check_architecture,
    check_equivalent_given_weights,
    check_input_shape,
    check_layer_names,
    check_model,
    check_param_counts,
    check_regularizer,
    check_same_outputs,
    check_weight_shapes,
    layer_signature,
)
from .numerics import check_derivative, check_gradients, check_separates, check_shapes, tape_gradients
from .pipelines import check_transformed
from .plots import check_bars, check_figure, check_image, check_line
from .training import check_loss, check_metrics, check_optimizer, loss_name
from .tuning import check_param_distributions, check_search, check_search_space, check_study, check_tuner, search_candidates

__all__ = [
    "check_architecture", "check_array", "check_bars", "check_beats_baseline", "check_callback",
    "check_close", "check_derivative", "check_disjoint", "check_early_stopping", "check_equal",
    "check_equivalent_given_weights", "check_figure", "check_gradients", "check_history", "check_image", "check_in_range",
    "check_input_shape", "check_layer_names", "check_line", "check_loss", "check_metrics", "check_model",
    "check_model_checkpoint", "check_normalization_adapted", "check_not_validated_on", "check_one_hot", "check_optimizer",
    "check_param_counts", "check_param_distributions", "check_raises", "check_regularizer", "check_rows_from", "check_same_outputs", "check_search", "check_search_space",
    "check_separates", "check_shapes", "check_split", "check_stopped_early", "check_stratified", "check_study", "check_tensorboard_logs",
    "check_transformed", "check_tuner", "check_validated_on", "check_weight_shapes", "layer_signature", "loss_name", "search_candidates", "tape_gradients",
]
