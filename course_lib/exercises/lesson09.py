"""Lesson 09 (putting it together): checks and reference solutions.

    from course_lib.exercises.lesson09 import check_standardize, check_confusion_matrix, check_build_digits_model
"""

from __future__ import annotations

import numpy as np

from course_lib.datasets import load_digits, train_test_split
from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.training import fit
from course_lib.validation import CourseError


# ---------------------------------------------------------------------------------------------
# 1. standardise with the training statistics only
# ---------------------------------------------------------------------------------------------
def _standardize_solution(X_train, X_test):
    """Scale every feature (column) with the mean and std of the TRAINING data; apply the same to the test data."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


@exercise("standardize", lesson="09", solution=_standardize_solution)
def check_standardize(candidate):
    """standardize(X_train, X_test) -> (X_train_scaled, X_test_scaled)."""
    rng = np.random.default_rng(3)
    X_train = rng.normal([5.0, -2.0, 100.0], [1.0, 3.0, 20.0], size=(40, 3))
    X_test = rng.normal([6.0, 0.0, 80.0], [2.0, 1.0, 10.0], size=(12, 3))
    result = call(candidate, X_train, X_test)
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise Mistake(tr("return two arrays: (X_train_scaled, X_test_scaled)."))
    train_s, test_s = as_array(result[0]), as_array(result[1])
    if train_s.shape != X_train.shape or test_s.shape != X_test.shape:
        raise Mistake(tr("the scaled arrays must keep their shapes {X_train_shape} and {X_test_shape}; yours are "
                         "{train_s_shape} and {test_s_shape}.",
                         X_train_shape=X_train.shape, X_test_shape=X_test.shape, train_s_shape=train_s.shape,
                         test_s_shape=test_s.shape))
    want_train, want_test = _standardize_solution(X_train, X_test)
    if close(train_s, (X_train - X_train.mean()) / X_train.std()):
        raise Mistake(tr("you used one mean and std for the whole table. Each feature (column) needs its own: "
                         "compute them along axis=0."))
    if close(train_s, X_train - X_train.mean(axis=0)):
        raise Mistake(tr("the features are centred but not scaled: divide by each column's standard deviation too."))
    if not close(train_s, want_train):
        raise Mistake(tr("the training features should end up with mean 0 and standard deviation 1 per column."))
    if close(test_s, (X_test - X_test.mean(axis=0)) / X_test.std(axis=0)):
        raise Mistake(tr("the test data was scaled with its own statistics. Use the training mean and std for "
                         "both: the test set stands for data the model has never seen, so nothing may be learned "
                         "from it."))
    if not close(test_s, want_test):
        raise Mistake(tr("the training part is right, but the test part is not scaled with the training mean and "
                         "std."))


# ---------------------------------------------------------------------------------------------
# 2. confusion matrix
# ---------------------------------------------------------------------------------------------
def _confusion_matrix_solution(y_true, y_pred, n_classes):
    """cm[i, j] = how many examples of true class i were predicted as class j."""
    cm = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        cm[t, p] += 1
    return cm


@exercise("confusion_matrix", lesson="09", solution=_confusion_matrix_solution)
def check_confusion_matrix(candidate):
    """confusion_matrix(y_true, y_pred, n_classes) -> counts (n_classes, n_classes), rows = true class."""
    y_true = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 1])
    y_pred = np.array([0, 1, 0, 1, 2, 2, 2, 0, 2, 1])
    out = as_array(call(candidate, y_true, y_pred, 3))
    want = _confusion_matrix_solution(y_true, y_pred, 3)
    if out.shape != (3, 3):
        raise Mistake(tr("for 3 classes the matrix is 3 x 3; yours has shape {out_shape}.", out_shape=out.shape))
    if close(out, want.T):
        raise Mistake(tr("rows and columns are swapped: by convention a row is the TRUE class and a column the "
                         "PREDICTED class."))
    if out.sum() != len(y_true):
        raise Mistake(tr("the counts should add up to the number of examples ({n_examples}); yours add up to "
                         "{total:g}.", n_examples=len(y_true), total=out.sum()))
    if not close(out, want):
        raise Mistake(tr("some counts are off: cell [i, j] counts examples whose true class is i and predicted "
                         "class j."))
    out4 = as_array(call(candidate, np.array([0, 1]), np.array([1, 1]), 4))
    if out4.shape != (4, 4):
        raise Mistake(tr("use n_classes for the size, even when a class never appears in the labels."))


# ---------------------------------------------------------------------------------------------
# 3. your own model for the digits
# ---------------------------------------------------------------------------------------------
def _build_digits_model_solution():
    """64 pixels in, 10 digit classes out, one hidden ReLU layer of 32 units."""
    return Sequential([
        Dense(32, input_dim=64, activation="relu"),
        Dense(10, activation="softmax"),
    ])


def reference_digits_model():
    """A fresh, untrained copy of the reference model, for notebooks that go on before the learner's model passes."""
    return _build_digits_model_solution()


def digits_split():
    """The digits (pixels scaled to 0..1), split 70 / 30 stratified with seed 0: (X_train, X_test, y_train, y_test)."""
    X, y = load_digits()
    return train_test_split(X / 16.0, y, test_fraction=0.3, seed=0)


TRAINING = {"optimizer": "adam", "lr": 0.005, "epochs": 30, "batch_size": 32, "seed": 0}
TARGET_ACCURACY = 0.955  # just above Dense(10, softmax) alone (94.4 %): passing takes a hidden layer


@exercise("build_digits_model", lesson="09", solution=_build_digits_model_solution)
def check_build_digits_model(candidate):
    """build_digits_model() -> an untrained Sequential for 8x8 digits (64 inputs, 10 classes)."""
    model = call(candidate)
    if not isinstance(model, Sequential):
        raise Mistake(tr("return the model itself, a Sequential([...]); yours returned {kind}.",
                         kind=type(model).__name__))
    if not model.layers:
        raise Mistake(tr("your model has no layers: add Dense layers."))
    first, last = model.layers[0], model.layers[-1]
    if isinstance(first, Dense) and first._requested_input_dim not in (None, 64):
        raise Mistake(tr("each image has 64 pixels, so the first layer needs input_dim=64 (yours: {input_dim}).",
                         input_dim=first._requested_input_dim))
    if model.output_activation != "softmax":
        raise Mistake(tr("10 mutually exclusive classes call for a softmax output; your last activation is "
                         "{activation!r}.", activation=model.output_activation))
    if not isinstance(last, Dense) or last.units != 10:
        raise Mistake(tr("the last layer must have one unit per digit: 10 units."))
    X_train, X_test, y_train, y_test = digits_split()
    try:
        with np.errstate(all="ignore"):
            fit(model, X_train, y_train, **TRAINING)
    except CourseError as exc:
        raise Mistake(tr("training your model failed: {exc}", exc=exc)) from None
    test_accuracy = float(np.mean(model.predict_classes(X_test) == y_test))
    if test_accuracy < TARGET_ACCURACY:
        raise Mistake(tr("it trains, but reaches only {accuracy:.1f}% test accuracy with the standard settings "
                         "(goal: {goal:.1f}%). A hidden layer? More hidden units? A ReLU-type hidden activation?",
                         accuracy=100 * test_accuracy, goal=100 * TARGET_ACCURACY))
