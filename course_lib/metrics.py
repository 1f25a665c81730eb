"""Measuring a classifier: accuracy and the confusion matrix.

Labels are class indices of shape (m,). Predictions are class indices too (e.g. model.predict_classes(X)).
"""

from __future__ import annotations

import numpy as np

from course_lib.validation import CourseError, check_positive_int


def _labels(y, name):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise CourseError(f"{name} must be class indices of shape (m,), got shape {y.shape}. "
                          "For probabilities use model.predict_classes(X) or probs.argmax(axis=1).")
    if y.size and np.any(y != np.round(y)):
        raise CourseError(f"{name} must hold whole class numbers, got fractional values.")
    return y.astype(np.int64)


def accuracy(y_true, y_pred) -> float:
    """Fraction of examples whose predicted class equals the true class."""
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise CourseError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: they must match.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes=None) -> np.ndarray:
    """Counts (n_classes, n_classes): row = true class, column = predicted class.

    The diagonal holds the correct predictions; cm[i, j] with i != j counts class i mistaken for class j.
    """
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise CourseError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: they must match.")
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    n_classes = check_positive_int(n_classes, "n_classes")
    if y_true.min(initial=0) < 0 or max(y_true.max(initial=0), y_pred.max(initial=0)) >= n_classes:
        raise CourseError(f"labels must be 0..{n_classes - 1} for n_classes={n_classes}.")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
