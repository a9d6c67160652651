from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 5

@test_case(points=0, hidden=False)
def test_q3_entrenado(modelo, historia, parametros_red, rmsle_valid):
    import numbers
    from autograder.checks import check_model
    check_model(modelo, 'modelo')
    assert 'val_loss' in getattr(historia, 'history', {}), '`historia` debería ser lo que devuelve `modelo.fit(...)` con `validation_data=(X_valid, y_valid)`.'
    cuenta = parametros_red(10)
    assert isinstance(cuenta, (tuple, list)) and len(cuenta) == 2, f'`parametros_red(10)` debería devolver un par (entrenables, no_entrenables), pero devuelve {cuenta!r}.'
    assert isinstance(rmsle_valid, numbers.Real), f'`rmsle_valid` debería ser un número, pero es {rmsle_valid!r}.'

