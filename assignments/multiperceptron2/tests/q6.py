from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=0, hidden=False)
def test_q6_forma(ewa, y_serie):
    from autograder.checks import check_array
    check_array(ewa(y_serie, 0.9), 'ewa(y_serie, 0.9)', shape=(len(y_serie),))

