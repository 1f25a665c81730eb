"""Lesson 04 · Backpropagation: checks for the learners' functions, and the reference solutions.

    dense_backward(dZ, X, W) -> (dW, db, dX)     one Dense layer, given dL/dZ
    sigmoid_bce_delta(A2, Y) -> dZ2              dL/dZ2 for a sigmoid output with mean binary cross-entropy
    numerical_gradient(f, x, h) -> grad          central differences, one entry at a time
    relative_error(a, n) -> float                ‖a − n‖ / (‖a‖ + ‖n‖)
    two_layer_backward(X, Y, params) -> grads    the whole backward pass of a 2-layer tanh / sigmoid network

`train_with_backward(backward, X, y)` then trains the flower with the learner's own backward pass.

Shapes follow course_lib: examples are rows, W is (n_out, n_in), b is (n_out,), and the 1/m of the mean
loss lives in dZ (the loss's backward), so the layer's backward sums over examples without dividing.
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr


# ---------------------------------------------------------------------------------------------
# 1. The backward pass of one Dense layer
# ---------------------------------------------------------------------------------------------
def _dense_backward_solution(dZ, X, W):
    """dZ (m, n_out), X (m, n_in), W (n_out, n_in) -> dW (n_out, n_in), db (n_out,), dX (m, n_in)."""
    dW = dZ.T @ X              # sum over examples of (dZ_i outer x_i); the 1/m is already inside dZ
    db = dZ.sum(axis=0)        # one number per unit: sum over the examples (rows)
    dX = dZ @ W                # what flows on to the layer below
    return dW, db, dX


def _three_arrays(result):
    if not isinstance(result, tuple | list) or len(result) != 3:
        raise Mistake(tr("return three arrays: `return dW, db, dX`."))
    return [as_array(r, name) for r, name in zip(result, ("dW", "db", "dX"), strict=True)]


@exercise("dense_backward", lesson="04", solution=_dense_backward_solution)
def check_dense_backward(candidate):
    """Checks dW, db and dX of one Dense layer on a square layer (3 → 3) and a non-square one (3 → 2)."""
    rng = np.random.default_rng(4)
    for m, n_in, n_out in ((4, 3, 3), (5, 3, 2)):
        dZ, X, W = rng.normal(size=(m, n_out)), rng.normal(size=(m, n_in)), rng.normal(size=(n_out, n_in))
        dW, db, dX = _three_arrays(call(candidate, dZ, X, W))
        rW, rb, rX = _dense_backward_solution(dZ, X, W)
        if dW.shape == rW.T.shape and dW.shape != rW.shape:
            raise Mistake(tr("dW has shape {dW_shape}, but W has shape {W_shape}: dW must have W's shape. Check "
                             "which factor of the product is transposed.", dW_shape=dW.shape, W_shape=W.shape))
        if dW.shape == rW.shape and close(dW, rW.T):
            raise Mistake(tr("dW comes out transposed: it must line up with W (n_out, n_in). Check which factor of "
                             "the product is transposed."))
        if close(dW, rW / m):
            raise Mistake(tr("dW is m times too small: the 1/m of the mean loss is already inside dZ, so do not "
                             "divide by m again."))
        if not close(dW, rW):
            raise Mistake(tr("dW is not right (shape {dW_shape}, expected {rW_shape}). Each entry dW[j, k] sums "
                             "dZ[i, j] · X[i, k] over the examples i.", dW_shape=dW.shape, rW_shape=rW.shape))
        if db.shape == (m,):
            raise Mistake(tr("db has shape {db_shape}: one number per example. It needs one per unit, shape "
                             "({n_out},): sum over the other axis.", db_shape=db.shape, n_out=n_out))
        if db.shape != rb.shape:
            raise Mistake(tr("db has shape {db_shape}; it must have b's shape ({n_out},) (no keepdims).",
                             db_shape=db.shape, n_out=n_out))
        if close(db, rb / m):
            raise Mistake(tr("db is m times too small: you averaged over the examples, but the 1/m is already "
                             "inside dZ, so add them up."))
        if not close(db, rb):
            raise Mistake(tr("db is not right: each unit's db adds up that unit's dZ over all examples."))
        if dX.shape == rX.shape and n_in == n_out and close(dX, dZ @ W.T):
            raise Mistake(tr("dX uses W transposed: X was multiplied by W.T on the way forward, so on the way back "
                             "dZ is multiplied by W itself (check the shapes: (m, n_out) @ (n_out, n_in))."))
        if dX.shape != rX.shape:
            raise Mistake(tr("dX has shape {dX_shape}, expected {rX_shape}, the shape of X.",
                             dX_shape=dX.shape, rX_shape=rX.shape))
        if not close(dX, rX):
            raise Mistake(tr("dX is not right: each example's dX row is its dZ row times the weight matrix."))


# ---------------------------------------------------------------------------------------------
# 2. dZ2 for a sigmoid output with binary cross-entropy
# ---------------------------------------------------------------------------------------------
def _sigmoid_bce_delta_solution(A2, Y):
    """A2 = sigmoid(Z2) and Y, both (m, 1) -> dL/dZ2 (m, 1) for L = mean binary cross-entropy."""
    m = A2.shape[0]
    return (A2 - Y) / m        # sigmoid' cancels BCE's 1/(a(1-a)); the mean over m examples gives the 1/m


@exercise("sigmoid_bce_delta", lesson="04", solution=_sigmoid_bce_delta_solution)
def check_sigmoid_bce_delta(candidate):
    """Checks dZ2 = (A2 − Y) / m on 6 examples, naming a flipped sign, a missing 1/m and a doubled 1/m."""
    rng = np.random.default_rng(5)
    m = 6
    A2 = rng.uniform(0.05, 0.95, size=(m, 1))
    Y = (rng.random((m, 1)) < 0.5).astype(float)
    out = as_array(call(candidate, A2, Y), "sigmoid_bce_delta")
    ref = _sigmoid_bce_delta_solution(A2, Y)
    if out.shape != ref.shape:
        raise Mistake(tr("the result has shape {out_shape}; dZ2 has the shape of Z2 (and A2), {ref_shape}.",
                         out_shape=out.shape, ref_shape=ref.shape))
    if close(out, -ref):
        raise Mistake(tr("the sign is flipped: when the predicted probability is above the target, raising Z2 "
                         "raises the loss, so dZ2 must be positive there."))
    if close(out, ref * m):
        raise Mistake(tr("the result is m = {m} times too large: the loss is the MEAN over m examples, so its "
                         "gradient carries a 1/m.", m=m))
    if close(out, -ref * m):
        raise Mistake(tr("two things: the sign is flipped (raising Z2 where A2 is above Y raises the loss), and "
                         "the result is m = {m} times too large (the loss is the MEAN over m examples).", m=m))
    if close(out, ref / m):
        raise Mistake(tr("the result is m = {m} times too small: the 1/m should appear once, not twice.", m=m))
    if not close(out, ref):
        raise Mistake(tr("not right yet. The sigmoid's derivative a(1−a) cancels the 1/(a(1−a)) from the "
                         "cross-entropy's derivative, which leaves something very simple."))


# ---------------------------------------------------------------------------------------------
# 3. A numerical gradient by central differences
# ---------------------------------------------------------------------------------------------
def _numerical_gradient_solution(f, x, h=1e-5):
    """df/dx for f(array) -> float, at x (any shape), by central differences. Returns x's shape."""
    x = np.array(x, dtype=float)   # our own copy, safe to change
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old                 # put it back before moving to the next entry
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def _one_sided(f, x, h):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp = x.copy()
        xp[i] += h
        grad[i] = (f(xp) - f(x)) / h
    return grad


