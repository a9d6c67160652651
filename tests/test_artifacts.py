"""What phase 1 exports is untrusted: the evaluation rebuilds only data, refuses files that are not
plain files of bounded size, classes outside scikit-learn and Keras callbacks, pickled arrays, and
replays the student's functions only on the calls the build recorded."""

import json
import os

import numpy as np
import pytest

from autograder.engine.shared.artifacts import PROBES, Decoder, RecordedFunction, StudentFunctionError, Unavailable, call_key
from autograder.engine.shared.encoding import MANIFEST
from autograder.engine.phase2.evaluate import hint
from autograder.engine.phase1.exporting import export


def write_manifest(directory, variables, objects=None, calls=None, name=MANIFEST):
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(json.dumps(
        {"variables": variables, "objects": objects or {}, "calls": calls or {}}))
    return directory


def rebuilt(tmp_path, description, objects=None):
    decoder = Decoder(write_manifest(tmp_path / "export", {"x": description}, objects))
    return decoder.namespace(["x"], {})["x"]


BAD_EXPORTS = [
    ("class outside the allowed libraries", {"ref": "1"},
     {"1": {"instance": {"module": "os", "qualname": "PathLike", "attributes": {}}}}, "ValorNoReconstruible"),
    ("keras class that is not a callback", {"ref": "1"},
     {"1": {"instance": {"module": "keras.layers", "qualname": "Dense", "attributes": {}}}}, "ValorNoReconstruible"),
    ("function from a module not allowed", {"ref": "1"},
     {"1": {"library_function": {"module": "subprocess", "qualname": "call"}}}, "ValorNoReconstruible"),
    ("private name", {"ref": "1"},
     {"1": {"library_function": {"module": "numpy", "qualname": "_pytesttester"}}}, "ValorNoReconstruible"),
    ("builtin that runs code", {"ref": "1"},
     {"1": {"library_function": {"module": "builtins", "qualname": "exec"}}}, "ValorNoReconstruible"),
    ("attribute chain from an allowed module to os.system", {"ref": "1"},
     {"1": {"library_function": {"module": "numpy", "qualname": "ctypeslib.os.system"}}}, "ValorNoReconstruible"),
    ("numpy function that writes files", {"ref": "1"},
     {"1": {"library_function": {"module": "numpy", "qualname": "save"}}}, "ValorNoReconstruible"),
    ("estimator class named through another module", {"ref": "1"},
     {"1": {"instance": {"module": "sklearn.preprocessing", "qualname": "StandardScaler", "attributes": {}}}},
     "ValorNoReconstruible"),
    ("class reached through an attribute chain", {"ref": "1"},
     {"1": {"instance": {"module": "sklearn.preprocessing._data", "qualname": "np.ndarray", "attributes": {}}}},
     "ValorNoReconstruible"),
    ("sklearn module a test suite would import", {"ref": "1"},
     {"1": {"instance": {"module": "sklearn.conftest", "qualname": "X", "attributes": {}}}}, "ValorNoReconstruible"),
    ("attribute standing in for a method", {"ref": "1"},
     {"1": {"instance": {"module": "sklearn.preprocessing._data", "qualname": "StandardScaler",
                         "attributes": {"transform": {"ref": "2"}}}},
      "2": {"library_function": {"module": "numpy", "qualname": "positive"}}}, "ValorNoReconstruible"),
    ("attribute standing in for the class", {"ref": "1"},
     {"1": {"instance": {"module": "sklearn.preprocessing._data", "qualname": "StandardScaler",
                         "attributes": {"__class__": {"json": "x"}}}}}, "ValorNoReconstruible"),
    ("array path outside the export", {"ref": "1"}, {"1": {"array": "../../etc/passwd"}}, "ValorNoReconstruible"),
    ("scipy.stats name that is not a distribution", {"ref": "1"},
     {"1": {"scipy_distribution": {"name": "ttest_ind", "args": [1, 2], "kwds": {}}}}, "ValorNoReconstruible"),
    ("distribution with an argument that is not a number", {"ref": "1"},
     {"1": {"scipy_distribution": {"name": "uniform", "args": [{"ref": "2"}], "kwds": {}}}}, "ValorNoReconstruible"),
    ("distribution with a keyword that is not a name", {"ref": "1"},
     {"1": {"scipy_distribution": {"name": "uniform", "args": [], "kwds": {"__class__": 1}}}}, "ValorNoReconstruible"),
    ("shap explanation whose values are not an array", {"ref": "1"},
     {"1": {"shap_explanation": {"values": {"json": "x"}, "base_values": None, "data": None,
                                 "feature_names": {"json": None}}}}, "ValorNoReconstruible"),
    ("structured numpy dtype", {"ref": "1"}, {"1": {"numpy_dtype": "[('a', '<f8')]"}}, "ValorNoReconstruible"),
    ("range with bounds that are not integers", {"range": [0, 1.5, 1]}, None, "ValorNoReconstruible"),
    ("range with a bound that is an object", {"range": [0, {"ref": "1"}, 1]}, {"1": {"json": 3}}, "ValorNoReconstruible"),
    ("unknown description", {"pickle": "gASV"}, None, "ValorNoReconstruible"),
    ("student's type", {"unavailable": "ModeloFalso"}, None, "ModeloFalso"),
]


