"""Introducción al machine learning: the prepared answers its answer tests score (scored in rounds as
``answer_rounds.py`` says), as notebook code run after the solution's cells (``in_notebook``).
A wrong answer keeps the rest of the notebook consistent with it (a changed network is trained
again, a changed search searches again), so that each loses only what its question's text asks."""

from answer_rounds import combined, in_notebook

# The solution's dense network of q5, with {placeholders} a case changes.
DENSE = """
keras.utils.set_random_seed(SEMILLA)
modelo_denso = keras.Sequential([keras.Input(shape=(8,)), layers.Dense({units}, activation="relu"), layers.Dense(1)])
modelo_denso.compile(optimizer="adam", loss="{loss}", metrics=["mae"])
historia_densa = modelo_denso.fit(X_train_escalado, y_train, epochs=EPOCAS{validation}, verbose=0)
predicciones = modelo_denso.predict(X_test_escalado, verbose=0)
evaluacion = modelo_denso.evaluate(X_test_escalado, y_test, return_dict=True, verbose=0)
"""
DENSE_NAMES = ("modelo_denso", "historia_densa", "predicciones", "evaluacion")


def dense(units=30, loss="mse", validation=", validation_data=(X_valid_escalado, y_valid)"):
    return in_notebook(DENSE.format(units=units, loss=loss, validation=validation), *DENSE_NAMES)


# The solution's recurrent network of q6, with {placeholders} a case changes.
RECURRENT = """
keras.utils.set_random_seed(SEMILLA)
modelo_rnn = keras.Sequential([keras.Input(shape=(PASOS_VENTANA, 1)), {hidden}, layers.Dense(1)])
modelo_rnn.compile(optimizer={optimizer}, loss="mse")
historia_rnn = modelo_rnn.fit({windows}, epochs={epochs}, verbose=0)
mse_rnn = modelo_rnn.evaluate(X_serie_test, y_serie_test, verbose=0)
"""
RECURRENT_NAMES = ("modelo_rnn", "historia_rnn", "mse_rnn")


def recurrent(hidden="layers.SimpleRNN(32)", optimizer='"adam"', windows="X_serie_train, y_serie_train", epochs=5):
    return in_notebook(RECURRENT.format(hidden=hidden, optimizer=optimizer, windows=windows, epochs=epochs),
                       *RECURRENT_NAMES)


# The solution's overfitting network of q7, with {placeholders} a case changes.
OVERFIT = """
keras.utils.set_random_seed(SEMILLA)
modelo_sobreajuste = keras.Sequential([keras.Input(shape=(8,))]
                                      + [layers.Dense(256, activation="relu") for _ in range({hidden_layers})]
                                      + [layers.Dense(1)])
modelo_sobreajuste.compile(optimizer="adam", loss="mse")
parada = EarlyStopping({stopping})
historia_sobreajuste = modelo_sobreajuste.fit(X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
                                              validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
                                              callbacks=[parada], verbose=0)
"""
OVERFIT_NAMES = ("modelo_sobreajuste", "parada", "historia_sobreajuste")
SOLUTION_STOPPING = 'monitor="val_loss", patience=PACIENCIA, restore_best_weights=True'


def overfit(hidden_layers=3, stopping=SOLUTION_STOPPING):
    return in_notebook(OVERFIT.format(hidden_layers=hidden_layers, stopping=stopping), *OVERFIT_NAMES)


# The solution's regularized network of q7, with {placeholders} a case changes.
REGULARIZED = """
keras.utils.set_random_seed(SEMILLA)
modelo_regularizado = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(3):
    modelo_regularizado.add(layers.Dense(256, activation="relu", {penalties}))
    modelo_regularizado.add(layers.Dropout({rate}))
modelo_regularizado.add(layers.Dense(1))
modelo_regularizado.compile(optimizer="adam", loss="mse")
historia_regularizada = modelo_regularizado.fit(
    X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
    validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
    callbacks=[EarlyStopping(monitor="val_loss", patience=PACIENCIA, restore_best_weights=True)], verbose=0)
"""
REGULARIZED_NAMES = ("modelo_regularizado", "historia_regularizada")
SOLUTION_PENALTIES = ("kernel_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4), bias_regularizer=regularizers.L2(1e-4), "
                      "activity_regularizer=regularizers.L2(1e-5)")


def regularized(penalties=SOLUTION_PENALTIES, rate="TASA_DROPOUT"):
    return in_notebook(REGULARIZED.format(penalties=penalties, rate=rate), *REGULARIZED_NAMES)


# The solution's search of q8, with {placeholders} a case changes.
SEARCH = """
def construir_variante(hp):
    modelo = keras.Sequential([
        keras.Input(shape=(4,)),
        layers.Dense(hp.Int("units", min_value=32, max_value={units_max}, step=32), activation="relu"),
        layers.Dense(3, activation="softmax"),
    ])
    tasa = hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4])
    modelo.compile(optimizer=keras.optimizers.Adam(learning_rate=tasa), loss="sparse_categorical_crossentropy",
                   metrics=["accuracy"])
    return modelo


tuner = kt.RandomSearch(hypermodel=construir_variante, objective={objective}, max_trials=3,
                        executions_per_trial={executions}, overwrite=True, directory="busqueda_variante",
                        project_name="variante")
tuner.search(X_flores_train, y_flores_train, epochs=EPOCAS_BUSQUEDA, validation_data=(X_flores_valid, y_flores_valid),
             verbose=0)
mejores_modelos = tuner.get_best_models(num_models=2)
mejores_hiperparametros = tuner.get_best_hyperparameters()[0]
"""
SEARCH_NAMES = ("tuner", "mejores_modelos", "mejores_hiperparametros")


