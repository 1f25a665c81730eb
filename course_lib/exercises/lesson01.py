"""Lesson 01 · Perceptron: forward output, a gate's weights, one gradient-descent step, the normal equation.

    from course_lib.exercises.lesson01 import check_perceptron_output, check_nand_weights, check_gd_step, \
        check_normal_equation
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, NotDone, as_array, call, close, exercise
from course_lib.i18n import tr
from course_lib.perceptron import GATE_INPUTS, GATES


# ---------------------------------------------------------------------------------------------
# 1. The perceptron's output
# ---------------------------------------------------------------------------------------------
def _perceptron_output_solution(X, w, b):
    z = X @ w + b  # (m, n) @ (n,) -> (m,): one weighted sum per example, plus the bias
    return (z > 0).astype(int)  # step activation: 1 where z > 0, else 0


def _perceptron_cases():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(12, 3))
    w = np.array([1.5, -2.0, 0.5])
    b = 0.8
    return [
        (X, w, b),
        (X, w, -1.7),
        (GATE_INPUTS.copy(), np.array([1.0, 1.0]), -1.0),  # z = 0 exactly at (0,1) and (1,0)
    ]


@exercise("perceptron_output", lesson="01", solution=_perceptron_output_solution)
def check_perceptron_output(candidate):
    """perceptron_output(X (m, n), w (n,), b float) -> (m,) array of 0 / 1."""
    for X, w, b in _perceptron_cases():
        out = as_array(call(candidate, X, w, b))
        m = X.shape[0]
        z = X @ w + b
        expected = (z > 0).astype(int)
        if out.shape != (m,):
            if out.shape in ((m, 1), (1, m)):
                raise Mistake(tr("the result has shape {out_shape}; return one number per example, shape ({m},). "
                                 "With w 1-D, X @ w is already 1-D.", out_shape=out.shape, m=m))
            raise Mistake(tr("the result has shape {out_shape}, expected ({m},): one output per example (row of X).",
                             out_shape=out.shape, m=m))
        if not np.all(np.isin(out, (0, 1))):
            if close(out, z):
                raise Mistake(tr("you returned the weighted sum z itself: the perceptron still has to apply its "
                                 "step activation (1 where z > 0, else 0)."))
            if np.all((out > 0) & (out < 1)):
                raise Mistake(tr("the outputs lie between 0 and 1, like a sigmoid: this perceptron uses a hard "
                                 "step that outputs exactly 0 or 1."))
            raise Mistake(tr("the outputs must be 0 or 1 (the step activation)."))
        if np.array_equal(out, expected):
            continue
        if np.array_equal(out, (z >= 0).astype(int)):
            raise Mistake(tr("at z = 0 exactly your output is 1; in this course the step gives 1 only where z > 0 "
                             "(a point on the line counts as 0)."))
        if np.array_equal(out, (X @ w > 0).astype(int)):
            raise Mistake(tr("the outputs ignore the bias b: the weighted sum is w·x + b."))
        if np.array_equal(out, (X @ w - b > 0).astype(int)):
            raise Mistake(tr("it looks like you subtracted the bias: z = w·x + b."))
        if np.array_equal(out, 1 - expected):
            raise Mistake(tr("every output is flipped: the step gives 1 where z > 0 and 0 where z <= 0."))
        wrong = int(np.sum(out != expected))
        raise Mistake(tr("{wrong} of {m} outputs are wrong. Compute z = X @ w + b for all rows, then apply the "
                         "step.", wrong=wrong, m=m))


# ---------------------------------------------------------------------------------------------
# 2. Weights for NAND
# ---------------------------------------------------------------------------------------------
def _nand_weights_solution():
    # NAND is "not AND": AND with every sign flipped. Output 0 only at (1, 1): -2 - 2 + 3 = -1 <= 0.
    return -2.0, -2.0, 3.0


@exercise("nand_weights", lesson="01", solution=_nand_weights_solution)
def check_nand_weights(candidate):
    """nand_weights() -> (w1, w2, b) such that step(w1·x1 + w2·x2 + b) is NAND on the four input pairs."""
    got = call(candidate)
    try:
        w1, w2, b = (float(v) for v in got)
    except (TypeError, ValueError):
        raise Mistake(tr("return three numbers: w1, w2, b (e.g. `return 1.0, 1.0, -1.5`).")) from None
    z = GATE_INPUTS @ np.array([w1, w2]) + b
    out = (z > 0).astype(int)
    if np.array_equal(out, GATES["NAND"]):
        return
    for name in ("AND", "OR"):
        if np.array_equal(out, GATES[name]):
            if name == "AND":
                raise Mistake(tr("these weights compute {name}. NAND is its opposite: what happens to the output if "
                                 "you flip the sign of z?", name=name))
            raise Mistake(tr("these weights compute {name}. NAND must output 0 at (1, 1).", name=name))
    on_line = [f"({int(x1)},{int(x2)})" for (x1, x2), zi in zip(GATE_INPUTS, z, strict=True) if zi == 0]
    if on_line:
        raise Mistake(tr("the line passes exactly through {points} (z = 0 there, so the output is 0). Shift it "
                         "with b so every point is strictly on one side.", points=', '.join(on_line)))
    wrong = [tr("({x1},{x2}) should give {t}", x1=int(x1), x2=int(x2), t=t)
             for (x1, x2), o, t in zip(GATE_INPUTS, out, GATES["NAND"], strict=True) if o != t]
    raise Mistake(tr("wrong at {cases}. Try these numbers in the gate explorer above.", cases="; ".join(wrong)))


# ---------------------------------------------------------------------------------------------
# 3. One gradient-descent step
# ---------------------------------------------------------------------------------------------
def _gd_step_solution(w, grad, lr):
    return w - lr * grad  # step against the gradient: downhill


reference_gd_step = _gd_step_solution  # stands in for the learner's gd_step until theirs passes


def _run_step(candidate, w, grad, lr):
    """The learner's new weights; also catches 'updated in place but returned nothing'."""
    w_in = w.copy()
    try:
        out = candidate(w_in, grad.copy(), lr)
    except NotImplementedError:
        raise NotDone() from None
    except Exception:
        return as_array(call(candidate, w, grad, lr))  # reports the error and its line
    if out is None and not np.array_equal(w_in, w):
        raise Mistake(tr("you changed w in place but returned nothing: end the function with `return` and the new "
                         "weights."))
    if out is None or out is Ellipsis:
        raise NotDone()
    return as_array(out)


