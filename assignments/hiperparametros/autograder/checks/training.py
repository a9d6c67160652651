"""Checks on how a model is compiled: loss, optimizer, metrics."""

import math
import re

from .models import check_model

# Names Keras accepts for one loss, mapped to one canonical name.
_LOSS_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "bce": "binary_crossentropy",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "k_l_divergence": "kl_divergence",  # KLDivergence, snake-cased
}
# Names Keras accepts for one metric, mapped to one name (``"mae"`` and ``MeanAbsoluteError()`` alike).
_METRIC_ALIASES = {"acc": "accuracy", "mae": "mean_absolute_error", "mse": "mean_squared_error",
                   "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error"}
# The concrete accuracy Keras picks for "accuracy" with each loss: a student may name it (as Géron
# does), and it is the accuracy the question asks for.
_ACCURACY_FOR_LOSS = {"categorical_crossentropy": "categorical_accuracy",
                      "sparse_categorical_crossentropy": "sparse_categorical_accuracy",
                      "binary_crossentropy": "binary_accuracy"}
# `keras.metrics.Accuracy()` counts outputs exactly equal to their labels: never the accuracy of
# probabilities. Named apart from "accuracy", which Keras resolves by the loss.
_EXACT_ACCURACY = "Accuracy() (igualdad exacta)"


def _snake_case(text):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", text).lower()


def loss_name(loss):
    """Canonical name of a loss given as a string, a function or a loss object.

    ``"mse"``, ``"mean_squared_error"`` and ``MeanSquaredError()`` all give ``"mean_squared_error"``.
    """
    if isinstance(loss, str):  # Keras takes a class name ("BinaryCrossentropy") as well
        name = _snake_case(loss) if re.fullmatch(r"(?:[A-Z][a-z0-9]*)+", loss) else loss
    elif isinstance(loss, dict):  # a serialized loss, as in a compile config
        config = loss.get("config")
        if isinstance(config, str):  # a loss function, serialized by name
            name = config
        elif loss.get("class_name") not in (None, "function"):
            name = _snake_case(loss["class_name"])
        else:
            name = (config or {}).get("name", "")
    elif hasattr(loss, "fn") and hasattr(loss, "get_config"):  # a keras.losses.Loss object
        name = _snake_case(type(loss).__name__)
    else:
        name = getattr(loss, "__name__", type(loss).__name__)
    name = name.lower()
    return _LOSS_ALIASES.get(name, name)


def _compile_setting(model, name, key):
    model = check_model(model, name)
    if not getattr(model, "compiled", False):
        raise AssertionError(f"`{name}` todavía no está compilado: llame a `compile`.")
    return model.get_compile_config().get(key)


def check_loss(model, name, *, expected):
    """Check the model's loss; ``expected`` is one name or a collection of accepted names."""
    accepted = {loss_name(item) for item in ([expected] if isinstance(expected, str) else expected)}
    _compile_setting(model, name, "loss")
    loss = getattr(model, "loss", None)
    found = loss_name(loss) if loss is not None else None
    if found not in accepted:
        raise AssertionError(
            f"La función de costo de `{name}` debería ser {' o '.join(sorted(accepted))}, "
            f"pero es {found}."
        )
    return found


def _setting_value(value):
    return float(value.numpy() if hasattr(value, "numpy") else value)


def check_optimizer(model, name, *, expected, learning_rate=None, settings=None, rtol=1e-6):
    """Check the optimizer's class name (``expected``, e.g. ``"SGD"``), its learning rate and its
    other numeric ``settings`` (``{"momentum": 0.9}``), as given; return it."""
    model = check_model(model, name)
    _compile_setting(model, name, "optimizer")
    optimizer = model.optimizer
    found = type(optimizer).__name__
    if found.lower() != expected.lower():
        raise AssertionError(f"`{name}` debería usar el optimizador {expected}, pero usa {found}.")
    if learning_rate is not None:
        rate = _setting_value(optimizer.learning_rate)
        if not math.isclose(rate, learning_rate, rel_tol=rtol):
            raise AssertionError(
                f"La tasa de aprendizaje de `{name}` debería ser {learning_rate:g}, "
                f"pero es {rate:g} (tolerancia relativa: rtol={rtol:g})."
            )
    for setting, wanted in (settings or {}).items():
        value = _setting_value(getattr(optimizer, setting, math.nan))
        if not math.isclose(value, wanted, rel_tol=rtol):
            raise AssertionError(f"El optimizador {found} de `{name}` debería tener {setting}={wanted:g}, "
                                 f"pero tiene {setting}={value:g}.")
    return optimizer


def _metric_names(metrics):
    names = []
    for metric in metrics or []:
        if isinstance(metric, (list, tuple)):
            names += _metric_names(metric)
        elif isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict):  # serialized: a metric object, or a function by its name
            config = metric.get("config")
            names.append(config if isinstance(config, str) else _EXACT_ACCURACY if metric.get("class_name") == "Accuracy"
                         else (config or {}).get("name", metric.get("class_name", "")))
        else:
            names.append(_EXACT_ACCURACY if type(metric).__name__ == "Accuracy"
                         else getattr(metric, "name", type(metric).__name__))
    return names


def check_metrics(model, name, *, expected):
    """Check that each metric in ``expected`` was given to ``compile``; ``"accuracy"`` is also
    given as the concrete accuracy that matches the model's loss (``categorical_accuracy`` with
    ``categorical_crossentropy``), never as ``keras.metrics.Accuracy()`` (exact equality)."""
    found = _metric_names(_compile_setting(model, name, "metrics"))
    loss = getattr(model, "loss", None)
    concrete = _ACCURACY_FOR_LOSS.get(loss_name(loss) if loss is not None else None)

    def normalized(metric):
        metric = _METRIC_ALIASES.get(metric, metric)
        return _snake_case("accuracy" if metric == concrete else metric).replace("_", "")

    given = {normalized(metric) for metric in found if metric != _EXACT_ACCURACY}
    missing = [metric for metric in expected if normalized(metric) not in given]
    if missing:
        raise AssertionError(
            f"`{name}` debería medir {', '.join(missing)} durante el entrenamiento; "
            f"mide {', '.join(found) if found else 'ninguna métrica'}."
        )
    return found