def search(units_max=512, objective='"val_accuracy"', executions=2):
    return in_notebook(SEARCH.format(units_max=units_max, objective=objective, executions=executions), *SEARCH_NAMES)


def kinds_with(example, kind):
    """``tipo_de_aprendizaje`` with one example's kind changed."""
    return in_notebook(f"""
tipo_de_aprendizaje = dict(tipo_de_aprendizaje)
clave = next(ejemplo for ejemplo in tipo_de_aprendizaje if {example!r} in ejemplo)
tipo_de_aprendizaje[clave] = {kind!r}
""", "tipo_de_aprendizaje")


def descent_with_rates(good="alfa_bueno", large="alfa_grande"):
    return in_notebook(f"""
alfa_bueno, alfa_grande = {good}, {large}
_, _, historial_bueno = descenso_gradiente(x_puntos, y_puntos, alfa_bueno, PASOS)
_, _, historial_grande = descenso_gradiente(x_puntos, y_puntos, alfa_grande, PASOS)
""", "alfa_bueno", "alfa_grande", "historial_bueno", "historial_grande")


def split_with(first, second, returned="X_train, X_valid, X_test, y_train, y_valid, y_test"):
    """A ``dividir`` made of two ``train_test_split`` calls (sources) and what it returns."""
    return in_notebook(f"""
def dividir(X, y, proporcion_validacion, proporcion_prueba, semilla):
    X_resto, X_test, y_resto, y_test = {first}
    X_train, X_valid, y_train, y_valid = {second}
    return {returned}
""", "dividir")


SOLUTION_FIRST_SPLIT = "train_test_split(X, y, test_size=proporcion_prueba, random_state=semilla)"
SOLUTION_SECOND_SPLIT = ("train_test_split(X_resto, y_resto, test_size=proporcion_validacion / (1 - proporcion_prueba), "
                         "random_state=semilla)")

# ---------------------------------------------------------------- wrong answers, by question

CHESS_AS_SUPERVISED = kinds_with("ajedrez", "supervisado")
NEWS_TOPICS_BY_REINFORCEMENT = kinds_with("noticias", "por refuerzo")
HIERARCHY_REVERSED = in_notebook('respuesta_jerarquia = "b"', "respuesta_jerarquia")
DEEP_LEARNING_BY_TRIAL_AND_ERROR = in_notebook('respuesta_deep_learning = "c"', "respuesta_deep_learning")

LOSS_AS_A_MEAN = in_notebook("""
def perdida(w, b, x, y):
    return float(np.mean((y - (w * x + b)) ** 2))
""", "perdida")

LOSS_OF_ABSOLUTE_ERRORS = in_notebook("""
def perdida(w, b, x, y):
    return float(np.sum(np.abs(y - (w * x + b))))
""", "perdida")

GRADIENT_WITHOUT_THE_FACTOR_TWO = in_notebook("""
def gradiente(w, b, x, y):
    residuos = y - (w * x + b)
    return float(-np.sum(x * residuos)), float(-np.sum(residuos))
""", "gradiente")

GRADIENT_OF_THE_MEAN = in_notebook("""
def gradiente(w, b, x, y):
    residuos = y - (w * x + b)
    return float(-2 * np.mean(x * residuos)), float(-2 * np.mean(residuos))
""", "gradiente")

# b's derivative taken after w moved: another algorithm than the one the text describes.
DESCENT_UPDATING_B_WITH_THE_NEW_W = in_notebook("""
def descenso_gradiente(x, y, alfa, pasos):
    w, b = 0.0, 0.0
    historial = [perdida(w, b, x, y)]
    for _ in range(pasos):
        w = w - alfa * gradiente(w, b, x, y)[0]
        b = b - alfa * gradiente(w, b, x, y)[1]
        historial.append(perdida(w, b, x, y))
    return w, b, historial
""", "descenso_gradiente")

HISTORY_WITHOUT_THE_INITIAL_LOSS = in_notebook("""
def descenso_gradiente(x, y, alfa, pasos):
    w, b, historial = 0.0, 0.0, []
    for _ in range(pasos):
        derivada_w, derivada_b = gradiente(w, b, x, y)
        w, b = w - alfa * derivada_w, b - alfa * derivada_b
        historial.append(perdida(w, b, x, y))
    return w, b, historial
""", "descenso_gradiente")

RATE_TOO_SMALL_TO_ARRIVE = descent_with_rates(good="0.001")
LARGE_RATE_THAT_CONVERGES = descent_with_rates(large="0.008")

VALIDATION_FRACTION_OF_THE_REST = split_with(
    SOLUTION_FIRST_SPLIT, "train_test_split(X_resto, y_resto, test_size=proporcion_validacion, random_state=semilla)")
SPLIT_IN_FILE_ORDER = split_with("train_test_split(X, y, test_size=proporcion_prueba, shuffle=False)",
                                 "train_test_split(X_resto, y_resto, test_size=proporcion_validacion / "
                                 "(1 - proporcion_prueba), shuffle=False)")
SEED_IGNORED = split_with(SOLUTION_FIRST_SPLIT.replace("random_state=semilla", "random_state=42"),
                          SOLUTION_SECOND_SPLIT.replace("random_state=semilla", "random_state=42"))
LABELS_SHUFFLED_APART = split_with(
    SOLUTION_FIRST_SPLIT, SOLUTION_SECOND_SPLIT,
    returned="X_train, X_valid, X_test, np.random.default_rng(semilla).permutation(y_train), y_valid, y_test")
TEST_ROWS_ALSO_IN_TRAINING = split_with(SOLUTION_FIRST_SPLIT, SOLUTION_SECOND_SPLIT, returned=(
    "np.concatenate([X_train, X_test[:5]]), X_valid, X_test, np.concatenate([y_train, y_test[:5]]), y_valid, y_test"))

