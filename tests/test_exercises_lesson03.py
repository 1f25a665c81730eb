"""Lesson 03 exercise checks: typical wrong answers fail with the message that names their mistake."""

import numpy as np
import pytest

from course_lib.exercises.lesson03 import (
    check_leaky_relu,
    check_relu_derivative,
    check_sigmoid,
    check_sigmoid_derivative,
    check_stable_softmax,
)
from tests.exercise_helpers import fails_with


def test_library_versions_pass_too():
    from course_lib import activations as A

    assert check_sigmoid(A.sigmoid).passed
    assert check_sigmoid_derivative(A.sigmoid_derivative).passed
    assert check_relu_derivative(A.relu_derivative).passed
    assert check_leaky_relu(A.leaky_relu).passed
    assert check_stable_softmax(A.softmax).passed
    assert check_leaky_relu(lambda z, slope=0.01: np.maximum(z, slope * z)).passed  # another right answer


def _fails(check, wrong, words):
    with np.errstate(all="ignore"):
        fails_with(check, wrong, words)


@pytest.mark.parametrize("wrong, words", [
    (lambda z: 1 / (1 + np.exp(z)), "falls as z grows"),
    (lambda z: 1 / (1 - np.exp(-z)), "should be exactly 0.5"),
    (lambda z: np.exp(z) / 2, "strictly between 0 and 1"),
    (lambda z: 1 / (1 + np.exp(-z / 2)), "other values are not"),
    (lambda z: np.exp(z) / (1 + np.exp(z)), "inf / inf is nan"),
])
def test_sigmoid_mistakes(wrong, words):
    _fails(check_sigmoid, wrong, words)


def _s(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("wrong, words", [
    (lambda z: z * (1 - z), "applied the formula to z itself"),
    (_s, "sigmoid itself"),
    (lambda z: _s(z) * (1 + _s(z)), "sign or a square"),
    (lambda z: np.full_like(z, 0.25), "wrong elsewhere"),
])
def test_sigmoid_derivative_mistakes(wrong, words):
    _fails(check_sigmoid_derivative, wrong, words)


@pytest.mark.parametrize("wrong, words", [
    (lambda z: (z >= 0).astype(float), "at z = 0 exactly"),
    (lambda z: np.maximum(z, 0), "relu(z) itself"),
    (np.sign, "slope there is 0, not -1"),
])
def test_relu_derivative_mistakes(wrong, words):
    _fails(check_relu_derivative, wrong, words)


@pytest.mark.parametrize("wrong, words", [
    (lambda z, slope=0.01: np.maximum(z, 0), "plain ReLU"),
    (lambda z, slope=0.01: np.where(z > 0, slope * z, z), "wrong side"),
    (lambda z, slope=0.01: np.where(z > 0, z, slope), "not a constant"),
    (lambda z, slope=0.01: np.where(z > 0, z, 0.01 * z), "use the slope argument"),
    (lambda z, slope=0.1: np.where(z > 0, z, slope * z), "default slope should be 0.01"),
])
def test_leaky_relu_mistakes(wrong, words):
    _fails(check_leaky_relu, wrong, words)


def _no_max(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("wrong, words", [
    (_no_max, "e^1000 overflows"),
    (_global_max, "each row by its own maximum"),
    (lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True), "columns sum to 1"),
    (lambda z: z / z.sum(axis=-1, keepdims=True), "normalised the raw scores"),
    (lambda z: np.exp(z) / np.exp(z).sum(), "whole array"),
    (lambda z: (z - z.max(axis=-1, keepdims=True)) / 3, "negative"),
])
def test_stable_softmax_mistakes(wrong, words):
    _fails(check_stable_softmax, wrong, words)
