"""Demanda de bicicletas: the prepared answers its answer tests score (scored in rounds as
``answer_rounds.py`` says), as notebook code run after the solution's cells (``in_notebook``).
Wrong answers keep the rest of the notebook consistent with them (a refitted pipeline transforms
the sets again, a changed search gives its own best model), so that each loses only what its
question's text asks; the searches and studies they repeat run on few rows, to stay quick."""

from answer_rounds import in_notebook

# A KerasTuner search as the solution's, on the first 512 rows of `X_train`: the wrong answers that
# change a search repeat it this way, with the change in {placeholders} (a study: QUICK_STUDY).
QUICK_SEARCH = """
def build_model_variante(hp):
    n_hidden = hp.Int("n_hidden", min_value=0, max_value={n_hidden_max}, default=2)
    n_neurons = hp.Int("n_neurons", min_value=16, max_value=256)
    learning_rate = hp.Float("learning_rate", min_value=1e-4, max_value=1e-2, sampling="log")
    optimizer = hp.Choice("optimizer", values=["sgd", "adam"])
    optimizer = (keras.optimizers.SGD if optimizer == "sgd" else keras.optimizers.Adam)(learning_rate=learning_rate)
    model = Sequential([Input(shape=X_train.shape[1:])])
    for _ in range(n_hidden):
        model.add(Dense(n_neurons, activation="relu"))
    model.add(Dense(1))
    model.compile(loss="{loss}", optimizer=optimizer)
    return model


random_search_tuner = kt.RandomSearch(build_model_variante, objective="val_loss", max_trials=5, overwrite=True,
                                      directory="busqueda_variante", project_name="variante", seed={seed})
random_search_tuner.search(X_train[:512], y_train[:512], epochs=2, batch_size=LOTE_BUSQUEDA,
                           validation_data=(X_valid, y_valid), verbose=0)
mejores_hiperparametros = random_search_tuner.get_best_hyperparameters()[0]
mejor_modelo = random_search_tuner.get_best_models()[0]
rmsle_busqueda = float(np.sqrt(mejor_modelo.evaluate(X_valid, y_valid, verbose=0)))
"""

# The solution's objective, named {name}, trained on `X_train{rows}`, with {placeholders} a case changes.
OBJECTIVE = """
def {name}(prueba):
    n_hidden = prueba.suggest_int("n_hidden", 0, 8)
    n_neurons = prueba.suggest_int("n_neurons", 16, {n_neurons_max})
    learning_rate = prueba.suggest_float("learning_rate", 1e-4, 1e-2, log=True)
    optimizer = prueba.suggest_categorical("optimizer", ["sgd", "adam"])
    optimizer = (keras.optimizers.SGD if optimizer == "sgd" else keras.optimizers.Adam)(learning_rate=learning_rate)
    red = Sequential([Input(shape=X_train.shape[1:])] + [Dense(n_neurons, activation="relu") for _ in range(n_hidden)]
                     + [Dense(1)])
    red.compile(loss="mean_squared_logarithmic_error", optimizer=optimizer)
    historia_prueba = red.fit(X_train{rows}, y_train{rows}, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                              validation_data=(X_valid, y_valid), verbose=0)
    prueba.set_user_attr("val_loss", historia_prueba.history["val_loss"])
    return {returned}
"""

# An Optuna study as the solution's, of that objective on the first 512 rows of `X_train`.
QUICK_STUDY = OBJECTIVE.replace("{name}", "objetivo_variante").replace("{rows}", "[:512]") + """

estudio = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed={seed}))
estudio.optimize(objetivo_variante, n_trials=N_PRUEBAS)
rmsle_optuna = float(np.sqrt(estudio.best_value))
"""

STUDY_NAMES = ("estudio", "rmsle_optuna")  # `objetivo` stays the solution's: the study is what changed


def quick_search(n_hidden_max=8, seed=42, loss="mean_squared_logarithmic_error"):
    return in_notebook(QUICK_SEARCH.format(n_hidden_max=n_hidden_max, seed=seed, loss=loss), "random_search_tuner",
                       "mejores_hiperparametros", "mejor_modelo", "rmsle_busqueda")


