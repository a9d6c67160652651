from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=0, hidden=False)
def test_q6_formas(Y, T):
    import numpy as np
    from autograder.checks import check_array
    check_array(Y, 'Y', shape=np.shape(T))

