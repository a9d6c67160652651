"""Optuna: a study as its directions and trials, rebuilt in phase 2 as a real in-memory study with
the same trials (no trial runs again); a ``FixedTrial`` as the values it was made with."""

from .common import loaded


def encode(encoder, value, depth):
    optuna = loaded("optuna")
    if optuna is None:
        return None
    if isinstance(value, optuna.study.Study):
        from optuna.distributions import distribution_to_json

        trials = [{"number": trial.number, "state": trial.state.name,
                   "params": encoder.value(dict(trial.params), depth + 1),
                   "distributions": {name: distribution_to_json(distribution)
                                     for name, distribution in trial.distributions.items()},
                   "values": encoder.value(list(trial.values) if trial.values is not None else None, depth + 1),
                   "intermediate_values": encoder.value({int(step): float(v) for step, v in
                                                         trial.intermediate_values.items()}, depth + 1),
                   "user_attrs": encoder.value(dict(trial.user_attrs), depth + 1)}
                  for trial in value.get_trials(deepcopy=False)]
        return {"study": {"study_name": value.study_name,
                          "directions": [direction.name for direction in value.directions],
                          "trials": trials}}
    if isinstance(value, optuna.trial.FixedTrial):
        return {"fixed_trial": {"params": encoder.value(fixed_trial_values(value), depth + 1), "number": value.number}}
    return None


def fixed_trial_values(trial) -> dict:
    """The values an Optuna ``FixedTrial`` was made with (its ``params`` holds only those that were
    suggested so far)."""
    return dict(getattr(trial, "_params", trial.params))


def _study(decoder, spec, depth):
    """An in-memory Optuna study with the exported study's directions and trials, in order."""
    import optuna
    from optuna.distributions import json_to_distribution

    def value(item):
        return decoder.value(item, depth + 1)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(directions=[str(direction).lower() for direction in spec["directions"]],
                                study_name=str(spec.get("study_name") or "estudio"))
    for item in spec["trials"]:
        study.add_trial(optuna.trial.create_trial(
            state=optuna.trial.TrialState[str(item["state"])], params=value(item["params"]),
            distributions={str(name): json_to_distribution(text) for name, text in item["distributions"].items()},
            values=value(item["values"]),
            intermediate_values={int(step): float(v) for step, v in value(item["intermediate_values"]).items()},
            user_attrs=value(item["user_attrs"])))
    return study


def _fixed_trial(decoder, spec, depth):
    import optuna

    return optuna.trial.FixedTrial(decoder.value(spec["params"], depth + 1), number=int(spec.get("number", 0)))


DECODERS = {"study": _study, "fixed_trial": _fixed_trial}