def quick_study(n_neurons_max=256, seed="SEMILLA", returned='min(historia_prueba.history["val_loss"])'):
    return in_notebook(QUICK_STUDY.format(n_neurons_max=n_neurons_max, seed=seed, returned=returned), *STUDY_NAMES)


# A pipeline refitted and the sets transformed again with it (the solution's settings unless the case
# changes them).
REFIT_PIPELINE = """
preprocesamiento = {pipeline}
preprocesamiento.fit({fitted_on})
X_train, X_valid, X_test = (np.asarray(preprocesamiento.transform(tabla), dtype="float32")
                            for tabla in (entrenamiento, validacion, prueba))
"""


def refit_pipeline(pipeline, fitted_on="entrenamiento"):
    """Only the pipeline changes: `X_*` stay the solution's, which the networks were trained on."""
    return in_notebook(REFIT_PIPELINE.format(pipeline=pipeline, fitted_on=fitted_on), "preprocesamiento")


SOLUTION_PIPELINE = ("ColumnTransformer([('categoricas', make_pipeline(SimpleImputer(strategy='most_frequent'), "
                     "OneHotEncoder(handle_unknown='ignore')), CATEGORICAS), ('numericas', StandardScaler(), NUMERICAS)], "
                     "sparse_threshold=0)")

# An explanation made as the solution's, with its inputs in {placeholders}, and what it gives.
EXPLAINED = ("fondo", "explicacion", "prediccion_real", "prediccion_media", "diferencia", "figura_shap")
EXPLAIN = """
def predecir_variante(X):
    return {model}.predict(np.asarray(X, dtype="float32"), batch_size=4096, verbose=0).ravel()


fondo = {background}
explicador = shap.explainers.Permutation(predecir_variante, shap.maskers.Independent(fondo), feature_names=nombres,
                                         seed=SEMILLA)
explicacion = explicador({explained})
prediccion_real = float(predecir_variante(X_valid[:1])[0])
prediccion_media = float(explicacion.base_values[0])
diferencia = prediccion_real - prediccion_media
figura_shap = plt.figure()
shap.plots.bar(explicacion, show=False)
figura_shap = plt.gcf()
"""


def explained(model="modelo", background="shap.sample(X_train, N_FONDO, random_state=SEMILLA)",
              rows="X_valid[:N_EXPLICADOS]"):
    return in_notebook(EXPLAIN.format(model=model, background=background, explained=rows), *EXPLAINED)


# `modelo`'s trained layers in a new model compiled with {optimizer}, after {change} edits their
# list `capas`; its optimizer takes `modelo`'s step count, so that `historia` still matches it.
MODEL_COPY = """
capas = list(modelo.layers)
{change}
copia = Sequential([Input(shape=X_train.shape[1:])] + capas)
for capa in copia.layers:
    if capa not in modelo.layers:
        capa.set_weights([np.eye(50, dtype="float32"), np.zeros(50, dtype="float32")])
copia.compile(loss="mean_squared_logarithmic_error", optimizer={optimizer})
copia.optimizer.build(copia.trainable_variables)
copia.optimizer.iterations.assign(modelo.optimizer.iterations)
modelo = copia
"""


def model_copy(change="", optimizer="keras.optimizers.Adam(learning_rate=1e-3)"):
    return in_notebook(MODEL_COPY.format(change=change, optimizer=optimizer), "modelo")


# ---------------------------------------------------------------- wrong answers, by question

WEEKDAY_FROM_ONE = in_notebook("""
def agregar_fecha(tabla):
    fechas = tabla["datetime"].dt
    return tabla.assign(hora=fechas.hour, dia_semana=fechas.dayofweek + 1, mes=fechas.month, anio=fechas.year)
""", "agregar_fecha")

YEAR_COUNTED_FROM_2011 = in_notebook("""
def agregar_fecha(tabla):
    fechas = tabla["datetime"].dt
    return tabla.assign(hora=fechas.hour, dia_semana=fechas.dayofweek, mes=fechas.month, anio=fechas.year - 2011)


entrenamiento, validacion, prueba = agregar_fecha(entrenamiento), agregar_fecha(validacion), agregar_fecha(prueba)
""" + REFIT_PIPELINE.format(pipeline=SOLUTION_PIPELINE, fitted_on="entrenamiento"),
    "agregar_fecha", "entrenamiento", "validacion", "prueba", "preprocesamiento")

