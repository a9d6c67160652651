from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=0, hidden=False)
def test_q2_salidas(perdida, gradiente, historial_bueno, historial_grande):
    import numbers
    import numpy as np
    x, y = (np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]))
    valor = perdida(2.0, 1.0, x, y)
    assert isinstance(valor, numbers.Real), f'`perdida(...)` debería devolver un número, pero devuelve {valor!r}.'
    assert abs(float(valor)) < 1e-09, f'Los puntos (0, 1), (1, 3) y (2, 5) están sobre la recta y = 2x + 1: `perdida(2, 1, x, y)` debería dar 0, pero da {valor!r}.'
    derivadas = gradiente(0.0, 0.0, x, y)
    assert isinstance(derivadas, (tuple, list)) and len(derivadas) == 2, f'`gradiente(...)` debería devolver el par (dL/dw, dL/db), pero devuelve {derivadas!r}.'
    for nombre, historial in (('historial_bueno', historial_bueno), ('historial_grande', historial_grande)):
        assert len(historial) == 101, f'`{nombre}` debería tener PASOS + 1 = 101 pérdidas (la inicial y una por paso); tiene {len(historial)}.'

