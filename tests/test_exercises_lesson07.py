"""Lesson 07 (weight initialisation): typical wrong answers."""

import numpy as np
import pytest

from course_lib.exercises.lesson07 import (
    check_count_distinct_units,
    check_he_std,
    check_xavier_std,
    count_distinct_units,
    he_std,
    xavier_std,
)
from course_lib.init import he_normal, xavier_normal
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.training import fit
from tests.exercise_helpers import fails_with


def test_stds_match_the_library_initialisers():
    rng = np.random.default_rng(0)
    W = xavier_normal((300, 500), rng)
    assert W.std() == pytest.approx(xavier_std(500, 300), rel=0.01)
    W = he_normal((300, 500), rng)
    assert W.std() == pytest.approx(he_std(500, 300), rel=0.01)


@pytest.mark.parametrize("wrong, message", [
    (lambda fi, fo: 2.0 / (fi + fo), "the variance"),
    (lambda fi, fo: np.sqrt(6.0 / (fi + fo)), "UNIFORM"),
    (lambda fi, fo: np.sqrt(1.0 / (fi + fo)), "factor 2 is missing"),
    (lambda fi, fo: np.sqrt(1.0 / fi), "fan_in only"),
    (lambda fi, fo: np.full(3, np.sqrt(2.0 / (fi + fo))), "one number"),
])
def test_xavier_mistakes(wrong, message):
    fails_with(check_xavier_std, wrong, message)


@pytest.mark.parametrize("wrong, message", [
    (lambda fi, fo: np.sqrt(2.0 / fo), "fan_out"),
    (lambda fi, fo: 2.0 / fi, "the variance"),
    (lambda fi, fo: np.sqrt(1.0 / fi), "factor 2"),
    (lambda fi, fo: np.sqrt(2.0 / (fi + fo)), "Xavier"),
])
def test_he_mistakes(wrong, message):
    fails_with(check_he_std, wrong, message)


@pytest.mark.parametrize("wrong, message", [
    (lambda W, tol=1e-8: count_distinct_units(W.T), "COLUMNS"),
    (lambda W, tol=1e-8: np.unique(W).size, "different numbers"),
    (lambda W, tol=1e-8: len(np.unique(W, axis=0)), "rounding"),
    (lambda W, tol=1e-8: np.ones(len(W)), "one number"),
])
def test_symmetry_mistakes(wrong, message):
    fails_with(check_count_distinct_units, wrong, message)


def test_zero_initialisation_keeps_units_identical_after_training():
    from course_lib.datasets import make_dataset

    X, y = make_dataset("moons", n_samples=200, seed=0)
    model = Sequential([Dense(8, activation="sigmoid", kernel_init="zeros"), Dense(1, activation="sigmoid",
                                                                                  kernel_init="zeros")], seed=0)
    fit(model, X, y, optimizer="sgd", lr=0.5, epochs=20, batch_size=32, seed=0)
    W = model.layers[0].params["W"]
    assert np.abs(W).max() > 1e-3  # the weights did move ...
    assert count_distinct_units(W) == 1  # ... but every unit moved the same way