MIN_MAX_AS_ON_THE_SLIDE = in_notebook("""
def escalar_min_max(X_ajuste, X):
    return (X - np.min(X_ajuste, axis=0)) / (X - np.max(X_ajuste, axis=0))
""", "escalar_min_max")

MIN_MAX_OF_THE_DATA_SCALED = in_notebook("""
def escalar_min_max(X_ajuste, X):
    return (X - np.min(X, axis=0)) / (np.max(X, axis=0) - np.min(X, axis=0))
""", "escalar_min_max")

STANDARDIZED_WITH_THE_SAMPLE_DEVIATION = in_notebook("""
def estandarizar(X_ajuste, X):
    return (X - np.mean(X_ajuste, axis=0)) / np.std(X_ajuste, axis=0, ddof=1)
""", "estandarizar")

STANDARDIZED_WITHOUT_CENTERING = in_notebook("""
def estandarizar(X_ajuste, X):
    return X / np.std(X_ajuste, axis=0)
""", "estandarizar")

# The test set scaled with its own statistics; q5's predictions and evaluation follow it.
TEST_SET_SCALED_ON_ITSELF = in_notebook("""
X_test_escalado = estandarizar(X_test, X_test)
predicciones = modelo_denso.predict(X_test_escalado, verbose=0)
evaluacion = modelo_denso.evaluate(X_test_escalado, y_test, return_dict=True, verbose=0)
""", "X_test_escalado", "predicciones", "evaluacion")

PREDICTIONS_FLATTENED = in_notebook("""
predicciones = modelo_denso.predict(X_test_escalado, verbose=0).ravel()
""", "predicciones")

EVALUATED_ON_THE_TRAINING_SET = in_notebook("""
evaluacion = modelo_denso.evaluate(X_train_escalado, y_train, return_dict=True, verbose=0)
""", "evaluacion")

HIDDEN_LAYER_OF_50 = dense(units=50)
TRAINED_WITHOUT_VALIDATION = dense(validation="")
TRAINED_ON_THE_ABSOLUTE_ERROR = dense(loss="mae")

WINDOWS_WITH_THE_NEXT_VALUE = in_notebook("""
def crear_ventanas(serie, pasos):
    ventanas = np.stack([serie[inicio + 1:inicio + pasos + 1] for inicio in range(len(serie) - pasos)])
    return ventanas[..., np.newaxis], serie[pasos:]
""", "crear_ventanas")

LABELS_OF_THE_LAST_VALUE = in_notebook("""
def crear_ventanas(serie, pasos):
    ventanas = np.stack([serie[inicio:inicio + pasos] for inicio in range(len(serie) - pasos)])
    return ventanas[..., np.newaxis], serie[pasos - 1:-1]
""", "crear_ventanas")

DENSE_INSTEAD_OF_RECURRENT = recurrent(hidden='layers.Flatten(), layers.Dense(32, activation="relu")')
TRAINED_ON_EVERY_WINDOW = recurrent(windows="X_serie, y_serie")
BARELY_TRAINED = recurrent(optimizer="keras.optimizers.SGD(learning_rate=1e-4)", epochs=1)

PATIENCE_3 = overfit(stopping='monitor="val_loss", patience=3, restore_best_weights=True')
LAST_WEIGHTS_KEPT = overfit(stopping='monitor="val_loss", patience=PACIENCIA')
TWO_HIDDEN_LAYERS = overfit(hidden_layers=2)

KERNEL_WITH_L2_ONLY = regularized(penalties=SOLUTION_PENALTIES.replace("L1L2(l1=1e-5, l2=1e-4)", "L2(1e-4)"))
WITHOUT_ACTIVITY_PENALTY = regularized(penalties=SOLUTION_PENALTIES.split(", activity")[0])
DROPOUT_OF_HALF = regularized(rate=0.5)
ONE_EXECUTION_PER_TRIAL = search(executions=1)
SEARCH_FOR_THE_LOWEST_LOSS = search(objective='"val_loss"')
UNITS_UP_TO_256 = search(units_max=256)
MODELS_REVERSED = in_notebook("mejores_modelos = tuner.get_best_models(num_models=2)[::-1]", "mejores_modelos")
ONLY_THE_BEST_MODEL = in_notebook("mejores_modelos = tuner.get_best_models()", "mejores_modelos")
SECOND_BEST_HYPERPARAMETERS = in_notebook("mejores_hiperparametros = tuner.get_best_hyperparameters(2)[1]",
                                          "mejores_hiperparametros")
HYPERPARAMETERS_BY_HAND = in_notebook("""
mejores_hiperparametros = kt.HyperParameters()
mejores_hiperparametros.Fixed("units", 32)
mejores_hiperparametros.Fixed("learning_rate", 1e-3)
""", "mejores_hiperparametros")

