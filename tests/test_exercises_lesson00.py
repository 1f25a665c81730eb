"""Lesson 00's check: the reference passes, the stub is 'not done', typical layout mix-ups get their message."""

from itertools import pairwise

from course_lib.exercises.core import solution_source
from course_lib.exercises.lesson00 import (
    _count_layers_solution,
    _count_parameters_solution,
    _layer_shapes_solution,
    check_count_layers,
    check_count_parameters,
    check_layer_shapes,
)


def stub(m, n_prev, n_units):
    raise NotImplementedError("write your code here")


def with_change(**changes):
    def candidate(m, n_prev, n_units):
        shapes = _layer_shapes_solution(m, n_prev, n_units)
        shapes.update({k: v(m, n_prev, n_units) for k, v in changes.items()})
        return shapes
    return candidate


def test_reference_passes():
    result = check_layer_shapes(_layer_shapes_solution)
    assert result.passed, result
    assert repr(result).startswith("✅")


def test_lists_are_accepted_as_shapes():
    result = check_layer_shapes(lambda m, p, u: {"X": [m, p], "W": [u, p], "b": [u], "Z": [m, u]})
    assert result.passed, result


def test_stub_is_not_done():
    result = check_layer_shapes(stub)
    assert result.status == "not done"
    assert repr(result).startswith("⏳")


def test_weights_in_keras_layout():
    result = check_layer_shapes(with_change(W=lambda m, p, u: (p, u)))
    assert result.status == "fail" and "other way round" in result.message


def test_examples_as_columns():
    result = check_layer_shapes(with_change(X=lambda m, p, u: (p, m)))
    assert result.status == "fail" and "one example per column" in result.message
    result = check_layer_shapes(with_change(Z=lambda m, p, u: (u, m)))
    assert result.status == "fail" and "W X + b" in result.message


def test_bias_as_column_or_per_example():
    result = check_layer_shapes(with_change(b=lambda m, p, u: (u, 1)))
    assert result.status == "fail" and "column vector" in result.message
    result = check_layer_shapes(with_change(b=lambda m, p, u: (m, u)))
    assert result.status == "fail" and "shared by all examples" in result.message


def test_wrong_return_type():
    result = check_layer_shapes(lambda m, p, u: [(m, p), (u, p), (u,), (m, u)])
    assert result.status == "fail" and "dict" in result.message
    result = check_layer_shapes(lambda m, p, u: {"X": "m, p", "W": 1, "b": None, "Z": 2})
    assert result.status == "fail"


def test_solution_is_listed():
    assert '"W": (n_units, n_prev)' in solution_source("layer_shapes")


# ---------------------------------------------------------------------------------------------
# count_layers / count_parameters
# ---------------------------------------------------------------------------------------------
def stub_sizes(layer_sizes):
    raise NotImplementedError("write your code here")


def test_count_layers_reference_stub_and_mistakes():
    assert check_count_layers(_count_layers_solution).passed
    assert check_count_layers(stub_sizes).status == "not done"
    result = check_count_layers(len)
    assert result.status == "fail" and "counted the input layer" in result.message
    result = check_count_layers(lambda sizes: len(sizes) - 2)
    assert result.status == "fail" and "only the hidden layers" in result.message
    result = check_count_layers(lambda sizes: "two")
    assert result.status == "fail" and "whole number" in result.message


def test_count_parameters_reference_matches_the_model_summary():
    assert _count_parameters_solution([3, 4, 1]) == 21  # the Sequential summary in the notebook
    assert check_count_parameters(_count_parameters_solution).passed
    assert check_count_parameters(stub_sizes).status == "not done"


def test_count_parameters_mistakes():
    def weights_only(sizes):
        return sum(a * b for a, b in pairwise(sizes))

    result = check_count_parameters(weights_only)
    assert result.status == "fail" and "not the biases" in result.message
    result = check_count_parameters(lambda sizes: weights_only(sizes) + sum(sizes))
    assert result.status == "fail" and "input layer biases" in result.message
    result = check_count_parameters(lambda sizes: weights_only(sizes) + sum(sizes[:-1]))
    assert result.status == "fail" and "not one per input" in result.message
    result = check_count_parameters(lambda sizes: 0)
    assert result.status == "fail" and "add them up" in result.message
