"""Printing numbers that come out the same on every learner's machine.

A laptop with another CPU (Apple Silicon, an AMD or Intel chip with or without AVX-512) rounds the last bit of a
matrix product or an `exp` differently. Most printed results do not care, but two kinds do:

- values that *are* rounding noise, such as a gradient check's relative error of 3e-12 (another machine prints
  7e-12), and
- values whose first digit sits right at a rounding boundary after many amplifying steps.

For these, print what actually holds: that the value is below a limit, or its order of magnitude.

    >>> below(2.9e-12, 1e-9)
    '< 1e-09'
    >>> order_of_magnitude(9e-5), order_of_magnitude(1.2e-4)
    ('1e-04', '1e-04')
"""

from __future__ import annotations

import math

from course_lib.i18n import tr
from course_lib.validation import CourseError


def _finite_number(x, name: str) -> float:
    try:
        value = float(x)
    except (TypeError, ValueError):
        raise CourseError(tr("{name} must be a number, got {x!r}.", name=name, x=x)) from None
    if math.isnan(value):
        raise CourseError(tr("{name} is NaN: there is no size to print. Check the computation that produced it.",
                              name=name))
    return value


def below(x, limit: float, fmt: str = ".1e") -> str:
    """'< limit' when |x| < limit (the digits below it are rounding noise), else |x| formatted with `fmt`.

    below(6.9e-12, 1e-9) -> '< 1e-09';   below(3.2e-4, 1e-9) -> '3.2e-04'
    """
    value, limit = abs(_finite_number(x, "x")), _finite_number(limit, "limit")
    if limit <= 0:
        raise CourseError(tr("limit must be positive, got {limit!r}.", limit=limit))
    return f"< {limit:.0e}" if value < limit else format(value, fmt)


def order_of_magnitude(x) -> str:
    """The power of ten nearest to |x| on a log scale, as '1e-04': 3.2e-5 <= |x| < 3.2e-4 all print '1e-04'.

    For sizes such as a gradient check's error, whose first digit changes from machine to machine but whose
    exponent does not. 0 prints '0'.
    """
    value = abs(_finite_number(x, "x"))
    if value == 0:
        return "0"
    if math.isinf(value):
        return "inf"
    return f"1e{round(math.log10(value)):+03d}"
