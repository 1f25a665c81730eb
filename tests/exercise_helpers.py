"""Helpers shared by the tests of the lessons' exercise checks (tests/test_exercises_lessonNN.py)."""


def stub(*args, **kwargs):
    """What a learner's function looks like before they start: the cell as shipped."""
    raise NotImplementedError("write your code here")


def fails_with(check, candidate, *fragments):
    """Assert that `check` rejects `candidate` (shown with ❌) with a message containing every fragment."""
    result = check(candidate)
    assert result.status == "fail" and repr(result).startswith("❌"), result
    for fragment in fragments:
        assert fragment in result.message, result.message
