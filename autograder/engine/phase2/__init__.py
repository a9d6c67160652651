"""Phase 2: the tests run in a fresh process that never executes the student's code, on objects
rebuilt from phase 1's export as data (``evaluate``), from the test files as the build wrote them
(``test_sources``); their outcome becomes Gradescope's results (``results``)."""