PIPELINE_FITTED_ON_TRAINING_AND_VALIDATION = refit_pipeline(
    SOLUTION_PIPELINE, fitted_on="pd.concat([entrenamiento, validacion])")

MISSING_WEATHER_AS_ITS_OWN_CATEGORY = refit_pipeline(
    SOLUTION_PIPELINE.replace("SimpleImputer(strategy='most_frequent')",
                              "SimpleImputer(strategy='constant', fill_value='desconocido')"))

RENTALS_KEPT_AS_INPUTS = refit_pipeline(
    SOLUTION_PIPELINE.replace("StandardScaler(), NUMERICAS)", "StandardScaler(), NUMERICAS + ['casual', 'registered'])"))

ENCODER_REFUSING_UNSEEN_VALUES = refit_pipeline(SOLUTION_PIPELINE.replace("handle_unknown='ignore'", ""))

HOUR_SCALED_AS_A_NUMBER = refit_pipeline(
    "ColumnTransformer([('categoricas', make_pipeline(SimpleImputer(strategy='most_frequent'), "
    "OneHotEncoder(handle_unknown='ignore')), [c for c in CATEGORICAS if c != 'hora']), "
    "('numericas', StandardScaler(), NUMERICAS + ['hora'])], sparse_threshold=0)")

# An identity layer after the third hidden one (ReLU outputs are >= 0): the same predictions, one layer more.
FOURTH_HIDDEN_LAYER = model_copy(change="capas.insert(4, Dense(50, activation='relu'))")

COMPILED_WITH_SGD = model_copy(optimizer="keras.optimizers.SGD(learning_rate=1e-3)")

PARAMETERS_WITHOUT_BIASES = in_notebook("""
def parametros_red(n_caracteristicas):
    return n_caracteristicas * 50 + 2 * 50 * 50 + 50, 2 * n_caracteristicas + 1
""", "parametros_red")

RMSLE_WITHOUT_THE_ROOT = in_notebook("""
rmsle_valid = float(modelo.evaluate(X_valid, y_valid, verbose=0))
""", "rmsle_valid")

CURVES_WITHOUT_VALIDATION = in_notebook("""
figura_curvas, ejes = plt.subplots()
ejes.plot(historia.history["loss"], label="entrenamiento")
""", "figura_curvas")

SPACE_WITH_AT_MOST_5_HIDDEN_LAYERS = quick_search(n_hidden_max=5)

TUNER_WITH_ANOTHER_SEED = quick_search(seed=7)

SEARCH_COMPILED_WITH_MAE = quick_search(loss="mean_absolute_error")

SECOND_BEST_MODEL = in_notebook("""
mejor_modelo = random_search_tuner.get_best_models(2)[1]
rmsle_busqueda = float(np.sqrt(mejor_modelo.evaluate(X_valid, y_valid, verbose=0)))
""", "mejor_modelo", "rmsle_busqueda")

HYPERPARAMETERS_OF_THE_LAST_TRIAL = in_notebook("""
mejores_hiperparametros = random_search_tuner.oracle.trials[sorted(random_search_tuner.oracle.trials)[-1]].hyperparameters
if mejores_hiperparametros.values == random_search_tuner.get_best_hyperparameters()[0].values:
    mejores_hiperparametros = random_search_tuner.oracle.trials[sorted(random_search_tuner.oracle.trials)[0]].hyperparameters
""", "mejores_hiperparametros")

STRETCH = """
keras.utils.set_random_seed(SEMILLA)
modelo_holgado = Sequential([Input(shape=X_train.shape[1:])] + [Dense({units}, activation="relu") for _ in range({layers})]
                            + [Dense(1)])
modelo_holgado.compile(loss="mean_squared_logarithmic_error", optimizer=keras.optimizers.Adam(learning_rate=1e-3))
parada_holgada = EarlyStopping(monitor="val_loss", patience=1, restore_best_weights={restore})
historia_holgada = modelo_holgado.fit(X_train, y_train, epochs=EPOCAS_HOLGADO, batch_size=LOTE_BUSQUEDA,
                                      validation_data=(X_valid, y_valid), callbacks=[parada_holgada], verbose=0)
rmsle_holgado = float(np.sqrt(modelo_holgado.evaluate(X_valid, y_valid, verbose=0)))
gana_holgado = rmsle_holgado < rmsle_busqueda
"""


