"""Phase 1: the student's notebook runs, in a Jupyter kernel of its own (``notebook_run``), isolated
where it can be (``sandbox``, ``launcher``, ``environment``); the kernel is made ready for grading
(``kernel_setup``) and, after the last cell, exports the variables the tests take (``exporting``)."""
