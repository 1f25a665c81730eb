"""Lesson 02 (why nonlinearity): checks and reference solutions.

    from course_lib.exercises.lesson02 import check_collapse_linear, check_bump, check_mlp_forward

Shapes follow the course: W of a layer is (n_l, n_{l-1}), b is (n_l,), examples are rows (Z = X @ W.T + b).
"""

from __future__ import annotations

import numpy as np

from course_lib.activations import sigmoid, tanh
from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr


# ---------------------------------------------------------------------------------------------
# 1. Two linear layers are one linear layer
# ---------------------------------------------------------------------------------------------
def _collapse_linear_solution(W1, b1, W2, b2):
    """Layer 1: x -> W1 x + b1, then layer 2: h -> W2 h + b2. Return (W, b) with W x + b the same map."""
    W = W2 @ W1  # the first layer acts first, so it stands on the right
    b = W2 @ b1 + b2  # b1 passes through W2 as well
    return W, b


def _layers(rng, n0, n1, n2):
    return (rng.normal(size=(n1, n0)), rng.normal(size=n1), rng.normal(size=(n2, n1)), rng.normal(size=n2))


def _unpack_pair(result, what):
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise Mistake(tr("{what} should return two things, (W, b); it returned {kind}.",
                         what=what, kind=type(result).__name__))
    return as_array(result[0], "W"), as_array(result[1], "b")


@exercise("collapse_linear", lesson="02", solution=_collapse_linear_solution)
def check_collapse_linear(candidate):
    """collapse_linear(W1, b1, W2, b2) -> (W, b) such that W2 (W1 x + b1) + b2 = W x + b."""
    rng = np.random.default_rng(2)
    # square layers first: a wrong order of the product then gives wrong numbers, not a shape error
    W1, b1, W2, b2 = _layers(rng, 3, 3, 3)
    W, b = _unpack_pair(call(candidate, W1, b1, W2, b2), "collapse_linear")
    if W.shape != (3, 3):
        raise Mistake(tr("W has shape {W_shape}; for 3 -> 3 -> 3 layers it should be (3, 3).", W_shape=W.shape))
    if close(W, W1 @ W2) and not close(W, W2 @ W1):
        raise Mistake(tr("W has the two matrices in the wrong order. Which layer touches x first, and on which "
                         "side of x does its matrix stand in W x?"))
    if not close(W, W2 @ W1):
        raise Mistake(tr("W is not the matrix of the combined map. Write out W2 (W1 x + b1) + b2 and collect "
                         "everything that multiplies x."))
    if close(b, b1 + b2):
        raise Mistake(tr("W is right, but b is not: b1 is added before the second layer, so it is transformed by "
                         "the second layer too."))
    if close(b, b2):
        raise Mistake(tr("W is right, but b ignores the first layer's bias b1: it still reaches the output."))
    if not close(b, W2 @ b1 + b2):
        raise Mistake(tr("W is right, but b is not. Collect the terms of W2 (W1 x + b1) + b2 that do not contain x."))
    # layers of different widths: 4 -> 5 -> 2
    W1, b1, W2, b2 = _layers(rng, 4, 5, 2)
    W, b = _unpack_pair(call(candidate, W1, b1, W2, b2), "collapse_linear")
    if W.shape != (2, 4) or b.shape != (2,):
        raise Mistake(tr("for layers 4 -> 5 -> 2 you returned W {W_shape} and b {b_shape}; they should be (2, 4) "
                         "and (2,): the combined layer maps 4 inputs straight to 2 outputs.",
                         W_shape=W.shape, b_shape=b.shape))
    x = rng.normal(size=(6, 4))
    two_layers = (x @ W1.T + b1) @ W2.T + b2
    if not close(x @ W.T + b, two_layers):
        raise Mistake(tr("for layers 4 -> 5 -> 2 your (W, b) does not reproduce the two layers' output."))


# ---------------------------------------------------------------------------------------------
# 2. A bump from two sigmoids
# ---------------------------------------------------------------------------------------------
def _bump_solution(x, left, right, steepness):
    """About 1 between `left` and `right`, about 0 outside: a step up at `left` minus a step up at `right`."""
    return sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right))


