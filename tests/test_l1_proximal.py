"""Proximal L1 (soft thresholding): exact zeros, the same penalty, the trainer's after_step hook."""

import numpy as np
import pytest

from course_lib.datasets import make_dataset
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.regularization import L1, L2, soft_threshold
from course_lib.training import Trainer, fit
from course_lib.validation import CourseError


def test_soft_threshold_values():
    W = np.array([[-1.0, -0.05, 0.0], [0.05, 0.3, 2.0]])
    np.testing.assert_allclose(soft_threshold(W, 0.1), [[-0.9, 0.0, 0.0], [0.0, 0.2, 1.9]])
    assert np.sum(soft_threshold(W, 0.1) == 0) == 3
    np.testing.assert_array_equal(soft_threshold(W, 0.0), W)
    assert soft_threshold(W.astype(np.float32), 0.1).dtype == np.float32
    with pytest.raises(CourseError):
        soft_threshold(W, -1.0)


def test_soft_threshold_is_the_proximal_step(rng):
    """argmin_u  t·|u| + (u - w)²/2, found by brute force on a fine grid, equals soft_threshold(w, t)."""
    grid = np.linspace(-3, 3, 60001)
    for w in rng.uniform(-2, 2, size=8):
        t = 0.4
        best = grid[np.argmin(t * np.abs(grid) + 0.5 * (grid - w) ** 2)]
        assert soft_threshold(np.array([w]), t)[0] == pytest.approx(best, abs=2e-4)


def test_proximal_l1_adds_no_gradient_but_the_same_penalty(rng):
    params = {"layer0.W": rng.normal(size=(3, 2)), "layer0.b": rng.normal(size=3)}
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    prox = L1(0.2, proximal=True)
    prox.add_gradients(params, grads)
    assert all(np.all(g == 0) for g in grads.values())
    assert prox.penalty(params) == pytest.approx(L1(0.2).penalty(params))
    assert repr(prox) == "L1(0.2, proximal=True)" and repr(L1(0.2)) == "L1(0.2)"


def test_after_step_thresholds_weights_only(rng):
    params = {"layer0.W": rng.normal(size=(4, 3)), "layer0.b": rng.normal(size=4)}
    W_before, b_before = params["layer0.W"].copy(), params["layer0.b"].copy()
    W_array = params["layer0.W"]
    L1(0.5, proximal=True).after_step(params, lr=0.2)
    assert params["layer0.W"] is W_array  # in place: the layer still holds the same array
    np.testing.assert_allclose(params["layer0.W"], soft_threshold(W_before, 0.1))
    np.testing.assert_array_equal(params["layer0.b"], b_before)
    L1(0.5).after_step(params, lr=0.2)  # the subgradient version does nothing after the step
    L2(0.5).after_step(params, lr=0.2)
    np.testing.assert_allclose(params["layer0.W"], soft_threshold(W_before, 0.1))


def test_one_trainer_step_is_sgd_then_soft_threshold():
    X, y = make_dataset("circles", n_samples=40, noise=0.2, seed=0)
    model = Sequential([Dense(8, activation="tanh", input_dim=2), Dense(1, activation="sigmoid")], seed=1)
    plain = Sequential([Dense(8, activation="tanh", input_dim=2), Dense(1, activation="sigmoid")], seed=1)
    Trainer(plain, optimizer="sgd", lr=0.3).train_step(X, y)  # the data-loss step alone
    expected = {k: (soft_threshold(v, 0.3 * 0.05) if k.endswith(".W") else v) for k, v in plain.parameters().items()}
    loss = Trainer(model, optimizer="sgd", lr=0.3, regularizer=L1(0.05, proximal=True)).train_step(X, y)
    for k, v in model.parameters().items():
        np.testing.assert_allclose(v, expected[k], atol=1e-12)
    assert np.isfinite(loss)


def test_proximal_l1_gives_exact_zeros_where_the_subgradient_hovers():
    X, y = make_dataset("circles", n_samples=60, noise=0.2, seed=0)

    def weights(reg):
        model = Sequential([Dense(16, activation="relu", input_dim=2), Dense(16, activation="relu"),
                            Dense(1, activation="sigmoid")], seed=0)
        fit(model, X, y, optimizer="sgd", lr=0.3, epochs=300, regularizer=reg)
        return np.concatenate([model.layers[i].params["W"].ravel() for i in range(3)])

    sub, prox = weights(L1(0.01)), weights(L1(0.01, proximal=True))
    assert np.sum(sub == 0) == 0  # the subgradient never lands on 0 ...
    assert np.sum(np.abs(sub) < 0.01) > 0.3 * sub.size  # ... it hovers near it
    assert np.sum(prox == 0) > 0.3 * prox.size  # the proximal step lands exactly on 0


def test_soft_threshold_gives_plain_zeros_not_negative_zeros():
    out = soft_threshold(np.array([-0.05, -2.0, 0.05]), 0.1)
    assert not np.signbit(out[0]) and not np.signbit(out[2])
    assert out[1] == pytest.approx(-1.9)