WRONG_ROUNDS = [
    [
        ("chess_as_supervised", {"test_q1_aprendizaje"}, CHESS_AS_SUPERVISED),
        ("loss_as_a_mean", {"test_q2_perdida"}, LOSS_AS_A_MEAN),
        ("validation_fraction_of_the_rest", {"test_q3_proporciones"}, VALIDATION_FRACTION_OF_THE_REST),
        ("min_max_as_on_the_slide", {"test_q4_min_max"}, MIN_MAX_AS_ON_THE_SLIDE),
        ("predictions_flattened", {"test_q5_prediccion"}, PREDICTIONS_FLATTENED),
        ("windows_with_the_next_value", {"test_q6_ventanas"}, WINDOWS_WITH_THE_NEXT_VALUE),
        ("patience_3", {"test_q7_parada"}, PATIENCE_3),
        ("models_reversed", {"test_q8_mejores_modelos"}, MODELS_REVERSED),
    ],
    [
        ("hierarchy_reversed", {"test_q1_conceptos"}, HIERARCHY_REVERSED),
        ("gradient_without_the_factor_two", {"test_q2_gradiente"}, GRADIENT_WITHOUT_THE_FACTOR_TWO),
        ("split_in_file_order", {"test_q3_al_azar"}, SPLIT_IN_FILE_ORDER),
        ("standardized_with_the_sample_deviation", {"test_q4_estandarizar"}, STANDARDIZED_WITH_THE_SAMPLE_DEVIATION),
        ("evaluated_on_the_training_set", {"test_q5_evaluacion"}, EVALUATED_ON_THE_TRAINING_SET),
        ("dense_instead_of_recurrent", {"test_q6_modelo"}, DENSE_INSTEAD_OF_RECURRENT),
        ("kernel_with_l2_only", {"test_q7_regularizacion"}, KERNEL_WITH_L2_ONLY),
        ("one_execution_per_trial", {"test_q8_busqueda"}, ONE_EXECUTION_PER_TRIAL),
    ],
    [
        ("news_topics_by_reinforcement", {"test_q1_aprendizaje"}, NEWS_TOPICS_BY_REINFORCEMENT),
        ("descent_updating_b_with_the_new_w", {"test_q2_descenso"}, DESCENT_UPDATING_B_WITH_THE_NEW_W),
        ("labels_shuffled_apart", {"test_q3_particion"}, LABELS_SHUFFLED_APART),
        ("test_set_scaled_on_itself", {"test_q4_conjuntos"}, TEST_SET_SCALED_ON_ITSELF),
        ("labels_of_the_last_value", {"test_q6_ventanas"}, LABELS_OF_THE_LAST_VALUE),
        ("dropout_of_half", {"test_q7_dropout"}, DROPOUT_OF_HALF),
        ("units_up_to_256", {"test_q8_espacio"}, UNITS_UP_TO_256),
    ],
    [
        ("deep_learning_by_trial_and_error", {"test_q1_conceptos"}, DEEP_LEARNING_BY_TRIAL_AND_ERROR),
        ("rate_too_small_to_arrive", {"test_q2_tasas"}, RATE_TOO_SMALL_TO_ARRIVE),
        ("seed_ignored", {"test_q3_al_azar"}, SEED_IGNORED),
        ("min_max_of_the_data_scaled", {"test_q4_min_max"}, MIN_MAX_OF_THE_DATA_SCALED),
        ("hidden_layer_of_50", {"test_q5_arquitectura"}, HIDDEN_LAYER_OF_50),
        ("barely_trained", {"test_q6_pronostico"}, BARELY_TRAINED),
        ("last_weights_kept", {"test_q7_parada"}, LAST_WEIGHTS_KEPT),
        ("second_best_hyperparameters", {"test_q8_hiperparametros"}, SECOND_BEST_HYPERPARAMETERS),
    ],
    [
        ("loss_of_absolute_errors", {"test_q2_perdida"}, LOSS_OF_ABSOLUTE_ERRORS),
        ("test_rows_also_in_training", {"test_q3_particion"}, TEST_ROWS_ALSO_IN_TRAINING),
        ("standardized_without_centering", {"test_q4_estandarizar"}, STANDARDIZED_WITHOUT_CENTERING),
        ("trained_without_validation", {"test_q5_entrenamiento"}, TRAINED_WITHOUT_VALIDATION),
        ("trained_on_every_window", {"test_q6_modelo"}, TRAINED_ON_EVERY_WINDOW),
        ("two_hidden_layers", {"test_q7_sobreajuste"}, TWO_HIDDEN_LAYERS),
        ("search_for_the_lowest_loss", {"test_q8_busqueda"}, SEARCH_FOR_THE_LOWEST_LOSS),
    ],
    [
        ("gradient_of_the_mean", {"test_q2_gradiente"}, GRADIENT_OF_THE_MEAN),
        ("trained_on_the_absolute_error", {"test_q5_entrenamiento", "test_q5_evaluacion"}, TRAINED_ON_THE_ABSOLUTE_ERROR),
        ("only_the_best_model", {"test_q8_mejores_modelos"}, ONLY_THE_BEST_MODEL),
    ],
    [
        ("history_without_the_initial_loss", {"test_q2_descenso"}, HISTORY_WITHOUT_THE_INITIAL_LOSS),
        ("without_activity_penalty", {"test_q7_regularizacion"}, WITHOUT_ACTIVITY_PENALTY),
    ],
    [
        ("large_rate_that_converges", {"test_q2_tasas"}, LARGE_RATE_THAT_CONVERGES),
        ("hyperparameters_by_hand", {"test_q8_hiperparametros"}, HYPERPARAMETERS_BY_HAND),
    ],
]

WRONG_SOURCES = []

# ---------------------------------------------------------------- correct variants

# The rest of the notebook after a new partition (q3): scaled again (q4), and every network trained
# again on the new sets with the solution's code (q5, q7), as a student's notebook would.
AFTER_A_NEW_PARTITION = """
X_train, X_valid, X_test, y_train, y_valid, y_test = dividir(X_viviendas, y_viviendas, PROPORCION_VALIDACION,
                                                             PROPORCION_PRUEBA, SEMILLA)
"""

