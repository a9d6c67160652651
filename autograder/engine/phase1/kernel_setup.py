"""The kernel made ready for grading, before the notebook's first cell.

Sent into the student's kernel with the rest of the kernel-side engine (``notebook_run``): it
stands in for Otter (``grader.check`` does nothing while grading), puts the builtins back after
every cell and runs TensorFlow on a fixed number of threads. Seeding is ``seeding``'s.
"""

import sys
import types


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
