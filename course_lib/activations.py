"""Activation functions g(z) and their derivatives g'(z), as plain numpy functions.

Every function works elementwise on an array of any shape (softmax: along the last axis) and
returns an array of the same shape. Derivatives take the *input* z, as the formulas in the lessons do.
A layer's backward pass already holds the output a = g(z) of its forward pass; sigmoid, tanh and the
ReLU family can write their derivative in a alone (sigmoid' = a(1 - a), tanh' = 1 - a²), which saves
computing g(z) a second time. `Activation.backward` uses that form when it is given a.

At the kink z = 0, where ReLU-type functions have no derivative, the code uses the left-hand
value: relu'(0) = 0 and leaky_relu'(0) = slope, the same choice PyTorch makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    as_float_array,
    check_number,
    describe,
    unknown_name_error,
)

DEFAULT_LEAKY_SLOPE = 0.01


def _float(z, axis=None):
    """z as a float array. float32 stays float32 (a float32 network must not silently compute in float64);
    integers and lists become float64. Text, ragged lists, None and empty arrays get a message; so does an
    `axis` (softmax's) that z does not have."""
    default_axis = axis is None or (type(axis) is int and axis == -1)
    if isinstance(z, np.ndarray) and z.dtype.kind == "f" and z.size and z.ndim and default_axis:
        return z  # the common case, at every training step: no further checks
    z = as_float_array(z, "z", allow_nonfinite=True)
    if z.size == 0:
        raise CourseError(tr("z is empty (shape {shape}): an activation needs at least one number.", shape=z.shape))
    if axis is not None:
        _check_axis(z, axis)
    return z


def _slope(slope):
    """Leaky ReLU's slope: a number, or an array of slopes (PReLU's, one per unit)."""
    if isinstance(slope, float | np.ndarray):
        return slope
    return check_number(slope, "slope")


def sigmoid(z):
    """1 / (1 + e^-z), range (0, 1).

    Computed as e^z / (1 + e^z) for z < 0 and 1 / (1 + e^-z) for z >= 0, i.e. with e = e^-|z| <= 1, so no
    exponent ever overflows (z = ±1000 gives 0 and 1 without a warning) and tiny values keep full precision.
    """
    z = _float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(z):
    """s(z) · (1 - s(z)); at most 0.25, reached at z = 0."""
    return sigmoid_derivative_from_output(sigmoid(z))


def sigmoid_derivative_from_output(s):
    """sigmoid'(z) written with the output s = sigmoid(z): s · (1 - s)."""
    return s * (1.0 - s)


def tanh(z):
    """(e^z - e^-z) / (e^z + e^-z), range (-1, 1), zero-centred; equals 2·sigmoid(2z) - 1."""
    return np.tanh(_float(z))


def tanh_derivative(z):
    """1 - tanh(z)²; at most 1, reached at z = 0."""
    return tanh_derivative_from_output(np.tanh(_float(z)))


def tanh_derivative_from_output(t):
    """tanh'(z) written with the output t = tanh(z): 1 - t²."""
    return 1.0 - t * t


def relu(z):
    """max(0, z)."""
    return np.maximum(_float(z), 0.0)


def relu_derivative(z):
    """1 where z > 0, else 0 (the code uses 0 at z = 0, like PyTorch).

    relu(z) > 0 exactly where z > 0, so the same function gives the derivative from the output a = relu(z).
    """
    z = _float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, slope=DEFAULT_LEAKY_SLOPE):
    """z where z > 0, slope · z elsewhere (slope about 0.01 keeps a small gradient for z < 0)."""
    z = _float(z)
    return np.where(z > 0, z, _slope(slope) * z)


def leaky_relu_derivative(z, slope=DEFAULT_LEAKY_SLOPE):
    """1 where z > 0, else slope (including z = 0). As for ReLU, it gives the same from the output a."""
    z = _float(z)
    return np.where(z > 0, 1.0, _slope(slope)).astype(z.dtype, copy=False)


