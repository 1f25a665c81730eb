"""Loss functions: a number that says how wrong the predictions are, and its gradient.

Two forms of each loss:
- functions (`mse`, `binary_cross_entropy`, ...) return the mean loss as a float, for showing formulas;
- classes (`MSELoss`, ...) follow the course contract: `loss.forward(pred, y) -> float` (mean over the
  batch), then `loss.backward() -> dL/dpred` with the same shape as `pred`. The 1/m lives in backward only.

The "with logits" versions take raw scores z (before sigmoid / softmax) and are written so that
z = ±1000 gives finite, warning-free values and gradients.
"""

from __future__ import annotations

import numpy as np

from course_lib.activations import sigmoid, softmax
from course_lib.validation import CourseError, CourseTypeError, as_float_array, describe, unknown_name_error

PROBABILITY_CLIP = 1e-12  # keeps log(p) finite when a probability is exactly 0 or 1


def probability_clip(dtype) -> float:
    """How far from 0 and 1 probabilities are clipped: 1e-12, or the dtype's resolution if coarser.

    In float32, 1 - 1e-12 rounds to exactly 1 and log(1 - p) would be -inf; float32's eps (1.2e-7) is kept.
    """
    return max(PROBABILITY_CLIP, float(np.finfo(dtype).eps))


# ---------------------------------------------------------------------------------------------
# Label checks: the messages a learner sees when y does not fit the predictions.
# ---------------------------------------------------------------------------------------------
def _as_2d_pred(pred, name="predictions"):
    pred = as_float_array(pred, name, allow_nonfinite=True)
    if pred.size == 0:
        raise CourseError(f"{name} are empty (shape {pred.shape}): a loss needs at least one example.")
    if pred.ndim == 1:
        pred = pred.reshape(-1, 1)
    if pred.ndim != 2:
        raise CourseError(f"{name} must have shape (m, n_outputs), got {pred.shape}.")
    return pred


def _targets_like(y, pred, what):
    """Targets with the same shape as pred (m, k); (m,) is accepted when k == 1."""
    y = as_float_array(y, "y")
    if y.ndim == 1 and pred.shape[1] == 1:
        y = y.reshape(-1, 1)
    if y.ndim == 2 and y.shape[0] == 1 and pred.shape[0] > 1 and y.shape[1] == pred.shape[0]:
        raise CourseError(f"y has shape {y.shape}, which looks transposed: pass y.T (one row per example).")
    if y.shape != pred.shape:
        if y.ndim == 1 and pred.shape[1] > 1:
            raise CourseError(
                f"y has shape {y.shape} but the model has {pred.shape[1]} outputs. For {what} y needs one column "
                f"per output, shape {pred.shape}. If y holds class indices, use a softmax output with "
                "categorical cross-entropy instead."
            )
        raise CourseError(
            f"y has shape {y.shape} but the predictions have shape {pred.shape}: they must match for {what}. "
            "Check that y has one row per example (and reshape(-1, 1) a 1-D y)."
        )
    return y


def _check_binary_targets(y):
    if np.any((y < 0) | (y > 1)):
        raise CourseError(
            f"binary cross-entropy needs targets between 0 and 1, but y ranges from {y.min():g} to {y.max():g}. "
            "Encode the two classes as 0 and 1; for more classes use Dense(n_classes, activation='softmax')."
        )


def class_indices(y, n_classes, n_examples):
    """Turn labels into integer class indices of shape (m,): accepts indices (m,) or one-hot (m, K)."""
    y = as_float_array(y, "y")
    if y.ndim == 2 and y.shape == (n_examples, n_classes):
        y = as_float_array(y, "y")
        if not np.allclose(y.sum(axis=1), 1.0) or np.any((y != 0) & (y != 1)):
            raise CourseError("y looks one-hot (shape (m, n_classes)) but its rows are not all 0s with a single 1.")
        return y.argmax(axis=1)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise CourseError(
            f"y has shape {y.shape}; for {n_classes} classes give class indices of shape ({n_examples},) "
            f"or one-hot labels of shape ({n_examples}, {n_classes})."
        )
    if y.shape[0] != n_examples:
        raise CourseError(f"y has {y.shape[0]} labels but there are {n_examples} examples: they must match.")
    yf = as_float_array(y, "y")
    if np.any(yf != np.round(yf)):
        raise CourseError("class labels must be whole numbers 0, 1, ..., n_classes-1; y has fractional values.")
    if yf.min() < 0 or yf.max() >= n_classes:
        raise CourseError(
            f"class labels must be 0..{n_classes - 1} for {n_classes} outputs, but y ranges from "
            f"{int(yf.min())} to {int(yf.max())}. Give the last layer as many units as there are classes."
        )
    return yf.astype(np.int64)


