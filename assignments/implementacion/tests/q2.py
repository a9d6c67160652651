from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=0, hidden=False)
def test_q2_claves(formas_mlp):
    import numpy as np
    formas = formas_mlp(1)
    assert isinstance(formas, dict), '`formas_mlp` debería devolver un diccionario.'
    assert set(formas) == {'X', 'W_h', 'b_h', 'W_o', 'b_o', 'Y'}, f'Las claves de `formas_mlp(...)` deberían ser X, W_h, b_h, W_o, b_o e Y; son {sorted(formas)}.'
    for nombre, forma in formas.items():
        assert isinstance(forma, (tuple, list)) and all((isinstance(n, (int, np.integer)) for n in forma)), f'`formas_mlp(...)[{nombre!r}]` debería ser una tupla de enteros, como las de `np.shape` (o una lista); es {forma!r}.'