# The deck's code where it gives code: the four methods with the arguments its slides list (q5), the
# general recurrent layer with its cell (q6), EarlyStopping, the regularized layer and Dropout as
# written on the slides (q7); its RandomSearch (q8) is the solution's. Answers as a
# literal, letters in capitals, a permutation for the partition and scikit-learn's scalers.
DECK_CODE = in_notebook("""
tipo_de_aprendizaje = {
    "un filtro de correo que aprende de miles de correos marcados como «spam» o «no spam»": "Supervisado",
    "agrupar a los clientes de una tienda según sus compras, sin grupos definidos de antemano": "no supervisado ",
    "un programa que aprende a jugar al ajedrez jugando partidas y recibiendo una recompensa al ganar": "por refuerzo",
    "reconocer caras en fotos a partir de fotos etiquetadas con el nombre de cada persona": "supervisado",
    "un coche autónomo que aprende a estacionar por prueba y error en un simulador": "por refuerzo",
    "descubrir los temas de una colección de noticias que nadie clasificó": "no supervisado",
}
respuesta_jerarquia, respuesta_deep_learning = "C", " b"


def gradiente(w, b, x, y):
    residuos = np.asarray(y) - (w * np.asarray(x) + b)
    return -2 * np.array([np.dot(x, residuos), residuos.sum()])


def descenso_gradiente(x, y, alfa, pasos):
    w = b = 0.0
    historial = np.zeros(pasos + 1)
    historial[0] = perdida(w, b, x, y)
    paso = 0
    while paso < pasos:
        paso += 1
        w, b = np.array([w, b]) - alfa * gradiente(w, b, x, y)
        historial[paso] = perdida(w, b, x, y)
    return w, b, historial


alfa_bueno, alfa_grande = 0.008, 0.05
_, _, historial_bueno = descenso_gradiente(x_puntos, y_puntos, alfa_bueno, PASOS)
_, _, historial_grande = descenso_gradiente(x_puntos, y_puntos, alfa_grande, PASOS)


def dividir(X, y, proporcion_validacion, proporcion_prueba, semilla):
    orden = np.random.default_rng(semilla).permutation(len(X))
    n_prueba, n_validacion = round(proporcion_prueba * len(X)), round(proporcion_validacion * len(X))
    prueba, validacion, entrenamiento = np.split(orden, [n_prueba, n_prueba + n_validacion])
    return X[entrenamiento], X[validacion], X[prueba], y[entrenamiento], y[validacion], y[prueba]
""" + AFTER_A_NEW_PARTITION + """

def escalar_min_max(X_ajuste, X):
    return MinMaxScaler().fit(X_ajuste).transform(X)


def estandarizar(X_ajuste, X):
    return StandardScaler().fit(X_ajuste).transform(X)


X_train_escalado, X_valid_escalado, X_test_escalado = (estandarizar(X_train, X) for X in (X_train, X_valid, X_test))

keras.utils.set_random_seed(SEMILLA)
modelo_denso = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(30, activation="relu"), layers.Dense(1)])
modelo_denso.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
historia_densa = modelo_denso.fit(x=X_train_escalado, y=y_train, batch_size=None, epochs=EPOCAS, verbose=0,
                                  callbacks=None, validation_split=0.0, validation_data=(X_valid_escalado, y_valid),
                                  shuffle=True)
predicciones = modelo_denso.predict(X_test_escalado, batch_size=None, verbose=0, steps=None, callbacks=None)
evaluacion = modelo_denso.evaluate(x=X_test_escalado, y=y_test, verbose=0, callbacks=None, return_dict=True)

keras.utils.set_random_seed(SEMILLA)
modelo_rnn = keras.Sequential([
    keras.Input(shape=(PASOS_VENTANA, 1)),
    keras.layers.RNN(keras.layers.SimpleRNNCell(32), return_sequences=False, return_state=False, go_backwards=False,
                     stateful=False, unroll=False),
    keras.layers.Dense(1),
])
modelo_rnn.compile(optimizer="rmsprop", loss="mse", metrics=None)
historia_rnn = modelo_rnn.fit(x=X_serie_train, y=y_serie_train, batch_size=None, epochs=5, verbose=0)
mse_rnn = modelo_rnn.evaluate(X_serie_test, y_serie_test, verbose=0)

keras.utils.set_random_seed(SEMILLA)
modelo_sobreajuste = keras.Sequential([keras.Input(shape=(8,))] + [layers.Dense(units=256, activation="relu")
                                                                   for _ in range(3)] + [layers.Dense(units=1)])
modelo_sobreajuste.compile(optimizer="rmsprop", loss="mse")
parada = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=PACIENCIA, verbose=0,
                                       restore_best_weights=True, start_from_epoch=0)
historia_sobreajuste = modelo_sobreajuste.fit(X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
                                              validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
                                              callbacks=[parada], verbose=0)

keras.utils.set_random_seed(SEMILLA)
modelo_regularizado = keras.Sequential([keras.Input(shape=(8,))])
for _ in range(3):
    layer = layers.Dense(
        units=256,
        activation="relu",
        kernel_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4),
        bias_regularizer=regularizers.L2(1e-4),
        activity_regularizer=regularizers.L2(1e-5)
    )
    modelo_regularizado.add(layer)
    modelo_regularizado.add(keras.layers.Dropout(TASA_DROPOUT, noise_shape=None, seed=None))
modelo_regularizado.add(layers.Dense(units=1))
modelo_regularizado.compile(optimizer="rmsprop", loss="mse")
historia_regularizada = modelo_regularizado.fit(
    X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
    validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=PACIENCIA, restore_best_weights=True)],
    verbose=0)

""", "tipo_de_aprendizaje", "respuesta_jerarquia", "respuesta_deep_learning", "gradiente", "descenso_gradiente",
    "alfa_bueno", "alfa_grande", "historial_bueno", "historial_grande", "dividir", "X_train", "X_valid", "X_test",
    "y_train", "y_valid", "y_test", "escalar_min_max", "estandarizar", "X_train_escalado", "X_valid_escalado",
    "X_test_escalado", *DENSE_NAMES, *RECURRENT_NAMES, *OVERFIT_NAMES, *REGULARIZED_NAMES)

