"""Course tooling: the check library, the build and grading of the workshops."""