@pytest.mark.parametrize("case, description, objects, type_name", BAD_EXPORTS, ids=[c[0] for c in BAD_EXPORTS])
def test_what_cannot_be_rebuilt_safely_is_unavailable_and_says_so(case, description, objects, type_name, tmp_path):
    value = rebuilt(tmp_path, description, objects)
    assert isinstance(value, Unavailable)
    assert type(value).__name__ == type_name
    with pytest.raises(AssertionError, match="La calificación no puede usar `x`"):
        value.count_params()


def test_an_attribute_that_cannot_be_rebuilt_is_missing_and_named_and_the_rest_stays(tmp_path):
    """A FunctionTransformer whose ``func`` names ``os.system`` through an allowed module: rebuilt,
    without ``func``; using it says which attribute is missing."""
    objects = {"1": {"instance": {"module": "sklearn.preprocessing._function_transformer", "qualname": "FunctionTransformer",
                                  "attributes": {"func": {"ref": "2"}, "validate": {"json": False},
                                                 "kw_args": {"json": None}}}},
               "2": {"library_function": {"module": "sklearn.utils", "qualname": "os.system"}}}
    value = rebuilt(tmp_path, {"ref": "1"}, objects)
    assert type(value).__name__ == "FunctionTransformer" and value.validate is False
    assert isinstance(value.func, Unavailable)
    with pytest.raises(AssertionError, match="el atributo `func` de `FunctionTransformer`.*función no permitida"):
        value.transform(np.ones((2, 2)))


