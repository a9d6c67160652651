"""A small class of Iris submissions for the class report: each one a real notebook, graded for real.

``ana`` hands in the solution, ``beto`` the untouched notebook. ``carla`` writes her own code
(another style, and ReLU where the question asks for tanh), and ``dario`` copies her notebook,
renaming her local names, adding comments and blank lines: the report must flag their pair.
``eva`` writes a correct solution of her own in other styles: the report must not flag her with
``ana`` in the questions she wrote differently. ``fede`` hands in a text file (invalid) and
``gabi`` a notebook that kills its kernel (error).
"""

import nbformat

from autograder.report.similarity import CHECK_CELL

# Questions where eva's code differs from the solution's (and carla's from both).
OWN_STYLE_QUESTIONS = ("q1", "q2", "q4", "q7")

CARLA = {
    "q1": '''ARCHIVO_DATOS = "iris.csv"
COLUMNAS_ENTRADA = ["sepallength", "sepalwidth", "petallength", "petalwidth"]
COLUMNA_CLASE = "class"


def cargar_datos(ruta=ARCHIVO_DATOS):
    """Devuelve las medidas de cada flor (matriz de 150×4) y su especie (vector de 150 nombres)."""
    tabla = pd.read_csv(ruta)
    medidas = np.asarray(tabla.loc[:, COLUMNAS_ENTRADA], dtype=np.float32)
    nombres = np.asarray(tabla.loc[:, COLUMNA_CLASE])
    return medidas, nombres


X, especies = cargar_datos()
binarizer = preprocessing.LabelBinarizer()
binarizer.fit(especies)
T = binarizer.transform(especies)
print("X:", X.shape, " T:", np.shape(T))''',
    "q2": '''modelo_sigmoid = Sequential([Input(shape=(4,)), Dense(units=2, activation="relu"),
                             Dense(units=3, activation="sigmoid")])
modelo_sigmoid.summary()''',
    "q2b": '''def parametros_capa_densa(entradas, neuronas):
    """Cantidad de parámetros de una capa Dense: un peso por entrada y neurona, más un sesgo por neurona."""
    return (entradas + 1) * neuronas


parametros_por_capa = [parametros_capa_densa(n_entradas, n_salidas) for n_entradas, n_salidas in [(4, 2), (2, 3)]]
print(parametros_por_capa, "→ total:", sum(parametros_por_capa))''',
    "q4": '''EPOCAS = 100
TAMANO_LOTE = 20

modelo = Sequential()
modelo.add(Input(shape=(4,)))
for neuronas, activacion in [(2, "tanh"), (3, "softmax")]:
    modelo.add(Dense(neuronas, activation=activacion))
optimizador = SGD(learning_rate=0.1)
modelo.compile(loss="categorical_crossentropy", optimizer=optimizador, metrics=["accuracy"])
historia = modelo.fit(X_norm, T, batch_size=TAMANO_LOTE, epochs=EPOCAS, verbose=0)
print(f"Exactitud de entrenamiento en la última época: {historia.history['accuracy'][-1]:.3f}")''',
    "q7": '''pesos = [capa.get_weights() for capa in modelo.layers]
(W1, b1), (W2, b2) = pesos
print(np.shape(W1), np.shape(b1), np.shape(W2), np.shape(b2))''',
}

# dario: carla's code, local names renamed, comments and blank lines added.
DARIO_RENAMES = {"tabla": "df", "medidas": "entradas_x", "nombres": "clases", "n_entradas": "a",
                 "n_salidas": "b", "neuronas": "unidades", "activacion": "funcion", "optimizador": "opt",
                 "pesos": "lista_de_pesos", "capa": "c"}