def stretch(units=256, layers=4, restore=True):
    return in_notebook(STRETCH.format(units=units, layers=layers, restore=restore), "modelo_holgado",
                       "parada_holgada", "historia_holgada", "rmsle_holgado", "gana_holgado")


THREE_LAYERS_OF_128 = stretch(units=128, layers=3)

WITHOUT_RESTORING_THE_BEST_WEIGHTS = stretch(restore=False)

COMPARISON_REVERSED = in_notebook("""
gana_holgado = not gana_holgado
""", "gana_holgado")

STUDY_WITH_ANOTHER_SEED = quick_study(seed=0)

OBJECTIVE_RETURNING_THE_TRAINING_LOSS = quick_study(returned='min(historia_prueba.history["loss"])')

NEURONS_UP_TO_128 = quick_study(n_neurons_max=128)

# The solution's objective with one change, {old} made {new}: the study stays the solution's, and the
# hidden test's fixed trial shows the change.
def objective_with(old, new):
    solution = OBJECTIVE.format(name="objetivo", rows="", n_neurons_max=256,
                                returned='min(historia_prueba.history["val_loss"])')
    assert old in solution, old
    return in_notebook(solution.replace(old, new), "objetivo")


OBJECTIVE_COMPILED_WITH_MSE = objective_with('loss="mean_squared_logarithmic_error"', 'loss="mse"')

OBJECTIVE_WITHOUT_ACTIVATION = objective_with('Dense(n_neurons, activation="relu")', 'Dense(n_neurons)')

OPTUNA_RMSLE_WITHOUT_THE_ROOT = in_notebook("""
rmsle_optuna = float(estudio.best_value)
""", "rmsle_optuna")

EXPLAINED_TEST_ROWS = explained(rows="X_test[:N_EXPLICADOS]")

BACKGROUND_FROM_VALIDATION = explained(background="shap.sample(X_valid, N_FONDO, random_state=SEMILLA)")

DIFFERENCE_REVERSED = in_notebook("""
diferencia = prediccion_media - prediccion_real
""", "diferencia")

BARS_OF_THE_FIRST_ROW = in_notebook("""
figura_shap = plt.figure()
shap.plots.bar(explicacion[0], show=False)
figura_shap = plt.gcf()
""", "figura_shap")