def one_hot(labels, n_classes):
    """Class indices (m,) -> one-hot matrix (m, n_classes)."""
    labels = np.asarray(labels, dtype=np.int64)
    out = np.zeros((labels.shape[0], n_classes))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


# ---------------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------------
def mse(pred, y):
    """Mean squared error: mean over all entries of (pred - y)²."""
    pred = _as_2d_pred(pred)
    y = _targets_like(y, pred, "mean squared error")
    return float(np.mean((pred - y) ** 2))


def binary_cross_entropy(p, y):
    """-mean(y·log p + (1-y)·log(1-p)) for probabilities p in [0, 1] (clipped away from 0 and 1)."""
    p = _as_2d_pred(p, "probabilities")
    y = _targets_like(y, p, "binary cross-entropy")
    _check_binary_targets(y)
    if np.any((p < 0) | (p > 1)):
        raise CourseError(
            "binary_cross_entropy needs probabilities in [0, 1]; got values outside. "
            "Pass sigmoid outputs, or use binary_cross_entropy_with_logits for raw scores."
        )
    clip = probability_clip(p.dtype)
    p = np.clip(p, clip, 1 - clip)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    """Binary cross-entropy of sigmoid(z), computed from z directly.

    Uses -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z·y + log(1 + e^-|z|), which never overflows.
    """
    z = _as_2d_pred(z, "logits")
    y = _targets_like(y, z, "binary cross-entropy")
    _check_binary_targets(y)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def log_softmax(z):
    """log softmax(z) along the last axis, computed stably: z - max - log(sum(exp(z - max)))."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def categorical_cross_entropy_with_logits(z, y):
    """-mean over examples of log softmax(z)[true class]. y: class indices (m,) or one-hot (m, K)."""
    z = _as_2d_pred(z, "logits")
    labels = class_indices(y, z.shape[1], z.shape[0])
    return float(-np.mean(log_softmax(z)[np.arange(z.shape[0]), labels]))


def multilabel_binary_cross_entropy_with_logits(z, y):
    """Multi-label: one independent sigmoid + binary cross-entropy per class, averaged. y is multi-hot (m, K)."""
    return binary_cross_entropy_with_logits(z, y)


# ---------------------------------------------------------------------------------------------
# Classes (forward / backward contract)
# ---------------------------------------------------------------------------------------------
class Loss:
    """Base class. `from_logits` says whether forward expects raw scores; `output_activation` names
    the activation the loss pairs with (its math is folded into the loss when from_logits is True)."""

    name = "loss"
    from_logits = False
    output_activation = None

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            given = ", ".join([describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()])
            hint = (" For raw scores (logits) use BCEWithLogitsLoss() or CrossEntropyLoss(), which take logits."
                    if "from_logits" in kwargs else "")
            raise CourseTypeError(f"{type(self).__name__}() takes no settings, got {given}.{hint}")
        self._cache = None

    def __call__(self, pred, y):
        return self.forward(pred, y)

    def forward(self, pred, y) -> float:
        raise NotImplementedError

    def backward(self):
        raise NotImplementedError

    def _cached(self):
        if self._cache is None:
            raise CourseError(f"{type(self).__name__}.backward() was called before forward(): run forward first.")
        return self._cache

    def accuracy(self, output, y):
        """Fraction of correct predictions, or None for regression."""
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error for regression with a linear output. pred and y: (m, k)."""

    name = "mse"
    output_activation = "linear"

    def forward(self, pred, y):
        pred = _as_2d_pred(pred)
        y = _targets_like(y, pred, "mean squared error")
        self._cache = (pred, y)
        return float(np.mean((pred - y) ** 2))

    def backward(self):
        pred, y = self._cached()
        return 2.0 * (pred - y) / pred.size


