"""The kernel made ready for grading, before the notebook's first cell and before each cell.

Sent into the student's kernel with the rest of the kernel-side engine (``notebook_run``): it
seeds every random generator, stands in for Otter (``grader.check`` does nothing while grading),
puts the builtins back after every cell and runs TensorFlow on a fixed number of threads.
"""

import random
import sys
import types

SEED = 42


def seed(value=SEED):
    """Seed Python, NumPy, TensorFlow and Keras (those already imported).

    KerasTuner's tuners draw their seed from Python's ``random`` when given none, so they follow.
    """
    random.seed(value)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(value)
    keras = sys.modules.get("keras")
    if keras is not None:
        keras.utils.set_random_seed(value)
    elif "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(value)


def seed_optuna(value=SEED):
    """Give Optuna's samplers created without a seed the grading seed (they draw one from the OS)."""
    from optuna.samplers import _lazy_random_state as lazy

    original = lazy.LazyRandomState.__init__
    if getattr(original, "seeded_for_grading", False):
        return

    def init(self, seed=None):
        original(self, value if seed is None else seed)

    init.seeded_for_grading = True
    lazy.LazyRandomState.__init__ = init


class _SilentGrader:
    """Otter's ``Notebook`` while grading: checks and exports do nothing."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def stand_in_for_otter():
    """Make ``import otter; otter.Notebook(...)`` give a grader whose methods do nothing."""
    otter = types.ModuleType("otter")
    otter.Notebook = _SilentGrader
    sys.modules["otter"] = otter


def keep_builtins():
    """Put the builtins back after every cell: a notebook that redefines ``builtins.len`` would
    otherwise break the kernel itself before the next cell (redefining them in its own namespace
    is untouched)."""
    import builtins

    saved = dict(vars(builtins))

    def restore(*args):
        vars(builtins).update(saved)

    get_ipython().events.register("post_execute", restore)  # noqa: F821 - IPython's global


def limit_threads(count):
    """Run TensorFlow's operations on ``count`` threads: the same sums in the same order each run."""
    if count:
        import tensorflow

        tensorflow.config.threading.set_intra_op_parallelism_threads(count)
        tensorflow.config.threading.set_inter_op_parallelism_threads(count)
