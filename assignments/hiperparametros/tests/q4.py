from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=0, hidden=False)
def test_q4_callbacks(checkpoint_cb, early_stopping_cb):
    import keras
    assert isinstance(checkpoint_cb, keras.callbacks.ModelCheckpoint), '`checkpoint_cb` debería ser un `ModelCheckpoint`.'
    assert isinstance(early_stopping_cb, keras.callbacks.EarlyStopping), '`early_stopping_cb` debería ser un `EarlyStopping`.'

