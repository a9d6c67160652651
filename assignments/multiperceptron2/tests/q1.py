from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=0, hidden=False)
def test_q1_forma(X_train_digitos, X_test_digitos, matriz_confusion_digitos, y_test_digitos):
    from autograder.checks import check_array
    check_array(X_train_digitos, 'X_train_digitos', shape=(1257, 64))
    check_array(X_test_digitos, 'X_test_digitos', shape=(540, 64))
    matriz = check_array(matriz_confusion_digitos, 'matriz_confusion_digitos', shape=(10, 10))
    assert matriz.sum() == len(y_test_digitos), f'La matriz de confusión debería contar cada ejemplo de prueba una vez: sus celdas deberían sumar {len(y_test_digitos)}, pero suman {matriz.sum()}.'