def prelu(z, alpha):
    """Parametric ReLU: like leaky ReLU, but the slope alpha is learned (one per unit, broadcast over rows)."""
    return leaky_relu(z, alpha)


def prelu_derivative(z, alpha):
    """d prelu / d z: 1 where z > 0, else alpha."""
    return leaky_relu_derivative(z, alpha)


def prelu_alpha_derivative(z):
    """d prelu / d alpha: z where z <= 0, else 0."""
    z = _float(z)
    return np.where(z > 0, 0.0, z)


def linear(z):
    """The identity g(z) = z (no activation)."""
    return _float(z)


def linear_derivative(z):
    """1 everywhere."""
    return np.ones_like(_float(z))


def softmax(z, axis=-1):
    """e^z_k / sum_j e^z_j along `axis`: a probability distribution over classes.

    Subtracting the row maximum first changes nothing mathematically (it cancels in the ratio) but
    keeps every exponent <= 0, so large scores cannot overflow to inf.
    Shapes: z (m, n_classes) -> (m, n_classes), each row sums to 1.
    """
    z = _float(z, axis)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def _check_axis(z, axis):
    if z.ndim == 0:
        raise CourseError(tr(
            "softmax needs a vector of scores (or rows of them), got the single number {z}. Pass e.g. np.array([2.0, "
            "1.0, 0.1]).",
            z=z))
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer) or not -z.ndim <= axis < z.ndim:
        raise CourseError(tr(
            "axis must be a whole number from {z_ndim} to {ndim} for scores of shape {shape}, got {axis}. The "
            "default axis=-1 normalises each row.",
            z_ndim=-z.ndim, ndim=z.ndim - 1, shape=z.shape, axis=describe(axis)))


def softmax_backward(z, grad_out, axis=-1, s=None):
    """Vector-Jacobian product of softmax: dL/dz from dL/ds, with s = softmax(z) (pass s if you have it).

    The Jacobian of one row is diag(s) - s sᵀ, so dL/dz = s * (g - sum(g * s)). Shapes as z.
    A layer passes the s of its forward pass (already checked); a direct call is checked here.
    """
    if s is None:
        s = softmax(z, axis=axis)
        grad_out = _float(grad_out)
        if grad_out.shape != s.shape:
            raise CourseError(tr(
                "softmax_backward: grad_out has shape {shape}, but z has shape {shape2}; they must match (dL/ds has "
                "the shape of s = softmax(z)).",
                shape=grad_out.shape, shape2=s.shape))
    return s * (grad_out - np.sum(grad_out * s, axis=axis, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """A named activation: a = g(z), its derivative g'(z), and the backward rule dL/dz = backward(z, dL/da).

    derivative_from_output, if given, is g'(z) written with a = g(z) (e.g. a·(1 - a) for sigmoid).
    """

    name: str
    function: Callable
    derivative: Callable | None  # elementwise g'(z); None for softmax, whose Jacobian is not diagonal
    derivative_from_output: Callable | None = None

    def __post_init__(self):
        """A learner's own activation is tried once on a small array, so a mistake is named here and not later
        inside a network (as a shape error blamed on the next layer)."""
        if not isinstance(self.name, str) or not self.name:
            raise CourseTypeError(tr(
                "Activation needs a name (a string) first: Activation('mine', g, g_derivative); got {name}.",
                name=describe(self.name)))
        for what, fn in (("function", self.function), ("derivative", self.derivative)):
            if fn is None and what == "derivative" and self.name == "softmax":
                continue
            if not callable(fn):
                raise CourseTypeError(
                    tr(
                        "Activation {name!r}: its {what} must be a function of z, got {fn}. Write Activation('mine', "
                        "g, g_derivative) with g(z) and g_derivative(z) working on numpy arrays.",
                        name=self.name, what=_part_label(what), fn=describe(fn))
                )
            if getattr(fn, "__module__", None) == __name__:
                continue  # the course's own functions
            _try_activation(self.name, what, fn)

    def __call__(self, z):
        return self.function(z)

    def backward(self, z, grad_out, a=None):
        """dL/dz = dL/da · g'(z), given the input z and dL/da (same shape).

        a, the output g(z) of the same forward pass, is optional: with it g(z) need not be computed again.
        """
        if self.derivative is None:
            return softmax_backward(z, grad_out, s=a)
        if a is not None and self.derivative_from_output is not None:
            return grad_out * self.derivative_from_output(a)
        return grad_out * self.derivative(z)


def _part_label(what):
    """ "function" / "derivative" in the current language, for the messages about a learner's own activation."""
    return tr("function") if what == "function" else tr("derivative")


def _try_activation(name, what, fn):
    z = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 2.0]])
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(fn(z.copy()))
    except Exception as exc:
        raise CourseError(
            tr(
                "Activation {name!r}: your {what} raised {error} ({exc}) on a (2, 3) array of numbers. It must work "
                "elementwise on numpy arrays: use np.exp, np.maximum, np.where ..., not math.exp or if.",
                name=name, what=_part_label(what), error=type(exc).__name__, exc=exc)
        ) from None
    if out.shape != z.shape:
        raise CourseError(
            tr(
                "Activation {name!r}: your {what} returned shape {shape} for an input of shape {shape2}. It must "
                "work elementwise and keep the shape (e.g. no sum or mean over the array).",
                name=name, what=_part_label(what), shape=out.shape, shape2=z.shape)
        )
    if out.dtype.kind not in "biuf":
        raise CourseTypeError(tr(
            "Activation {name!r}: your {what} returned {dtype} values, not numbers.",
            name=name, what=_part_label(what), dtype=out.dtype))


