from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=0, hidden=False)
def test_q2_matrices(X_train, X_valid, X_test, y_train, y_valid, y_test):
    import numpy as np
    from autograder.checks import check_array
    for nombre, valor, filas in (('X_train', X_train, 8026), ('X_valid', X_valid, 2860), ('X_test', X_test, 6493)):
        arreglo = check_array(valor, nombre)
        assert arreglo.ndim == 2 and len(arreglo) == filas, f'`{nombre}` debería ser una matriz de {filas} filas (una por hora); tiene forma {arreglo.shape}.'
        assert not np.isnan(arreglo).any(), f'`{nombre}` tiene valores NaN: ¿imputó las columnas categóricas?'
    for nombre, valor, filas in (('y_train', y_train, 8026), ('y_valid', y_valid, 2860), ('y_test', y_test, 6493)):
        check_array(valor, nombre, shape=(filas,))