# Each round changes at most one answer per question (see answer_rounds.py), and no variable twice.
WRONG_ROUNDS = [
    [("weekday_from_one", {"test_q1_fechas"}, WEEKDAY_FROM_ONE),
     ("pipeline_fitted_on_training_and_validation", {"test_q2_numericas", "test_q2_conjuntos"},
      PIPELINE_FITTED_ON_TRAINING_AND_VALIDATION),
     ("fourth_hidden_layer", {"test_q3_arquitectura", "test_q3_parametros"}, FOURTH_HIDDEN_LAYER),
     ("space_with_at_most_5_hidden_layers", {"test_q4_espacio"}, SPACE_WITH_AT_MOST_5_HIDDEN_LAYERS),
     ("three_layers_of_128", {"test_q5_arquitectura"}, THREE_LAYERS_OF_128),
     ("study_with_another_seed", {"test_q6_sorteo"}, STUDY_WITH_ANOTHER_SEED),
     ("explained_test_rows", {"test_q7_aditividad", "test_q7_ejemplo"}, EXPLAINED_TEST_ROWS)],
    [("missing_weather_as_its_own_category", {"test_q2_conjuntos", "test_q2_faltantes"},
      MISSING_WEATHER_AS_ITS_OWN_CATEGORY),
     ("compiled_with_sgd", {"test_q3_entrenamiento"}, COMPILED_WITH_SGD),
     ("tuner_with_another_seed", {"test_q4_busqueda"}, TUNER_WITH_ANOTHER_SEED),
     ("without_restoring_the_best_weights", {"test_q5_parada_temprana"},
      WITHOUT_RESTORING_THE_BEST_WEIGHTS),
     ("objective_returning_the_training_loss", {"test_q6_valores"}, OBJECTIVE_RETURNING_THE_TRAINING_LOSS),
     ("background_from_validation", {"test_q7_fondo"}, BACKGROUND_FROM_VALIDATION)],
    [("rentals_kept_as_inputs", {"test_q2_categoricas", "test_q2_conjuntos"}, RENTALS_KEPT_AS_INPUTS),
     ("parameters_without_biases", {"test_q3_parametros"}, PARAMETERS_WITHOUT_BIASES),
     ("second_best_model", {"test_q4_mejor_modelo"}, SECOND_BEST_MODEL),
     ("comparison_reversed", {"test_q5_comparacion"}, COMPARISON_REVERSED),
     ("neurons_up_to_128", {"test_q6_espacio_y_presupuesto"}, NEURONS_UP_TO_128),
     ("difference_reversed", {"test_q7_ejemplo"}, DIFFERENCE_REVERSED)],
    [("encoder_refusing_unseen_values", {"test_q2_faltantes"}, ENCODER_REFUSING_UNSEEN_VALUES),
     ("rmsle_without_the_root", {"test_q3_rmsle"}, RMSLE_WITHOUT_THE_ROOT),
     ("hyperparameters_of_the_last_trial", {"test_q4_mejores"}, HYPERPARAMETERS_OF_THE_LAST_TRIAL),
     ("optuna_rmsle_without_the_root", {"test_q6_mejor"}, OPTUNA_RMSLE_WITHOUT_THE_ROOT),
     ("bars_of_the_first_row", {"test_q7_grafico"}, BARS_OF_THE_FIRST_ROW)],
    [("hour_scaled_as_a_number", {"test_q2_categoricas", "test_q2_conjuntos"}, HOUR_SCALED_AS_A_NUMBER),
     ("curves_without_validation", {"test_q3_curvas"}, CURVES_WITHOUT_VALIDATION),
     ("search_compiled_with_mae", {"test_q4_mejor_modelo"}, SEARCH_COMPILED_WITH_MAE),
     ("objective_compiled_with_mse", {"test_q6_objetivo"}, OBJECTIVE_COMPILED_WITH_MSE)],
    # It changes the tables and refits the pipeline: apart, as every other round changes the pipeline.
    [("year_counted_from_2011", {"test_q1_fechas", "test_q1_conjuntos"}, YEAR_COUNTED_FROM_2011),
     ("objective_without_activation", {"test_q6_objetivo"}, OBJECTIVE_WITHOUT_ACTIVATION)],
]

WRONG_SOURCES = []

# ---------------------------------------------------------------- correct variants

DATE_COLUMNS_ASSIGNED_ON_A_COPY = in_notebook("""
def agregar_fecha(tabla):
    nueva = tabla.copy()
    fechas = pd.DatetimeIndex(nueva["datetime"])
    nueva["hora"], nueva["dia_semana"] = fechas.hour, fechas.weekday
    nueva["mes"], nueva["anio"] = fechas.month, fechas.year
    return nueva


entrenamiento, validacion, prueba = (agregar_fecha(tabla) for tabla in (entrenamiento, validacion, prueba))
""", "agregar_fecha", "entrenamiento", "validacion", "prueba")

SPARSE_PIPELINE_WITH_MAKE_COLUMN_TRANSFORMER = in_notebook("""
from sklearn.compose import make_column_transformer
from sklearn.pipeline import Pipeline

preprocesamiento = Pipeline([("columnas", make_column_transformer(
    (Pipeline([("imputar", SimpleImputer(strategy="most_frequent")),
               ("codificar", OneHotEncoder(handle_unknown="ignore"))]), CATEGORICAS),
    (StandardScaler(), NUMERICAS)))])
preprocesamiento.fit(entrenamiento)
X_train, X_valid, X_test = (preprocesamiento.transform(tabla).toarray().astype(np.float32)
                            for tabla in (entrenamiento, validacion, prueba))
y_train, y_valid, y_test = (np.asarray(tabla["count"], dtype=np.float32) for tabla in (entrenamiento, validacion, prueba))
""", "preprocesamiento", "X_train", "X_valid", "X_test", "y_train", "y_valid", "y_test")

