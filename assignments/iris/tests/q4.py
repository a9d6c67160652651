from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=0, hidden=False)
def test_q4_entrenado(modelo, historia):
    from autograder.checks import check_model
    check_model(modelo, 'modelo')
    assert hasattr(historia, 'history'), '`historia` debería ser lo que devuelve `modelo.fit(...)`.'
    assert len(historia.history.get('loss', [])) > 0, '`modelo` todavía no fue entrenado con `fit`.'

