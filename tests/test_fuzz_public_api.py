"""Fuzz: the public functions of course_lib, driven with random shapes, dtypes and values.

Whatever comes in (text, NaN, inf, 1e300, empty arrays, ragged lists, complex numbers, dates, None, ...), the
answer is a result or a CourseError: never a bare exception from numpy or Python internals.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import activations, losses, metrics
from course_lib.augment import augment
from course_lib.compgraph import Value
from course_lib.datasets import Standardizer, train_test_split
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.training import evaluate, fit
from course_lib.validation import CourseError

DTYPES = st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.int8, np.uint8, np.bool_,
                          np.complex128, "U3", "datetime64[s]", "timedelta64[s]"])
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)
SPECIAL = st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e300, -1e300, 1e-300, np.nan, np.inf, -np.inf, 0.5, 3.0])


@st.composite
def arrays(draw):
    dtype = np.dtype(draw(DTYPES))
    shape = draw(SHAPES)
    if dtype.kind == "f":
        elements = st.one_of(SPECIAL, st.floats(allow_nan=True, allow_infinity=True, width=8 * dtype.itemsize))
        return draw(hnp.arrays(dtype, shape, elements=elements))
    return draw(hnp.arrays(dtype, shape))


ODD_VALUES = st.sampled_from([None, "abc", "", 3, 2.5, True, [[1.0, 2.0], [3.0]], [], {"a": 1}, (1, "x"),
                              [1.0, None], object(), float("nan"), 10**400])
INPUTS = st.one_of(arrays(), ODD_VALUES, st.lists(st.floats(allow_nan=True), max_size=4))


def answered(fn, *args, **kwargs):
    """Call fn; a CourseError is a fine answer, anything else fails the test with what went in."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's overflow warnings on 1e300 are not the subject here
        try:
            return fn(*args, **kwargs)
        except CourseError:
            return None


ELEMENTWISE = [activations.sigmoid, activations.sigmoid_derivative, activations.tanh, activations.tanh_derivative,
               activations.relu, activations.relu_derivative, activations.leaky_relu,
               activations.leaky_relu_derivative, activations.linear, activations.linear_derivative,
               activations.softmax]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fn=st.sampled_from(ELEMENTWISE), z=INPUTS)
def test_activations(fn, z):
    out = answered(fn, z)
    if out is not None:
        assert np.shape(out) == np.shape(np.asarray(z))


LOSS_FUNCTIONS = [losses.mse, losses.binary_cross_entropy, losses.binary_cross_entropy_with_logits,
                  losses.categorical_cross_entropy_with_logits,
                  lambda p, y: losses.MSELoss().forward(p, y), lambda p, y: losses.BCELoss().forward(p, y),
                  lambda p, y: losses.CrossEntropyLoss().forward(p, y)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fn=st.sampled_from(LOSS_FUNCTIONS), pred=INPUTS, y=INPUTS)
def test_losses(fn, pred, y):
    answered(fn, pred, y)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(y_true=INPUTS, y_pred=INPUTS, n_classes=st.sampled_from([None, 0, 2, 3, "2", 2.5]))
def test_metrics(y_true, y_pred, n_classes):
    answered(metrics.accuracy, y_true, y_pred)
    answered(metrics.confusion_matrix, y_true, y_pred, n_classes=n_classes)


def small_model():
    return Sequential([Dense(3, input_dim=2, activation="tanh"), Dense(2, activation="softmax")], seed=0)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=INPUTS, y=INPUTS, how=st.sampled_from(["fit", "evaluate", "predict", "forward", "split", "scale"]))
def test_training_entry_points(X, y, how):
    if how == "fit":
        answered(fit, small_model(), X, y, epochs=1)
    elif how == "evaluate":
        answered(evaluate, small_model(), X, y)
    elif how == "predict":
        answered(small_model().predict, X)
    elif how == "forward":
        answered(Dense(2, input_dim=2, seed=0).forward, X)
    elif how == "split":
        answered(train_test_split, X, y)
    else:
        answered(lambda: Standardizer().fit(X).transform(X))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=INPUTS, y=INPUTS, copies=st.sampled_from([0, 1, "1", -1]))
def test_augment(X, y, copies):
    answered(augment, X, y, copies=copies, jitter=0.1, flip_x=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=INPUTS, b=INPUTS)