# The deck's Part 2 slide with tf.keras, as Géron's notebook runs it (`adapt` before `fit`, an RMSE
# metric beside the loss); the figure from a DataFrame of the history, as Géron draws it; Part 4
# explains this network.
DECK_AND_GERON_REGRESSION_MLP = in_notebook("""
import tensorflow as tf

tf.random.set_seed(42)
norm_layer = tf.keras.layers.Normalization(input_shape=X_train.shape[1:])
model = tf.keras.Sequential([
    norm_layer,
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(1)
])
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mean_squared_logarithmic_error", optimizer=optimizer, metrics=["RootMeanSquaredError"])
norm_layer.adapt(X_train)
history = model.fit(X_train, y_train, epochs=20, validation_data=(X_valid, y_valid), verbose=0)
modelo, historia = model, history
figura_curvas = plt.figure()
pd.DataFrame(history.history)[["loss", "val_loss"]].plot(ax=figura_curvas.gca(), grid=True, xlabel="Epoch")


def parametros_red(n_caracteristicas):
    capas = [n_caracteristicas, 50, 50, 50, 1]
    return [sum((entradas + 1) * salidas for entradas, salidas in zip(capas, capas[1:])), 2 * n_caracteristicas + 1]


rmsle_valid = model.evaluate(X_valid, y_valid, verbose=0)[0] ** 0.5
""" + EXPLAIN.format(model="modelo", background="shap.sample(X_train, N_FONDO, random_state=SEMILLA)",
                     explained="X_valid[:N_EXPLICADOS]"),
    "modelo", "historia", "figura_curvas", "parametros_red", "rmsle_valid", *EXPLAINED)

# The deck's `build_model` as the slide writes it (no Input layer: the model is built by its first batch).
DECK_BUILD_MODEL = in_notebook("""
import tensorflow as tf


def build_model(hp):
    n_hidden = hp.Int("n_hidden", min_value=0, max_value=8, default=2)
    n_neurons = hp.Int("n_neurons", min_value=16, max_value=256)
    learning_rate = hp.Float("learning_rate", min_value=1e-4, max_value=1e-2, sampling="log")
    optimizer = hp.Choice("optimizer", values=["sgd", "adam"])
    if optimizer == "sgd":
        optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
    else:
        optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    model = tf.keras.Sequential()
    for _ in range(n_hidden):
        model.add(tf.keras.layers.Dense(n_neurons, activation="relu"))
    model.add(tf.keras.layers.Dense(1))
    model.compile(loss="mean_squared_logarithmic_error", optimizer=optimizer)
    return model


random_search_tuner = kt.RandomSearch(
    build_model, objective="val_loss", max_trials=5, overwrite=True,
    directory=DIRECTORIO_BUSQUEDA, project_name="my_rnd_search", seed=42)
random_search_tuner.search(X_train, y_train, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                           validation_data=(X_valid, y_valid), verbose=0)
mejores_hiperparametros = random_search_tuner.get_best_hyperparameters(num_trials=1)[0]
mejor_modelo = random_search_tuner.get_best_models(num_models=1)[0]
rmsle_busqueda = mejor_modelo.evaluate(X_valid, y_valid, verbose=0) ** 0.5
""", "build_model", "random_search_tuner", "mejores_hiperparametros", "mejor_modelo", "rmsle_busqueda")

FUNCTIONAL_STRETCH_PANTS_WITH_NADAM = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
entrada = keras.Input(shape=(X_train.shape[1],))
oculta = entrada
for _ in range(5):
    oculta = keras.layers.Dense(300, activation=keras.activations.relu)(oculta)
modelo_holgado = keras.Model(entrada, keras.layers.Dense(1)(oculta))
modelo_holgado.compile(loss=keras.losses.MeanSquaredLogarithmicError(), optimizer=keras.optimizers.Nadam())
parada_holgada = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
historia_holgada = modelo_holgado.fit(X_train, y_train, epochs=EPOCAS_HOLGADO, batch_size=LOTE_BUSQUEDA,
                                      validation_data=(X_valid, y_valid), callbacks=[parada_holgada], verbose=0)
