"""The grading engine, shipped inside each autograder zip and used by TAs' local grading alike.

The student's notebook runs in a kernel of its own and exports the variables the tests take
(``notebook_run``; ``seeding``, ``kernel_setup``, ``encoding`` and ``exporting`` are sent into the kernel); the
tests then run in a fresh process that never executes the student's code, on objects rebuilt from
that export as data (``evaluate``, ``artifacts``); ``pipeline`` ties both together in Gradescope's
layout and writes the results (``results``). This package imports nothing from the rest of
``autograder`` but ``autograder.checks``.
"""
