"""Loss functions: a number that says how wrong the predictions are, and its gradient.

Two forms of each loss, one formula:
- functions (`mse`, `binary_cross_entropy`, ...) return the mean loss as a float: the formula, written once;
- classes (`MSELoss`, ...) follow the course contract: `loss.forward(pred, y) -> float` (mean over the
  batch; it calls the function), then `loss.backward() -> dL/dpred` with the same shape as `pred`. The 1/m
  lives in backward only.
Both check their inputs (shapes, labels the loss can use) with the same check; `check=False` skips it for
callers that checked once already (fit and Trainer do, for a whole data set or batch).

The "with logits" versions take raw scores z (before sigmoid / softmax) and are written so that
z = ±1000 gives finite, warning-free values and gradients.
"""

from __future__ import annotations

import numpy as np

from course_lib.activations import sigmoid, softmax
from course_lib.i18n import tr
from course_lib.validation import CourseError, CourseTypeError, as_float_array, describe, unknown_name_error

PROBABILITY_CLIP = 1e-12  # keeps log(p) finite when a probability is exactly 0 or 1


def probability_clip(dtype) -> float:
    """How far from 0 and 1 probabilities are clipped: 1e-12, or the dtype's resolution if coarser.

    In float32, 1 - 1e-12 rounds to exactly 1 and log(1 - p) would be -inf; float32's eps (1.2e-7) is kept.
    """
    return max(PROBABILITY_CLIP, float(np.finfo(dtype).eps))


# ---------------------------------------------------------------------------------------------
# Checks: the messages a learner sees when predictions or labels do not fit. Each loss has one check,
# used by its function and its class, which returns (predictions, targets) in the form its formula uses.
# ---------------------------------------------------------------------------------------------
def _as_2d_pred(pred, name="predictions"):
    pred = as_float_array(pred, name, allow_nonfinite=True)
    if pred.size == 0:
        raise CourseError(tr(
            "{name} are empty (shape {shape}): a loss needs at least one example.",
            name=name, shape=pred.shape))
    if pred.ndim == 1:
        pred = pred.reshape(-1, 1)
    if pred.ndim != 2:
        raise CourseError(tr("{name} must have shape (m, n_outputs), got {shape}.", name=name, shape=pred.shape))
    return pred


def _targets_like(y, shape, what):
    """Targets with the predictions' shape (m, k); (m,) is accepted when k == 1."""
    y = as_float_array(y, "y")
    if y.ndim == 1 and shape[1] == 1:
        y = y.reshape(-1, 1)
    if y.ndim == 2 and y.shape[0] == 1 and shape[0] > 1 and y.shape[1] == shape[0]:
        raise CourseError(tr(
            "y has shape {shape}, which looks transposed: pass y.T (one row per example).",
            shape=y.shape))
    if y.shape != shape:
        if y.ndim == 1 and shape[1] > 1:
            raise CourseError(
                tr(
                    "y has shape {shape} but the model has {shape_1} outputs. For {what} y needs one column per "
                    "output, shape {shape2}. If y holds class indices, use a softmax output with categorical "
                    "cross-entropy instead.",
                    shape=y.shape, shape_1=shape[1], what=what, shape2=shape)
            )
        raise CourseError(
            tr(
                "y has shape {shape} but the predictions have shape {shape2}: they must match for {what}. Check that "
                "y has one row per example (and reshape(-1, 1) a 1-D y).",
                shape=y.shape, shape2=shape, what=what)
        )
    return y


def _mse_targets(y, shape):
    return _targets_like(y, shape, tr("mean squared error"))


def _binary_targets(y, shape):
    y = _targets_like(y, shape, tr("binary cross-entropy"))
    if ((y < 0) | (y > 1)).any():
        raise CourseError(
            tr(
                "binary cross-entropy needs targets between 0 and 1, but y ranges from {y_min:g} to {y_max:g}. "
                "Encode the two classes as 0 and 1; for more classes use Dense(n_classes, activation='softmax').",
                y_min=y.min(), y_max=y.max())
        )
    return y


def _class_targets(y, shape):
    return class_indices(y, shape[1], shape[0])


def _check_mse(pred, y):
    pred = _as_2d_pred(pred)
    return pred, _mse_targets(y, pred.shape)


def _check_probabilities(p, y):
    p = _as_2d_pred(p, "probabilities")
    y = _binary_targets(y, p.shape)
    if np.any((p < 0) | (p > 1)):
        raise CourseError(
            tr(
                "binary_cross_entropy needs probabilities in [0, 1]; got values outside. Pass sigmoid outputs, or "
                "use binary_cross_entropy_with_logits for raw scores.")
        )
    return p, y


