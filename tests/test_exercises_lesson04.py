"""Lesson 04 checks: typical wrong answers get their message (reference and stub: tests/test_solutions_file.py)."""

import numpy as np

from course_lib.exercises.lesson04 import (
    _two_layer_backward_solution,
    check_dense_backward,
    check_numerical_gradient,
    check_relative_error,
    check_sigmoid_bce_delta,
    check_two_layer_backward,
    train_with_backward,
)
from tests.exercise_helpers import fails_with


# -- dense_backward ----------------------------------------------------------------------------
def test_dense_backward_transposed_dw():
    fails_with(check_dense_backward, lambda dZ, X, W: (X.T @ dZ, dZ.sum(axis=0), dZ @ W), "transposed")


def test_dense_backward_divides_by_m_again():
    def wrong(dZ, X, W):
        m = X.shape[0]
        return dZ.T @ X / m, dZ.sum(axis=0), dZ @ W

    fails_with(check_dense_backward, wrong, "m times too small", "already inside dZ")


def test_dense_backward_db_over_wrong_axis():
    fails_with(check_dense_backward, lambda dZ, X, W: (dZ.T @ X, dZ.sum(axis=1), dZ @ W), "one number per example")


def test_dense_backward_db_mean():
    fails_with(check_dense_backward, lambda dZ, X, W: (dZ.T @ X, dZ.mean(axis=0), dZ @ W), "averaged")


def test_dense_backward_db_keepdims():
    fails_with(check_dense_backward, lambda dZ, X, W: (dZ.T @ X, dZ.sum(axis=0, keepdims=True), dZ @ W),
                "b's shape")


def test_dense_backward_dx_with_transposed_w():
    fails_with(check_dense_backward, lambda dZ, X, W: (dZ.T @ X, dZ.sum(axis=0), dZ @ W.T), "W transposed")


def test_dense_backward_returns_two_things():
    fails_with(check_dense_backward, lambda dZ, X, W: (dZ.T @ X, dZ.sum(axis=0)), "three arrays")


# -- sigmoid_bce_delta -------------------------------------------------------------------------
def test_delta_forgets_one_over_m():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: A2 - Y, "too large", "MEAN")


def test_delta_doubles_one_over_m():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: (A2 - Y) / len(A2) ** 2, "too small", "not twice")


def test_delta_sign_flipped():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: (Y - A2) / len(A2), "sign is flipped")


def test_delta_sign_flipped_and_no_one_over_m():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: Y - A2, "sign is flipped", "too large")


def test_delta_is_dl_da_not_dl_dz():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: (A2 - Y) / (A2 * (1 - A2)) / len(A2), "cancels")


def test_delta_flattened():
    fails_with(check_sigmoid_bce_delta, lambda A2, Y: ((A2 - Y) / len(A2)).ravel(), "shape")


# -- numerical_gradient ------------------------------------------------------------------------
def test_numerical_gradient_one_sided():
    def one_sided(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            xp = x.copy()
            xp[i] += h
            grad[i] = (f(xp) - f(x)) / h
        return grad

    fails_with(check_numerical_gradient, one_sided, "one-sided")


def test_numerical_gradient_divides_by_h():
    def by_h(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            xp, xm = x.copy(), x.copy()
            xp[i] += h
            xm[i] -= h
            grad[i] = (f(xp) - f(xm)) / h
        return grad

    fails_with(check_numerical_gradient, by_h, "twice too large", "2h")


def test_numerical_gradient_never_restores_x():
    def drifting(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += h
            f_plus = f(x)
            x[i] -= 2 * h
            grad[i] = (f_plus - f(x)) / (2 * h)
        return grad

    fails_with(check_numerical_gradient, drifting, "put it back")


def test_numerical_gradient_flat_result():
    def flat(f, x, h=1e-5):
        from course_lib.exercises.lesson04 import _numerical_gradient_solution

        return _numerical_gradient_solution(f, x, h).ravel()

    fails_with(check_numerical_gradient, flat, "shape")


# -- relative_error ----------------------------------------------------------------------------
def test_relative_error_absolute():
    fails_with(check_relative_error, lambda a, n: np.linalg.norm(a - n), "absolute error")


def test_relative_error_one_sided_denominator():
    fails_with(check_relative_error, lambda a, n: np.linalg.norm(a - n) / np.linalg.norm(a), "BOTH")


def test_relative_error_elementwise():
    fails_with(check_relative_error, lambda a, n: np.abs(a - n) / (np.abs(a) + np.abs(n)), "ONE number")


def test_relative_error_zero_over_zero():
    def no_guard(a, n):
        return np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n))

    fails_with(check_relative_error, no_guard, "zero denominator")


# -- two_layer_backward (capstone) ---------------------------------------------------------------
def _capstone(mutate):
    """The reference backward pass with one thing changed by `mutate(name, value, m, A1)`."""
    def backward(X, Y, params):
        W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        m = X.shape[0]
        A1 = np.tanh(X @ W1.T + b1)
        A2 = 1 / (1 + np.exp(-(A1 @ W2.T + b2)))
        dZ2 = mutate("dZ2", (A2 - Y) / m, m, A1)
        dZ1 = mutate("dZ1", (dZ2 @ W2) * (1 - A1**2), m, A1)
        if mutate("dZ1", None, m, A1) == "no-derivative":
            dZ1 = dZ2 @ W2
        if mutate("dZ1", None, m, A1) == "sigmoid-derivative":
            dZ1 = (dZ2 @ W2) * A1 * (1 - A1)
        return {"W1": mutate("dW1", dZ1.T @ X, m, A1), "b1": dZ1.sum(axis=0), "W2": dZ2.T @ A1, "b2": dZ2.sum(axis=0)}
    return backward


def _only(target, change):
    return lambda name, value, m, A1: (change(value, m, A1) if name == target else value)


def test_capstone_forgets_one_over_m():
    fails_with(check_two_layer_backward, _capstone(_only("dZ2", lambda v, m, A1: v * m)), "too large", "MEAN")


def test_capstone_divides_by_m_twice():
    fails_with(check_two_layer_backward, _capstone(_only("dZ2", lambda v, m, A1: v / m)), "too small")


def test_capstone_skips_the_tanh_derivative():
    flag = lambda name, value, m, A1: "no-derivative" if value is None else value  # noqa: E731
    fails_with(check_two_layer_backward, _capstone(flag), "tanh'(Z1)")


def test_capstone_uses_the_sigmoid_derivative():
    flag = lambda name, value, m, A1: "sigmoid-derivative" if value is None else value  # noqa: E731
    fails_with(check_two_layer_backward, _capstone(flag), "sigmoid's derivative")


def test_capstone_transposed_dw1():
    fails_with(check_two_layer_backward, _capstone(_only("dW1", lambda v, m, A1: v.T)), "transposed")


def test_capstone_wrong_sign():
    def flipped(X, Y, p):
        return {k: -v for k, v in _two_layer_backward_solution(X, Y, p).items()}

    fails_with(check_two_layer_backward, flipped, "wrong sign")


def test_capstone_returns_a_tuple():
    fails_with(check_two_layer_backward, lambda X, Y, p: tuple(_two_layer_backward_solution(X, Y, p).values()),
                "return a dict")


def test_train_with_backward_not_done_and_done(capsys):
    from tests.exercise_helpers import stub
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    assert train_with_backward(stub, X, y, steps=5) is None
    assert "not done yet" in capsys.readouterr().out
    params = train_with_backward(_two_layer_backward_solution, X, y, steps=5)
    assert set(params) == {"W1", "b1", "W2", "b2"} and "training accuracy" in capsys.readouterr().out
