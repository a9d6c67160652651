from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=0, hidden=False)
def test_q3_forma(Y_lote):
    import numpy as np
    from autograder.checks import check_array
    Y = check_array(Y_lote, 'Y_lote', shape=(4, 3))
    assert np.all(np.abs(Y) < 1), 'Con θ = tanh en la capa de salida, todos los valores de `Y_lote` deberían estar entre -1 y 1.'

