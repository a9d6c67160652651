from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=0, hidden=False)
def test_q2_modelo(modelo_sigmoid):
    from autograder.checks import check_input_shape, check_model
    check_model(modelo_sigmoid, 'modelo_sigmoid')
    check_input_shape(modelo_sigmoid, 'modelo_sigmoid', expected=(4,))

