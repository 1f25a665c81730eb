"""Data for the lessons: seeded 2-D toy sets, a 1-D regression set, and the real sets shipped in data/.

Every generator returns X of shape (m, 2) (or (m, 1) for regression) and y of shape (m,) (regression:
(m, 1)), and takes `seed`, so the same call always gives the same points. The 2-D sets lie roughly in the
square [-1.5, 1.5]², which is what the plots and the playground draw.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    as_float_array,
    check_2d_inputs,
    check_name_list,
    check_number,
    check_positive_int,
    describe,
    explain_arguments,
    unknown_name_error,
)

PLOT_LIMIT = 1.5  # the 2-D sets fit in [-PLOT_LIMIT, PLOT_LIMIT]²


def _check_common(n, noise):
    return check_positive_int(n, "n_samples", minimum=2), check_number(noise, "noise", low=0.0, high=5.0)


@explain_arguments()
def make_xor(n_samples=200, noise=0.1, seed=0):
    """Points in the square [-1, 1]²; class 1 where x1 and x2 have different signs (the XOR of 'x1 > 0', 'x2 > 0')."""
    n, noise = _check_common(n_samples, noise)
    rng = make_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    # keep points off the axes so the classes are separable before noise
    X += 0.1 * np.sign(X)
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(float)
    return X + noise * rng.normal(size=X.shape), y


@explain_arguments()
def make_circles(n_samples=200, noise=0.1, factor=0.5, seed=0):
    """An inner disc (class 1) inside an outer ring (class 0)."""
    n, noise = _check_common(n_samples, noise)
    factor = check_number(factor, tr("factor (the inner circle's radius, the outer one's is 1)"), low=0.0, high=1.0,
                          low_inclusive=False, high_inclusive=False)
    rng = make_rng(seed)
    n_out = n // 2
    angles = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(np.arange(n) < n_out, 1.0, factor)
    X = np.c_[radius * np.cos(angles), radius * np.sin(angles)]
    y = (np.arange(n) >= n_out).astype(float)
    return _shuffled(X + noise * rng.normal(size=X.shape), y, rng)


@explain_arguments()
def make_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles, scaled to about [-1, 1]²."""
    n, noise = _check_common(n_samples, noise)
    rng = make_rng(seed)
    n_a = n // 2
    t_a = rng.uniform(0, np.pi, n_a)
    t_b = rng.uniform(0, np.pi, n - n_a)
    X = np.r_[np.c_[np.cos(t_a), np.sin(t_a)], np.c_[1 - np.cos(t_b), 0.5 - np.sin(t_b)]]
    X = (X - [0.5, 0.25]) / 1.5
    y = np.r_[np.zeros(n_a), np.ones(n - n_a)]
    return _shuffled(X + noise * rng.normal(size=X.shape), y, rng)


@explain_arguments()
def make_gaussians(n_samples=200, noise=0.3, seed=0):
    """Two Gaussian clouds centred at (-0.6, -0.6) (class 0) and (0.6, 0.6) (class 1); noise is their std."""
    n, noise = _check_common(n_samples, noise)
    return make_blobs(n, n_classes=2, noise=noise, seed=seed, centers=np.array([[-0.6, -0.6], [0.6, 0.6]]))


@explain_arguments()
def make_spiral(n_samples=200, noise=0.1, n_classes=2, seed=0):
    """Interleaved spiral arms, one per class (2 by default)."""
    n, noise = _check_common(n_samples, noise)
    k = check_positive_int(n_classes, "n_classes", minimum=2)
    rng = make_rng(seed)
    labels = np.arange(n) % k
    r = rng.uniform(0.05, 1.0, n)
    theta = 1.75 * 2 * np.pi * r + labels * 2 * np.pi / k
    X = np.c_[r * np.sin(theta), r * np.cos(theta)] * 1.2
    return _shuffled(X + noise * rng.normal(size=X.shape), labels.astype(float), rng)


@explain_arguments()
def make_blobs(n_samples=300, n_classes=3, noise=0.3, seed=0, centers=None):
    """k Gaussian blobs (labels 0..k-1) with centres on a circle of radius 0.8; noise is their std."""
    n, noise = _check_common(n_samples, noise)
    rng = make_rng(seed)
    if centers is None:
        k = check_positive_int(n_classes, "n_classes", minimum=2)
        angles = np.pi / 2 + 2 * np.pi * np.arange(k) / k
        centers = 0.8 * np.c_[np.cos(angles), np.sin(angles)]
    else:
        centers = check_2d_inputs(centers, "centers")
        if centers.shape[1] != 2:
            raise CourseError(tr(
                "centers must be points (x, y), one per row, shape (k, 2); got shape {shape}.",
                shape=centers.shape))
    k = len(centers)
    labels = np.arange(n) % k
    X = centers[labels] + noise * rng.normal(size=(n, 2))
    return _shuffled(X, labels.astype(float), rng)