@exercise("gd_step", lesson="01", solution=_gd_step_solution)
def check_gd_step(candidate):
    """gd_step(w, grad, lr) -> the new weights after one step of gradient descent (any array shape)."""
    cases = [
        (np.array([1.0, -2.0, 0.5]), np.array([0.5, 0.25, -1.0]), 0.1),
        (np.array([[0.3, -0.7], [1.2, 0.0]]), np.array([[2.0, -1.0], [0.5, 4.0]]), 0.05),
        (np.array([3.0]), np.array([-6.0]), 0.5),
    ]
    for w, g, lr in cases:
        out = _run_step(candidate, w, g, lr)
        if out.shape != w.shape:
            raise Mistake(tr("the new weights have shape {out_shape}, but w has shape {w_shape}: the update works "
                             "elementwise, so the shape must not change.", out_shape=out.shape, w_shape=w.shape))
        if close(out, w - lr * g):
            continue
        if close(out, w + lr * g):
            raise Mistake(tr("you added the gradient: that walks uphill and makes the loss larger. The gradient "
                             "points to where the loss grows fastest."))
        if close(out, w - g):
            raise Mistake(tr("the step ignores the learning rate lr: it should scale how far you move."))
        if close(out, -lr * g) or close(out, lr * g):
            raise Mistake(tr("you returned only the change; return the new weights (the old ones moved by the "
                             "step)."))
        if close(out, w - g / lr):
            raise Mistake(tr("you divided by the learning rate: a larger lr should mean a larger step."))
        if close(out, w - lr * w):
            raise Mistake(tr("the step uses w where the gradient grad belongs."))
        raise Mistake(tr("not the gradient-descent update: new w = old w minus (learning rate times gradient)."))


# ---------------------------------------------------------------------------------------------
# 4. The normal equation
# ---------------------------------------------------------------------------------------------
def _normal_equation_solution(X, y):
    # Set the gradient of the squared error to zero: Xᵀ(X w - y) = 0  <=>  (XᵀX) w = Xᵀy.
    # Solving the system is cheaper and more accurate than forming the inverse.
    return np.linalg.solve(X.T @ X, X.T @ y)


def _normal_cases():
    rng = np.random.default_rng(7)
    square = np.c_[np.ones(3), rng.normal(size=(3, 2))]  # m = n: where X and Xᵀ mix-ups don't crash
    tall = np.c_[np.ones(20), rng.normal(size=(20, 2))]
    w_true = np.array([0.5, -1.0, 2.0])
    return [(square, rng.normal(size=3)), (tall, tall @ w_true + 0.1 * rng.normal(size=20))]


def _normal_suspects(X, y):
    """(message, what that mistake returns) for the usual slips; None where the slip cannot even run."""
    slips = [
        (tr("you used X where Xᵀ belongs: the right-hand side is Xᵀy."), lambda: np.linalg.inv(X.T @ X) @ X @ y),
        (tr("the matrix to invert is XᵀX (n × n), not XXᵀ."), lambda: np.linalg.pinv(X @ X.T) @ X.T @ y),
        (tr("you forgot the inverse: solve (XᵀX) w = Xᵀy instead of multiplying by XᵀX."),
         lambda: X.T @ X @ X.T @ y),
    ]
    for message, slip in slips:
        try:
            with np.errstate(all="ignore"):
                yield message, slip()
        except (np.linalg.LinAlgError, ValueError):
            yield message, None


@exercise("normal_equation", lesson="01", solution=_normal_equation_solution)
def check_normal_equation(candidate):
    """normal_equation(X (m, n), y (m,)) -> w (n,) minimising the mean squared error of X @ w."""
    for X, y in _normal_cases():
        try:
            out = as_array(call(candidate, X, y))
        except Mistake as m:
            text = str(m)
            if "matmul" in text or "shape" in text or "aligned" in text or "dimension" in text:
                raise Mistake(tr("{text} Check each transpose: XᵀX is (n, n) and Xᵀy is (n,), with X of shape (m, "
                                 "n).", text=text)) from None
            raise
        n = X.shape[1]
        expected = np.linalg.solve(X.T @ X, X.T @ y)
        if out.shape != (n,):
            if out.size == n:
                raise Mistake(tr("the result has shape {out_shape}; return a 1-D vector of shape ({n},), one "
                                 "weight per column of X.", out_shape=out.shape, n=n))
            raise Mistake(tr("the result has shape {out_shape}, expected ({n},): one weight per column of X.",
                             out_shape=out.shape, n=n))
        if close(out, expected, tol=1e-6):
            continue
        for message, wrong in _normal_suspects(X, y):
            if wrong is not None and close(out, wrong, tol=1e-6):
                raise Mistake(message)
        raise Mistake(tr("this w is not the least-squares solution: at the minimum the gradient Xᵀ(X w - y) is "
                         "zero, which gives (XᵀX) w = Xᵀy."))
