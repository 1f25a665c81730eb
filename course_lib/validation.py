"""Input checks that turn a learner's mistake into a message that says what to fix.

Every public function of course_lib calls these before doing numpy work, so a wrong shape or a
NaN never surfaces as a bare broadcasting error from deep inside the library.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

import numpy as np


class CourseError(ValueError):
    """A mistake in how course_lib was called. The message says what is wrong and how to fix it."""


def unknown_name_error(kind: str, name: object, known: Iterable[str]) -> CourseError:
    """An error for an unknown activation / optimizer / initializer name, with a close-match hint."""
    known = sorted(known)
    hint = ""
    if isinstance(name, str):
        close = difflib.get_close_matches(name.lower(), known, n=1)
        if close:
            hint = f" Did you mean {close[0]!r}?"
    return CourseError(f"Unknown {kind} {name!r}.{hint} Choose one of: {', '.join(known)}.")


def as_float_array(x, name: str = "x", dtype=None, allow_nonfinite=False) -> np.ndarray:
    """Convert to a float array, rejecting text, ragged lists, NaN and inf with a clear message.

    allow_nonfinite=True lets NaN / inf through: a diverging model's predictions are NaN, and the
    training loop reports that in words instead of blaming the data.
    """
    if x is None:
        raise CourseError(f"{name} is None. Pass a numpy array (or a list of numbers).")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise CourseError(
            f"{name} could not be turned into an array ({exc}). Make sure every row has the same length."
        ) from None
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise CourseError(
            f"{name} contains non-numeric values (dtype {arr.dtype}). "
            "Convert text labels to numbers first, and make sure every row has the same length."
        )
    if arr.dtype.kind == "c":
        raise CourseError(f"{name} is complex; the course works with real numbers only.")
    if dtype is None:
        dtype = arr.dtype if arr.dtype.kind == "f" else np.float64
    arr = arr.astype(dtype, copy=False)
    if not allow_nonfinite and not np.isfinite(arr).all():
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise CourseError(
            f"{name} contains {n_nan} NaN and {n_inf} infinite value(s). "
            f"Remove or fill them (e.g. {name}[np.isnan({name})] = 0) before training."
        )
    return arr


def check_2d_inputs(X, name: str = "X", n_features: int | None = None, dtype=None) -> np.ndarray:
    """Check a batch of examples: shape (m, n_features), examples as rows, finite, not empty.

    Returns the input as a float array. A 1-D input is rejected with advice rather than guessed at,
    because guessing wrong (one example vs one feature) silently trains on the wrong thing.
    """
    arr = as_float_array(X, name, dtype=dtype)
    if arr.ndim == 1:
        raise CourseError(
            f"{name} has shape {arr.shape}, but a batch of examples must be 2-D (m, n_features). "
            f"For one feature use {name}.reshape(-1, 1); for a single example use {name}.reshape(1, -1)."
        )
    if arr.ndim != 2:
        raise CourseError(
            f"{name} has shape {arr.shape} ({arr.ndim}-D), but a batch must be 2-D (m, n_features). "
            f"Flatten each example first, e.g. {name}.reshape(len({name}), -1)."
        )
    if arr.shape[0] == 0:
        raise CourseError(f"{name} is empty (0 examples). Pass at least one example (one row).")
    if n_features is not None and arr.shape[1] != n_features:
        if arr.shape[0] == n_features and arr.shape[1] != n_features:
            raise CourseError(
                f"{name} has shape {arr.shape}, but the model expects (m, {n_features}). It looks transposed: "
                f"examples must be rows in course_lib (the notes write them as columns). Pass {name}.T."
            )
        raise CourseError(
            f"{name} has {arr.shape[1]} features per example (shape {arr.shape}), but the model expects "
            f"{n_features}. Check which columns you pass, or build the model with input_dim={arr.shape[1]}."
        )
    return arr


def check_positive_int(value, name: str, minimum: int = 1) -> int:
    """An integer setting such as units, epochs or batch size."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise CourseError(f"{name} must be a whole number, got {value!r}.")
    if value < minimum:
        raise CourseError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


def check_number(value, name: str, low=None, high=None, low_inclusive=True, high_inclusive=True) -> float:
    """A real-valued setting (learning rate, rate, strength) within an allowed range."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise CourseError(f"{name} must be a number, got {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise CourseError(f"{name} must be a finite number, got {value}.")
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high:
        lo = "-inf" if low is None else f"{low}"
        hi = "inf" if high is None else f"{high}"
        interval = f"{'[' if low_inclusive else '('}{lo}, {hi}{']' if high_inclusive else ')'}"
        raise CourseError(f"{name} must be in {interval}, got {value}.")
    return value


def check_learning_rate(lr) -> float:
    """Learning rates must be positive: a negative one climbs the loss instead of descending it."""
    if isinstance(lr, int | float) and not isinstance(lr, bool) and lr <= 0:
        raise CourseError(
            f"learning rate must be positive, got {lr}. Gradient descent steps *against* the gradient "
            "with a positive step size; try a value like 0.1 or 0.01."
        )
    return check_number(lr, "learning rate", low=0.0, low_inclusive=False)
