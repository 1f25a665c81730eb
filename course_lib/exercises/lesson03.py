"""Lesson 03 (activation functions): checks and reference solutions.

    from course_lib.exercises.lesson03 import (check_sigmoid, check_sigmoid_derivative, check_relu_derivative,
                                               check_leaky_relu, check_stable_softmax)

Every function works elementwise on a numpy array (softmax: along the last axis, one row per example).
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr


def _run(candidate, *args, **kwargs):
    """Call the learner's function with numpy's overflow warnings silenced (the check reports problems itself)."""
    with np.errstate(all="ignore"):
        return as_array(call(candidate, *args, **kwargs))


def _same_shape(out, z, name):
    if out.shape != np.shape(z):
        raise Mistake(tr("{name} returned shape {out_shape} for an input of shape {z_shape}: it should work "
                         "elementwise and keep the shape.", name=name, out_shape=out.shape, z_shape=np.shape(z)))


# ---------------------------------------------------------------------------------------------
# 1. sigmoid
# ---------------------------------------------------------------------------------------------
def _sigmoid_solution(z):
    """1 / (1 + e^(-z)), elementwise."""
    return 1.0 / (1.0 + np.exp(-z))


def _true_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


@exercise("sigmoid", lesson="03", solution=_sigmoid_solution)
def check_sigmoid(candidate):
    """sigmoid(z) = 1 / (1 + e^(-z))."""
    z = np.array([-4.0, -1.0, 0.0, 0.5, 2.0, 6.0])
    out = _run(candidate, z)
    _same_shape(out, z, "sigmoid")
    if not np.isclose(out[2], 0.5):
        raise Mistake(tr("sigmoid(0) should be exactly 0.5, yours gives {at_zero:.4g}. Check the formula at z = 0.",
                         at_zero=out[2]))
    if close(out, 1.0 - _true_sigmoid(z)):
        raise Mistake(tr("your sigmoid falls as z grows (sigmoid(2) < sigmoid(0)); it should rise towards 1. Check "
                         "the sign in the exponent."))
    if np.any((out <= 0) | (out >= 1)):
        raise Mistake(tr("sigmoid's values lie strictly between 0 and 1; some of yours do not."))
    if not close(out, _true_sigmoid(z)):
        raise Mistake(tr("sigmoid(0) is right but other values are not: is it 1 / (1 + e^(-z)) for every entry?"))
    big = _run(candidate, np.array([-800.0, 800.0]))
    if np.any(np.isnan(big)):
        raise Mistake(tr("for z = -800 and 800 your sigmoid gives {big}: e^800 overflows to inf, and inf / inf is "
                         "nan. Which way of writing the formula turns that inf into a harmless 1 / inf = 0?",
                         big=big))
    if not np.all(np.isfinite(big)) or not close(big, [0.0, 1.0]):
        raise Mistake(tr("for z = -800 and 800 your sigmoid gives {big}; it should give (almost) 0 and 1.", big=big))


# ---------------------------------------------------------------------------------------------
# 2. sigmoid's derivative
# ---------------------------------------------------------------------------------------------
def _sigmoid_derivative_solution(z):
    """s(z) (1 - s(z)) with s = sigmoid; the input is z, as in the lesson."""
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


@exercise("sigmoid_derivative", lesson="03", solution=_sigmoid_derivative_solution)
def check_sigmoid_derivative(candidate):
    """sigmoid_derivative(z) = s(z) (1 - s(z))."""
    z = np.array([-6.0, -2.0, 0.0, 1.0, 3.0])
    out = _run(candidate, z)
    _same_shape(out, z, "sigmoid_derivative")
    s = _true_sigmoid(z)
    want = s * (1 - s)
    if close(out, z * (1 - z)):
        raise Mistake(tr("you applied the formula to z itself. The rule s(1 - s) is about s = sigmoid(z): compute "
                         "that first."))
    if close(out, s):
        raise Mistake(tr("that is sigmoid itself, not its slope."))
    if close(out, s * (1 + s)) or close(out, 1 - s * s):
        raise Mistake(tr("a sign or a square is off: the slope at z = 0 must be 0.25 and fall to 0 on both sides."))
    if not np.isclose(out[2], 0.25):
        raise Mistake(tr("the slope at z = 0 should be 0.25, yours is {at_zero:.4g}.", at_zero=out[2]))
    if not close(out, want):
        raise Mistake(tr("right at z = 0, wrong elsewhere: the slope must shrink towards 0 as |z| grows."))


# ---------------------------------------------------------------------------------------------
# 3. ReLU's derivative
# ---------------------------------------------------------------------------------------------
def _relu_derivative_solution(z):
    """1 where z > 0, else 0 (also at z = 0, the course's and PyTorch's choice)."""
    return (z > 0).astype(float)


@exercise("relu_derivative", lesson="03", solution=_relu_derivative_solution)
def check_relu_derivative(candidate):
    """relu_derivative(z): 1 for z > 0, 0 for z <= 0 (the course uses 0 at z = 0)."""
    z = np.array([-3.0, -0.5, 0.0, 0.25, 4.0])
    out = _run(candidate, z)
    _same_shape(out, z, "relu_derivative")
    if close(out, np.maximum(z, 0)):
        raise Mistake(tr("that is relu(z) itself; the derivative is the slope of relu, which is a constant on each "
                         "side of 0."))
    if close(out, np.sign(z)):
        raise Mistake(tr("on the left of 0, relu is flat: its slope there is 0, not -1."))
    if close(out, (z >= 0).astype(float)):
        raise Mistake(tr("right everywhere except at z = 0 exactly: relu has a kink there; this course (like "
                         "PyTorch) uses the slope from the left there. What is it?"))
    if not close(out, (z > 0).astype(float)):
        raise Mistake(tr("relu's slope is one number for every z < 0 and another for every z > 0; yours varies."))


# ---------------------------------------------------------------------------------------------
# 4. Leaky ReLU
# ---------------------------------------------------------------------------------------------
def _leaky_relu_solution(z, slope=0.01):
    """z where z > 0, slope * z elsewhere."""
    return np.where(z > 0, z, slope * z)


@exercise("leaky_relu", lesson="03", solution=_leaky_relu_solution)
def check_leaky_relu(candidate):
    """leaky_relu(z, slope=0.01): z for z > 0, slope * z for z <= 0."""
    z = np.array([-5.0, -1.0, 0.0, 2.0, 3.0])
    out = _run(candidate, z, 0.1)
    _same_shape(out, z, "leaky_relu")
    want = np.where(z > 0, z, 0.1 * z)
    if close(out, np.maximum(z, 0)):
        raise Mistake(tr("with slope=0.1 the negative side is flat at 0: that is plain ReLU. Use the slope."))
    if close(out, np.where(z > 0, 0.1 * z, z)):
        raise Mistake(tr("the slope is applied on the wrong side: positive inputs should pass unchanged."))
    if close(out, np.where(z > 0, z, 0.1)):
        raise Mistake(tr("for z < 0 the output should be a line through 0 with the given slope, not a constant."))
    if close(out, np.where(z > 0, z, 0.01 * z)):
        raise Mistake(tr("with slope=0.1 your function still uses 0.01: use the slope argument, not a fixed number."))
    if not close(out, want):
        raise Mistake(tr("with slope=0.1, leaky_relu(-5) should be -0.5 and leaky_relu(2) should be 2; check "
                         "yours: {out}.", out=out))
    default = _run(candidate, np.array([-2.0, 1.0]))
    if not close(default, [-0.02, 1.0]):
        raise Mistake(tr("without a slope argument the default slope should be 0.01 (leaky_relu(-2) = -0.02)."))


# ---------------------------------------------------------------------------------------------
# 5. A numerically stable softmax
# ---------------------------------------------------------------------------------------------
def _stable_softmax_solution(z):
    """Softmax of each row of z (m, K); subtracting each row's maximum keeps exp from overflowing."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


