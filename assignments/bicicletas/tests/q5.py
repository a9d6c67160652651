from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=0, hidden=False)
def test_q5_parada(parada_holgada, historia_holgada):
    import keras
    assert isinstance(parada_holgada, keras.callbacks.EarlyStopping), '`parada_holgada` debería ser un `EarlyStopping`.'
    assert 'val_loss' in getattr(historia_holgada, 'history', {}), '`historia_holgada` debería ser lo que devuelve `modelo_holgado.fit(...)` con `validation_data`.'

