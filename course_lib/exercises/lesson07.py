"""Lesson 07 exercises: weight initialisation.

    from course_lib.exercises.lesson07 import check_xavier_std, check_he_std, check_count_distinct_units
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr

# (fan_in, fan_out) pairs: fan_in != fan_out everywhere, so mixing them up shows
FANS = [(100, 50), (3, 7), (256, 10), (64, 64), (784, 128)]


# ---------------------------------------------------------------------------------------------
# 1. Xavier / Glorot
# ---------------------------------------------------------------------------------------------
def xavier_std(fan_in, fan_out):
    # Var(W) = 2 / (fan_in + fan_out); a standard deviation is the square root of a variance.
    return np.sqrt(2.0 / (fan_in + fan_out))


def _scalar(value, what):
    arr = as_array(value, what)
    if arr.ndim != 0:
        raise Mistake(tr("{what} should return one number (a standard deviation), got an array of shape "
                         "{arr_shape}.", what=what, arr_shape=arr.shape))
    return float(arr)


@exercise("xavier_std", "07", xavier_std,
          hint=lambda: tr("Xavier's variance is 2 / (fan_in + fan_out); the function returns a standard deviation."))
def check_xavier_std(candidate):
    """Check xavier_std(fan_in, fan_out) = sqrt(2 / (fan_in + fan_out))."""
    for fan_in, fan_out in FANS:
        got = _scalar(call(candidate, fan_in, fan_out), "xavier_std")
        want = xavier_std(fan_in, fan_out)
        if close(got, want, tol=1e-9):
            continue
        if close(got, want**2):
            raise Mistake(tr("xavier_std({fan_in}, {fan_out}) returned {got:.4g}, the variance. normal(0, std) "
                             "wants the standard deviation: take the square root.",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, np.sqrt(6.0 / (fan_in + fan_out))):
            raise Mistake(tr("xavier_std({fan_in}, {fan_out}) returned {got:.4g}: that is the limit of Xavier's "
                             "UNIFORM version, not the standard deviation of the normal one.",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, np.sqrt(1.0 / (fan_in + fan_out))):
            raise Mistake(tr("xavier_std({fan_in}, {fan_out}) returned {got:.4g}: a factor 2 is missing in the "
                             "variance.", fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, np.sqrt(1.0 / fan_in)) or close(got, np.sqrt(2.0 / fan_in)):
            raise Mistake(tr("xavier_std({fan_in}, {fan_out}) returned {got:.4g}, which uses fan_in only; Xavier "
                             "averages the two fans (the forward AND the backward signal).",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        raise Mistake(tr("xavier_std({fan_in}, {fan_out}) returned {got:.4g}; expected a different value.",
                         fan_in=fan_in, fan_out=fan_out, got=got))


# ---------------------------------------------------------------------------------------------
# 2. He / Kaiming
# ---------------------------------------------------------------------------------------------
def he_std(fan_in, fan_out):
    # Var(W) = 2 / fan_in: ReLU zeroes half of its inputs, so the weights make up a factor 2.
    return np.sqrt(2.0 / fan_in)


@exercise("he_std", "07", he_std,
          hint=lambda: tr("He's variance is 2 / fan_in (fan_in = inputs of the layer); return a standard deviation."))
def check_he_std(candidate):
    """Check he_std(fan_in, fan_out) = sqrt(2 / fan_in)."""
    for fan_in, fan_out in FANS:
        got = _scalar(call(candidate, fan_in, fan_out), "he_std")
        want = he_std(fan_in, fan_out)
        if close(got, want, tol=1e-9):
            continue
        if close(got, np.sqrt(2.0 / fan_out)):
            raise Mistake(tr("he_std({fan_in}, {fan_out}) returned {got:.4g}, computed from fan_out. He's forward "
                             "argument counts the inputs that are summed into each unit: fan_in.",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, want**2):
            raise Mistake(tr("he_std({fan_in}, {fan_out}) returned {got:.4g}, the variance. normal(0, std) wants "
                             "the standard deviation: take the square root.",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, np.sqrt(1.0 / fan_in)):
            raise Mistake(tr("he_std({fan_in}, {fan_out}) returned {got:.4g}: the factor 2 that makes up for ReLU "
                             "zeroing half of its inputs is missing.", fan_in=fan_in, fan_out=fan_out, got=got))
        if close(got, xavier_std(fan_in, fan_out)):
            raise Mistake(tr("he_std({fan_in}, {fan_out}) returned {got:.4g}, which is Xavier's standard deviation.",
                             fan_in=fan_in, fan_out=fan_out, got=got))
        raise Mistake(tr("he_std({fan_in}, {fan_out}) returned {got:.4g}; expected a different value.",
                         fan_in=fan_in, fan_out=fan_out, got=got))


# ---------------------------------------------------------------------------------------------
# 3. Symmetry: how many different units does a layer really have?
# ---------------------------------------------------------------------------------------------
def count_distinct_units(W, tol=1e-8):
    # W has shape (n_l, n_{l-1}): row j holds the incoming weights of unit j.
    distinct = []
    for row in W:
        if not any(np.max(np.abs(row - d)) <= tol for d in distinct):
            distinct.append(row)
    return len(distinct)


def _symmetry_cases():
    rng = np.random.default_rng(3)
    same = np.tile(rng.normal(size=(1, 5)), (6, 1))  # 6 identical units, 5 different numbers each
    almost = same + 1e-12 * rng.normal(size=same.shape)  # identical up to rounding
    two = np.r_[np.tile([[0.5, -0.2, 0.1]], (3, 1)), np.tile([[0.3, 0.3, 0.3]], (2, 1))]  # 2 kinds of unit
    free = rng.normal(size=(4, 6))  # every unit different
    columns_equal = np.tile(rng.normal(size=(7, 1)), (1, 3))  # 7 different units whose columns are equal
    return [two, same, free, columns_equal, almost]


@exercise("count_distinct_units", "07", count_distinct_units,
          hint=lambda: tr("a unit is a row of W (shape (n_l, n_{l-1})); two rows closer than tol are the same unit."))
def check_count_distinct_units(candidate):
    """Check count_distinct_units(W, tol=1e-8) -> number of different rows of W (up to tol)."""
    for W in _symmetry_cases():
        got_arr = as_array(call(candidate, W.copy()), "count_distinct_units")
        if got_arr.ndim != 0:
            raise Mistake(tr("return one number (how many different units), got an array of shape {got_arr_shape}.",
                             got_arr_shape=got_arr.shape))
        got, want = float(got_arr), count_distinct_units(W)
        if got == want:
            continue
        if got == count_distinct_units(W.T):
            raise Mistake(tr("for W of shape {W_shape} you returned {got:g}, the number of different COLUMNS. A "
                             "unit's incoming weights are a row of W (shape (n_l, n_{{l-1}})).",
                             W_shape=W.shape, got=got))
        if got == np.unique(W).size:
            raise Mistake(tr("for W of shape {W_shape} you returned {got:g}, the number of different numbers in W; "
                             "count different rows (units) instead.", W_shape=W.shape, got=got))
        if got == len(np.unique(W, axis=0)):
            raise Mistake(tr("for rows that differ only by rounding (less than tol = 1e-8) you returned {got:g}; "
                             "compare rows with the tolerance, not exactly.", got=got))
        raise Mistake(tr("for W of shape {W_shape} you returned {got:g}; expected a different count.",
                         W_shape=W.shape, got=got))
