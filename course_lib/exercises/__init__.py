"""Exercises: check functions for the learners' code, and their solutions.

Each lesson's checks live in `lessonNN.py` (import them from there, e.g.
`from course_lib.exercises.lesson03 import check_sigmoid`); the machinery is in `core.py`.
`python -m course_lib.exercises` writes every solution to SOLUTIONS.md for instructors.
"""

from course_lib.exercises.core import CheckResult, Mistake, NotDone, all_solutions, show_solution

__all__ = ["CheckResult", "Mistake", "NotDone", "all_solutions", "show_solution"]
