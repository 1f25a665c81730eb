"""Lesson 09's checks: typical wrong answers get their message."""

import numpy as np

from course_lib.exercises.lesson09 import (
    TRAINING,
    _build_digits_model_solution,
    _confusion_matrix_solution,
    _standardize_solution,
    check_build_digits_model,
    check_confusion_matrix,
    check_standardize,
    digits_split,
    reference_digits_model,
)
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.training import fit


def test_standardize():
    assert check_standardize(_standardize_solution).passed

    def own_test_stats(X_train, X_test):
        return [(X - X.mean(axis=0)) / X.std(axis=0) for X in (X_train, X_test)]

    def one_global_mean(X_train, X_test):
        return [(X - X_train.mean()) / X_train.std() for X in (X_train, X_test)]

    def centred_only(X_train, X_test):
        return X_train - X_train.mean(axis=0), X_test - X_train.mean(axis=0)

    assert "its own statistics" in check_standardize(own_test_stats).message
    assert "axis=0" in check_standardize(one_global_mean).message
    assert "not scaled" in check_standardize(centred_only).message


def test_confusion_matrix():
    assert check_confusion_matrix(_confusion_matrix_solution).passed

    def transposed(y_true, y_pred, n):
        return _confusion_matrix_solution(y_pred, y_true, n)

    def sized_by_labels(y_true, y_pred, n):
        k = max(y_true.max(), y_pred.max()) + 1
        return _confusion_matrix_solution(y_true, y_pred, k)

    def double_counted(y_true, y_pred, n):
        return 2 * _confusion_matrix_solution(y_true, y_pred, n)

    assert "swapped" in check_confusion_matrix(transposed).message
    assert "n_classes" in check_confusion_matrix(sized_by_labels).message
    assert "add up" in check_confusion_matrix(double_counted).message


def test_build_digits_model():
    assert check_build_digits_model(_build_digits_model_solution).passed
    too_small = check_build_digits_model(
        lambda: Sequential([Dense(2, input_dim=64, activation="relu"), Dense(10, activation="softmax")]))
    assert too_small.status == "fail" and "test accuracy" in too_small.message
    wrong_output = check_build_digits_model(
        lambda: Sequential([Dense(32, input_dim=64, activation="relu"), Dense(10, activation="sigmoid")]))
    assert "softmax" in wrong_output.message
    wrong_input = check_build_digits_model(
        lambda: Sequential([Dense(32, input_dim=8, activation="relu"), Dense(10, activation="softmax")]))
    assert "input_dim=64" in wrong_input.message
    wrong_units = check_build_digits_model(
        lambda: Sequential([Dense(32, input_dim=64, activation="relu"), Dense(9, activation="softmax")]))
    assert "10 units" in wrong_units.message
    assert "Sequential" in check_build_digits_model(lambda: [Dense(10)]).message


def test_reference_model_clears_the_target_with_a_margin():
    X_train, X_test, y_train, y_test = digits_split()
    model = _build_digits_model_solution()
    fit(model, X_train, y_train, **TRAINING)
    assert np.mean(model.predict_classes(X_test) == y_test) >= 0.95


def test_reference_digits_model_is_a_fresh_untrained_copy():
    a, b = reference_digits_model(), reference_digits_model()
    assert a is not b and check_build_digits_model(reference_digits_model).passed
    assert all(np.array_equal(w, b.get_weights()[k]) for k, w in a.get_weights().items())


def test_a_model_without_hidden_layer_falls_short_of_the_goal_as_the_lesson_says():
    # Lesson 09 says Dense(10, softmax) alone reaches 94.4 %, short of the 95.5 % goal: keep it true.
    no_hidden = check_build_digits_model(lambda: Sequential([Dense(10, input_dim=64, activation="softmax")]))
    assert no_hidden.status == "fail" and "94.4%" in no_hidden.message and "95.5%" in no_hidden.message


def test_too_small_a_model_is_told_its_accuracy_and_the_goal():
    message = check_build_digits_model(
        lambda: Sequential([Dense(2, input_dim=64, activation="relu"), Dense(10, activation="softmax")])).message
    assert "95.5%" in message and "More hidden units" in message