def _never_restored(f, x, h):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        grad[i] = (f_plus - f(x)) / (2 * h)
    return grad


@exercise("numerical_gradient", lesson="04", solution=_numerical_gradient_solution)
def check_numerical_gradient(candidate):
    """Checks the gradient of f(x) = Σ x³ + x[0,0]·x[1,2] at a 2 × 3 array, with h = 1e-3."""

    def f(x):
        x = np.asarray(x, dtype=float)
        return float(np.sum(x**3) + x[0, 0] * x[1, 2])

    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    exact = 3 * x**2
    exact[0, 0] += x[1, 2]
    exact[1, 2] += x[0, 0]
    h = 1e-3
    grad = as_array(call(candidate, f, x, h), "numerical_gradient")
    if grad.shape != x.shape:
        raise Mistake(tr("the gradient has shape {grad_shape}; it needs one entry per entry of x, shape {x_shape}.",
                         grad_shape=grad.shape, x_shape=x.shape))
    if close(grad, _one_sided(f, x, h), tol=1e-9):
        raise Mistake(tr("this looks like a one-sided difference (f(x + h) − f(x)) / h: its error shrinks only "
                         "like h. Step both ways, to x + h and x − h."))
    if close(grad, 2 * exact, tol=1e-4):
        raise Mistake(tr("the result is twice too large: the two probes are 2h apart, so divide by 2h."))
    if close(grad, _never_restored(f, x, h), tol=1e-9):
        raise Mistake(tr("the entries after the first drift off: after probing x[i], put it back to its old value "
                         "before probing the next entry."))
    if not close(grad, exact, tol=1e-5):
        worst = np.unravel_index(np.argmax(np.abs(grad - exact)), x.shape)
        raise Mistake(tr("the gradient is off at entry {entry}: probe ONE entry at a time and keep the others at "
                         "their original values.", entry=tuple(int(i) for i in worst)))


