"""Data augmentation of 2-D points: jitter, flips with their label rule, and the combined augment()."""

import numpy as np
import pytest

from course_lib.augment import augment, flip, jitter
from course_lib.datasets import make_dataset
from course_lib.validation import CourseError


@pytest.fixture
def points():
    X = np.array([[0.5, 1.0], [-0.25, 0.75], [1.0, -1.0]])
    y = np.array([0.0, 1.0, 1.0])
    return X, y


def test_jitter_shapes_labels_and_noise(points):
    X, y = points
    Xj, yj = jitter(X, y, copies=4, std=0.1, seed=3)
    assert Xj.shape == (12, 2) and yj.shape == (12,)
    np.testing.assert_array_equal(yj, np.tile(y, 4))
    offsets = Xj - np.tile(X, (4, 1))
    assert np.all(np.abs(offsets) > 0) and np.all(np.abs(offsets) < 0.6)


def test_jitter_noise_has_the_requested_std():
    X = np.zeros((2000, 2))
    Xj, _ = jitter(X, np.zeros(2000), copies=2, std=0.3, seed=0)
    assert Xj.std() == pytest.approx(0.3, rel=0.05)
    assert abs(Xj.mean()) < 0.02


def test_jitter_is_seeded_and_leaves_its_input_alone(points):
    X, y = points
    before = X.copy()
    a, _ = jitter(X, y, copies=2, std=0.1, seed=7)
    b, _ = jitter(X, y, copies=2, std=0.1, seed=7)
    c, _ = jitter(X, y, copies=2, std=0.1, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    np.testing.assert_array_equal(X, before)


def test_jitter_zero_copies_is_empty(points):
    Xj, yj = jitter(*points, copies=0)
    assert Xj.shape == (0, 2) and yj.shape == (0,)


@pytest.mark.parametrize("axis, signs", [("x", (-1, 1)), ("y", (1, -1)), ("both", (-1, -1))])
def test_flip_mirrors_and_keeps_labels(points, axis, signs):
    X, y = points
    Xf, yf = flip(X, y, axis=axis)
    np.testing.assert_array_equal(Xf, X * np.array(signs))
    np.testing.assert_array_equal(yf, y)


def test_flip_swap_rule_is_xors_rule():
    X, y = make_dataset("xor", n_samples=200, noise=0.0, seed=0)
    for axis, expect_swap in (("x", True), ("y", True), ("both", False)):
        Xf, yf = flip(X, y, axis=axis, swap_labels=True)
        np.testing.assert_array_equal(yf, 1 - y if expect_swap else y)
        true_label = ((Xf[:, 0] > 0) != (Xf[:, 1] > 0)).astype(float)  # XOR's own labelling of the image
        np.testing.assert_array_equal(yf, true_label)


def test_circles_are_symmetric_under_flips_with_labels_kept():
    X, y = make_dataset("circles", n_samples=200, noise=0.0, seed=0)
    for axis in ("x", "y", "both"):
        Xf, yf = flip(X, y, axis=axis)
        inner = np.hypot(Xf[:, 0], Xf[:, 1]) < 0.75
        np.testing.assert_array_equal(yf, inner.astype(float))


def test_swap_needs_binary_labels():
    with pytest.raises(CourseError, match="binary labels"):
        flip(np.zeros((3, 2)), np.array([0, 1, 2]), axis="x", swap_labels=True)


def test_bad_inputs_say_what_is_wrong(points):
    X, y = points
    with pytest.raises(CourseError, match="axis must be"):
        flip(X, y, axis="z")
    with pytest.raises(CourseError, match="one label per point"):
        jitter(X, y[:2])
    with pytest.raises(CourseError):
        augment(np.zeros((3, 3)), y)
    with pytest.raises(CourseError, match="copies"):
        augment(X, y, copies=-1)
    with pytest.raises(CourseError, match="jitter"):
        augment(X, y, copies=1, jitter=-0.1)


@pytest.mark.parametrize("copies, flip_x, flip_y, factor", [
    (0, False, False, 1), (2, False, False, 3), (0, True, False, 2), (0, False, True, 2), (0, True, True, 4),
    (3, True, True, 16),
])
def test_augment_sizes_and_originals_first(points, copies, flip_x, flip_y, factor):
    X, y = points
    Xa, ya = augment(X, y, copies=copies, jitter=0.1, flip_x=flip_x, flip_y=flip_y, seed=0)
    assert Xa.shape == (3 * factor, 2) and ya.shape == (3 * factor,)
    np.testing.assert_array_equal(Xa[:3], X)
    np.testing.assert_array_equal(ya[:3], y)


def test_augment_with_both_flips_is_closed_under_every_flip(points):
    X, y = points
    Xa, _ = augment(X, y, flip_x=True, flip_y=True)
    rows = {tuple(r) for r in Xa}
    for signs in ((-1, 1), (1, -1), (-1, -1)):
        assert {tuple(r * np.array(signs)) for r in Xa} == rows


def test_augment_is_deterministic(points):
    a = augment(*points, copies=2, jitter=0.2, flip_x=True, seed=5)
    b = augment(*points, copies=2, jitter=0.2, flip_x=True, seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_augment_xor_with_swap_gives_correct_labels():
    X, y = make_dataset("xor", n_samples=100, noise=0.0, seed=1)
    Xa, ya = augment(X, y, flip_x=True, flip_y=True, swap_labels=True)
    np.testing.assert_array_equal(ya, ((Xa[:, 0] > 0) != (Xa[:, 1] > 0)).astype(float))


def test_moons_half_turn_swaps_classes_which_augment_does_not_offer():
    """The docstring's claim: a half turn maps one moon onto the other (labels swap), but augment's
    'both' flip keeps the label (XOR's rule) — so flips are not for moons."""
    X, y = make_dataset("moons", n_samples=400, noise=0.0, seed=0)
    _, yf = flip(X, y, axis="both", swap_labels=True)
    assert np.array_equal(yf, y)  # kept, XOR's rule
    upper = X[y == 0]
    turned = -upper  # the half turn of class 0 ...
    lower = X[y == 1]
    nearest = np.min(np.linalg.norm(turned[:, None, :] - lower[None, :, :], axis=2), axis=1)
    assert np.max(nearest) < 0.05  # ... lands on class 1's moon
