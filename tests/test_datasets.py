"""Data: seeded generators, splitting, scaling, features and the real data sets shipped in data/."""

import numpy as np
import pytest

from course_lib.datasets import (
    GENERATORS,
    PLOT_LIMIT,
    REGRESSION_TARGETS,
    Dataset,
    Standardizer,
    expand_features,
    load_digits,
    load_iris,
    make_blobs,
    make_circles,
    make_dataset,
    make_regression_1d,
    make_spiral,
    make_xor,
    train_test_split,
)
from course_lib.validation import CourseError

CLASSIFICATION = [name for name in GENERATORS if name != "regression"]


# -- generators ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", GENERATORS)
def test_generators_are_deterministic_by_seed(name):
    X1, y1 = make_dataset(name, n_samples=60, noise=0.1, seed=3)
    X2, y2 = make_dataset(name, n_samples=60, noise=0.1, seed=3)
    X3, _ = make_dataset(name, n_samples=60, noise=0.1, seed=4)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_shapes_and_labels(name):
    X, y = make_dataset(name, n_samples=90, noise=0.1, seed=0)
    assert X.shape == (90, 2) and y.shape == (90,)
    assert X.dtype == np.float64 and np.all(np.isfinite(X))
    labels = np.unique(y)
    assert np.array_equal(labels, np.arange(len(labels)))  # 0, 1, ..., k-1
    assert np.all(np.bincount(y.astype(int)) >= 0.6 * 90 / len(labels))  # roughly balanced (xor is random)
    assert np.abs(X).max() < PLOT_LIMIT + 0.5  # fits the playground's square (plus some noise)


def test_regression_shapes():
    for target in REGRESSION_TARGETS:
        X, y = make_regression_1d(50, noise=0.0, target=target, seed=0)
        assert X.shape == (50, 1) and y.shape == (50, 1)
        assert np.all(np.diff(X[:, 0]) >= 0)  # sorted for line plots
        assert np.allclose(y, REGRESSION_TARGETS[target](X))  # noise 0: exactly the target function


def test_blobs_and_spiral_class_counts():
    assert set(np.unique(make_blobs(120, n_classes=4, seed=0)[1])) == {0, 1, 2, 3}
    assert set(np.unique(make_spiral(120, n_classes=3, seed=0)[1])) == {0, 1, 2}


def test_xor_without_noise_is_separated_by_the_quadrants():
    X, y = make_xor(400, noise=0.0, seed=0)
    assert np.all(np.abs(X) >= 0.1)  # kept off the axes
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(float))


def test_circles_without_noise_are_separated_by_the_radius():
    X, y = make_circles(400, noise=0.0, factor=0.5, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[y == 1], 0.5) and np.allclose(radius[y == 0], 1.0)
    assert np.array_equal(y, (radius < 0.75).astype(float))


def test_noise_moves_points():
    clean, _ = make_xor(100, noise=0.0, seed=0)
    noisy, _ = make_xor(100, noise=0.3, seed=0)
    assert not np.allclose(clean, noisy)


def test_generators_do_not_use_the_global_seed():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - the legacy global state is what is checked
    make_circles(50, seed=0)
    make_dataset("spiral", seed=1)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


# -- splitting ----------------------------------------------------------------------------------------
def test_train_test_split_sizes_no_overlap_and_stratification():
    X = np.arange(200, dtype=float).reshape(100, 2)  # every row unique
    y = np.r_[np.zeros(70), np.ones(30)]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.2, seed=0)
    assert len(X_te) == len(y_te) == 20 and len(X_tr) == len(y_tr) == 80
    train_rows, test_rows = {tuple(r) for r in X_tr}, {tuple(r) for r in X_te}
    assert not train_rows & test_rows  # no example in both
    assert train_rows | test_rows == {tuple(r) for r in X}  # none lost
    assert np.sum(y_te == 1) == 6 and np.sum(y_tr == 1) == 24  # 30 % class 1 in both parts
    # rows and labels stay paired
    assert np.array_equal(y_tr, (X_tr[:, 0] >= 140).astype(float))


def test_train_test_split_is_seeded():
    X, y = make_dataset("moons", n_samples=50, seed=0)
    a, b, c = (train_test_split(X, y, seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert not np.array_equal(a[1], c[1])


def test_train_test_split_without_stratification():
    X, y = make_regression_1d(40, seed=0)
    X_tr, X_te, _, y_te = train_test_split(X, y, test_fraction=0.25, seed=0)
    assert len(X_te) == 10 and y_te.shape == (10, 1)
    assert np.array_equal(np.sort(np.r_[X_tr[:, 0], X_te[:, 0]]), np.sort(X[:, 0]))


# -- scaling ------------------------------------------------------------------------------------------
def test_standardizer_uses_training_statistics():
    rng = np.random.default_rng(0)
    X_train = rng.normal(5.0, 3.0, size=(200, 3))
    X_test = rng.normal(5.0, 3.0, size=(50, 3)) + 10.0
    scaler = Standardizer().fit(X_train)
    Z_train = scaler.transform(X_train)
    assert np.allclose(Z_train.mean(axis=0), 0) and np.allclose(Z_train.std(axis=0), 1)
    Z_test = scaler.transform(X_test)
    assert np.allclose(Z_test, (X_test - X_train.mean(axis=0)) / X_train.std(axis=0))
    assert np.all(Z_test.mean(axis=0) > 2)  # the test set's own shift is kept, not hidden
    assert np.allclose(Standardizer().fit_transform(X_train), Z_train)


def test_standardizer_keeps_a_constant_feature_finite():
    X = np.c_[np.ones(5), np.arange(5.0)]
    Z = Standardizer().fit_transform(X)
    assert np.all(np.isfinite(Z)) and np.all(Z[:, 0] == 0)


def test_standardizer_does_not_modify_its_input():
    X = np.arange(12.0).reshape(4, 3)
    before = X.copy()
    Standardizer().fit_transform(X)
    assert np.array_equal(X, before)


# -- features -----------------------------------------------------------------------------------------
def test_expand_features():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    F = expand_features(X, ["x1", "x2", "x1^2", "x1*x2", "sin(x2)"])
    assert F.shape == (2, 5)
    assert np.allclose(F[:, 2], X[:, 0] ** 2) and np.allclose(F[:, 3], X[:, 0] * X[:, 1])
    assert np.allclose(F[:, 4], np.sin(np.pi * X[:, 1]))


# -- real data ----------------------------------------------------------------------------------------
def test_load_iris():
    data = load_iris()
    assert isinstance(data, Dataset)
    X, y = data
    assert X.shape == (150, 4) and y.shape == (150,)
    assert np.array_equal(np.bincount(y), [50, 50, 50])
    assert len(data.feature_names) == 4 and len(data.target_names) == 3
    assert np.all(X > 0) and np.all(X < 10)  # centimetres
    assert data.source


def test_load_digits():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert np.array_equal(np.unique(y), np.arange(10))
    assert X.min() == 0 and X.max() == 16
    assert np.all(np.bincount(y) > 170)


def test_make_dataset_unknown_name():
    with pytest.raises(CourseError, match="Did you mean 'moons'"):
        make_dataset("moon")
