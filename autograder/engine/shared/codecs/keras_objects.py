"""Keras: models as ``.keras`` files (loaded back in Keras's safe mode), training histories as
their data, a student's own callback as the attributes it recorded (never its methods), and the
objects Keras configures (optimizers, regularizers, losses, metrics, initializers, constraints,
layers) as their configuration."""

import json
import os

from .common import json_default, library_name, loaded


def encode(encoder, value, depth):
    keras = loaded("keras")
    if keras is None:
        return None
    if isinstance(value, keras.Model):
        if not value.built:
            return {"unbuilt_model": keras.saving.serialize_keras_object(value)}
        path, relative = encoder.path("models", ".keras")
        _restore_compiled_optimizer(value)
        value.save(path)
        encoder.count(os.path.getsize(path))
        return {"keras_model": relative}
    if isinstance(value, keras.callbacks.History):
        return {"history": {"history": encoder.value(dict(value.history), depth + 1),
                            "params": encoder.value(dict(value.params or {}), depth + 1),
                            "epoch": encoder.value(list(value.epoch), depth + 1)}}
    if isinstance(value, keras.callbacks.Callback) and type(value).__module__ == "__main__":
        return {"recorded_callback": {"class_name": type(value).__name__,
                                      "attributes": encoder.attributes(value, depth)}}
    configurable = (keras.optimizers.Optimizer, keras.regularizers.Regularizer, keras.losses.Loss,
                    keras.metrics.Metric, keras.initializers.Initializer, keras.constraints.Constraint,
                    keras.layers.Layer)
    if isinstance(value, configurable) and library_name(type(value))[0].startswith("keras"):
        return {"keras_object": json.loads(json.dumps(keras.saving.serialize_keras_object(value),
                                                      default=json_default))}
    return None


def _restore_compiled_optimizer(model):
    """Put a compiled model's optimizer back into its compile settings: Keras's HDF5 saver
    (``model.save("….h5")``, which a student may call) removes it from them, and the model would
    then come back compiled with Keras's default optimizer instead of its own."""
    settings = getattr(getattr(model, "_compile_config", None), "config", None)
    if (getattr(model, "compiled", False) and isinstance(settings, dict) and "optimizer" not in settings
            and getattr(model, "optimizer", None) is not None):
        settings["optimizer"] = model.optimizer


def _keras_model(decoder, relative, depth):
    import keras

    return keras.models.load_model(decoder.inside(str(relative)), safe_mode=True)


def _keras_object(decoder, config, depth):
    import keras

    return keras.saving.deserialize_keras_object(config, safe_mode=True)


def _history(decoder, spec, depth):
    import keras

    history = keras.callbacks.History()
    history.history = decoder.value(spec["history"], depth + 1)
    history.params = decoder.value(spec["params"], depth + 1)
    history.epoch = decoder.value(spec["epoch"], depth + 1)
    return history


def _recorded_callback(decoder, spec, depth):
    """A student's own Keras callback: a ``Callback`` of the same class name holding the
    attributes it recorded (never the student's methods)."""
    import keras

    class_name = str(spec.get("class_name", "Callback"))[:80]
    cls = type(class_name if class_name.isidentifier() else "CallbackDelEstudiante", (keras.callbacks.Callback,),
               {"__doc__": "A student's callback, rebuilt as the attributes it recorded."})
    callback = cls()
    for name, value in decoder.attributes(spec, depth, f"`{class_name}`").items():
        if not name.startswith("__") and not hasattr(keras.callbacks.Callback, name):
            callback.__dict__[name] = value
    return callback


DECODERS = {"keras_model": _keras_model, "unbuilt_model": _keras_object, "keras_object": _keras_object,
            "history": _history, "recorded_callback": _recorded_callback}
