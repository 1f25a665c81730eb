"""SOLUTIONS.md (for instructors) is generated from the exercise checks and must not drift from them."""

from pathlib import Path

import pytest

from course_lib.exercises.core import REGISTRY, _load_all, all_solutions
from tests.exercise_helpers import stub

ROOT = Path(__file__).resolve().parent.parent


def test_solutions_file_is_up_to_date():
    stored = (ROOT / "SOLUTIONS.md").read_text(encoding="utf-8")
    assert stored == all_solutions() + "\n", "run `python -m course_lib.exercises` to regenerate SOLUTIONS.md"


_load_all()


def test_every_lesson_has_at_least_three_exercises():
    lessons = {}
    for ex in REGISTRY.values():
        lessons.setdefault(ex.lesson, []).append(ex)
    for lesson in [f"{n:02d}" for n in range(1, 10)]:
        assert len(lessons.get(lesson, [])) >= 3, f"lesson {lesson} has fewer than 3 exercises"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_an_untouched_stub_is_not_done_and_the_reference_passes(name):
    """As shipped, every check cell says "not done yet" (Run All never fails), and the solution passes.

    The one test of this for every exercise; the lessons' test files test the wrong answers.
    """
    exercise = REGISTRY[name]
    result = exercise.check(stub)
    assert result.status == "not done" and repr(result).startswith("⏳ ") and "not done yet" in str(result), result
    assert exercise.check(lambda *args, **kwargs: None).status == "not done"  # returning nothing is a stub too
    assert exercise.check(None).status == "not done"  # the check cell run before the function's cell
    result = exercise.check(exercise.solution)
    assert result.passed and repr(result).startswith("✅ "), result
