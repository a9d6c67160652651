"""The grading engine, shipped inside each autograder zip and used by TAs' local grading alike.

Two phases, a folder each, and what they share (``shared``: the export's format and its codecs,
the seeding): the student's notebook runs in a kernel of its own and exports the variables the
tests take (``phase1``); the tests then run in a fresh process that never executes the student's
code, on objects rebuilt from that export as data (``phase2``). ``pipeline`` ties both together in
Gradescope's layout; ``settings``, ``processes``, ``machine``, ``atomic`` and ``submission`` serve
it. This package imports nothing from the rest of ``autograder`` but ``autograder.checks``.
"""