# Géron's code for each step (Hands-On Machine Learning, 2nd ed.: chapter 2's scaler, chapter 10's
# regression MLP with `input_shape=` and SGD, chapter 11's early stopping, regularizers and dropout,
# chapter 15's deep RNN over sequences of any length; 3rd ed., chapter 10's KerasTuner search),
# with the question's sizes and names. A partition as Géron splits California, and the gradient
# returned as a list.
GERON_CODE = in_notebook("""
def gradiente(w, b, x, y):
    error = (w * x + b) - y
    return [2 * (x * error).sum(), 2 * error.sum()]


def dividir(X, y, proporcion_validacion, proporcion_prueba, semilla):
    X_train_full, X_test, y_train_full, y_test = train_test_split(X, y, test_size=proporcion_prueba,
                                                                  random_state=semilla)
    X_train, X_valid, y_train, y_valid = train_test_split(
        X_train_full, y_train_full, test_size=proporcion_validacion * len(X) / len(X_train_full), random_state=semilla)
    return X_train, X_valid, X_test, y_train, y_valid, y_test
""" + AFTER_A_NEW_PARTITION + """
scaler = StandardScaler()
X_train_escalado = scaler.fit_transform(X_train)
X_valid_escalado = scaler.transform(X_valid)
X_test_escalado = scaler.transform(X_test)

keras.utils.set_random_seed(SEMILLA)
model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=X_train.shape[1:]),
    keras.layers.Dense(1)
])
model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=1e-3), metrics=["mae"])
history = model.fit(X_train_escalado, y_train, epochs=10, validation_data=(X_valid_escalado, y_valid), verbose=0)
mse_test = model.evaluate(X_test_escalado, y_test, verbose=0)
y_pred = model.predict(X_test_escalado, verbose=0)
modelo_denso, historia_densa, predicciones = model, history, y_pred
evaluacion = model.evaluate(X_test_escalado, y_test, verbose=0, return_dict=True)

keras.utils.set_random_seed(SEMILLA)
model = keras.models.Sequential([
    keras.layers.SimpleRNN(20, return_sequences=True, input_shape=[None, 1]),
    keras.layers.SimpleRNN(20),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer="adam")
history = model.fit(X_serie_train, y_serie_train, epochs=5, validation_data=(X_serie_test, y_serie_test), verbose=0)
modelo_rnn, historia_rnn = model, history
mse_rnn = model.evaluate(X_serie_test, y_serie_test, verbose=0)

keras.utils.set_random_seed(SEMILLA)
model = keras.models.Sequential([
    keras.layers.Dense(256, activation="relu", input_shape=X_train.shape[1:]),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.Nadam())
early_stopping_cb = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
history = model.fit(X_train_escalado[:300], y_train[:300], epochs=300,
                    validation_data=(X_valid_escalado[:500], y_valid[:500]),
                    callbacks=[early_stopping_cb], verbose=0)
modelo_sobreajuste, parada, historia_sobreajuste = model, early_stopping_cb, history

from functools import partial

RegularizedDense = partial(keras.layers.Dense, activation="relu",
                           kernel_regularizer=keras.regularizers.l1_l2(l1=1e-5, l2=1e-4),
                           bias_regularizer=keras.regularizers.l2(1e-4),
                           activity_regularizer=keras.regularizers.l2(1e-5))
keras.utils.set_random_seed(SEMILLA)
model = keras.models.Sequential([
    keras.layers.InputLayer(shape=[8]),
    RegularizedDense(256),
    keras.layers.Dropout(rate=0.2),
    RegularizedDense(256),
    keras.layers.Dropout(rate=0.2),
    RegularizedDense(256),
    keras.layers.Dropout(rate=0.2),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.Nadam())
history = model.fit(X_train_escalado[:300], y_train[:300], epochs=300,
                    validation_data=(X_valid_escalado[:500], y_valid[:500]),
                    callbacks=[keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)], verbose=0)
modelo_regularizado, historia_regularizada = model, history

import tensorflow as tf


def build_model(hp):
    n_neurons = hp.Int("units", min_value=32, max_value=512, step=32)
    learning_rate = hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4])
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.Input(shape=[4]))
    model.add(tf.keras.layers.Dense(n_neurons, activation="relu"))
    model.add(tf.keras.layers.Dense(3, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


random_search_tuner = kt.RandomSearch(
    build_model, objective="val_accuracy", max_trials=3, executions_per_trial=2, overwrite=True,
    directory="my_iris", project_name="my_rnd_search", seed=42)
random_search_tuner.search(X_flores_train, y_flores_train, epochs=EPOCAS_BUSQUEDA,
                           validation_data=(X_flores_valid, y_flores_valid), verbose=0)
top2_models = random_search_tuner.get_best_models(num_models=2)
top3_params = random_search_tuner.get_best_hyperparameters(num_trials=3)
tuner, mejores_modelos, mejores_hiperparametros = random_search_tuner, top2_models, top3_params[0]
""", "gradiente", "dividir", "X_train", "X_valid", "X_test", "y_train", "y_valid", "y_test", "X_train_escalado",
    "X_valid_escalado", "X_test_escalado", *DENSE_NAMES, *RECURRENT_NAMES, *OVERFIT_NAMES, *REGULARIZED_NAMES,
    *SEARCH_NAMES)