# ---------------------------------------------------------------------------------------------
# 4. Relative error
# ---------------------------------------------------------------------------------------------
def _relative_error_solution(a, n):
    """‖a − n‖ / (‖a‖ + ‖n‖) for two arrays of the same shape; 0.0 when both are all zeros."""
    denominator = np.linalg.norm(a) + np.linalg.norm(n)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - n) / denominator)


@exercise("relative_error", lesson="04", solution=_relative_error_solution)
def check_relative_error(candidate):
    """Checks the value, that it does not change when both gradients are scaled, and the all-zero case."""
    a = np.array([[1.0, -2.0], [0.5, 3.0]])
    n = a + np.array([[1e-3, 0.0], [-2e-3, 5e-4]])
    ref = _relative_error_solution(a, n)
    with np.errstate(all="ignore"):
        value = _scalar(call(candidate, a, n))
        scaled = _scalar(call(candidate, 1000 * a, 1000 * n))
        swapped = _scalar(call(candidate, n, a))
        zeros = _scalar(call(candidate, np.zeros(3), np.zeros(3)))
    if np.isclose(scaled, 1000 * value) and not np.isclose(value, ref):
        raise Mistake(tr("the result grows when both gradients are scaled by 1000: that is an absolute error. "
                         "Divide by the size of the gradients so the number is scale-free."))
    if not np.isclose(value, swapped, rtol=1e-12):
        raise Mistake(tr("relative_error(a, n) and relative_error(n, a) differ: divide by the sizes of BOTH "
                         "arrays, so neither counts as 'the right one'."))
    if not np.isclose(value, ref, rtol=1e-9):
        raise Mistake(tr("for this pair the relative error should be about {ref:.2e}, you got {value:.2e}. Use the "
                         "L2 norm (np.linalg.norm) of the whole arrays, not entry by entry.", ref=ref, value=value))
    if zeros != 0.0:
        raise Mistake(tr("for two all-zero gradients (a dead ReLU layer gives these) the result should be 0, not "
                         "{zeros}: handle a zero denominator.", zeros=zeros))


def _scalar(result):
    arr = as_array(result, "relative_error")
    if arr.size != 1:
        raise Mistake(tr("relative_error returned an array of shape {arr_shape}; it should return ONE number for "
                         "the whole pair of arrays (use norms, not entry-by-entry ratios).", arr_shape=arr.shape))
    return float(arr.reshape(()))


