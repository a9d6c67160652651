"""How much grading allows, in one place: a run's ``Limits`` (the TA sets them) and the engine's
``BUDGET`` of time and memory for each step around the notebook."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What grading one submission may use: seconds of notebook execution, memory of its
    processes, output it may print."""

    timeout: float = 600.0
    memory_mb: float = 2048.0
    output_mb: float = 20.0


@dataclass(frozen=True)
class Budget:
    """Time and memory of the steps around the notebook's own cells (seconds, MB)."""

    startup_seconds: float = 60.0  # the kernel starting and getting ready to grade
    interrupt_grace_seconds: float = 10.0  # a kernel interrupted at the time limit coming back
    export_seconds: float = 90.0  # exporting the variables, recorded calls included
    call_seconds: float = 30.0  # one recorded call of a student's function
    evaluation_seconds: float = 240.0  # phase 2, every test case
    evaluation_memory_mb: float = 4096.0
    waiting_evaluation_memory_mb: float = 1024.0  # phase 2 started early, its libraries imported
    poll_seconds: float = 0.25  # how often a running process's time and memory are checked
    backstop_seconds: float = 60.0  # local grading's own limit beyond all of the above
    backstop_memory_mb: float = 512.0

    def engine_seconds(self, limits: Limits) -> float:
        """The longest a whole grading run may take with ``limits``, before the backstop."""
        return limits.timeout + self.startup_seconds + self.export_seconds + self.evaluation_seconds

    def engine_memory_mb(self, limits: Limits) -> float:
        """The most a grading's processes may hold at once: the notebook beside phase 2 waiting for
        it, or phase 2 alone."""
        return max(limits.memory_mb + self.waiting_evaluation_memory_mb, self.evaluation_memory_mb)


BUDGET = Budget()