EVA = {
    "q1": '''ARCHIVO_DATOS = "iris.csv"
COLUMNAS_ENTRADA = ["sepallength", "sepalwidth", "petallength", "petalwidth"]
COLUMNA_CLASE = "class"


def cargar_datos(ruta=ARCHIVO_DATOS):
    """Devuelve las medidas de cada flor (matriz de 150×4) y su especie (vector de 150 nombres)."""
    with open(ruta, encoding="utf-8") as archivo:
        lector = csv.DictReader(archivo)
        filas = list(lector)
    valores = [[float(fila[nombre]) for nombre in COLUMNAS_ENTRADA] for fila in filas]
    return np.array(valores, dtype="float32"), np.array([fila[COLUMNA_CLASE] for fila in filas])


X, especies = cargar_datos()
binarizer = preprocessing.LabelBinarizer().fit(especies)
T = binarizer.transform(especies)
print("X:", X.shape, " T:", np.shape(T))''',
    "q2": '''entrada = Input(shape=(4,))
modelo_sigmoid = Model(entrada, Dense(3, activation="sigmoid")(Dense(2, activation="tanh")(entrada)))
modelo_sigmoid.summary()''',
    "q4": '''EPOCAS = 100
TAMANO_LOTE = 20

capas = [Input(shape=(4,)), Dense(2), Activation("tanh"), Dense(3), Activation("softmax")]
modelo = keras.Sequential(capas)
modelo.compile(SGD(0.1), "categorical_crossentropy", metrics=["accuracy"])
historia = modelo.fit(x=X_norm, y=T, epochs=EPOCAS, batch_size=TAMANO_LOTE, shuffle=True, verbose=0)
print(f"Exactitud de entrenamiento en la última época: {historia.history['accuracy'][-1]:.3f}")''',
    "q7": '''W1 = modelo.layers[0].kernel.numpy()
b1 = modelo.layers[0].bias.numpy()
W2 = modelo.layers[2].kernel.numpy()
b2 = modelo.layers[2].bias.numpy()
print(np.shape(W1), np.shape(b1), np.shape(W2), np.shape(b2))''',
}

EXPECTED_STATUS = {"ana": "ok", "beto": "ok", "carla": "ok", "dario": "ok", "eva": "ok",
                   "fede": "invalid", "gabi": "error"}


def _answer_cells(notebook) -> dict:
    """``{question: [index of each code cell before its check cell that the template tags as an answer]}``."""
    found, current = {}, []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        check = CHECK_CELL.match(cell.source.strip())
        if check:
            found[check.group(1)] = current
            current = []
        elif "otter_answer_cell" in cell.metadata.get("tags", []) or "SOLUTION" in cell.source:
            current.append(index)
    return found


def with_answers(solution, answers: dict):
    """The solution notebook with some answer cells replaced (``q2b``: the question's second answer cell)."""
    notebook = nbformat.from_dict(solution)
    cells = _answer_cells(notebook)
    for key, source in answers.items():
        question, position = (key[:-1], 1) if key.endswith("b") else (key, 0)
        notebook.cells[cells[question][position]].source = source
    if "csv.DictReader" in "".join(answers.values()):
        notebook.cells.insert(cells["q1"][0], nbformat.v4.new_code_cell("import csv"))
    return notebook


def disguised(source: str) -> str:
    """``source`` with DARIO_RENAMES applied to whole words, a comment on each statement and blank lines."""
    import re

    for old, new in DARIO_RENAMES.items():
        source = re.sub(rf"\b{old}\b", new, source)
    lines = []
    for line in source.splitlines():
        lines.append(line)
        if line and not line.startswith((" ", "#", '"')) and not line.rstrip().endswith((",", "(", "[")):
            lines += ["# paso siguiente", ""]
    return "\n".join(lines)


def write_class(folder, solution_path, student_path):
    """The class's submission files in ``folder``."""
    folder.mkdir()
    solution = nbformat.read(solution_path, as_version=4)
    nbformat.write(solution, folder / "ana.ipynb")
    nbformat.write(nbformat.read(student_path, as_version=4), folder / "beto.ipynb")
    nbformat.write(with_answers(solution, CARLA), folder / "carla.ipynb")
    nbformat.write(with_answers(solution, {key: disguised(source) for key, source in CARLA.items()}),
                   folder / "dario_iris.ipynb")
    nbformat.write(with_answers(solution, EVA), folder / "eva.ipynb")
    (folder / "fede.txt").write_text("no es un cuaderno", encoding="utf-8")
    dying = nbformat.read(solution_path, as_version=4)
    dying.cells.insert(3, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(dying, folder / "gabi.ipynb")