# ---------------------------------------------------------------------------------------------
# 5. Capstone: the whole backward pass of a 2-layer network
# ---------------------------------------------------------------------------------------------
def _two_layer_backward_solution(X, Y, params):
    """X (m, n0), Y (m, 1), params {"W1" (n1, n0), "b1" (n1,), "W2" (1, n1), "b2" (1,)}: tanh hidden layer,
    sigmoid output, mean binary cross-entropy. Returns {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, same shapes."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = X.shape[0]
    A1 = np.tanh(X @ W1.T + b1)                    # forward: (m, n1)
    A2 = 1.0 / (1.0 + np.exp(-(A1 @ W2.T + b2)))   # (m, 1)
    dZ2 = (A2 - Y) / m                             # backward: sigmoid + mean BCE, the only 1/m
    dZ1 = (dZ2 @ W2) * (1.0 - A1**2)               # tanh'(Z1) = 1 - A1²
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": dZ2.T @ A1, "b2": dZ2.sum(axis=0)}


def library_gradients(X, Y, params) -> dict:
    """The same gradients from course_lib (Dense + BCEWithLogitsLoss), keyed like params: what the check trusts."""
    from course_lib.layers import Dense
    from course_lib.losses import BCEWithLogitsLoss
    from course_lib.model import Sequential

    n1, n0 = params["W1"].shape
    net = Sequential([Dense(n1, input_dim=n0, activation="tanh"), Dense(1, activation="sigmoid")], seed=0)
    net.set_weights({"layer0.W": params["W1"], "layer0.b": params["b1"],
                     "layer1.W": params["W2"], "layer1.b": params["b2"]})
    loss = BCEWithLogitsLoss()
    loss.forward(net.forward(X, return_logits=True), Y)
    net.backward(loss.backward())
    g = net.gradients()
    return {"W1": g["layer0.W"], "b1": g["layer0.b"], "W2": g["layer1.W"], "b2": g["layer1.b"]}


def _capstone_case(seed, m=7, n0=2, n1=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n0))
    Y = (rng.random((m, 1)) < 0.5).astype(float)
    params = {"W1": rng.normal(size=(n1, n0)), "b1": rng.normal(size=n1) * 0.5,
              "W2": rng.normal(size=(1, n1)), "b2": rng.normal(size=1) * 0.5}
    return X, Y, params


@exercise("two_layer_backward", lesson="04", solution=_two_layer_backward_solution)
def check_two_layer_backward(candidate):
    """Checks the four gradients against course_lib's backward pass on two small networks (3 and 4 hidden units)."""
    for seed, n1 in ((40, 3), (41, 4)):
        X, Y, params = _capstone_case(seed, n1=n1)
        m = X.shape[0]
        out = call(candidate, X, Y, {k: v.copy() for k, v in params.items()})
        if not isinstance(out, dict):
            raise Mistake(tr("return a dict of gradients, {{'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}}; yours "
                             "returned {kind}.", kind=type(out).__name__))
        missing = [k for k in ("W1", "b1", "W2", "b2") if k not in out]
        if missing:
            raise Mistake(tr("the dict has no {missing}: return one gradient per parameter, with the same keys as "
                             "params.", missing=', '.join(missing)))
        ref = library_gradients(X, Y, params)
        grads = {k: as_array(out[k], f"grads[{k!r}]") for k in ref}
        for k in ("W1", "b1", "W2", "b2"):
            if grads[k].shape != ref[k].shape:
                hint = tr(" (transposed?)") if grads[k].shape == ref[k].T.shape else ""
                raise Mistake(tr("grads[{k!r}] has shape {grad_shape}{hint}; every gradient has the shape of its "
                                 "parameter, {param_shape}.",
                                 k=k, grad_shape=grads[k].shape, hint=hint, param_shape=ref[k].shape))
        if all(close(grads[k], m * ref[k]) for k in ref):
            raise Mistake(tr("every gradient is m = {m} times too large: the loss is the MEAN over the examples, "
                             "so dZ2 carries a 1/m.", m=m))
        if all(close(grads[k], ref[k] / m) for k in ref):
            raise Mistake(tr("every gradient is m = {m} times too small: the 1/m belongs in dZ2 once, not again in "
                             "dW and db.", m=m))
        if all(close(grads[k], -ref[k]) for k in ref):
            raise Mistake(tr("every gradient has the wrong sign: dZ2 is A2 − Y (over m), not Y − A2."))
        if not (close(grads["W2"], ref["W2"]) and close(grads["b2"], ref["b2"])):
            raise Mistake(tr("the output layer's gradients (W2, b2) are not right yet. Start from dZ2 = (A2 − Y) / "
                             "m, then dW2 = dZ2ᵀ A1 and db2 = the sum of dZ2 over the examples."))
        A1 = np.tanh(X @ params["W1"].T + params["b1"])
        A2 = 1.0 / (1.0 + np.exp(-(A1 @ params["W2"].T + params["b2"])))
        dA1 = ((A2 - Y) / m) @ params["W2"]
        if close(grads["W1"], dA1.T @ X):
            raise Mistake(tr("W2 and b2 are right, but W1 is not: between dA1 and dZ1 the gradient must pass "
                             "through the hidden activation, times tanh'(Z1) = 1 − A1², elementwise."))
        if close(grads["W1"], (dA1 * A1 * (1 - A1)).T @ X):
            raise Mistake(tr("W1 uses the sigmoid's derivative a(1 − a), but the hidden layer is tanh: its "
                             "derivative is 1 − A1²."))
        if not close(grads["W1"], ref["W1"]):
            raise Mistake(tr("W2 and b2 are right, W1 is not: dZ1 = (dZ2 W2) ⊙ (1 − A1²), then dW1 = dZ1ᵀ X."))
        if not close(grads["b1"], ref["b1"]):
            raise Mistake(tr("W1 is right but b1 is not: b1's gradient sums dZ1 over the examples (the rows)."))


