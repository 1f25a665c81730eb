"""Layers: backward against finite differences, the layer contract, and Dropout's statistics."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.layers import (
    ActivationLayer,
    Dense,
    Dropout,
    LeakyReLU,
    PReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
)
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, away_from_zero, central_difference, rel_error

DENSE_ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"]
M, N_IN, N_OUT = 5, 4, 3


def _dense_away_from_kinks(activation, rng):
    """A Dense layer and a batch whose pre-activations are all at least 0.05 away from 0 (ReLU's kink)."""
    layer = Dense(N_OUT, activation=activation, input_dim=N_IN, seed=1)
    layer.params["b"][:] = rng.normal(size=N_OUT)
    for _ in range(100):
        x = rng.normal(size=(M, N_IN))
        if np.abs(layer.forward(x, logits=True)).min() > 0.05:
            return layer, x
    raise AssertionError("could not find inputs away from the kink")


# -- Dense ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", DENSE_ACTIVATIONS)
def test_dense_backward_matches_finite_differences(activation, rng):
    layer, x = _dense_away_from_kinks(activation, rng)
    upstream = rng.normal(size=(M, N_OUT))

    def f():
        return np.sum(layer.forward(x) * upstream)  # L = Σ A ⊙ G, so dL/dA = G

    f()
    dx = layer.backward(upstream)
    grads = {k: v.copy() for k, v in layer.grads.items()}
    assert set(grads) == set(layer.params)
    for name, p in layer.params.items():
        assert grads[name].shape == p.shape
        assert relative_error(grads[name], numerical_gradient(f, p)) < GRAD_TOL, name
    assert dx.shape == x.shape
    assert relative_error(dx, numerical_gradient(f, x)) < GRAD_TOL


@pytest.mark.parametrize("activation", DENSE_ACTIVATIONS)
def test_dense_backward_against_independent_helper(activation, rng):
    layer, x = _dense_away_from_kinks(activation, rng)
    upstream = rng.normal(size=(M, N_OUT))
    W0, b0 = layer.params["W"].copy(), layer.params["b"].copy()
    act = layer.activation

    def f_of_W(W):
        return np.sum(act(x @ W.T + b0) * upstream)

    def f_of_x(v):
        return np.sum(act(v @ W0.T + b0) * upstream)

    layer.forward(x)
    dx = layer.backward(upstream)
    assert rel_error(layer.grads["W"], central_difference(f_of_W, W0)) < GRAD_TOL
    assert rel_error(dx, central_difference(f_of_x, x)) < GRAD_TOL


def test_dense_logits_path_skips_the_activation(rng):
    layer = Dense(N_OUT, activation="softmax", input_dim=N_IN, seed=0)
    x, upstream = rng.normal(size=(M, N_IN)), rng.normal(size=(M, N_OUT))

    def f():
        return np.sum(layer.forward(x, logits=True) * upstream)

    z = layer.forward(x, logits=True)
    assert np.allclose(z, x @ layer.params["W"].T + layer.params["b"])
    dx = layer.backward(upstream)
    assert relative_error(layer.grads["W"].copy(), numerical_gradient(f, layer.params["W"])) < GRAD_TOL
    assert relative_error(dx, numerical_gradient(f, x)) < GRAD_TOL
    assert np.allclose(dx, upstream @ layer.params["W"])


def test_dense_shapes_follow_the_notes_layout():
    layer = Dense(7, input_dim=3, seed=0)
    assert layer.params["W"].shape == (7, 3)  # W[l] is (n_l, n_{l-1})
    assert layer.params["b"].shape == (7,)
    assert layer.forward(np.ones((10, 3))).shape == (10, 7)
    assert layer.n_params() == 7 * 3 + 7


def test_dense_forward_formula(rng):
    layer = Dense(3, activation="tanh", input_dim=2, seed=0)
    x = rng.normal(size=(4, 2))
    W, b = layer.params["W"], layer.params["b"]
    assert np.allclose(layer.forward(x), np.tanh(x @ W.T + b))


def test_dense_seed_is_deterministic():
    a = Dense(4, input_dim=3, seed=5).params["W"]
    b = Dense(4, input_dim=3, seed=5).params["W"]
    c = Dense(4, input_dim=3, seed=6).params["W"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


# -- activation layers and PReLU -------------------------------------------------------------------
ACTIVATION_LAYERS = {
    "ReLU": ReLU,
    "Sigmoid": Sigmoid,
    "Tanh": Tanh,
    "Softmax": Softmax,
    "LeakyReLU(0.2)": lambda: LeakyReLU(0.2),
    "linear": lambda: ActivationLayer("linear"),
}


@pytest.mark.parametrize("name", ACTIVATION_LAYERS)
def test_activation_layer_backward(name, rng):
    layer = ACTIVATION_LAYERS[name]()
    x, upstream = away_from_zero(rng, (M, N_OUT)), rng.normal(size=(M, N_OUT))

    def f():
        return np.sum(layer.forward(x) * upstream)

    f()
    dx = layer.backward(upstream)
    assert layer.params == {} and layer.grads == {}
    assert relative_error(dx, numerical_gradient(f, x)) < GRAD_TOL


def test_leaky_relu_layer_uses_its_slope():
    assert np.allclose(LeakyReLU(0.2).forward(np.array([[-1.0, 2.0]])), [[-0.2, 2.0]])


def test_prelu_backward_in_x_and_alpha(rng):
    layer = PReLU(alpha_init=0.2)
    x, upstream = away_from_zero(rng, (M, N_OUT)), rng.normal(size=(M, N_OUT))
    layer.forward(x)  # builds alpha with one slope per unit
    layer.params["alpha"][:] = [0.1, 0.3, 0.5]

    def f():
        return np.sum(layer.forward(x) * upstream)

    f()
    dx = layer.backward(upstream)
    dalpha = layer.grads["alpha"].copy()
    assert dalpha.shape == layer.params["alpha"].shape == (N_OUT,)
    assert relative_error(dalpha, numerical_gradient(f, layer.params["alpha"])) < GRAD_TOL
    assert relative_error(dx, numerical_gradient(f, x)) < GRAD_TOL


# -- Dropout --------------------------------------------------------------------------------------
def test_dropout_backward_with_a_fixed_mask(rng):
    layer = Dropout(0.4)
    x, upstream = rng.normal(size=(8, 6)), rng.normal(size=(8, 6))

    def f():
        layer.rng = np.random.default_rng(99)  # the same mask on every evaluation
        return np.sum(layer.forward(x) * upstream)

    f()
    assert layer.training
    dx = layer.backward(upstream)
    assert relative_error(dx, numerical_gradient(f, x)) < GRAD_TOL
    fresh_layer_same_seed = central_difference(lambda v: np.sum(Dropout(0.4, seed=99).forward(v) * upstream), x)
    assert rel_error(dx, fresh_layer_same_seed) < GRAD_TOL


def test_dropout_backward_uses_the_forward_mask(rng):
    layer = Dropout(0.5, seed=3)
    x = rng.normal(size=(10, 10))
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(x))
    assert np.array_equal(dx == 0, out == 0)
    assert np.allclose(dx[dx != 0], 2.0)  # survivors scaled by 1 / (1 - rate)


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_dropout_rate_is_the_probability_of_dropping(rate):
    layer = Dropout(rate, seed=0)
    x = np.ones((400, 500))
    out = layer.forward(x)
    assert np.mean(out == 0) == pytest.approx(rate, abs=0.01)
    assert np.allclose(out[out != 0], 1 / (1 - rate))
    assert out.mean() == pytest.approx(1.0, abs=0.02)  # inverted dropout keeps the expectation


def test_dropout_preserves_expectation_per_unit(rng):
    layer = Dropout(0.3, seed=1)
    x = rng.normal(size=(1, 5))
    mean = np.mean([layer.forward(x) for _ in range(20000)], axis=0)
    assert np.allclose(mean, x, atol=0.05)


def test_dropout_eval_mode_is_the_identity(rng):
    layer = Dropout(0.5, seed=0).eval()
    x = rng.normal(size=(6, 4))
    assert np.array_equal(layer.forward(x), x)
    assert np.array_equal(layer.backward(np.ones_like(x)), np.ones_like(x))
    layer.train()
    assert layer.training and not np.array_equal(layer.forward(x), x)


def test_dropout_seeded_masks_repeat():
    x = np.ones((20, 20))
    assert np.array_equal(Dropout(0.5, seed=4).forward(x), Dropout(0.5, seed=4).forward(x))
    assert not np.array_equal(Dropout(0.5, seed=4).forward(x), Dropout(0.5, seed=5).forward(x))


def test_dropout_rate_zero_is_identity_and_rate_one_is_refused(rng):
    x = rng.normal(size=(3, 3))
    assert np.array_equal(Dropout(0.0).forward(x), x)
    with pytest.raises(CourseError, match="probability of dropping"):
        Dropout(1.0)


# -- the contract: never write into grad_out or x; gradients accumulate by hand --------------------
LAYER_FACTORIES = {
    **{f"Dense({a})": (lambda a=a: Dense(N_OUT, activation=a, input_dim=N_IN, seed=0)) for a in DENSE_ACTIVATIONS},
    "ReLU": lambda: ReLU(),
    "Softmax": lambda: Softmax(),
    "PReLU": lambda: PReLU(),
    "Dropout(train)": lambda: Dropout(0.5, seed=0),
    "Dropout(eval)": lambda: Dropout(0.5, seed=0).eval(),
}


@pytest.mark.parametrize("name", LAYER_FACTORIES)
def test_forward_and_backward_do_not_modify_their_arguments(name, rng):
    layer = LAYER_FACTORIES[name]()
    width = N_IN if name.startswith("Dense") else N_OUT
    x = rng.normal(size=(M, width))
    x_before = x.copy()
    out = layer.forward(x)
    upstream = rng.normal(size=out.shape)
    upstream_before = upstream.copy()
    dx = layer.backward(upstream)
    assert np.array_equal(x, x_before), "forward/backward changed the input x"
    assert np.array_equal(upstream, upstream_before), "backward wrote into grad_out"
    assert dx is not upstream and dx is not x


def test_a_layer_used_twice_accumulates_its_gradients(rng):
    """f(x) = Σ L(x) + Σ L(x)²: x reaches the loss through two paths, so dL/dx is the sum of both."""
    layer = Dense(3, activation="tanh", input_dim=4, seed=0)
    x = rng.normal(size=(5, 4))

    def f_of_x(v):
        a = layer.forward(v)
        return np.sum(a) + np.sum(a**2)

    a1 = layer.forward(x)
    dx_path1 = layer.backward(np.ones_like(a1))
    dW_path1 = layer.grads["W"].copy()
    a2 = layer.forward(x)
    dx_path2 = layer.backward(2 * a2)
    dW_path2 = layer.grads["W"].copy()

    assert rel_error(dx_path1 + dx_path2, central_difference(f_of_x, x)) < GRAD_TOL
    W = layer.params["W"]
    assert relative_error(dW_path1 + dW_path2, numerical_gradient(lambda: f_of_x(x), W)) < GRAD_TOL
    # either path alone is not the gradient
    assert rel_error(dx_path1, central_difference(f_of_x, x)) > 0.01


def test_grads_are_overwritten_not_accumulated_by_backward(rng):
    """Each backward *fills* layer.grads from the last forward (accumulating is the caller's job)."""
    layer = Dense(2, input_dim=3, seed=0)
    x = rng.normal(size=(4, 3))
    layer.forward(x)
    layer.backward(np.ones((4, 2)))
    first = layer.grads["W"].copy()
    layer.forward(x)
    layer.backward(np.ones((4, 2)))
    assert np.allclose(layer.grads["W"], first)
    layer.zero_grad()
    assert not layer.grads["W"].any() and layer.grads["W"].shape == layer.params["W"].shape


@settings(max_examples=30, deadline=None, derandomize=True, database=None)  # the same examples every run
@given(
    m=st.integers(1, 6),
    n_in=st.integers(1, 5),
    units=st.integers(1, 5),
    activation=st.sampled_from(["sigmoid", "tanh", "linear", "softmax"]),
    seed=st.integers(0, 2**16),
)
def test_dense_backward_for_any_shape(m, n_in, units, activation, seed):
    """Smooth activations, any batch and layer size: backprop agrees with finite differences."""
    rng = np.random.default_rng(seed)
    layer = Dense(units, activation=activation, input_dim=n_in, seed=seed)
    x, upstream = rng.normal(size=(m, n_in)), rng.normal(size=(m, units))
    layer.forward(x)
    dx = layer.backward(upstream)
    W, b = layer.params["W"].copy(), layer.params["b"].copy()
    act = layer.activation
    numeric_x = central_difference(lambda v: np.sum(act(v @ W.T + b) * upstream), x)
    numeric_W = central_difference(lambda w: np.sum(act(x @ w.T + b) * upstream), W)
    # softmax with one unit is constant: both gradients are exactly 0 there
    assert rel_error(dx, numeric_x) < GRAD_TOL or np.abs(dx - numeric_x).max() < 1e-9
    assert rel_error(layer.grads["W"], numeric_W) < GRAD_TOL or np.abs(layer.grads["W"] - numeric_W).max() < 1e-9
