"""course_lib.portable_numbers prints what holds on every CPU: a bound for rounding noise, an exponent for sizes."""

import math

import pytest

from course_lib.portable_numbers import below, order_of_magnitude
from course_lib.validation import CourseError


@pytest.mark.parametrize("noise", [2.9e-12, 6.9e-12, 6.6e-11, 0.0, -3e-15])
def test_below_hides_the_digits_of_rounding_noise(noise):
    assert below(noise, 1e-9) == "< 1e-09"


def test_below_prints_values_above_the_limit():
    assert below(3.2e-4, 1e-9) == "3.2e-04"
    assert below(0.085, 1e-3, ".4f") == "0.0850"
    assert below(-0.5, 1e-3, ".2f") == "0.50"  # a size: the sign is dropped


@pytest.mark.parametrize(("x", "expected"), [(9e-5, "1e-04"), (1e-4, "1e-04"), (3.1e-4, "1e-04"),
                                             (3.2e-4, "1e-03"), (5e-3, "1e-02"), (6e-3, "1e-02"),
                                             (8e-6, "1e-05"), (-2.0, "1e+00"), (980.0, "1e+03"), (0.0, "0"),
                                             (math.inf, "inf")])
def test_order_of_magnitude_rounds_on_a_log_scale(x, expected):
    assert order_of_magnitude(x) == expected


@pytest.mark.parametrize("bad", [float("nan"), "small", None])
def test_bad_values_get_a_course_error(bad):
    with pytest.raises(CourseError, match="x"):
        order_of_magnitude(bad)
    with pytest.raises(CourseError, match="x"):
        below(bad, 1e-9)


def test_below_needs_a_positive_limit():
    with pytest.raises(CourseError, match="limit must be positive"):
        below(1e-12, 0)
