from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 5

@test_case(points=0, hidden=False)
def test_q8_modelo(modelo, historia):
    from autograder.checks import check_input_shape, check_model
    check_model(modelo, 'modelo')
    check_input_shape(modelo, 'modelo', expected=(28, 28))
    assert hasattr(historia, 'history') and historia.history.get('loss'), '`historia` debería ser lo que devuelve `modelo.fit(...)`.'