# The functional API and objects instead of strings: a separate activation layer, loss and metric
# objects (so `evaluate` names the metric `mean_absolute_error`), an LSTM, `l1_l2` and `l2`
# functions, a callback that names its mode; a search built with `add`, an `Objective` and another
# seed. Windows as a view, a tuple of answers, partition sizes rounded up, scaling by hand in float64.
OBJECTS_AND_FUNCTIONAL_API = in_notebook("""
tipo_de_aprendizaje = {clave: valor.upper() for clave, valor in tipo_de_aprendizaje.items()}


def perdida(w, b, x, y):
    return np.square(np.subtract(y, np.add(np.multiply(w, x), b))).sum()


def descenso_gradiente(x, y, alfa, pasos):
    parametros = np.zeros(2)
    historial = [perdida(*parametros, x, y)]
    for _ in range(pasos):
        parametros = parametros - alfa * np.asarray(gradiente(*parametros, x, y))
        historial.append(perdida(*parametros, x, y))
    return tuple(parametros) + (historial,)


alfa_bueno, alfa_grande = 0.004, 0.012
_, _, historial_bueno = descenso_gradiente(x_puntos, y_puntos, alfa_bueno, PASOS)
_, _, historial_grande = descenso_gradiente(x_puntos, y_puntos, alfa_grande, PASOS)


def dividir(X, y, proporcion_validacion, proporcion_prueba, semilla):
    indices = np.arange(len(X))
    np.random.default_rng(semilla).shuffle(indices)
    corte_prueba = int(np.ceil(proporcion_prueba * len(X)))
    corte_validacion = corte_prueba + int(np.ceil(proporcion_validacion * len(X)))
    prueba, validacion, entrenamiento = indices[:corte_prueba], indices[corte_prueba:corte_validacion], indices[corte_validacion:]
    return (X[entrenamiento], X[validacion], X[prueba], y[entrenamiento], y[validacion], y[prueba])
""" + AFTER_A_NEW_PARTITION + """

def escalar_min_max(X_ajuste, X):
    X_ajuste, X = np.asarray(X_ajuste, dtype="float64"), np.asarray(X, dtype="float64")
    rango = X_ajuste.max(axis=0, keepdims=True) - X_ajuste.min(axis=0, keepdims=True)
    return (X - X_ajuste.min(axis=0, keepdims=True)) / rango


def estandarizar(X_ajuste, X):
    media, desvio = np.mean(X_ajuste, axis=0, dtype="float64"), np.std(X_ajuste, axis=0, dtype="float64")
    return (np.asarray(X, dtype="float64") - media) / desvio


X_train_escalado = estandarizar(X_train, X_train)
X_valid_escalado = estandarizar(X_train, X_valid)
X_test_escalado = estandarizar(X_train, X_test)

keras.utils.set_random_seed(SEMILLA)
entradas = keras.Input(shape=(8,))
oculta = keras.layers.Activation("relu")(keras.layers.Dense(30)(entradas))
modelo_denso = keras.Model(entradas, keras.layers.Dense(1)(oculta))
modelo_denso.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.MeanSquaredError(),
                     metrics=[keras.metrics.MeanAbsoluteError()])
historia_densa = modelo_denso.fit(X_train_escalado, y_train, epochs=EPOCAS, batch_size=64,
                                  validation_data=[X_valid_escalado, y_valid], verbose=0)
predicciones = modelo_denso.predict(X_test_escalado, verbose=0)
evaluacion = modelo_denso.evaluate(X_test_escalado, y_test, return_dict=True, verbose=0)


def crear_ventanas(serie, pasos):
    ventanas = np.lib.stride_tricks.sliding_window_view(serie[:-1], pasos)
    return np.expand_dims(ventanas, -1), serie[pasos:]


keras.utils.set_random_seed(SEMILLA)
secuencias = keras.Input(shape=(PASOS_VENTANA, 1))
modelo_rnn = keras.Model(secuencias, keras.layers.Dense(1)(keras.layers.LSTM(16)(secuencias)))
modelo_rnn.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
historia_rnn = modelo_rnn.fit(X_serie_train, y_serie_train, batch_size=32, epochs=5, verbose=0)
mse_rnn = modelo_rnn.evaluate(X_serie_test, y_serie_test, verbose=0)


def red_grande(capa_oculta):
    keras.utils.set_random_seed(SEMILLA)
    entradas = keras.Input(shape=(8,))
    salida = entradas
    for _ in range(3):
        salida = capa_oculta(salida)
    red = keras.Model(entradas, keras.layers.Dense(1)(salida))
    red.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
    return red


modelo_sobreajuste = red_grande(lambda x: keras.layers.Dense(256, activation=keras.activations.relu)(x))
parada = EarlyStopping("val_loss", patience=PACIENCIA, mode="min", restore_best_weights=True)
historia_sobreajuste = modelo_sobreajuste.fit(X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
                                              validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
                                              callbacks=[parada], verbose=0)
modelo_regularizado = red_grande(lambda x: keras.layers.Dropout(rate=0.2)(keras.layers.Dense(
    256, activation="relu", kernel_regularizer=regularizers.l1_l2(l1=1e-5, l2=1e-4),
    bias_regularizer=regularizers.l2(1e-4), activity_regularizer=regularizers.l2(1e-5))(x)))
historia_regularizada = modelo_regularizado.fit(
    X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
    validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
    callbacks=[EarlyStopping("val_loss", patience=PACIENCIA, mode="min", restore_best_weights=True)], verbose=0)


def construir_con_add(hp):
    modelo = keras.Sequential()
    modelo.add(keras.Input(shape=(4,)))
    modelo.add(keras.layers.Dense(hp.Int("units", 32, 512, step=32), activation="relu"))
    modelo.add(keras.layers.Dense(3, activation="softmax"))
    modelo.compile(optimizer=keras.optimizers.Adam(hp.Choice("learning_rate", [0.01, 0.001, 0.0001])),
                   loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    return modelo


tuner = kt.RandomSearch(construir_con_add, objective=kt.Objective("val_accuracy", direction="max"), max_trials=3,
                        executions_per_trial=2, overwrite=True, seed=7, directory="busqueda_add",
                        project_name="flores")
tuner.search(X_flores_train, y_flores_train, epochs=EPOCAS_BUSQUEDA, validation_data=(X_flores_valid, y_flores_valid),
             verbose=0)
mejores_modelos = tuple(tuner.get_best_models(2))
mejores_hiperparametros = tuner.get_best_hyperparameters(num_trials=1)[0]
""", "tipo_de_aprendizaje", "perdida", "descenso_gradiente", "alfa_bueno", "alfa_grande", "historial_bueno",
    "historial_grande", "dividir", "X_train", "X_valid", "X_test", "y_train", "y_valid", "y_test", "escalar_min_max",
    "estandarizar", "X_train_escalado", "X_valid_escalado", "X_test_escalado", *DENSE_NAMES, "crear_ventanas",
    *RECURRENT_NAMES, *OVERFIT_NAMES, *REGULARIZED_NAMES, *SEARCH_NAMES)