def train_with_backward(backward, X, y, hidden=4, lr=1.0, steps=2000, seed=0, X_test=None, y_test=None):
    """Train a 2-layer tanh / sigmoid network with plain gradient descent, using `backward(X, Y, params)` for
    the gradients. Prints one line and returns the trained params (None if `backward` is not written yet)."""
    from course_lib.layers import Dense
    from course_lib.model import Sequential

    Y = np.asarray(y, dtype=float).reshape(-1, 1)
    init = Sequential([Dense(hidden, input_dim=X.shape[1], activation="tanh"), Dense(1, activation="sigmoid")],
                      seed=seed).parameters()
    params = {"W1": init["layer0.W"].copy(), "b1": init["layer0.b"].copy(),
              "W2": init["layer1.W"].copy(), "b2": init["layer1.b"].copy()}
    result = check_two_layer_backward(backward)
    if result.status == "not done":
        print(tr("⏳ two_layer_backward: not done yet: finish the exercise above, then run this cell again."))
        return None
    if not result.passed:
        print(tr("✗ two_layer_backward does not pass its check yet; fix it first: {message}", message=result.message))
        return None
    for _ in range(int(steps)):
        grads = backward(X, Y, params)
        for k in params:
            params[k] -= lr * grads[k]

    def accuracy(Xs, ys):
        A1 = np.tanh(Xs @ params["W1"].T + params["b1"])
        return float(np.mean(((A1 @ params["W2"].T + params["b2"]).ravel() > 0) == (np.ravel(ys) > 0.5)))

    if X_test is None:
        print(tr("trained with your backward pass: {steps} steps of gradient descent, training accuracy "
                 "{train:.1%}", steps=steps, train=accuracy(X, y)))
    else:
        print(tr("trained with your backward pass: {steps} steps of gradient descent, training accuracy "
                 "{train:.1%}, test accuracy {test:.1%}", steps=steps, train=accuracy(X, y),
                 test=accuracy(X_test, y_test)))
    return params
