from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 4

@test_case(points=0, hidden=False)
def test_q5_tipos(modelo_denso, historia_densa, predicciones, evaluacion):
    from autograder.checks import check_model
    check_model(modelo_denso, 'modelo_denso')
    assert 'val_loss' in getattr(historia_densa, 'history', {}), '`historia_densa` debería ser lo que devuelve `modelo_denso.fit(...)` con `validation_data`.'
    assert hasattr(predicciones, 'shape') and len(predicciones.shape) == 2, '`predicciones` debería ser lo que devuelve `predict`, tal cual: un arreglo de forma (n, 1).'
    assert isinstance(evaluacion, dict), f'`evaluacion` debería ser el diccionario que devuelve `evaluate(..., return_dict=True)`; es {type(evaluacion).__name__}.'

