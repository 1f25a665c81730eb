"""Lesson 01's checks: typical wrong answers get their message (reference and stub: tests/test_solutions_file.py)."""

import numpy as np

from course_lib.exercises.core import solution_source
from course_lib.exercises.lesson01 import (
    _gd_step_solution,
    check_gd_step,
    check_nand_weights,
    check_normal_equation,
    check_perceptron_output,
)
from tests.exercise_helpers import fails_with


# -- perceptron_output ---------------------------------------------------------------------------
def test_perceptron_forgets_bias():
    fails_with(check_perceptron_output, lambda X, w, b: (X @ w > 0).astype(int), "ignore the bias")


def test_perceptron_subtracts_bias():
    fails_with(check_perceptron_output, lambda X, w, b: (X @ w - b > 0).astype(int), "subtracted the bias")


def test_perceptron_returns_weighted_sum_or_sigmoid():
    fails_with(check_perceptron_output, lambda X, w, b: X @ w + b, "weighted sum z itself")
    fails_with(check_perceptron_output, lambda X, w, b: 1 / (1 + np.exp(-(X @ w + b))), "like a sigmoid")


def test_perceptron_counts_zero_as_one():
    fails_with(check_perceptron_output, lambda X, w, b: (X @ w + b >= 0).astype(int), "z = 0 exactly")


def test_perceptron_shape_and_flip():
    fails_with(check_perceptron_output, lambda X, w, b: (X @ w.reshape(-1, 1) + b > 0).astype(int), "shape")
    fails_with(check_perceptron_output, lambda X, w, b: (X @ w + b <= 0).astype(int), "flipped")


def test_perceptron_wrong_axis_reports_error_line():
    fails_with(check_perceptron_output, lambda X, w, b: (w @ X + b > 0).astype(int), "raised ValueError")


def test_perceptron_accepts_booleans_and_floats():
    assert check_perceptron_output(lambda X, w, b: X @ w + b > 0).passed
    assert check_perceptron_output(lambda X, w, b: np.where(X @ w + b > 0, 1.0, 0.0)).passed


# -- nand_weights ----------------------------------------------------------------------------------
def test_nand_gets_and_or_or():
    fails_with(check_nand_weights, lambda: (1.0, 1.0, -1.5), "compute AND")
    fails_with(check_nand_weights, lambda: (1.0, 1.0, -0.5), "compute OR")


def test_nand_line_through_a_point():
    fails_with(check_nand_weights, lambda: (-1.0, -1.0, 1.0), "passes exactly through (0,1), (1,0)")
    assert check_nand_weights(lambda: (-1.0, -1.0, 2.0)).passed  # on the line at (1,1): output 0, as NAND wants


def test_nand_other_wrong_answers():
    fails_with(check_nand_weights, lambda: (-1.0, -1.0, 0.5), "wrong at (0,1) should give 1")
    fails_with(check_nand_weights, lambda: 3.0, "three numbers")
    assert check_nand_weights(lambda: [-0.5, -0.5, 0.7]).passed


# -- gd_step ---------------------------------------------------------------------------------------
def test_gd_step_adds_gradient():
    fails_with(check_gd_step, lambda w, g, lr: w + lr * g, "added the gradient")


def test_gd_step_ignores_lr_or_returns_change():
    fails_with(check_gd_step, lambda w, g, lr: w - g, "ignores the learning rate")
    fails_with(check_gd_step, lambda w, g, lr: -lr * g, "only the change")
    fails_with(check_gd_step, lambda w, g, lr: w - g / lr, "divided by the learning rate")


def test_gd_step_in_place_without_return():
    def in_place(w, g, lr):
        w -= lr * g

    fails_with(check_gd_step, in_place, "in place but returned nothing")


def test_gd_step_in_place_with_return_passes():
    def in_place(w, g, lr):
        w -= lr * g
        return w

    assert check_gd_step(in_place).passed


def test_gd_step_as_playground_optimizer_matches_sgd():
    from course_lib.widgets import Playground

    kw = {"dataset": "xor", "hidden": (4,), "lr": 0.3, "n_samples": 80, "seed": 3}
    ours = Playground(optimizer="custom", custom_optimizer=_gd_step_solution, **kw).run(40)
    sgd = Playground(optimizer="sgd", **kw).run(40)
    assert np.array_equal(ours.history["train_loss"], sgd.history["train_loss"])


# -- normal_equation -------------------------------------------------------------------------------
def test_normal_equation_x_instead_of_xt():
    fails_with(check_normal_equation, lambda X, y: np.linalg.inv(X.T @ X) @ X @ y, "X where Xᵀ belongs")


def test_normal_equation_xxt_and_missing_inverse():
    fails_with(check_normal_equation, lambda X, y: np.linalg.pinv(X @ X.T) @ X.T @ y, "not XXᵀ")
    fails_with(check_normal_equation, lambda X, y: X.T @ X @ X.T @ y, "forgot the inverse")


def test_normal_equation_column_result_and_shape_errors():
    fails_with(check_normal_equation, lambda X, y: np.linalg.solve(X.T @ X, X.T @ y).reshape(-1, 1), "1-D vector")
    fails_with(check_normal_equation, lambda X, y: np.linalg.inv(X.T @ X) @ X.T @ y.reshape(1, -1),
               "Check each transpose")
    fails_with(check_normal_equation, lambda X, y: np.linalg.solve(X.T @ X, X @ y), "X where Xᵀ belongs")


def test_normal_equation_lstsq_passes():
    assert check_normal_equation(lambda X, y: np.linalg.lstsq(X, y, rcond=None)[0]).passed


def test_solutions_are_listed():
    assert "w - lr * grad" in solution_source("gd_step")
