from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=0, hidden=False)
def test_q3_compilado(modelo_sigmoid, costo_para_activacion):
    from autograder.checks import check_model
    check_model(modelo_sigmoid, 'modelo_sigmoid')
    assert modelo_sigmoid.compiled, 'Compile `modelo_sigmoid` con `compile` antes de seguir.'
    assert set(costo_para_activacion) == {'linear', 'tanh', 'sigmoid', 'softmax'}, '`costo_para_activacion` debería tener una entrada por activación: linear, tanh, sigmoid y softmax.'

