from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=0, hidden=False)
def test_q4_vectorizadas(sigmoid, sigmoid_derivada, tanh, tanh_derivada, relu, relu_derivada):
    import numpy as np
    entrada = np.array([[-1.0, 0.5, 2.0], [0.25, -3.0, 1.0]])
    for nombre, funcion in [('sigmoid', sigmoid), ('sigmoid_derivada', sigmoid_derivada), ('tanh', tanh), ('tanh_derivada', tanh_derivada), ('relu', relu), ('relu_derivada', relu_derivada)]:
        assert callable(funcion), f'`{nombre}` debería ser una función.'
        salida = funcion(entrada)
        assert np.shape(salida) == entrada.shape, f'`{nombre}` debería aplicarse a cada elemento y devolver un arreglo de forma {entrada.shape}; devuelve forma {np.shape(salida)}.'

