"""Finite-difference helpers for the tests, written independently of course_lib.gradcheck (only its threshold
for "backprop and finite differences agree" is shared, so the tests judge by the rule the course teaches).

`central_difference` never changes its input in place and walks the entries with np.ndindex, so the
library's own checker (which perturbs an array in place) can be checked against it.
"""

import contextlib
import warnings

import numpy as np

from course_lib.gradcheck import AGREE_BELOW

GRAD_TOL = AGREE_BELOW  # relative error below which backprop and finite differences agree (float64)


def central_difference(f, x, h=1e-6):
    """df/dx of a scalar function f(x) by central differences. x: any shape; returns the same shape."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (float(f(x + step)) - float(f(x - step))) / (2.0 * h)
    return grad


def rel_error(a, b):
    """‖a - b‖ / max(‖a‖ + ‖b‖, tiny): the same measure as course_lib.gradcheck.relative_error, written out."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, f"shapes differ: {a.shape} vs {b.shape}"
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-20))


def away_from_zero(rng, shape, low=0.1, high=2.0):
    """Random values with |v| in [low, high] and random signs: inputs for ReLU-type functions, far from the kink."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)



@contextlib.contextmanager
def strict_numerics():
    """Warnings become errors, and numpy raises on overflow, division by zero and invalid results.

    Underflow stays allowed: e^-1000 rounding to 0.0 is the correct float64 answer, not a problem.
    """
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        yield
