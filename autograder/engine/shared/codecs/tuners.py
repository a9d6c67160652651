"""KerasTuner: a tuner as its search space, objective, trials and best model, rebuilt in phase 2
as a ``RecordedTuner`` that answers what a test asks of a tuner after its search (no search runs
again); ``HyperParameters`` as their configuration."""

import json

from .common import int_or_float, json_default, loaded, number


def encode(encoder, value, depth):
    tuner = loaded("keras_tuner")
    if tuner is None:
        return None
    if isinstance(value, tuner.Tuner):
        return _tuner(encoder, value, depth)
    if isinstance(value, tuner.HyperParameters):
        return {"hyperparameters": _config(value)}
    return None


def _config(hyperparameters):
    return json.loads(json.dumps(hyperparameters.get_config(), default=json_default))


def _tuner(encoder, value, depth):
    oracle = value.oracle
    objective = oracle.objective
    trials = [{"trial_id": str(trial_id), "status": str(trial.status),
               "score": encoder.value(number(trial.score), depth + 1),
               "best_step": encoder.value(number(getattr(trial, "best_step", None)), depth + 1),
               "hyperparameters": _config(trial.hyperparameters)}
              for trial_id, trial in oracle.trials.items()]
    try:
        best_model = encoder.value(value.get_best_models(1)[0], depth + 1)
    except Exception as error:  # noqa: BLE001 - a search that never finished a trial has none
        best_model = {"unavailable": "Model", "reason": f"la búsqueda no tiene un mejor modelo ({type(error).__name__})"}
    return {"tuner": {"class_name": type(value).__name__,
                      "objective": {"name": str(getattr(objective, "name", objective)),
                                    "direction": str(getattr(objective, "direction", ""))},
                      "max_trials": encoder.value(getattr(oracle, "max_trials", None), depth + 1),
                      "executions_per_trial": encoder.value(int_or_float(getattr(value, "executions_per_trial", None)),
                                                            depth + 1),
                      "seed": encoder.value(number(getattr(oracle, "seed", None)), depth + 1),
                      "search_space": _config(oracle.get_space()),
                      "trials": trials, "best_model": best_model}}


class RecordedOracle:
    """The part of a KerasTuner oracle that a test reads: search space, objective, trials, seed."""

    def __init__(self, hyperparameters, objective, trials, max_trials, seed=None):
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.objective = objective
        self.trials = trials
        self.max_trials = max_trials

    def get_space(self):
        return self.hyperparameters

    def get_best_trials(self, num_trials=1):
        finished = [trial for trial in self.trials.values()
                    if trial.status == "COMPLETED" and trial.score is not None]
        reverse = str(self.objective.direction) == "max"
        return sorted(finished, key=lambda trial: trial.score, reverse=reverse)[:num_trials]


class RecordedTuner:
    """A KerasTuner tuner after its search, as data: ``oracle``, the trainings per trial, the best
    hyperparameters and the best model (the only model exported)."""

    def __init__(self, class_name, oracle, best_model, executions_per_trial=None):
        self.class_name = class_name
        self.oracle = oracle
        self.executions_per_trial = executions_per_trial
        self._best_model = best_model

    def get_best_hyperparameters(self, num_trials=1):
        return [trial.hyperparameters for trial in self.oracle.get_best_trials(num_trials)]

    def get_best_models(self, num_models=1):
        return [self._best_model][:num_models]


def _recorded_tuner(decoder, spec, depth):
    import keras_tuner

    def value(item):
        return decoder.value(item, depth + 1)

    trials = {}
    for item in spec["trials"]:
        trial = keras_tuner.engine.trial.Trial(_hyperparameters(decoder, item["hyperparameters"], depth),
                                               trial_id=str(item["trial_id"]), status=str(item["status"]))
        trial.score = value(item["score"])
        trial.best_step = value(item.get("best_step", {"json": None}))
        trials[trial.trial_id] = trial
    objective = spec.get("objective", {})
    oracle = RecordedOracle(_hyperparameters(decoder, spec["search_space"], depth),
                            keras_tuner.Objective(str(objective.get("name", "val_loss")),
                                                  str(objective.get("direction") or "min")),
                            trials, value(spec.get("max_trials", {"json": None})), value(spec.get("seed", {"json": None})))
    class_name = str(spec.get("class_name", "Tuner"))
    named = type(class_name if class_name.isidentifier() else "Tuner", (RecordedTuner,), {})
    return named(class_name, oracle, value(spec.get("best_model", {"json": None})),
                 value(spec.get("executions_per_trial", {"json": None})))


def _hyperparameters(decoder, config, depth):
    import keras_tuner

    return keras_tuner.HyperParameters.from_config(config)


DECODERS = {"tuner": _recorded_tuner, "hyperparameters": _hyperparameters}