@explain_arguments()
def make_flower(n_samples=400, noise=0.2, petals=4, seed=0):
    """Red / blue 'flower' petals: a planar set a straight line cannot separate (lesson 04)."""
    n, noise = _check_common(n_samples, noise)
    petals = check_positive_int(petals, "petals")
    rng = make_rng(seed)
    labels = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n) + labels * np.pi
    r = np.sin(petals * t) + noise * rng.normal(size=n)
    X = np.c_[r * np.sin(t), r * np.cos(t)] * 1.2
    return _shuffled(X, labels.astype(float), rng)


REGRESSION_TARGETS = {
    "sin": lambda x: np.sin(np.pi * x),
    "abs": np.abs,
    "step": lambda x: (x > 0).astype(float),
    "cubic": lambda x: x**3 - 0.5 * x,
    "bump": lambda x: np.exp(-10 * x**2),
}


@explain_arguments()
def make_regression_1d(n_samples=100, noise=0.1, target="sin", seed=0):
    """x uniform on [-1, 1]; y = f(x) + Gaussian noise, f one of REGRESSION_TARGETS. Shapes (m, 1), (m, 1)."""
    n, noise = _check_common(n_samples, noise)
    if not isinstance(target, str) or target not in REGRESSION_TARGETS:
        raise unknown_name_error("regression target", target, REGRESSION_TARGETS)
    rng = make_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n)).reshape(-1, 1)
    y = REGRESSION_TARGETS[target](x) + noise * rng.normal(size=x.shape)
    return x, y


GENERATORS = {
    "xor": make_xor,
    "circles": make_circles,
    "moons": make_moons,
    "gaussians": make_gaussians,
    "spiral": make_spiral,
    "blobs": make_blobs,
    "flower": make_flower,
    "regression": make_regression_1d,
}


@explain_arguments()
def make_dataset(name, n_samples=200, noise=0.1, seed=0, **kwargs):
    """Any generator by name: 'xor', 'circles', 'moons', 'gaussians', 'spiral', 'blobs', 'flower', 'regression'."""
    if not isinstance(name, str) or name not in GENERATORS:
        raise unknown_name_error("data set", name, GENERATORS)
    return GENERATORS[name](n_samples=n_samples, noise=noise, seed=seed, **kwargs)


def _shuffled(X, y, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]


# -------------------------------------------------------------------------------------------------
# Splitting and scaling
# -------------------------------------------------------------------------------------------------
@explain_arguments()
def train_test_split(X, y, test_fraction=0.3, seed=0, stratify=True):
    """Shuffle and split into (X_train, X_test, y_train, y_test).

    stratify=True keeps each class's share the same in both parts (for class labels y of shape (m,)).
    """
    X = check_2d_inputs(X, "X")
    y = as_float_array(y, "y") if not isinstance(y, np.ndarray) or y.dtype.kind not in "biuf" else y
    if y.ndim == 0 or y.ndim > 2:
        raise CourseError(tr(
            "y must hold one label per example, shape ({n_X},) or ({n_X}, k); got shape {shape}.",
            n_X=len(X), shape=y.shape))
    if len(y) != len(X):
        raise CourseError(tr("X has {n_X} examples but y has {n_y} labels: they must match.", n_X=len(X), n_y=len(y)))
    if isinstance(test_fraction, int | float) and not isinstance(test_fraction, bool) and 1 <= test_fraction < 100:
        raise CourseError(tr(
            "test_fraction is a fraction between 0 and 1, got {test_fraction}. For {test_fraction:g} % write "
            "test_fraction={fraction:g}.",
            test_fraction=test_fraction, fraction=test_fraction / 100))
    test_fraction = check_number(test_fraction, "test_fraction", low=0.0, high=1.0, low_inclusive=False,
                                 high_inclusive=False)
    rng = make_rng(seed)
    m = len(X)
    if stratify and y.ndim == 1 and len(np.unique(y)) <= max(2, m // 5):
        test_idx = []
        for label in np.unique(y):
            members = rng.permutation(np.flatnonzero(y == label))
            test_idx.extend(members[: round(test_fraction * len(members))])
        test_mask = np.zeros(m, dtype=bool)
        test_mask[test_idx] = True
    else:
        test_mask = np.zeros(m, dtype=bool)
        test_mask[rng.permutation(m)[: round(test_fraction * m)]] = True
    if test_mask.all() or not test_mask.any():
        raise CourseError(tr(
            "test_fraction={test_fraction} leaves one part empty for {m} examples; use more data.",
            test_fraction=test_fraction, m=m))
    train_idx = rng.permutation(np.flatnonzero(~test_mask))
    test_idx = rng.permutation(np.flatnonzero(test_mask))
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


class Standardizer:
    """Rescale every feature to mean 0 and std 1, using statistics of the TRAINING data only.

    scaler = Standardizer().fit(X_train); X_train_s = scaler.transform(X_train); X_test_s = scaler.transform(X_test)
    """

    def __init__(self, *data):
        if data:
            raise CourseTypeError(tr(
                "Standardizer() takes no data, got {data_0}. Make it empty, then fit it on the training data: scaler "
                "= Standardizer().fit(X_train).",
                data_0=describe(data[0])))

    @explain_arguments()
    def fit(self, X):
        X = check_2d_inputs(X, "X")
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.std_ = np.where(std > 0, std, 1.0)  # a constant feature stays constant instead of dividing by 0
        return self

    @explain_arguments()
    def transform(self, X):
        if not hasattr(self, "mean_"):
            raise CourseError(tr("Call Standardizer().fit(X_train) before transform."))
        X = check_2d_inputs(X, "X")
        if X.shape[1] != len(self.mean_):
            raise CourseError(
                tr(
                    "This Standardizer was fitted on data with {n_mean} features, but X has {shape_1} (shape "
                    "{shape}). Transform data with the same columns as X_train, or fit it again.",
                    n_mean=len(self.mean_), shape_1=X.shape[1], shape=X.shape)
            )
        return (X - self.mean_) / self.std_

    @explain_arguments()
    def fit_transform(self, X):
        return self.fit(X).transform(X)


# -------------------------------------------------------------------------------------------------
# Input features for 2-D points (the playground's feature checkboxes)
# -------------------------------------------------------------------------------------------------
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(np.pi * X[:, 0]),
    "sin(x2)": lambda X: np.sin(np.pi * X[:, 1]),
}


