"""The gradient checker itself: right on functions with known gradients, and it catches wrong ones."""

import numpy as np
import pytest

from course_lib.gradcheck import (
    AGREE_BELOW,
    BUG_ABOVE,
    GradCheckReport,
    check_model_gradients,
    numerical_gradient,
    relative_error,
    verdict,
)
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, central_difference, rel_error


# -- the independent helper against gradients known in closed form ------------------------------
def test_independent_helper_on_known_gradients(rng):
    x = rng.normal(size=(3, 4))
    A = rng.normal(size=(4, 4))
    cases = [
        (lambda v: np.sum(v**3), lambda v: 3 * v**2),
        (lambda v: np.sum(np.sin(v)), np.cos),
        (lambda v: np.sum(v @ A * v), lambda v: v @ A + v @ A.T),  # row-wise quadratic forms
        (lambda v: np.log(np.sum(np.exp(v))), lambda v: np.exp(v) / np.sum(np.exp(v))),
    ]
    for f, df in cases:
        assert rel_error(central_difference(f, x), df(x)) < GRAD_TOL


# -- course_lib.gradcheck.numerical_gradient ------------------------------------------------------
def test_numerical_gradient_matches_known_gradient(rng):
    x = rng.normal(size=(5, 3))
    numeric = numerical_gradient(lambda: np.sum(x**3 + 2 * x), x)
    assert numeric.shape == x.shape
    assert relative_error(numeric, 3 * x**2 + 2) < GRAD_TOL


def test_numerical_gradient_agrees_with_independent_helper(rng):
    W = rng.normal(size=(4, 3))
    X = rng.normal(size=(6, 3))

    def loss_of(w):
        return np.sum(np.tanh(X @ w.T) ** 2)

    ours = central_difference(loss_of, W)
    theirs = numerical_gradient(lambda: loss_of(W), W)
    assert rel_error(ours, theirs) < 1e-8


def test_numerical_gradient_restores_x_and_keeps_the_same_array(rng):
    x = rng.normal(size=(3, 3))
    before = x.copy()
    numerical_gradient(lambda: np.sum(x**2), x)
    assert np.array_equal(x, before)


def test_numerical_gradient_needs_an_array():
    with pytest.raises(CourseError, match="numpy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


# -- relative_error ---------------------------------------------------------------------------------
def test_relative_error_scale_free_and_bounded(rng):
    a = rng.normal(size=10)
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0  # two zero gradients agree
    assert relative_error(a, -a) == pytest.approx(1.0)  # opposite directions: as wrong as it gets
    assert relative_error(1e-9 * a, 1e-9 * a * (1 + 1e-3)) == pytest.approx(relative_error(a, a * (1 + 1e-3)))
    assert relative_error(a, 2 * a) == pytest.approx(1 / 3)


def test_relative_error_rejects_different_shapes():
    with pytest.raises(CourseError, match="shapes differ"):
        relative_error(np.ones(2), np.ones(3))


# -- it catches deliberately wrong gradients ---------------------------------------------------------
def test_a_wrong_gradient_is_detected(rng):
    x = rng.normal(size=(4, 2))
    numeric = numerical_gradient(lambda: np.sum(np.sin(x)), x)
    assert relative_error(np.cos(x), numeric) < GRAD_TOL
    assert relative_error(-np.sin(x), numeric) > 0.1  # wrong formula
    assert relative_error(1.01 * np.cos(x), numeric) > 1e-3  # off by one percent


def _small_model(seed=0):
    return Sequential([Dense(5, input_dim=3, activation="tanh"), Dense(3, activation="softmax")], seed=seed)


def test_check_model_gradients_passes_for_correct_backprop(rng):
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    report = check_model_gradients(_small_model(), X, y)
    assert isinstance(report, GradCheckReport)
    assert set(report.errors) == {"layer0.W", "layer0.b", "layer1.W", "layer1.b"}
    assert report.worst_error < GRAD_TOL and report.passed()
    assert "worst" in str(report) and "layer" in str(report)


class _BrokenDense(Dense):
    """A Dense layer whose weight gradient comes out 5 % too large: the checker must notice."""

    def backward(self, dA):
        dx = super().backward(dA)
        self.grads["W"] = self.grads["W"] * 1.05
        return dx


def test_check_model_gradients_names_the_broken_parameter(rng):
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    model = Sequential([Dense(5, input_dim=3, activation="tanh"), _BrokenDense(3, activation="softmax")], seed=0)
    report = check_model_gradients(model, X, y)
    assert not report.passed()
    assert report.worst_name == "layer1.W"
    assert report.worst_error > 1e-3
    assert report.errors["layer1.b"] < GRAD_TOL  # the other parameters are still right


def test_check_model_gradients_restores_training_mode_and_weights(rng):
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    model = _small_model()
    before = model.get_weights()
    check_model_gradients(model, X, y)
    assert model.training
    for name, value in model.get_weights().items():
        assert np.array_equal(value, before[name])


def test_relative_error_is_at_most_one_reached_for_opposite_or_zero(rng):
    a = rng.normal(size=(4, 3))
    assert relative_error(a, -a) == pytest.approx(1.0)
    assert relative_error(a, np.zeros_like(a)) == pytest.approx(1.0)
    for _ in range(20):
        assert relative_error(a, rng.normal(size=a.shape)) <= 1.0


def test_one_pair_of_thresholds_judges_every_check():
    assert AGREE_BELOW == GRAD_TOL  # the tests hold backprop to the same standard the lesson teaches
    assert [verdict(e) for e in (1e-10, 9.9e-8, 1e-7, 5e-5, 9.9e-4, 1e-3, 0.3)] == [
        "agree", "agree", "look closer", "look closer", "look closer", "bug", "bug"]
    assert GradCheckReport({"w": 5e-8}, "w", 5e-8).passed() and not GradCheckReport({"w": 2e-7}, "w", 2e-7).passed()
    assert AGREE_BELOW < BUG_ABOVE
