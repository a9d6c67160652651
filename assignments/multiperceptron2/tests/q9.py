from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=0, hidden=False)
def test_q9_entrada(modelo_cifar, modelo_cifar_l2):
    from autograder.checks import check_input_shape
    check_input_shape(modelo_cifar, 'modelo_cifar', expected=(32, 32, 3))
    check_input_shape(modelo_cifar_l2, 'modelo_cifar_l2', expected=(32, 32, 3))