# Networks built with `add` and other settings the questions leave open: SGD with momentum, the
# metric's long name, the output of `model(X)`, a GRU, patience and monitor as keywords in
# another order, `L1L2` for every penalty (positional), RMSprop; a search built positionally,
# with its own seed and batches of 16. The questions' other variables stay the solution's.
ADD_AND_OTHER_SETTINGS = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_denso = keras.Sequential()
modelo_denso.add(keras.Input(shape=(8,)))
modelo_denso.add(keras.layers.Dense(30, activation=keras.activations.relu))
modelo_denso.add(keras.layers.Dense(1, activation=None))
modelo_denso.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9), loss="mean_squared_error",
                     metrics=["mean_absolute_error"])
historia_densa = modelo_denso.fit(X_train_escalado, y_train, epochs=EPOCAS, batch_size=128,
                                  validation_data=(X_valid_escalado, y_valid), verbose=0)
predicciones = np.asarray(modelo_denso(X_test_escalado))
evaluacion = modelo_denso.evaluate(X_test_escalado, y_test, return_dict=True, verbose=0)


def crear_ventanas(serie, pasos):
    X = np.array([serie[inicio:inicio + pasos] for inicio in range(len(serie) - pasos)]).reshape(-1, pasos, 1)
    y = np.array([serie[inicio + pasos] for inicio in range(len(serie) - pasos)])
    return X, y


keras.utils.set_random_seed(SEMILLA)
modelo_rnn = keras.Sequential()
modelo_rnn.add(keras.Input(shape=(PASOS_VENTANA, 1)))
modelo_rnn.add(keras.layers.GRU(16))
modelo_rnn.add(keras.layers.Dense(1))
modelo_rnn.compile(optimizer="rmsprop", loss="mean_squared_error")
historia_rnn = modelo_rnn.fit(X_serie_train, y_serie_train, epochs=5, verbose=0)
mse_rnn = float(modelo_rnn.evaluate(X_serie_test, y_serie_test, verbose=0))

keras.utils.set_random_seed(SEMILLA)
modelo_sobreajuste = keras.Sequential()
modelo_sobreajuste.add(keras.Input(shape=(8,)))
for _ in range(3):
    modelo_sobreajuste.add(keras.layers.Dense(256))
    modelo_sobreajuste.add(keras.layers.ReLU())
modelo_sobreajuste.add(keras.layers.Dense(1))
modelo_sobreajuste.compile(optimizer="rmsprop", loss="mse")
parada = EarlyStopping(restore_best_weights=True, patience=10, min_delta=0.0, monitor="val_loss")
historia_sobreajuste = modelo_sobreajuste.fit(X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
                                              validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
                                              callbacks=[parada], verbose=0)

keras.utils.set_random_seed(SEMILLA)
modelo_regularizado = keras.Sequential()
modelo_regularizado.add(keras.Input(shape=(8,)))
for _ in range(3):
    modelo_regularizado.add(keras.layers.Dense(256, activation="relu", kernel_regularizer=regularizers.L1L2(1e-5, 1e-4),
                                               bias_regularizer=regularizers.L1L2(0.0, 1e-4),
                                               activity_regularizer=regularizers.L1L2(l2=1e-5)))
    modelo_regularizado.add(keras.layers.Dropout(0.2))
modelo_regularizado.add(keras.layers.Dense(1))
modelo_regularizado.compile(optimizer="rmsprop", loss="mse")
historia_regularizada = modelo_regularizado.fit(
    X_train_escalado[:N_POCOS], y_train[:N_POCOS], epochs=EPOCAS_MAX,
    validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION]),
    callbacks=[EarlyStopping(patience=10, restore_best_weights=True)], verbose=0)


def construir_posicional(hp):
    modelo = keras.Sequential()
    modelo.add(keras.Input((4,)))
    modelo.add(keras.layers.Dense(hp.Int("units", 32, 512, 32), "relu"))
    modelo.add(keras.layers.Dense(3, "softmax"))
    modelo.compile(keras.optimizers.Adam(hp.Choice("learning_rate", (1e-2, 1e-3, 1e-4))),
                   "sparse_categorical_crossentropy", metrics=["accuracy"])
    return modelo


tuner = kt.RandomSearch(construir_posicional, "val_accuracy", 3, executions_per_trial=2, overwrite=True, seed=3,
                        directory="busqueda_posicional", project_name="flores")
tuner.search(X_flores_train, y_flores_train, batch_size=16, epochs=EPOCAS_BUSQUEDA,
             validation_data=(X_flores_valid, y_flores_valid), verbose=0)
mejores_modelos = tuner.get_best_models(2)
mejores_hiperparametros = tuner.get_best_hyperparameters(1)[0]
""", *DENSE_NAMES, "crear_ventanas", *RECURRENT_NAMES, *OVERFIT_NAMES, *REGULARIZED_NAMES, *SEARCH_NAMES)

ALTERNATIVE_ROUNDS = [
    ("deck_code", DECK_CODE),
    ("geron_code", GERON_CODE),
    ("objects_and_functional_api", OBJECTS_AND_FUNCTIONAL_API),
    ("add_and_other_settings", ADD_AND_OTHER_SETTINGS),
]
