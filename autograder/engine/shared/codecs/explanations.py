"""SHAP explanations (``shap.Explanation``, what ``explainer(X)`` returns) as their data: the SHAP
values, the base values (the model's average prediction), the examples explained and the feature
names. Phase 2 rebuilds a ``shap.Explanation`` of the same data, so that a test indexes it, sums
its values and checks additivity as it would in the notebook; nothing is explained again."""

from .common import loaded

# The parts of an explanation a test reads, each an array or None (``feature_names`` a list).
PARTS = ("values", "base_values", "data")


def encode(encoder, value, depth):
    shap = loaded("shap")
    if shap is None or not isinstance(value, shap.Explanation):
        return None
    numpy = loaded("numpy")
    description = {part: None if getattr(value, part) is None else encoder.value(numpy.asarray(getattr(value, part)), depth + 1)
                   for part in PARTS}
    names = value.feature_names
    description["feature_names"] = encoder.value(None if names is None else [str(name) for name in names], depth + 1)
    return {"shap_explanation": description}


def _explanation(decoder, spec, depth):
    import numpy
    import shap

    parts = {part: None if spec.get(part) is None else decoder.value(spec[part], depth + 1) for part in PARTS}
    if not all(part is None or isinstance(part, numpy.ndarray) for part in parts.values()):
        raise ValueError("descripción inválida: una parte de la explicación de SHAP no es un arreglo")
    return shap.Explanation(parts["values"], base_values=parts["base_values"], data=parts["data"],
                            feature_names=decoder.value(spec["feature_names"], depth + 1))


DECODERS = {"shap_explanation": _explanation}
