from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 6

@test_case(points=0, hidden=False)
def test_q5_formas(mejora_esperada, x_bayes, y_bayes):
    import numpy as np
    mejora = np.asarray(mejora_esperada(np.array([0.0, 1.0]), np.array([1.0, 0.0]), 0.5))
    assert mejora.shape == (2,), f'`mejora_esperada` debería devolver un valor por punto (forma (2,)), pero da {mejora.shape}.'
    assert len(np.ravel(x_bayes)) == len(np.ravel(y_bayes)) == 10, '`x_bayes` e `y_bayes` deberían tener N_EVALUACIONES = 10 valores cada uno.'

