"""Measuring a classifier: accuracy and the confusion matrix.

Labels are class indices of shape (m,). Predictions are class indices too (e.g. model.predict_classes(X)).
"""

from __future__ import annotations

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import CourseError, as_float_array, check_positive_int

MAX_CLASSES = 1000  # a confusion matrix with more rows than this is not a picture anyone can read


def _labels(y, name):
    y = as_float_array(y, name)  # text, ragged lists, None, NaN: a message
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise CourseError(tr(
            "{name} must be class indices of shape (m,), got shape {shape}. For probabilities use "
            "model.predict_classes(X) or probs.argmax(axis=1).",
            name=name, shape=y.shape))
    if y.size == 0:
        raise CourseError(tr("{name} is empty: there is nothing to measure. Pass at least one label.", name=name))
    if np.any(y != np.round(y)):
        hint = (tr(" They look like probabilities: turn them into classes first, e.g. (p > 0.5).astype(int).")
                if np.all((y >= 0) & (y <= 1)) else "")
        raise CourseError(tr(
            "{name} must hold whole class numbers 0, 1, 2, ..., got fractional values such as {y_0:g}.{hint}",
            name=name, y_0=y[y != np.round(y)][0], hint=hint))
    if y.min() < 0:
        raise CourseError(tr(
            "{name} contains the label {y_min:g}; class labels are 0, 1, 2, ... (a -1 / +1 encoding becomes 0 / 1 "
            "with ({name} + 1) // 2).",
            name=name, y_min=y.min()))
    if y.max() >= MAX_CLASSES:
        raise CourseError(tr(
            "{name} contains the label {y_max:g}; class labels count 0, 1, 2, ... up to the number of classes (at "
            "most {MAX_CLASSES} here). Are these class numbers, or values of something else?",
            name=name, y_max=y.max(), MAX_CLASSES=MAX_CLASSES))
    return y.astype(np.int64)


def _pair(y_true, y_pred):
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise CourseError(tr(
            "y_true has {n_y_true} labels but y_pred has {n_y_pred}: they must match.",
            n_y_true=len(y_true), n_y_pred=len(y_pred)))
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """Fraction of examples whose predicted class equals the true class."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes=None) -> np.ndarray:
    """Counts (n_classes, n_classes): row = true class, column = predicted class.

    The diagonal holds the correct predictions; cm[i, j] with i != j counts class i mistaken for class j.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    largest = int(max(y_true.max(), y_pred.max()))
    if n_classes is None:
        n_classes = largest + 1
    n_classes = check_positive_int(n_classes, "n_classes")
    if n_classes > MAX_CLASSES:
        raise CourseError(tr(
            "n_classes={n_classes} is more than the {MAX_CLASSES} classes a confusion matrix can show.",
            n_classes=n_classes, MAX_CLASSES=MAX_CLASSES))
    if largest >= n_classes:
        raise CourseError(tr(
            "labels must be 0..{n_classes} for n_classes={n_classes2}, but the largest is {largest}. Pass "
            "n_classes={largest2} (or leave it out).",
            n_classes=n_classes - 1, n_classes2=n_classes, largest=largest, largest2=largest + 1))
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