def test_gradient_checks(a, b):
    answered(relative_error, a, b)
    if isinstance(a, np.ndarray):
        before = a.copy()
        answered(numerical_gradient, lambda: np.sum(a * a), a)
        assert a.tobytes() == before.tobytes()  # restored whatever happened


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(x=st.one_of(SPECIAL, ODD_VALUES, st.floats()), y=st.one_of(SPECIAL, ODD_VALUES, st.floats()),
       op=st.sampled_from(["+", "-", "*", "/", "**", "exp", "log", "tanh", "sigmoid", "relu"]))
def test_scalar_autodiff(x, y, op):
    def compute():
        a = Value(x)
        if op in ("exp", "log", "tanh", "sigmoid", "relu"):
            out = getattr(a, op)()
        elif op == "**":
            out = a ** y
        else:
            out = {"+": a.__add__, "-": a.__sub__, "*": a.__mul__, "/": a.__truediv__}[op](y)
        out.backward()
        return out

    answered(compute)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weights=st.dictionaries(st.sampled_from(["layer0.W", "layer0.b", "layer1.W", "layer1.b", "x"]), INPUTS,
                               max_size=5))
def test_set_weights(weights):
    model = small_model()
    before = model.get_weights()
    if answered(model.set_weights, weights) is None and set(weights) != set(before):
        assert all(np.array_equal(v, model.get_weights()[k]) for k, v in before.items())


@pytest.mark.parametrize("dtype", ["datetime64[s]", "timedelta64[s]", "U2", object, np.complex64])
def test_unusual_dtypes_get_a_course_error(dtype):
    arr = np.zeros((2, 2), dtype=dtype)
    with pytest.raises(CourseError):
        small_model().predict(arr)


SETTING_VALUES = st.one_of(ODD_VALUES, SPECIAL, st.integers(-5, 12), st.sampled_from([(), (4,), ["x1"], (2, 2)]))


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["dataset", "n_samples", "noise", "test_fraction", "n_classes", "data_seed", "features",
                            "hidden", "activation", "init", "optimizer", "lr", "momentum", "batch_size",
                            "regularization", "reg_rate", "dropout", "clip_norm", "seed", "steps_per_frame",
                            "panels", "controls", "preset", "custom_optimizer", "custom_activation"]),
       value=SETTING_VALUES)
def test_playground_settings(key, value):
    from course_lib.widgets import Playground

    dash = answered(Playground, n_samples=40, hidden=(2,), panels=("boundary",), **{key: value}) if key not in (
        "n_samples", "hidden", "panels") else answered(Playground, **{key: value})
    if dash is not None:
        answered(dash.run, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["loss", "optimizer", "lr", "epochs", "batch_size", "validation_data", "validation_split",
                            "callbacks", "regularizer", "clip_norm", "seed", "verbose"]),
       value=SETTING_VALUES)
def test_fit_settings(key, value):
    X, y = np.random.default_rng(0).normal(size=(8, 2)), np.arange(8) % 2
    answered(fit, small_model(), X, y, **{"epochs": 1, key: value})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(what=st.sampled_from(["dataset", "Dense", "SGD", "Momentum", "Adam", "RMSprop", "Adagrad", "Dropout", "L2",
                             "EarlyStopping", "Quiz", "LiveCurves"]),
       first=SETTING_VALUES, second=SETTING_VALUES)
def test_constructors(what, first, second):
    from course_lib import optimizers
    from course_lib.datasets import make_dataset
    from course_lib.layers import Dropout
    from course_lib.regularization import L2
    from course_lib.training import EarlyStopping
    from course_lib.widgets import LiveCurves, Quiz

    makers = {
        "dataset": lambda: make_dataset(first, n_samples=second),
        "Dense": lambda: Dense(first, activation=second, input_dim=2),
        "SGD": lambda: optimizers.SGD(first),
        "Momentum": lambda: optimizers.Momentum(lr=0.1, momentum=first, nesterov=second),
        "Adam": lambda: optimizers.Adam(betas=(first, second)),
        "RMSprop": lambda: optimizers.RMSprop(alpha=first, eps=second),
        "Adagrad": lambda: optimizers.Adagrad(eps=first),
        "Dropout": lambda: Dropout(first, seed=second),
        "L2": lambda: L2(first),
        "EarlyStopping": lambda: EarlyStopping(monitor=first, patience=second),
        "Quiz": lambda: Quiz("?", first, answer=second),
        "LiveCurves": lambda: LiveCurves(metrics=first, every=second, show=False),
    }
    answered(makers[what])
