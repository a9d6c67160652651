"""Checks on Keras models: type, input, layers, parameters, weights and outputs."""

import sys

import numpy as np

from .arrays import require, tolerance


def is_keras_instance(value, *path) -> bool:
    """Whether ``value`` is an instance of the Keras class at ``path`` (``"callbacks",
    "Callback"``). Where Keras was never imported no Keras object exists, so the answer is no
    without importing it (seconds a grading of an unanswered notebook saves)."""
    keras = sys.modules.get("keras")
    if keras is None:
        return False
    kind = keras
    for name in path:
        kind = getattr(kind, name)
    return isinstance(value, kind)


def check_model(value, name):
    """Check that ``value`` is a built Keras model; return it."""
    if not is_keras_instance(require(value, name), "Model"):
        raise AssertionError(
            f"`{name}` debería ser un modelo de Keras, pero es de tipo {type(value).__name__}."
        )
    if not value.built:
        raise AssertionError(
            f"`{name}` todavía no está construido: indique la forma de la entrada con `Input`."
        )
    return value


def _activation_name(activation):
    return getattr(activation, "__name__", type(activation).__name__)


# Layers that only apply an activation, as the name of that activation.
_ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "ELU": "elu", "LeakyReLU": "leaky_relu",
                      "PReLU": "prelu"}


def layer_signature(model):
    """The model's layers as ``(kind, units, activation)``, independent of the API style.

    Input layers are skipped and an activation layer (``Activation``, ``Softmax``, ``ReLU``, ...)
    that follows a layer without activation is merged into it, so ``Dense(2, activation="tanh")``
    and ``Dense(2), Activation("tanh")`` give the same signature, as do
    ``Dense(3, activation="softmax")`` and ``Dense(3), Softmax()``.
    """
    signature = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        activation = getattr(layer, "activation", None)
        activation = None if activation is None else _activation_name(activation)
        if kind in _ACTIVATION_LAYERS:
            kind, activation = "Activation", _ACTIVATION_LAYERS[kind]
        if kind == "Activation" and signature and signature[-1][2] in ("linear", None):
            signature[-1] = (signature[-1][0], signature[-1][1], activation)
            continue
        signature.append((kind, getattr(layer, "units", None), activation))
    return signature


def _describe(signature):
    parts = []
    for kind, units, activation in signature:
        details = ", ".join(str(item) for item in (units, activation) if item is not None)
        parts.append(f"{kind}({details})")
    return " → ".join(parts) if parts else "(sin capas)"


def check_architecture(model, name, *, expected):
    """Check the layer sequence (see ``layer_signature``) against ``expected``."""
    model = check_model(model, name)
    found = layer_signature(model)
    expected = [tuple(item) for item in expected]
    if found != expected:
        raise AssertionError(
            f"Las capas de `{name}` deberían ser {_describe(expected)}, pero son {_describe(found)}."
        )
    return found


def check_input_shape(model, name, *, expected):
    """Check the shape of one input example (without the batch dimension); return it."""
    model = check_model(model, name)
    found = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    if found != tuple(expected):
        raise AssertionError(
            f"La entrada de `{name}` debería recibir ejemplos de forma {tuple(expected)}, "
            f"pero recibe {found}."
        )
    return found


def _count(weights):
    return int(sum(int(np.prod(weight.shape)) for weight in weights))


def check_param_counts(model, name, *, total=None, trainable=None, non_trainable=None):
    """Check parameter counts, computed from the weights themselves; return them as a dict."""
    model = check_model(model, name)
    counts = {
        "total": _count(model.weights),
        "trainable": _count(model.trainable_weights),
        "non_trainable": _count(model.non_trainable_weights),
    }
    labels = {"total": "en total", "trainable": "entrenables", "non_trainable": "no entrenables"}
    for key, wanted in (("total", total), ("trainable", trainable), ("non_trainable", non_trainable)):
        if wanted is not None and counts[key] != wanted:
            raise AssertionError(
                f"`{name}` debería tener {wanted} parámetros {labels[key]}, pero tiene {counts[key]}."
            )
    return counts


def check_layer_names(model, name, *, expected):
    """Check that the model has a layer named as each of ``expected``; return all its layers' names."""
    model = check_model(model, name)
    found = [layer.name for layer in model.layers]
    missing = [layer_name for layer_name in expected if layer_name not in found]
    if missing:
        raise AssertionError(
            f"`{name}` debería tener capas llamadas {', '.join(map(repr, missing))}; "
            f"sus capas se llaman {', '.join(map(repr, found))}."
        )
    return found