def _check_binary_logits(z, y):
    z = _as_2d_pred(z, "logits")
    return z, _binary_targets(y, z.shape)


def _check_class_logits(z, y):
    z = _as_2d_pred(z, "logits")
    return z, _class_targets(y, z.shape)


def class_indices(y, n_classes, n_examples):
    """Turn labels into integer class indices of shape (m,): accepts indices (m,) or one-hot (m, K)."""
    y = as_float_array(y, "y")
    if y.ndim == 2 and y.shape == (n_examples, n_classes):
        y = as_float_array(y, "y")
        if not np.allclose(y.sum(axis=1), 1.0) or np.any((y != 0) & (y != 1)):
            raise CourseError(tr(
                "y looks one-hot (shape (m, n_classes)) but its rows are not all 0s with a single 1."))
        return y.argmax(axis=1)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise CourseError(
            tr(
                "y has shape {shape}; for {n_classes} classes give class indices of shape ({n_examples},) or one-hot "
                "labels of shape ({n_examples}, {n_classes}).",
                shape=y.shape, n_classes=n_classes, n_examples=n_examples)
        )
    if y.shape[0] != n_examples:
        raise CourseError(tr(
            "y has {shape_0} labels but there are {n_examples} examples: they must match.",
            shape_0=y.shape[0], n_examples=n_examples))
    yf = as_float_array(y, "y")
    if np.any(yf != np.round(yf)):
        raise CourseError(tr("class labels must be whole numbers 0, 1, ..., n_classes-1; y has fractional values."))
    if yf.min() < 0 or yf.max() >= n_classes:
        raise CourseError(
            tr(
                "class labels must be 0..{n_classes} for {n_classes2} outputs, but y ranges from {yf_min} to "
                "{yf_max}. Give the last layer as many units as there are classes.",
                n_classes=n_classes - 1, n_classes2=n_classes, yf_min=int(yf.min()), yf_max=int(yf.max()))
        )
    return yf.astype(np.int64)


def one_hot(labels, n_classes):
    """Class indices (m,) -> one-hot matrix (m, n_classes)."""
    labels = np.asarray(labels, dtype=np.int64)
    out = np.zeros((labels.shape[0], n_classes))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


# ---------------------------------------------------------------------------------------------
# Functions: one formula per loss. check=False skips the checks, for callers that have already run them
# (the classes below, and through them fit and Trainer, which check their data once).
# ---------------------------------------------------------------------------------------------
def mse(pred, y, check=True):
    """Mean squared error: mean over all entries of (pred - y)². pred and y: (m, k)."""
    if check:
        pred, y = _check_mse(pred, y)
    return float(np.mean((pred - y) ** 2))


