"""Activation functions: values, derivatives against finite differences, and numerical stability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    leaky_relu,
    leaky_relu_derivative,
    linear,
    linear_derivative,
    prelu,
    prelu_alpha_derivative,
    prelu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_backward,
    tanh,
    tanh_derivative,
)
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, away_from_zero, central_difference, rel_error, strict_numerics

ELEMENTWISE = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "leaky_relu_0.2": (lambda z: leaky_relu(z, 0.2), lambda z: leaky_relu_derivative(z, 0.2)),
    "linear": (linear, linear_derivative),
}


# -- derivatives against finite differences ---------------------------------------------------------
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_derivative_matches_finite_differences(name, rng):
    g, dg = ELEMENTWISE[name]
    z = away_from_zero(rng, (4, 5))  # ReLU-type kinks at 0 are avoided
    numeric = central_difference(lambda v: np.sum(g(v)), z)  # d/dz_i sum g(z) = g'(z_i)
    assert rel_error(dg(z), numeric) < GRAD_TOL


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_backward_is_a_vector_jacobian_product(name, rng):
    act = get_activation(name)
    z = away_from_zero(rng, (3, 4))
    upstream = rng.normal(size=z.shape)
    numeric = central_difference(lambda v: np.sum(act(v) * upstream), z)
    assert rel_error(act.backward(z, upstream), numeric) < GRAD_TOL
    # with the forward output a = g(z) (what the layers pass): the very same numbers, without computing g again
    assert np.array_equal(act.backward(z, upstream, a=act(z)), act.backward(z, upstream))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_derivatives_from_the_output_equal_the_derivatives(dtype, rng):
    z = np.concatenate([rng.normal(size=50) * 4, [0.0, -0.0, 30.0, -30.0]]).astype(dtype)
    leaky = get_activation("leaky_relu", slope=0.2)
    for act in [*(ACTIVATIONS[name] for name in ("sigmoid", "tanh", "relu", "leaky_relu")), leaky]:
        assert np.array_equal(act.derivative_from_output(act(z)), act.derivative(z)), act.name


def test_softmax_backward_matches_finite_differences(rng):
    z = rng.normal(size=(4, 5)) * 3
    upstream = rng.normal(size=z.shape)
    numeric = numerical_gradient(lambda: np.sum(softmax(z) * upstream), z)
    assert relative_error(softmax_backward(z, upstream), numeric) < GRAD_TOL


def test_softmax_backward_equals_full_jacobian(rng):
    z = rng.normal(size=(1, 4))
    upstream = rng.normal(size=(1, 4))
    s = softmax(z)[0]
    jacobian = np.diag(s) - np.outer(s, s)
    assert np.allclose(softmax_backward(z, upstream)[0], upstream[0] @ jacobian)


def test_prelu_derivatives_in_z_and_alpha(rng):
    z = away_from_zero(rng, (6, 3))
    alpha = np.array([0.1, 0.25, 0.5])
    upstream = rng.normal(size=z.shape)
    dz_numeric = central_difference(lambda v: np.sum(prelu(v, alpha) * upstream), z)
    assert rel_error(upstream * prelu_derivative(z, alpha), dz_numeric) < GRAD_TOL
    # alpha is shared by every row (one slope per unit): its gradient sums over the batch
    dalpha_numeric = central_difference(lambda a: np.sum(prelu(z, a) * upstream), alpha)
    dalpha = np.sum(upstream * prelu_alpha_derivative(z), axis=0)
    assert rel_error(dalpha, dalpha_numeric) < GRAD_TOL


# -- values -----------------------------------------------------------------------------------------
def test_known_values():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    assert np.allclose(sigmoid(z), 1 / (1 + np.exp(-z)))
    assert np.allclose(relu(z), [0, 0, 0, 0.5, 2])
    assert np.allclose(leaky_relu(z), [-0.02, -0.005, 0, 0.5, 2])
    assert np.allclose(leaky_relu(z, 0.1), [-0.2, -0.05, 0, 0.5, 2])
    assert np.array_equal(linear(z), z)
    assert np.array_equal(linear_derivative(z), np.ones(5))
    assert sigmoid(0.0) == 0.5


def test_kink_convention_matches_pytorch():
    assert relu_derivative(np.array([0.0]))[0] == 0.0
    assert leaky_relu_derivative(np.array([0.0]), 0.1)[0] == 0.1
    assert prelu_alpha_derivative(np.array([0.0]))[0] == 0.0  # z · 1 at z = 0 is 0 either way


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-20, 20, 2001)
    assert np.allclose(tanh(z), 2 * sigmoid(2 * z) - 1, rtol=0, atol=1e-12)


def test_sigmoid_derivative_is_at_most_a_quarter():
    z = np.linspace(-10, 10, 20001)
    d = sigmoid_derivative(z)
    assert d.max() == pytest.approx(0.25, abs=1e-12)
    assert z[np.argmax(d)] == pytest.approx(0.0, abs=1e-9)
    assert np.all(d <= 0.25)
    assert tanh_derivative(np.array([0.0]))[0] == 1.0


def test_softmax_rows_are_distributions(rng):
    z = rng.normal(size=(5, 4)) * 10
    s = softmax(z)
    assert np.all(s >= 0)
    assert np.allclose(s.sum(axis=1), 1.0)
    assert np.allclose(softmax(z + 123.0), s)  # shifting a row changes nothing


# -- numerical stability ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "row, expected",
    [
        ([1000.0, 1000.0, 1000.0], [1 / 3, 1 / 3, 1 / 3]),
        ([-1000.0, -1000.0, -1000.0], [1 / 3, 1 / 3, 1 / 3]),
        ([1000.0, 0.0, -1000.0], [1.0, 0.0, 0.0]),
        ([0.0, 1000.0], [0.0, 1.0]),
    ],
)
def test_softmax_of_huge_scores_is_finite(row, expected):
    with strict_numerics():
        s = softmax(np.array([row]))
        grad = softmax_backward(np.array([row]), np.ones((1, len(row))))
    assert np.allclose(s[0], expected)
    assert np.all(np.isfinite(grad))


def test_sigmoid_and_tanh_at_extremes_without_warnings():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with strict_numerics():
        s, ds = sigmoid(z), sigmoid_derivative(z)
        t, dt = tanh(z), tanh_derivative(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.allclose(t[[0, -1]], [-1.0, 1.0]) and np.all(np.isfinite(dt))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)  # same examples every run
@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_sigmoid_stays_in_unit_interval(x):
    with strict_numerics():
        s = float(sigmoid(x))
        d = float(sigmoid_derivative(x))
    assert 0.0 <= s <= 1.0
    assert 0.0 <= d <= 0.25
    assert float(sigmoid(-x)) == pytest.approx(1.0 - s, abs=1e-15)


def test_functions_return_the_input_shape(rng):
    z = rng.normal(size=(2, 3, 4))
    for g, dg in ELEMENTWISE.values():
        assert g(z).shape == z.shape and dg(z).shape == z.shape
    assert softmax(z).shape == z.shape


def test_functions_do_not_modify_their_input(rng):
    z = rng.normal(size=(3, 4))
    before = z.copy()
    for g, dg in ELEMENTWISE.values():
        g(z)
        dg(z)
    softmax(z)
    softmax_backward(z, np.ones_like(z))
    assert np.array_equal(z, before)


# -- lookup by name ---------------------------------------------------------------------------------
def test_get_activation_names_and_aliases():
    assert get_activation(None).name == "linear"
    assert get_activation("ReLU").name == "relu"
    assert get_activation("identity").name == "linear"
    assert get_activation("logistic").name == "sigmoid"
    custom = Activation("mine", np.tanh, tanh_derivative)
    assert get_activation(custom) is custom
    leaky = get_activation("leaky_relu", slope=0.3)
    assert np.allclose(leaky(np.array([-1.0, 1.0])), [-0.3, 1.0])


def test_unknown_activation_suggests_a_close_name():
    with pytest.raises(CourseError, match="Did you mean 'sigmoid'"):
        get_activation("sigmiod")