@exercise("bump", lesson="02", solution=_bump_solution)
def check_bump(candidate):
    """bump(x, left, right, steepness): sigmoid(k (x - left)) - sigmoid(k (x - right))."""
    x = np.linspace(-3, 3, 121)
    left, right, k = -1.0, 1.5, 20.0
    out = as_array(call(candidate, x, left, right, k))
    if out.shape != x.shape:
        raise Mistake(tr("bump returned shape {out_shape} for x of shape {x_shape}: it should work elementwise.",
                         out_shape=out.shape, x_shape=x.shape))
    want = _bump_solution(x, left, right, k)
    if close(out, -want):
        raise Mistake(tr("your bump points down (about -1 in the middle): the two steps are subtracted the wrong "
                         "way round."))
    if close(out, sigmoid(k * x - left) - sigmoid(k * x - right)):
        raise Mistake(tr("the bump is in the wrong place: the steepness must multiply the distance from the edge, "
                         "(x - left), not only x."))
    if close(out, sigmoid(x - left) - sigmoid(x - right)):
        raise Mistake(tr("the edges are soft ramps, not steps: the steepness argument is not used."))
    middle = out[np.abs(x - 0.25) < 0.3]
    if not np.all(middle > 0.9):
        raise Mistake(tr("between left and right your bump should be close to 1 (with steepness 20); it is not."))
    if not close(out, want, tol=1e-5):
        raise Mistake(tr("close, but not the difference of the two sigmoid steps (check each step's formula)."))
    # other edges and steepness, to be sure nothing is hard-coded
    out2 = as_array(call(candidate, x, 0.0, 0.5, 5.0))
    if not close(out2, _bump_solution(x, 0.0, 0.5, 5.0), tol=1e-5):
        raise Mistake(tr("right for left=-1, right=1.5, steepness=20, wrong for left=0, right=0.5, steepness=5: is "
                         "something hard-coded?"))


# ---------------------------------------------------------------------------------------------
# 3. Forward propagation through a 2-layer MLP
# ---------------------------------------------------------------------------------------------
def _mlp_forward_solution(X, W1, b1, W2, b2):
    """X (m, n0) -> tanh hidden layer (m, n1) -> sigmoid output (m, n2)."""
    A1 = tanh(X @ W1.T + b1)  # hidden layer: affine, then the nonlinearity
    return sigmoid(A1 @ W2.T + b2)  # output layer: affine, then sigmoid for a probability


@exercise("mlp_forward", lesson="02", solution=_mlp_forward_solution)
def check_mlp_forward(candidate):
    """mlp_forward(X, W1, b1, W2, b2): tanh hidden layer, sigmoid output; W of shape (n_l, n_{l-1})."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(7, 3))
    W1, b1, W2, b2 = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(1, 4)), rng.normal(size=1)
    try:
        out = as_array(call(candidate, X, W1, b1, W2, b2))
    except Mistake as m:
        if "matmul" in str(m) or "shapes" in str(m):
            raise Mistake(tr("{m} — a shape mismatch. W1 has shape (n1, n0) = (4, 3) and X has shape (m, n0) = (7, "
                             "3): which way round must W1 be to multiply rows of X?", m=m)) from None
        raise
    want = _mlp_forward_solution(X, W1, b1, W2, b2)
    if out.shape != want.shape:
        raise Mistake(tr("for X (7, 3), a hidden layer of 4 units and 1 output, the result should have shape (7, "
                         "1); yours has {out_shape}. Examples are rows: Z = X @ W.T + b.", out_shape=out.shape))
    if close(out, sigmoid((X @ W1.T + b1) @ W2.T + b2)):
        raise Mistake(tr("your hidden layer is linear: the tanh between the layers is missing, so the whole "
                         "network is just logistic regression."))
    if close(out, tanh(X @ W1.T + b1) @ W2.T + b2):
        raise Mistake(tr("the output is not a probability: apply sigmoid to the output layer's scores."))
    if close(out, sigmoid(tanh(X @ W1.T) @ W2.T)):
        raise Mistake(tr("the biases b1 and b2 are missing."))
    if close(out, sigmoid(tanh(X @ W1.T) @ W2.T + b2)) or close(out, sigmoid(tanh(X @ W1.T + b1) @ W2.T)):
        raise Mistake(tr("one of the two biases is missing."))
    if np.any((out <= 0) | (out >= 1)):
        raise Mistake(tr("a sigmoid output lies strictly between 0 and 1; some of your values do not."))
    if not close(out, want):
        raise Mistake(tr("the shape is right, but the numbers are not: layer l computes g(A_prev @ W.T + b), tanh "
                         "in the hidden layer, sigmoid at the output."))
    # a wider output layer, to be sure nothing assumes one output
    W2b, b2b = rng.normal(size=(2, 4)), rng.normal(size=2)
    out2 = as_array(call(candidate, X, W1, b1, W2b, b2b))
    if not close(out2, _mlp_forward_solution(X, W1, b1, W2b, b2b)):
        raise Mistake(tr("right for one output unit, wrong for two: does your code assume W2 has one row?"))