@exercise("stable_softmax", lesson="03", solution=_stable_softmax_solution)
def check_stable_softmax(candidate):
    """stable_softmax(z): softmax along the last axis (each row sums to 1), safe for large scores."""
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    out = _run(candidate, z)
    _same_shape(out, z, "stable_softmax")
    want = _stable_softmax_solution(z)
    if close(out, z / z.sum(axis=-1, keepdims=True)):
        raise Mistake(tr("you normalised the raw scores; softmax exponentiates them first."))
    if np.any(out < 0):
        raise Mistake(tr("some probabilities are negative: exponentiate the scores before normalising."))
    e = np.exp(z)
    if close(out, e / e.sum(axis=0, keepdims=True)):
        raise Mistake(tr("your columns sum to 1, not your rows: each row is one example's score vector, so "
                         "normalise along the last axis (axis=-1, keepdims=True)."))
    if close(out, e / e.sum()):
        raise Mistake(tr("you normalised over the whole array; each row (one example) must sum to 1 on its own."))
    if not close(out, want):
        raise Mistake(tr("the rows do not match softmax of the scores; e.g. softmax([1, 2, 3]) ≈ [0.090, 0.245, "
                         "0.665]."))
    big = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -999.0, -998.0]])
    out_big = _run(candidate, big)
    if not np.all(np.isfinite(out_big)):
        if not np.all(np.isfinite(out_big[0])):
            raise Mistake(tr("for scores around 1000 you get NaN: e^1000 overflows to inf. What can you subtract "
                             "from every score without changing the result?"))
        raise Mistake(tr("for scores around -1000 you get NaN: every e^z underflows to 0, and 0/0 is NaN. Shift "
                         "each row by its own maximum, not by one number for the whole array."))
    if not close(out_big, _stable_softmax_solution(big)):
        raise Mistake(tr("for large scores your result is not softmax: [1000, 1001, 1002] should give the same "
                         "probabilities as [0, 1, 2]."))
