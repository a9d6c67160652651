from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=0, hidden=False)
def test_q7_callback(tensorboard_cb):
    import keras
    assert isinstance(tensorboard_cb, keras.callbacks.TensorBoard), '`tensorboard_cb` debería ser un callback `TensorBoard`.'

