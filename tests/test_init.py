"""Weight initialisers: variance on large matrices, bounds, zeros, and determinism by seed."""

import numpy as np
import pytest

from course_lib.init import (
    INITIALIZERS,
    default_initializer,
    fans,
    get_initializer,
    he_normal,
    he_uniform,
    make_rng,
    normal,
    uniform,
    xavier_normal,
    xavier_uniform,
    zeros,
)
from course_lib.layers import Dense
from course_lib.validation import CourseError

SHAPE = (400, 600)  # (fan_out, fan_in): 240,000 draws, so the sample variance is within ~0.5 % of the truth
FAN_OUT, FAN_IN = SHAPE

EXPECTED_VARIANCE = {
    "xavier_normal": 2.0 / (FAN_IN + FAN_OUT),
    "xavier_uniform": 2.0 / (FAN_IN + FAN_OUT),
    "he_normal": 2.0 / FAN_IN,
    "he_uniform": 2.0 / FAN_IN,
    "normal": 0.01**2,  # default std 0.01
    "uniform": 0.05**2 / 3,  # default limit 0.05
}


@pytest.mark.parametrize("name", sorted(EXPECTED_VARIANCE))
def test_variance_and_mean(name):
    W = INITIALIZERS[name](SHAPE, np.random.default_rng(0))
    assert W.shape == SHAPE and W.dtype == np.float64
    expected = EXPECTED_VARIANCE[name]
    assert W.var() == pytest.approx(expected, rel=0.03)  # ~10 standard errors of slack: never flakes
    assert abs(W.mean()) < 0.05 * np.sqrt(expected)  # the standard error of the mean is ~0.002 std


@pytest.mark.parametrize(
    "fn, limit",
    [
        (xavier_uniform, np.sqrt(6.0 / (FAN_IN + FAN_OUT))),
        (he_uniform, np.sqrt(6.0 / FAN_IN)),
        (uniform, 0.05),
    ],
)
def test_uniform_initialisers_stay_within_their_limit(fn, limit):
    W = fn(SHAPE, 0)
    assert np.all(np.abs(W) <= limit)
    assert np.abs(W).max() > 0.99 * limit  # and they actually fill the interval


@pytest.mark.parametrize("fn", [xavier_normal, he_normal, normal])
def test_normal_initialisers_look_gaussian(fn):
    W = fn(SHAPE, 0)
    z = W / W.std()
    assert np.mean(np.abs(z) < 1) == pytest.approx(0.6827, abs=0.01)
    assert np.mean(np.abs(z) < 2) == pytest.approx(0.9545, abs=0.01)


def test_settings_change_the_scale():
    assert normal(SHAPE, 0, std=0.5).std() == pytest.approx(0.5, rel=0.02)
    assert np.abs(uniform(SHAPE, 0, limit=3.0)).max() <= 3.0
    bound = get_initializer("normal", std=2.0)
    assert bound(SHAPE, 0).std() == pytest.approx(2.0, rel=0.02)


def test_zeros():
    W = zeros((3, 4), rng=0)
    assert W.shape == (3, 4) and not W.any()
    assert get_initializer("zero") is zeros


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_same_seed_same_weights_different_seed_different_weights(name):
    fn = INITIALIZERS[name]
    a, b = fn((20, 30), 7), fn((20, 30), 7)
    assert np.array_equal(a, b)
    if name != "zeros":
        assert not np.array_equal(a, fn((20, 30), 8))


def test_generator_is_used_and_advanced():
    rng = np.random.default_rng(3)
    first, second = he_normal((5, 5), rng), he_normal((5, 5), rng)
    assert not np.array_equal(first, second)
    again = np.random.default_rng(3)
    assert np.array_equal(first, he_normal((5, 5), again))


def test_global_numpy_seed_is_not_touched():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - the legacy global state is what is checked
    xavier_normal((10, 10), 0)
    he_uniform((10, 10), None)
    make_rng(5).normal()
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_fans_follow_the_weight_layout():
    assert fans((3, 7)) == (7, 3)  # W is (n_out, n_in)
    with pytest.raises(CourseError, match="weight matrix"):
        fans((3,))


def test_names_aliases_and_defaults():
    assert get_initializer("glorot_uniform") is xavier_uniform
    assert get_initializer("kaiming_normal") is he_normal
    assert get_initializer("He_Normal") is he_normal
    mine = lambda shape, rng=None: np.ones(shape)  # noqa: E731 - a learner's own initialiser
    assert np.array_equal(get_initializer(mine)((2, 3), None), np.ones((2, 3)))  # checked, but the same weights
    assert default_initializer("relu") == "he_normal"
    assert default_initializer("leaky_relu") == "he_normal"
    assert default_initializer("tanh") == "xavier_normal"
    assert default_initializer("softmax") == "xavier_normal"


def test_dense_auto_initialiser_variance():
    relu_layer = Dense(300, activation="relu", input_dim=500, seed=0)
    tanh_layer = Dense(300, activation="tanh", input_dim=500, seed=0)
    assert relu_layer.params["W"].var() == pytest.approx(2 / 500, rel=0.05)
    assert tanh_layer.params["W"].var() == pytest.approx(2 / 800, rel=0.05)
    assert not relu_layer.params["b"].any()


def test_make_rng():
    g = np.random.default_rng(0)
    assert make_rng(g) is g
    assert make_rng(np.int64(4)).integers(1000) == make_rng(4).integers(1000)
    with pytest.raises(CourseError, match="non-negative"):
        make_rng(-1)
    with pytest.raises(CourseError, match="whole number"):
        make_rng(1.5)