def _leaky(slope):
    def derivative(z):
        return leaky_relu_derivative(z, slope)

    return Activation("leaky_relu", lambda z: leaky_relu(z, slope), derivative, derivative)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative, sigmoid_derivative_from_output),
    "tanh": Activation("tanh", tanh, tanh_derivative, tanh_derivative_from_output),
    "relu": Activation("relu", relu, relu_derivative, relu_derivative),
    "leaky_relu": _leaky(DEFAULT_LEAKY_SLOPE),
    "linear": Activation("linear", linear, linear_derivative),
    "softmax": Activation("softmax", softmax, None),
}
_ALIASES = {"identity": "linear", "none": "linear", "leakyrelu": "leaky_relu", "leaky relu": "leaky_relu",
            "logistic": "sigmoid"}


def get_activation(name, slope=None) -> Activation:
    """Look up an activation by name ("relu", "tanh", ...); None means linear.

    `slope` sets leaky ReLU's negative slope. A callable pair can be given as an Activation directly.
    """
    if slope is not None and not (isinstance(name, str) and _ALIASES.get(name.strip().lower(), name.strip().lower())
                                  == "leaky_relu"):
        raise CourseError(tr(
            "slope={slope!r} is leaky ReLU's setting; the activation {name} has none. Use activation='leaky_relu' "
            "with it, or leave slope out.",
            slope=slope, name=describe(name)))
    if isinstance(name, Activation):
        return name
    if name is None:
        return ACTIVATIONS["linear"]
    if not isinstance(name, str):
        raise CourseError(
            tr(
                "activation must be a name such as 'relu', got {name}. To use your own function, wrap it: "
                "Activation('mine', g, g_derivative).",
                name=type(name).__name__)
        )
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in ACTIVATIONS:
        raise unknown_name_error("activation", name, ACTIVATIONS)
    if key == "leaky_relu" and slope is not None:
        return _leaky(check_number(slope, tr("leaky ReLU slope"), low=0.0, high=1.0))
    return ACTIVATIONS[key]