def check_weight_shapes(weights, names, *, expected):
    """Check that each array in ``weights`` (named by ``names``) has the shape ``expected`` gives
    for it; return the shapes found."""
    shapes = []
    for weight, weight_name, shape in zip(weights, names, expected, strict=True):
        found = tuple(np.shape(require(weight, weight_name)))
        if found != tuple(shape):
            raise AssertionError(
                f"`{weight_name}` debería tener forma {tuple(shape)}, pero tiene forma {found}."
            )
        shapes.append(found)
    return shapes


def _outputs(model, inputs):
    return np.asarray(model(np.asarray(inputs, dtype="float32"), training=False))


def check_same_outputs(model, name, *, expected, inputs, atol=1e-6, rtol=1e-5):
    """Check that ``model`` gives the outputs of the model ``expected`` for ``inputs``; return them."""
    model = check_model(model, name)
    found, wanted = _outputs(model, inputs), _outputs(expected, inputs)
    if found.shape != wanted.shape:
        raise AssertionError(
            f"`{name}` produce salidas de forma {found.shape}; el modelo con el que debería coincidir, "
            f"de forma {wanted.shape}."
        )
    if not np.allclose(found, wanted, atol=atol, rtol=rtol):
        raise AssertionError(
            f"`{name}` no produce las mismas salidas que el modelo con el que debería coincidir: la mayor "
            f"diferencia es {float(np.max(np.abs(found - wanted))):.3g} ({tolerance(atol, rtol)})."
        )
    return found


def check_equivalent_given_weights(model, name, *, expected, inputs, atol=1e-6, rtol=1e-5):
    """Check that ``model`` computes the same function as the model ``expected`` once given its
    weights; return the clone that got them.

    The weights of ``expected``'s layers that have any are copied, in order, into a clone of
    ``model``; the student's model itself is left untouched.
    """
    reference = expected
    model = check_model(model, name)
    import keras

    clone = keras.models.clone_model(model)
    target_layers = [layer for layer in clone.layers if layer.weights]
    source_layers = [layer for layer in reference.layers if layer.weights]
    if len(target_layers) != len(source_layers):
        raise AssertionError(
            f"`{name}` tiene {len(target_layers)} capas con pesos; se esperaban "
            f"{len(source_layers)}."
        )
    for target, source in zip(target_layers, source_layers):
        shapes = [tuple(w.shape) for w in target.weights]
        wanted = [tuple(w.shape) for w in source.weights]
        if shapes != wanted:
            raise AssertionError(
                f"La capa {target.name!r} de `{name}` tiene pesos de formas {shapes}; "
                f"se esperaban {wanted}."
            )
        target.set_weights(source.get_weights())
    check_same_outputs(clone, name, expected=reference, inputs=inputs, atol=atol, rtol=rtol)
    return clone


def _penalty_factors(regularizer):
    """``(l1, l2)`` of a Keras ``L1``, ``L2`` or ``L1L2`` regularizer; ``(0, 0)`` for ``None``; ``None``
    for any other kind."""
    if regularizer is None:
        return 0.0, 0.0
    if type(regularizer).__name__ not in ("L1", "L2", "L1L2"):
        return None
    config = regularizer.get_config()
    return float(config.get("l1", 0.0)), float(config.get("l2", 0.0))


def check_regularizer(layer, name, *, kernel=(0.0, 0.0), bias=(0.0, 0.0), activity=None, rtol=1e-6):
    """Check a layer's kernel and bias regularizers, and its activity regularizer when ``activity``
    is given, as ``(l1, l2)`` factors (``l2(0.01)`` is ``(0, 0.01)``, ``l1_l2(l1=0.01, l2=0.01)`` is
    ``(0.01, 0.01)``, none is ``(0, 0)``); return those checked.

    Each is one pair, or a list of the pairs allowed (``[(0, 0), (0, 0.01)]``: the bias unpenalized
    or with the kernel's l2)."""
    found = {}
    parts = [("kernel", kernel), ("bias", bias)] + ([("activity", activity)] if activity is not None else [])
    for part, wanted in parts:
        allowed = [wanted] if np.ndim(wanted) == 1 else list(wanted)
        regularizer = getattr(require(layer, name), f"{part}_regularizer", None)
        factors = _penalty_factors(regularizer)
        if factors is None:
            raise AssertionError(f"El `{part}_regularizer` de `{name}` debería ser de `keras.regularizers` "
                                 f"(l1, l2 o l1_l2), pero es de tipo {type(regularizer).__name__}.")
        if not any(np.allclose(factors, pair, rtol=rtol, atol=0.0) for pair in allowed):
            options = " o con ".join(f"l1={l1:g} y l2={l2:g}" for l1, l2 in allowed)
            raise AssertionError(f"El `{part}_regularizer` de `{name}` debería penalizar con {options}, pero "
                                 f"penaliza con l1={factors[0]:g} y l2={factors[1]:g}.")
        found[part] = factors
    return found