@explain_arguments()
def expand_features(X, features=("x1", "x2")):
    """Points (m, 2) -> feature matrix (m, len(features)) with columns named in FEATURES."""
    X = check_2d_inputs(X, "X", n_features=2)
    features = check_name_list(features, "features", "['x1', 'x2']")
    if not features:
        raise CourseError(tr("Choose at least one input feature (e.g. 'x1')."))
    for name in features:
        if name not in FEATURES:
            raise unknown_name_error("feature", name, FEATURES)
    return np.column_stack([FEATURES[name](X) for name in features])


# -------------------------------------------------------------------------------------------------
# Real data sets shipped in data/
# -------------------------------------------------------------------------------------------------
@dataclass
class Dataset:
    """A real data set: X (m, n_features), y (m,) integer labels, names, and where it comes from.

    Unpacks like a pair: `X, y = load_iris()`.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list = field(default_factory=list)
    target_names: list = field(default_factory=list)
    source: str = ""

    def __iter__(self):
        return iter((self.X, self.y))


def _data_text(filename: str) -> str:
    """Read a file shipped in data/: from the installed package course_lib.data, else from the repository."""
    try:
        blob = resources.files("course_lib.data").joinpath(filename).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        path = Path(__file__).resolve().parent.parent / "data" / filename
        if not path.exists():
            raise CourseError(
                tr(
                    "The data file {filename!r} was not found. Reinstall the course: pip install -r requirements.txt",
                    filename=filename)
            ) from None
        blob = path.read_bytes()
    if filename.endswith(".gz"):
        blob = gzip.decompress(blob)
    return blob.decode("utf-8")


@explain_arguments()
def load_iris() -> Dataset:
    """Fisher's Iris: 150 flowers, 4 features in cm, 3 species (labels 0, 1, 2). See data/README.md."""
    rows = list(csv.reader(io.StringIO(_data_text("iris.csv"))))
    header, rows = rows[0], rows[1:]
    species = sorted({r[-1] for r in rows}, key=[r[-1] for r in rows].index)
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([species.index(r[-1]) for r in rows])
    return Dataset(X, y, header[:-1], species, "R. A. Fisher (1936), via the UCI ML Repository; CC BY 4.0")


@explain_arguments()
def load_digits() -> Dataset:
    """8×8 handwritten digits: 1,797 images as rows of 64 pixels (0–16), labels 0–9. See data/README.md."""
    table = np.loadtxt(io.StringIO(_data_text("digits.csv.gz")), delimiter=",", skiprows=1)
    X, y = table[:, :-1], table[:, -1].astype(int)
    return Dataset(X, y, [f"pixel_{i}" for i in range(64)], [str(d) for d in range(10)],
                   "E. Alpaydin & C. Kaynak (1998), UCI ML Repository; CC BY 4.0")
