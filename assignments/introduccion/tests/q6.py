from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=0, hidden=False)
def test_q6_salidas(crear_ventanas, modelo_rnn):
    import numpy as np
    from autograder.checks import check_array, check_model
    X, y = crear_ventanas(np.arange(10, dtype='float32'), 3)
    check_array(X, 'X de `crear_ventanas(np.arange(10), 3)`', shape=(7, 3, 1))
    check_array(y, 'y de `crear_ventanas(np.arange(10), 3)`', shape=(7,))
    check_model(modelo_rnn, 'modelo_rnn')