class BCELoss(Loss):
    """Binary cross-entropy on probabilities (e.g. sigmoid outputs). p and y: (m, k), y in {0, 1}."""

    name = "binary_crossentropy"
    output_activation = "sigmoid"

    def forward(self, p, y):
        value = binary_cross_entropy(p, y)
        p = _as_2d_pred(p, "probabilities")
        clip = probability_clip(p.dtype)
        self._cache = (np.clip(p, clip, 1 - clip), _targets_like(y, p, "binary cross-entropy"))
        return value

    def backward(self):
        p, y = self._cached()
        return (p - y) / (p * (1 - p)) / p.size

    def accuracy(self, output, y):
        return _binary_accuracy(output > 0.5, y)


class BCEWithLogitsLoss(Loss):
    """Sigmoid + binary cross-entropy in one stable step. z (logits) and y: (m, k).

    Its gradient is the famous dL/dz = (sigmoid(z) - y) / N.
    """

    name = "binary_crossentropy"
    from_logits = True
    output_activation = "sigmoid"

    def forward(self, z, y):
        value = binary_cross_entropy_with_logits(z, y)
        z = _as_2d_pred(z, "logits")
        self._cache = (z, _targets_like(y, z, "binary cross-entropy"))
        return value

    def backward(self):
        z, y = self._cached()
        return (sigmoid(z) - y) / z.size

    def accuracy(self, output, y):
        return _binary_accuracy(output > 0, y)


class MultiLabelBCELoss(BCEWithLogitsLoss):
    """Multi-label classification: an independent sigmoid + BCE per class. z and y: (m, n_classes)."""

    name = "multilabel_binary_crossentropy"


class CrossEntropyLoss(Loss):
    """Softmax + categorical cross-entropy from logits z (m, K); y: class indices (m,) or one-hot (m, K).

    dL/dz = (softmax(z) - one_hot(y)) / m.
    """

    name = "categorical_crossentropy"
    from_logits = True
    output_activation = "softmax"

    def forward(self, z, y):
        z = _as_2d_pred(z, "logits")
        labels = class_indices(y, z.shape[1], z.shape[0])
        self._cache = (z, labels)
        return float(-np.mean(log_softmax(z)[np.arange(z.shape[0]), labels]))

    def backward(self):
        z, labels = self._cached()
        grad = softmax(z)
        grad[np.arange(z.shape[0]), labels] -= 1.0
        return grad / z.shape[0]

    def accuracy(self, output, y):
        labels = class_indices(y, output.shape[1], output.shape[0])
        return float(np.mean(np.argmax(output, axis=1) == labels))


def _binary_accuracy(predicted, y):
    y = np.asarray(y, dtype=float).reshape(predicted.shape)
    return float(np.mean(predicted == (y > 0.5)))


LOSSES = {
    "mse": MSELoss,
    "binary_crossentropy": BCEWithLogitsLoss,
    "categorical_crossentropy": CrossEntropyLoss,
    "multilabel_binary_crossentropy": MultiLabelBCELoss,
}
_ALIASES = {
    "mean_squared_error": "mse",
    "bce": "binary_crossentropy",
    "binary_cross_entropy": "binary_crossentropy",
    "cross_entropy": "categorical_crossentropy",
    "categorical_cross_entropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "categorical_crossentropy",
    "multilabel": "multilabel_binary_crossentropy",
}


def get_loss(name) -> Loss:
    """A loss object from a Keras-style name ("mse", "binary_crossentropy", "categorical_crossentropy", ...)."""
    if isinstance(name, Loss):
        return name
    if isinstance(name, type) and issubclass(name, Loss):
        return name()
    if not isinstance(name, str):
        raise CourseError(f"loss must be a name such as 'mse' or a Loss object, got {name!r}.")
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in LOSSES:
        raise unknown_name_error("loss", name, list(LOSSES) + list(_ALIASES))
    return LOSSES[key]()


def loss_for_output(activation_name: str) -> Loss:
    """The loss that pairs with an output activation: linear→MSE, sigmoid→BCE, softmax→cross-entropy."""
    pairs = {"linear": MSELoss, "sigmoid": BCEWithLogitsLoss, "softmax": CrossEntropyLoss}
    if activation_name not in pairs:
        raise CourseError(
            f"No standard loss pairs with a {activation_name!r} output. Use a linear (regression), sigmoid (binary) "
            "or softmax (multi-class) output layer, or pass loss=... explicitly."
        )
    return pairs[activation_name]()