def test_a_pickled_array_is_not_loaded(tmp_path):
    directory = tmp_path / "export"
    (directory / "arrays").mkdir(parents=True)
    np.save(directory / "arrays" / "0.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    value = rebuilt(tmp_path, {"ref": "1"}, {"1": {"array": "arrays/0.npy"}})
    assert isinstance(value, Unavailable)


def test_a_manifest_that_is_a_link_is_refused(tmp_path):
    secret = tmp_path / "secreto.json"
    secret.write_text('{"variables": {}}')
    (tmp_path / "export").mkdir()
    os.symlink(secret, tmp_path / "export" / "manifest.json")
    with pytest.raises(ValueError, match="no es un archivo común"):
        Decoder(tmp_path / "export")


def test_allowed_library_functions_and_estimators_round_trip(tmp_path):
    import keras
    from sklearn.preprocessing import FunctionTransformer

    transformer = FunctionTransformer(func=np.log1p).fit(np.ones((2, 2)))
    namespace = {"perdida": keras.losses.categorical_crossentropy, "transformador": transformer}
    export(namespace, list(namespace), str(tmp_path / "sin-sondas"), str(tmp_path / "export"), 5)
    values = Decoder(tmp_path / "export").namespace(list(namespace), {})
    assert values["perdida"] is keras.losses.categorical_crossentropy
    np.testing.assert_allclose(values["transformador"].transform(np.ones((1, 2))), np.log1p(np.ones((1, 2))))


def test_plain_values_arrays_and_estimators_round_trip(tmp_path):
    from sklearn.preprocessing import LabelBinarizer

    binarizer = LabelBinarizer().fit(["a", "b", "c"])
    namespace = {"numeros": [1, 2.5, float("nan"), None, ...], "tabla": {"k": {1, 2}}, "capas": range(0, 7, 2), "arreglo": np.eye(3),
                 "binarizador": binarizer, "mismo": binarizer}
    export(namespace, list(namespace), str(tmp_path / "sin-sondas"), str(tmp_path / "export"), 5)
    values = Decoder(tmp_path / "export").namespace(list(namespace), {})
    assert values["numeros"][:2] == [1, 2.5] and np.isnan(values["numeros"][2]) and values["numeros"][3:] == [None, ...]
    assert values["tabla"] == {"k": {1, 2}}
    assert values["capas"] == range(0, 7, 2) and type(values["capas"]) is range
    np.testing.assert_array_equal(values["arreglo"], np.eye(3))
    assert type(values["binarizador"]) is LabelBinarizer
    assert list(values["binarizador"].inverse_transform(np.eye(3))) == ["a", "b", "c"]
    assert values["mismo"] is values["binarizador"]


def test_a_recorded_function_answers_only_recorded_calls(tmp_path):
    table = {call_key((2,), {}): {"result": {"json": 4}}, call_key((3,), {}): {"raised": "ValueError", "message": "no"},
             call_key((4,), {}): {"timeout": 30}}
    doble = RecordedFunction("doble", table, Decoder(write_manifest(tmp_path / "export", {})))
    assert doble(2) == 4
    with pytest.raises(StudentFunctionError, match="no") as raised:
        doble(3)
    assert hint(raised.value) == "Su función `doble` lanzó ValueError: no"
    with pytest.raises(AssertionError, match="no terminó en 30 s"):
        doble(4)
    with pytest.raises(AssertionError, match="No se pudo evaluar `doble` con estos argumentos"):
        doble(2.0)


@pytest.mark.parametrize("value, message", [
    (None, r"`doble` debería ser una función, pero es de tipo NoneType: complete la celda que la define "
           r"\(`def doble\(...\):`\)"),
    (7, r"`doble` debería ser una función, pero es de tipo int"),
])
def test_a_probed_variable_that_is_not_a_function_says_so_in_spanish(value, message, tmp_path):
    write_manifest(tmp_path / "sondas", {}, name=PROBES, calls={"doble": [{"args": {"tuple": [{"json": 2}]},
                                                                          "kwargs": {"dict": []}}]})
    export({"doble": value}, ["doble"], str(tmp_path / "sondas"), str(tmp_path / "export"), 5)
    probes = {"doble": [call_key((2,), {})]}
    doble = Decoder(tmp_path / "export").namespace(["doble"], probes)["doble"]
    with pytest.raises(AssertionError, match=message):
        doble(2)


def tape_gradient(x):
    import tensorflow as tf

    variable = tf.Variable(float(x))
    with tf.GradientTape() as tape:
        square = variable * variable
    return float(tape.gradient(square, variable))


def test_a_call_recorded_without_autodiff_runs_with_tensorflows_autodiff_refused(tmp_path):
    calls = [{"args": {"tuple": [{"json": 3.0}]}, "kwargs": {"dict": []}, "mode": mode}
             for mode in ("without_autodiff", "")]
    write_manifest(tmp_path / "sondas", {}, name=PROBES, calls={"derivada": calls, "doble": calls[:1]})
    export({"derivada": tape_gradient, "doble": lambda x: 2 * x}, ["derivada", "doble"], str(tmp_path / "sondas"),
           str(tmp_path / "export"), 30)
    probes = {"derivada": [call_key((3.0,), {}, "without_autodiff"), call_key((3.0,), {})],
              "doble": [call_key((3.0,), {}, "without_autodiff")]}
    namespace = Decoder(tmp_path / "export").namespace(["derivada", "doble"], probes)
    assert namespace["derivada"](3.0) == 6.0 and namespace["doble"].without_autodiff(3.0) == 6.0
    with pytest.raises(StudentFunctionError) as raised:
        namespace["derivada"].without_autodiff(3.0)
    assert hint(raised.value).startswith("Su función `derivada` lanzó DiferenciacionAutomaticaNoPermitida: esta "
                                         "pregunta pide las derivadas a mano")
    with pytest.raises(AssertionError, match="No se pudo evaluar `doble`"):
        namespace["doble"](3.0)  # recorded only without autodiff
    assert tape_gradient(2.0) == 4.0  # TensorFlow is whole again after the call


def test_without_autodiff_tensorflow_cannot_even_be_imported_when_no_cell_imported_it():
    import subprocess
    import sys

    code = ("from autograder.engine.phase1.exporting import autodiff_refused\n"
            "with autodiff_refused():\n"
            "    try:\n        import tensorflow\n    except Exception as error:\n        print(type(error).__name__)\n"
            "import sys; print('tensorflow' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert ran.stdout.split() == ["DiferenciacionAutomaticaNoPermitida", "False"], ran.stderr


def test_a_probed_function_the_notebook_never_defined_says_so(tmp_path):
    export({}, ["doble"], str(tmp_path / "sin-sondas"), str(tmp_path / "export"), 5)
    doble = Decoder(tmp_path / "export").namespace(["doble"], {"doble": [call_key((2,), {})]})["doble"]
    with pytest.raises(AssertionError, match="`doble` debería ser una función, pero no está definida"):
        doble(2)


@pytest.mark.parametrize("error, expected", [
    (AssertionError("`T` debería tener forma (150, 3)"), "`T` debería tener forma (150, 3)"),
    (AssertionError(), "La verificación no se cumplió."),
    (StudentFunctionError("f", "ZeroDivisionError", "division by zero"), "Su función `f` lanzó ZeroDivisionError: division by zero"),
    (ValueError("Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 to have value 4"),
     "Error al evaluar su respuesta (ValueError): la prueba no pudo usarla tal como está"),
    (TypeError("'NoneType' object is not callable"), "Error al evaluar su respuesta (TypeError): la prueba no pudo"),
])
def test_a_hint_is_the_checks_spanish_message_or_the_students_own_error_never_a_librarys(error, expected):
    text = hint(error)
    assert text.startswith(expected)
    assert "incompatible" not in text and "NoneType" not in text
