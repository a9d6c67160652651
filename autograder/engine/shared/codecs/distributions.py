"""SciPy's frozen distributions (a scikit-learn search space's ``loguniform(3e-4, 3e-2)``) as their
name and numeric arguments; phase 2 freezes again only a distribution ``scipy.stats`` exports,
with numbers for arguments."""

from functools import cache

from .common import int_or_float, loaded, unavailable


def encode(encoder, value, depth):
    frozen = loaded("scipy.stats._distn_infrastructure")
    if frozen is None or not isinstance(value, frozen.rv_frozen):
        return None
    arguments = [int_or_float(argument) for argument in value.args]
    keywords = {str(key): int_or_float(argument) for key, argument in value.kwds.items()}
    if None in arguments or None in keywords.values():
        return unavailable(value, "una distribución con argumentos que no son números")
    return {"scipy_distribution": {"name": value.dist.name, "args": arguments, "kwds": keywords}}


@cache
def scipy_distributions() -> dict:
    """``{name: distribution}`` of the probability distributions ``scipy.stats`` exports
    (``loguniform``, ``randint``, ...), by the name a frozen one gives (``dist.name``)."""
    import scipy.stats

    return {value.name: value for name in dir(scipy.stats) if not name.startswith("_")
            for value in [getattr(scipy.stats, name)] if isinstance(value, (scipy.stats.rv_continuous, scipy.stats.rv_discrete))}


def allowed_distribution(name: str, args, kwds):
    """The SciPy distribution called ``name``, frozen with numeric ``args`` and ``kwds`` (``loc``,
    ``scale`` and its shape parameters); ``ValueError`` for any other name or argument."""
    try:
        distribution = scipy_distributions()[str(name)]
    except KeyError:
        raise ValueError(f"distribución no permitida: {name}") from None
    keywords = {"loc", "scale", *(shape.strip() for shape in (distribution.shapes or "").split(",") if shape.strip())}
    if not (isinstance(args, list) and isinstance(kwds, dict) and set(kwds) <= keywords
            and all(type(number) in (int, float) for number in [*args, *kwds.values()])):
        raise ValueError(f"distribución no permitida: {name} con argumentos que no son números o nombres de los suyos")
    return distribution(*args, **kwds)


def _distribution(decoder, spec, depth):
    return allowed_distribution(spec["name"], spec["args"], spec["kwds"])


DECODERS = {"scipy_distribution": _distribution}
