"""Lesson 00's checks: typical layout mix-ups get their message (reference and stub: tests/test_solutions_file.py)."""

from itertools import pairwise

from course_lib.exercises.core import solution_source
from course_lib.exercises.lesson00 import (
    _count_parameters_solution,
    _layer_shapes_solution,
    check_count_layers,
    check_count_parameters,
    check_layer_shapes,
)
from tests.exercise_helpers import fails_with


def with_change(**changes):
    def candidate(m, n_prev, n_units):
        shapes = _layer_shapes_solution(m, n_prev, n_units)
        shapes.update({k: v(m, n_prev, n_units) for k, v in changes.items()})
        return shapes
    return candidate


def test_lists_are_accepted_as_shapes():
    result = check_layer_shapes(lambda m, p, u: {"X": [m, p], "W": [u, p], "b": [u], "Z": [m, u]})
    assert result.passed, result


def test_weights_in_keras_layout():
    fails_with(check_layer_shapes, with_change(W=lambda m, p, u: (p, u)), "other way round")


def test_examples_as_columns():
    fails_with(check_layer_shapes, with_change(X=lambda m, p, u: (p, m)), "one example per column")
    fails_with(check_layer_shapes, with_change(Z=lambda m, p, u: (u, m)), "W X + b")


def test_bias_as_column_or_per_example():
    fails_with(check_layer_shapes, with_change(b=lambda m, p, u: (u, 1)), "column vector")
    fails_with(check_layer_shapes, with_change(b=lambda m, p, u: (m, u)), "shared by all examples")


def test_wrong_return_type():
    fails_with(check_layer_shapes, lambda m, p, u: [(m, p), (u, p), (u,), (m, u)], "dict")
    result = check_layer_shapes(lambda m, p, u: {"X": "m, p", "W": 1, "b": None, "Z": 2})
    assert result.status == "fail"


def test_solution_is_listed():
    assert '"W": (n_units, n_prev)' in solution_source("layer_shapes")


# ---------------------------------------------------------------------------------------------
# count_layers / count_parameters
# ---------------------------------------------------------------------------------------------
def test_count_layers_mistakes():
    fails_with(check_count_layers, len, "counted the input layer")
    fails_with(check_count_layers, lambda sizes: len(sizes) - 2, "only the hidden layers")
    fails_with(check_count_layers, lambda sizes: "two", "whole number")


def test_count_parameters_reference_matches_the_model_summary():
    assert _count_parameters_solution([3, 4, 1]) == 21  # the Sequential summary in the notebook


def test_count_parameters_mistakes():
    def weights_only(sizes):
        return sum(a * b for a, b in pairwise(sizes))

    fails_with(check_count_parameters, weights_only, "not the biases")
    fails_with(check_count_parameters, lambda sizes: weights_only(sizes) + sum(sizes), "input layer biases")
    fails_with(check_count_parameters, lambda sizes: weights_only(sizes) + sum(sizes[:-1]), "not one per input")
    fails_with(check_count_parameters, lambda sizes: 0, "add them up")