def binary_cross_entropy(p, y, check=True):
    """-mean(y·log p + (1-y)·log(1-p)) for probabilities p in [0, 1] (clipped away from 0 and 1). p, y: (m, k)."""
    if check:
        p, y = _check_probabilities(p, y)
    clip = probability_clip(p.dtype)
    p = np.clip(p, clip, 1 - clip)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y, check=True):
    """Binary cross-entropy of sigmoid(z), computed from the logits z (m, k) directly; y (m, k) in [0, 1].

    Uses -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z·y + log(1 + e^-|z|), which never overflows.
    """
    if check:
        z, y = _check_binary_logits(z, y)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def log_softmax(z):
    """log softmax(z) along the last axis, computed stably: z - max - log(sum(exp(z - max)))."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def categorical_cross_entropy_with_logits(z, y, check=True):
    """-mean over examples of log softmax(z)[true class]. z (m, K); y: class indices (m,) or one-hot (m, K)."""
    if check:
        z, y = _check_class_logits(z, y)  # y becomes class indices (m,)
    return float(-np.mean(log_softmax(z)[np.arange(z.shape[0]), y]))


def multilabel_binary_cross_entropy_with_logits(z, y, check=True):
    """Multi-label: one independent sigmoid + binary cross-entropy per class, averaged. y is multi-hot (m, K)."""
    return binary_cross_entropy_with_logits(z, y, check)


# ---------------------------------------------------------------------------------------------
# Classes (forward / backward contract): each names its check and its function, and adds the gradient.
# ---------------------------------------------------------------------------------------------
class Loss:
    """Base class. `from_logits` says whether forward expects raw scores; `output_activation` names
    the activation the loss pairs with (its math is folded into the loss when from_logits is True).

    A subclass names its function (one of the functions above) and its checks, and writes `gradient`.
    """

    name = "loss"
    from_logits = False
    output_activation = None

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            given = ", ".join([describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()])
            hint = (tr(" For raw scores (logits) use BCEWithLogitsLoss() or CrossEntropyLoss(), which take logits.")
                    if "from_logits" in kwargs else "")
            raise CourseTypeError(tr(
                "{name}() takes no settings, got {given}.{hint}",
                name=type(self).__name__, given=given, hint=hint))
        self._cache = None

    def __call__(self, pred, y):
        return self.forward(pred, y)

    def check(self, pred, y):
        """(pred, y) as the formula needs them, or a CourseError that says what does not fit."""
        raise NotImplementedError

    def check_targets(self, y, shape):
        """y for predictions of shape (m, k), as the formula needs it (class indices for cross-entropy)."""
        raise NotImplementedError

    def function(self, pred, y, check=True):
        """The mean loss: each class names one of the functions above here."""
        raise NotImplementedError

    def gradient(self, pred, y):
        """dL/dpred, shape of pred, for checked (pred, y)."""
        raise NotImplementedError

    def forward(self, pred, y, check=True) -> float:
        """The mean loss of predictions pred (m, k) for targets y; caches what backward needs.

        check=False: pred and y come from self.check already (fit and Trainer check the data once).
        """
        if check:
            pred, y = self.check(pred, y)
        self._cache = (pred, y)
        return self.function(pred, y, check=False)

    def backward(self):
        """dL/dpred for the last forward, shape (m, k). The 1/m of the mean is here."""
        if self._cache is None:
            raise CourseError(tr(
                "{name}.backward() was called before forward(): run forward first.",
                name=type(self).__name__))
        return self.gradient(*self._cache)

    def accuracy(self, output, y):
        """Fraction of correct predictions, or None for regression."""
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error for regression with a linear output. pred and y: (m, k)."""

    name = "mse"
    output_activation = "linear"
    check = staticmethod(_check_mse)
    check_targets = staticmethod(_mse_targets)
    function = staticmethod(mse)

    def gradient(self, pred, y):
        return 2.0 * (pred - y) / pred.size


class BCELoss(Loss):
    """Binary cross-entropy on probabilities (e.g. sigmoid outputs). p and y: (m, k), y in {0, 1}."""

    name = "binary_crossentropy"
    output_activation = "sigmoid"
    check = staticmethod(_check_probabilities)
    check_targets = staticmethod(_binary_targets)
    function = staticmethod(binary_cross_entropy)

    def gradient(self, p, y):
        clip = probability_clip(p.dtype)
        p = np.clip(p, clip, 1 - clip)  # as in the function: the gradient of what forward computed
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
    check = staticmethod(_check_binary_logits)
    check_targets = staticmethod(_binary_targets)
    function = staticmethod(binary_cross_entropy_with_logits)

    def gradient(self, z, y):
        return (sigmoid(z) - y) / z.size

    def accuracy(self, output, y):
        return _binary_accuracy(output > 0, y)


class MultiLabelBCELoss(BCEWithLogitsLoss):
    """Multi-label classification: an independent sigmoid + BCE per class. z and y: (m, n_classes)."""

    name = "multilabel_binary_crossentropy"
    function = staticmethod(multilabel_binary_cross_entropy_with_logits)


class CrossEntropyLoss(Loss):
    """Softmax + categorical cross-entropy from logits z (m, K); y: class indices (m,) or one-hot (m, K).

    dL/dz = (softmax(z) - one_hot(y)) / m.
    """

    name = "categorical_crossentropy"
    from_logits = True
    output_activation = "softmax"
    check = staticmethod(_check_class_logits)
    check_targets = staticmethod(_class_targets)
    function = staticmethod(categorical_cross_entropy_with_logits)

    def gradient(self, z, labels):
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
        raise CourseError(tr("loss must be a name such as 'mse' or a Loss object, got {name!r}.", name=name))
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in LOSSES:
        raise unknown_name_error("loss", name, list(LOSSES) + list(_ALIASES))
    return LOSSES[key]()


def loss_for_output(activation_name: str) -> Loss:
    """The loss that pairs with an output activation: linear→MSE, sigmoid→BCE, softmax→cross-entropy."""
    pairs = {"linear": MSELoss, "sigmoid": BCEWithLogitsLoss, "softmax": CrossEntropyLoss}
    if activation_name not in pairs:
        raise CourseError(
            tr(
                "No standard loss pairs with a {activation_name!r} output. Use a linear (regression), sigmoid "
                "(binary) or softmax (multi-class) output layer, or pass loss=... explicitly.",
                activation_name=activation_name)
        )
    return pairs[activation_name]()
