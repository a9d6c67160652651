from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 4

@test_case(points=0, hidden=False)
def test_q7_trayectoria(descenso_momento, A_mal_condicionada, w_inicial):
    from autograder.checks import check_array
    check_array(descenso_momento(A_mal_condicionada, w_inicial, 0.01, 0.9, 5), 'descenso_momento(..., pasos=5)', shape=(6, 2))

