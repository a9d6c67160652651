from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=0, hidden=False)
def test_q4_salidas(escalar_min_max, estandarizar, X_train_escalado, X_valid_escalado, X_test_escalado, X_train, X_valid, X_test):
    import numpy as np
    from autograder.checks import check_array
    ajuste = np.array([[0.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
    escalado = check_array(escalar_min_max(ajuste, ajuste), 'escalar_min_max(X_ajuste, X_ajuste)', shape=(3, 2))
    assert np.isclose(escalado.min(), 0) and np.isclose(escalado.max(), 1), f'Escalada con sus propios mínimo y máximo, una matriz debería quedar entre 0 y 1; `escalar_min_max` la deja entre {escalado.min():.3g} y {escalado.max():.3g}. ¿Corrigió la errata?'
    check_array(estandarizar(ajuste, ajuste), 'estandarizar(X_ajuste, X_ajuste)', shape=(3, 2))
    for nombre, escalado, original in (('X_train_escalado', X_train_escalado, X_train), ('X_valid_escalado', X_valid_escalado, X_valid), ('X_test_escalado', X_test_escalado, X_test)):
        check_array(escalado, nombre, shape=np.shape(original))

