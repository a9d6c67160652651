"""Checks on Keras models: type, input, layers, parameters, weights and outputs."""

import numpy as np


def check_model(value, name):
    """Check that ``value`` is a built Keras model; return it."""
    import keras

    if value is None or value is Ellipsis:
        raise AssertionError(f"`{name}` todavía no tiene valor: complete la celda que lo define.")
    if not isinstance(value, keras.Model):
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


def layer_signature(model):
    """The model's layers as ``(kind, units, activation)``, independent of the API style.

    Input layers are skipped and an ``Activation`` layer that follows a layer without activation is
    merged into it, so ``Dense(2, activation="tanh")`` and ``Dense(2), Activation("tanh")`` give the
    same signature.
    """
    signature = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        activation = getattr(layer, "activation", None)
        activation = None if activation is None else _activation_name(activation)
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


def check_architecture(model, name, expected):
    """Check the layer sequence (see ``layer_signature``) against ``expected``."""
    model = check_model(model, name)
    found = layer_signature(model)
    expected = [tuple(item) for item in expected]
    if found != expected:
        raise AssertionError(
            f"Las capas de `{name}` deberían ser {_describe(expected)}, pero son {_describe(found)}."
        )
    return found


def check_input_shape(model, name, shape):
    """Check the shape of one input example (without the batch dimension)."""
    model = check_model(model, name)
    found = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    if found != tuple(shape):
        raise AssertionError(
            f"La entrada de `{name}` debería recibir ejemplos de forma {tuple(shape)}, "
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


def check_layer_names(model, name, expected_names):
    """Check that the model has layers with each of ``expected_names``."""
    model = check_model(model, name)
    found = [layer.name for layer in model.layers]
    missing = [layer_name for layer_name in expected_names if layer_name not in found]
    if missing:
        raise AssertionError(
            f"`{name}` debería tener capas llamadas {', '.join(map(repr, missing))}; "
            f"sus capas se llaman {', '.join(map(repr, found))}."
        )
    return found


def check_weight_shapes(weights, names, expected_shapes):
    """Check that each array in ``weights`` has the corresponding shape."""
    for weight, weight_name, shape in zip(weights, names, expected_shapes, strict=True):
        if weight is None or weight is Ellipsis:
            raise AssertionError(f"`{weight_name}` todavía no tiene valor.")
        found = tuple(np.shape(weight))
        if found != tuple(shape):
            raise AssertionError(
                f"`{weight_name}` debería tener forma {tuple(shape)}, pero tiene forma {found}."
            )
    return [tuple(shape) for shape in expected_shapes]


def _outputs(model, inputs):
    return np.asarray(model(np.asarray(inputs, dtype="float32"), training=False))


def check_same_outputs(model, reference, inputs, name, *, atol=1e-6):
    """Check that ``model`` and ``reference`` give the same outputs for ``inputs``."""
    model = check_model(model, name)
    found, expected = _outputs(model, inputs), _outputs(reference, inputs)
    if found.shape != expected.shape or not np.allclose(found, expected, atol=atol):
        raise AssertionError(
            f"`{name}` no produce las mismas salidas que el modelo con el que debería coincidir."
        )
    return found


def check_equivalent_given_weights(model, reference, inputs, name, *, atol=1e-6):
    """Check that ``model`` computes the same function as ``reference`` once given its weights.

    The weights of ``reference``'s layers that have any are copied, in order, into a clone of
    ``model``; the student's model itself is left untouched.
    """
    import keras

    model = check_model(model, name)
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
    check_same_outputs(clone, reference, inputs, name, atol=atol)
    return clone
