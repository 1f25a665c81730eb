"""Lesson 02 exercise checks: typical wrong answers fail with the message that names their mistake."""

import numpy as np
import pytest

from course_lib.activations import sigmoid, tanh
from course_lib.exercises.core import REGISTRY
from course_lib.exercises.lesson02 import check_bump, check_collapse_linear, check_mlp_forward
from tests.exercise_helpers import fails_with


@pytest.mark.parametrize("wrong, words", [
    (lambda W1, b1, W2, b2: (W1 @ W2, W2 @ b1 + b2), "wrong order"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 + b2), "transformed by the second layer"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b2), "ignores the first layer's bias"),
    (lambda W1, b1, W2, b2: W2 @ W1, "should return two things"),
    (lambda W1, b1, W2, b2: (W2 * W1, W2 @ b1 + b2), "not the matrix of the combined map"),
])
def test_collapse_linear_mistakes(wrong, words):
    fails_with(check_collapse_linear, wrong, words)


@pytest.mark.parametrize("wrong, words", [
    (lambda x, a, b, k: sigmoid(k * (x - b)) - sigmoid(k * (x - a)), "points down"),
    (lambda x, a, b, k: sigmoid(k * x - a) - sigmoid(k * x - b), "wrong place"),
    (lambda x, a, b, k: sigmoid(x - a) - sigmoid(x - b), "steepness argument is not used"),
    (lambda x, a, b, k: sigmoid(20 * (x + 1)) - sigmoid(20 * (x - 1.5)), "hard-coded"),
    (lambda x, a, b, k: np.float64(1.0), "should work elementwise"),
])
def test_bump_mistakes(wrong, words):
    fails_with(check_bump, wrong, words)


@pytest.mark.parametrize("wrong, words", [
    (lambda X, W1, b1, W2, b2: sigmoid((X @ W1.T + b1) @ W2.T + b2), "hidden layer is linear"),
    (lambda X, W1, b1, W2, b2: tanh(X @ W1.T + b1) @ W2.T + b2, "not a probability"),
    (lambda X, W1, b1, W2, b2: sigmoid(tanh(X @ W1.T) @ W2.T), "biases b1 and b2 are missing"),
    (lambda X, W1, b1, W2, b2: sigmoid(tanh(X @ W1.T + b1) @ W2.T), "one of the two biases"),
    (lambda X, W1, b1, W2, b2: sigmoid(tanh(X @ W1.T + b1) @ W2.T + b2).ravel(), "shape (7, 1)"),
    (lambda X, W1, b1, W2, b2: sigmoid(tanh(X @ W1) @ W2 + b2), "which way round must W1 be"),
    (lambda X, W1, b1, W2, b2: sigmoid(tanh(np.dot(X, W1)) @ W2 + b2), "a shape mismatch"),
])
def test_mlp_forward_mistakes(wrong, words):
    fails_with(check_mlp_forward, wrong, words)


def test_collapsed_layer_reproduces_two_dense_layers():
    from course_lib.layers import Dense
    from course_lib.model import Sequential

    model = Sequential([Dense(5, input_dim=3), Dense(2)], seed=1)
    W1, b1 = model.layers[0].params["W"], model.layers[0].params["b"]
    b1 += 0.3  # nonzero biases, so the bias rule is exercised
    W2, b2 = model.layers[1].params["W"], model.layers[1].params["b"]
    b2 -= 0.7
    W, b = REGISTRY["collapse_linear"].solution(W1, b1, W2, b2)
    X = np.random.default_rng(0).normal(size=(10, 3))
    assert np.allclose(model.forward(X), X @ W.T + b)
