from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0, hidden=False)
def test_q3_salidas(dividir, X_train, X_valid, X_test, y_train, y_valid, y_test):
    import numpy as np
    from autograder.checks import check_array
    partes = dividir(np.arange(40, dtype=float).reshape(20, 2), np.arange(20), 0.25, 0.25, 0)
    assert isinstance(partes, (tuple, list)) and len(partes) == 6, '`dividir(...)` debería devolver seis arreglos: (X_train, X_valid, X_test, y_train, y_valid, y_test).'
    for nombre_X, X, nombre_y, y in (('X_train', X_train, 'y_train', y_train), ('X_valid', X_valid, 'y_valid', y_valid), ('X_test', X_test, 'y_test', y_test)):
        filas = check_array(X, nombre_X)
        assert filas.ndim == 2 and filas.shape[1] == 8, f'`{nombre_X}` debería tener las 8 columnas de `X_viviendas`; tiene forma {filas.shape}.'
        check_array(y, nombre_y, shape=(len(filas),))

