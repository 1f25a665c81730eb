"""L1 / L2 penalties: values, gradients against finite differences, which parameters they touch, proximal L1."""

import numpy as np
import pytest

from course_lib.datasets import make_dataset
from course_lib.gradcheck import check_model_gradients
from course_lib.layers import Dense, PReLU
from course_lib.model import Sequential
from course_lib.regularization import L1, L1L2, L2, get_regularizer, is_weight, soft_threshold
from course_lib.training import Trainer, fit
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, central_difference, rel_error


def _params(rng):
    return {"layer0.W": rng.normal(size=(3, 4)), "layer0.b": rng.normal(size=3), "layer1.alpha": rng.normal(size=3)}


def test_penalty_values_by_hand():
    params = {"layer0.W": np.array([[1.0, -2.0], [0.5, 0.0]]), "layer0.b": np.array([10.0, -10.0])}
    assert L1(0.1).penalty(params) == pytest.approx(0.1 * 3.5)
    assert L2(0.1).penalty(params) == pytest.approx(0.05 * 5.25)
    assert L1L2(l1=0.1, l2=0.1).penalty(params) == pytest.approx(0.35 + 0.2625)
    assert L2(0.0).penalty(params) == 0.0


@pytest.mark.parametrize("reg", [L1(0.3), L2(0.7), L1L2(l1=0.2, l2=0.5)], ids=repr)
def test_gradient_matches_finite_differences(reg, rng):
    params = _params(rng)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    reg.add_gradients(params, grads)
    W = params["layer0.W"]
    numeric = central_difference(lambda w: reg.penalty({**params, "layer0.W": w}), W)
    assert rel_error(grads["layer0.W"], numeric) < GRAD_TOL


@pytest.mark.parametrize("reg", [L1(0.3), L2(0.7), L1L2(l1=0.2, l2=0.5)], ids=repr)
def test_only_weight_matrices_are_penalised(reg, rng):
    params = _params(rng)
    grads = {k: np.ones_like(v) for k, v in params.items()}
    reg.add_gradients(params, grads)
    assert np.array_equal(grads["layer0.b"], np.ones(3))
    assert np.array_equal(grads["layer1.alpha"], np.ones(3))
    only_bias = {"layer0.b": params["layer0.b"]}
    assert reg.penalty(only_bias) == 0.0


def test_add_gradients_adds_in_place(rng):
    params = _params(rng)
    grads = {k: np.ones_like(v) for k, v in params.items()}
    g = grads["layer0.W"]
    L2(0.5).add_gradients(params, grads)
    assert grads["layer0.W"] is g
    assert np.allclose(g, 1.0 + 0.5 * params["layer0.W"])


def test_l1_subgradient_at_zero_is_zero():
    assert np.array_equal(L1(1.0).gradient_of(np.array([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])


def test_is_weight():
    assert is_weight("layer3.W") and is_weight("W")
    assert not is_weight("layer3.b") and not is_weight("layer1.alpha")


@pytest.mark.parametrize("reg", [L1(0.05), L2(0.3), L1L2(l1=0.02, l2=0.2)], ids=repr)
def test_whole_model_with_regulariser(reg, rng):
    model = Sequential([Dense(5, input_dim=3, activation="tanh"), PReLU(), Dense(2, activation="softmax")], seed=0)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, size=7)
    report = check_model_gradients(model, X, y, regularizer=reg)
    assert report.worst_error < GRAD_TOL, str(report)


def test_get_regularizer():
    assert get_regularizer(None) is None
    reg = L2(0.1)
    assert get_regularizer(reg) is reg
    assert isinstance(get_regularizer(("l1", 0.01)), L1)
    assert get_regularizer(("L2", 0.01)).strength == 0.01
    with pytest.raises(CourseError, match="L2"):
        get_regularizer("l2")


def test_negative_strength_is_refused():
    with pytest.raises(CourseError, match="strength"):
        L2(-0.1)


# -- proximal L1 (soft thresholding): exact zeros, the same penalty, the trainer's after_step hook ----------
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
