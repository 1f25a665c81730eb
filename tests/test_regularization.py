"""L1 / L2 penalties: values, gradients against finite differences, and which parameters they touch."""

import numpy as np
import pytest

from course_lib.gradcheck import check_model_gradients
from course_lib.layers import Dense, PReLU
from course_lib.model import Sequential
from course_lib.regularization import L1, L1L2, L2, get_regularizer, is_weight
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
