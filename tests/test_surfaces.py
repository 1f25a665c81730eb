"""Lesson 05's loss surfaces: exact gradients (checked by finite differences), optimizer paths, drawings."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, RMSprop
from course_lib.surfaces import (
    BOWL,
    OPTIMIZER_COLORS,
    SURFACES,
    TWO_MINIMA,
    VALLEY,
    LinearRegressionSurface,
    draw_paths,
    get_surface,
    losses_along,
    minibatch_path,
    optimizer_path,
)
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, rel_error


def numeric_grad(f, p, h=1e-6):
    p = np.asarray(p, float)
    g = np.zeros(2)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        g[i] = (f(p + e) - f(p - e)) / (2 * h)
    return g


@pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
def test_gradients_match_finite_differences(surface, rng):
    for _ in range(25):
        p = np.array([rng.uniform(*surface.xlim), rng.uniform(*surface.ylim)])
        exact, approx = surface.grad(p), numeric_grad(surface, p)
        assert rel_error(exact, approx) < GRAD_TOL, (surface.name, p, exact, approx)


@pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
def test_marked_minima_are_stationary_and_global_is_lowest(surface):
    for point in surface.minima.values():
        assert np.allclose(surface.grad(point), 0, atol=1e-9)
    glob = surface(surface.minima["global"])
    assert all(glob <= surface(p) for p in surface.minima.values())
    _, _, Z = surface.grid(120)
    assert Z.min() >= glob - 1e-9


def test_regression_surface_gradient_and_minimum(rng):
    S = LinearRegressionSurface.make(m=50, seed=3)
    for _ in range(10):
        p = rng.normal(size=2) * 2
        assert np.allclose(S.grad(p), numeric_grad(S, p), atol=1e-6)
        idx = rng.choice(50, size=7, replace=False)
        sub = LinearRegressionSurface(S.x[idx], S.t[idx])
        assert np.allclose(S.grad(p, idx), sub.grad(p))
    assert np.allclose(S.grad(S.minima["global"]), 0, atol=1e-9)


def test_optimizer_path_matches_hand_loop_and_resets_state():
    opt = Momentum(lr=0.1, momentum=0.9)
    path = optimizer_path(BOWL, opt, start=(-8.0, 2.5), steps=30)
    assert path.shape == (31, 2)
    p, v = np.array([-8.0, 2.5]), np.zeros(2)
    for i in range(30):
        g = BOWL.grad(p)
        v = 0.9 * v + g
        p = p - 0.1 * v
        assert np.allclose(path[i + 1], p)
    again = optimizer_path(BOWL, opt, start=(-8.0, 2.5), steps=30)  # same object: state must start fresh
    assert np.array_equal(path, again)


def test_story_of_the_lesson_holds():
    """SGD stops in the shallow minimum; momentum rolls on to the deeper one (the lesson's demo)."""
    sgd = optimizer_path(TWO_MINIMA, SGD(lr=0.05), steps=200)[-1]
    mom = optimizer_path(TWO_MINIMA, Momentum(lr=0.05, momentum=0.9), steps=200)[-1]
    assert np.allclose(sgd, TWO_MINIMA.minima["local"], atol=1e-2)
    assert np.allclose(mom, TWO_MINIMA.minima["global"], atol=1e-2)
    # on the bowl, momentum beats plain SGD at the same learning rate
    assert BOWL(optimizer_path(BOWL, Momentum(lr=0.1), steps=100)[-1]) < BOWL(
        optimizer_path(BOWL, SGD(lr=0.1), steps=100)[-1])
    assert VALLEY(optimizer_path(VALLEY, Adam(lr=0.05), steps=150)[-1]) < 0.01


def test_diverging_path_stops_at_last_finite_point():
    path = optimizer_path(BOWL, SGD(lr=5.0), steps=200)
    assert np.all(np.isfinite(path))
    assert np.array_equal(path[-1], path[-2])


def test_minibatch_path_batch_sizes():
    S = LinearRegressionSurface.make(m=40, seed=0)
    full, full_loss = minibatch_path(S, SGD(lr=0.3), batch_size=0, steps=50)
    assert full.shape == (51, 2) and full_loss.shape == (51,)
    assert np.all(np.diff(full_loss) <= 1e-12)  # full-batch GD with a small step never goes up here
    sgd, sgd_loss = minibatch_path(S, SGD(lr=0.3), batch_size=1, steps=50, seed=1)
    again, _ = minibatch_path(S, SGD(lr=0.3), batch_size=1, steps=50, seed=1)
    assert np.array_equal(sgd, again)
    assert np.any(np.diff(sgd_loss) > 0)  # a single example's gradient sometimes climbs the full loss
    assert np.allclose(losses_along(S, sgd), sgd_loss)
    with np.errstate(all="raise"):  # a diverging run stops quietly (no overflow warnings)
        wild, wild_loss = minibatch_path(S, SGD(lr=1.6), batch_size=1, steps=300, seed=0)
    assert wild.shape == (301, 2) and np.all(np.isfinite(wild)) and np.array_equal(wild[-1], wild[-2])
    assert np.all(np.isfinite(wild_loss))


def test_errors_are_plain():
    with pytest.raises(CourseError, match="optimizer object"):
        optimizer_path(BOWL, "adam", steps=3)
    with pytest.raises(CourseError, match="pair"):
        optimizer_path(BOWL, SGD(lr=0.1), start=(1.0, 2.0, 3.0), steps=3)
    with pytest.raises(CourseError, match="surface"):
        get_surface("saddle")


def test_draw_paths_labels_everything():
    paths = {"SGD": optimizer_path(BOWL, SGD(lr=0.1), steps=10),
             "Adagrad": optimizer_path(BOWL, Adagrad(lr=0.5), steps=10),
             "RMSprop": optimizer_path(BOWL, RMSprop(lr=0.1), steps=10)}
    ax = draw_paths(BOWL, paths)
    labels = ax.get_legend_handles_labels()[1]
    assert {"SGD", "Adagrad", "RMSprop", "start", "global minimum"} <= set(labels)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    colors = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert colors["SGD"] == OPTIMIZER_COLORS["SGD"]
    plt.close(ax.figure)
    for surface in SURFACES.values():
        plt.close(draw_paths(surface, {}).figure)