rmsle_holgado = modelo_holgado.evaluate(X_valid, y_valid, verbose=0) ** 0.5
gana_holgado = bool(rmsle_holgado < rmsle_busqueda)
""", "modelo_holgado", "parada_holgada", "historia_holgada", "rmsle_holgado", "gana_holgado")

OPTUNA_RMSLE_FROM_THE_BEST_TRIAL = in_notebook("""
import math

rmsle_optuna = math.sqrt(estudio.best_trial.value)
""", "rmsle_optuna")

# The objective with tf.keras, keyword suggestions, the optimizer's class from a table and a list for
# the validation data; the study created again with its arguments in another order.
OBJECTIVE_WITH_TF_KERAS_AND_KEYWORDS = in_notebook("""
import tensorflow as tf

OPTIMIZADORES = {"sgd": tf.keras.optimizers.SGD, "adam": tf.keras.optimizers.Adam}


def objetivo(trial):
    capas = trial.suggest_int(name="n_hidden", low=0, high=8)
    neuronas = trial.suggest_int(name="n_neurons", low=16, high=256)
    tasa = trial.suggest_float(name="learning_rate", low=1e-4, high=1e-2, log=True)
    nombre = trial.suggest_categorical(name="optimizer", choices=("sgd", "adam"))
    red = tf.keras.Sequential()
    red.add(tf.keras.Input(shape=(X_train.shape[1],)))
    for _ in range(capas):
        red.add(tf.keras.layers.Dense(neuronas, activation=tf.nn.relu))
    red.add(tf.keras.layers.Dense(1))
    red.compile(optimizer=OPTIMIZADORES[nombre](learning_rate=tasa), loss=tf.keras.losses.MeanSquaredLogarithmicError())
    historia_prueba = red.fit(X_train, y_train, batch_size=LOTE_BUSQUEDA, epochs=EPOCAS_BUSQUEDA,
                              validation_data=[X_valid, y_valid], verbose=0)
    trial.set_user_attr("val_loss", list(historia_prueba.history["val_loss"]))
    return float(np.min(historia_prueba.history["val_loss"]))


estudio = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=SEMILLA), direction="minimize")
estudio.optimize(objetivo, n_trials=N_PRUEBAS)
rmsle_optuna = estudio.best_value ** 0.5
""", "objetivo", "estudio", "rmsle_optuna")

EXPLAINER_CHOSEN_BY_SHAP = in_notebook("""
fondo = X_train[np.random.default_rng(7).choice(len(X_train), size=N_FONDO, replace=False)]
explicacion = shap.Explainer(predecir, fondo, feature_names=nombres, seed=0)(X_valid[:N_EXPLICADOS])
prediccion_real = predecir(X_valid[:1]).item()
prediccion_media = explicacion.base_values[0].item()
diferencia = prediccion_real - prediccion_media
shap.plots.bar(explicacion, max_display=15, show=False)
figura_shap = plt.gcf()
""", "fondo", "explicacion", "prediccion_real", "prediccion_media", "diferencia", "figura_shap")

ALTERNATIVE_ROUNDS = [
    ("date_columns_assigned_on_a_copy", DATE_COLUMNS_ASSIGNED_ON_A_COPY),
    ("sparse_pipeline_with_make_column_transformer", SPARSE_PIPELINE_WITH_MAKE_COLUMN_TRANSFORMER),
    ("deck_and_geron_regression_mlp", DECK_AND_GERON_REGRESSION_MLP),
    ("deck_build_model", DECK_BUILD_MODEL),
    ("functional_stretch_pants_with_nadam", FUNCTIONAL_STRETCH_PANTS_WITH_NADAM),
    ("optuna_rmsle_from_the_best_trial", OPTUNA_RMSLE_FROM_THE_BEST_TRIAL),
    ("objective_with_tf_keras_and_keywords", OBJECTIVE_WITH_TF_KERAS_AND_KEYWORDS),
    ("explainer_chosen_by_shap", EXPLAINER_CHOSEN_BY_SHAP),
]
