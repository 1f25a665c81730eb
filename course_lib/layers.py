"""Layers: Dense (affine + activation), activation layers, PReLU and Dropout.

The contract every layer keeps (see DESIGN.md):
- `forward(X)` takes a batch X of shape (m, n_in), returns (m, n_out) and caches what backward needs;
- `backward(dA)` takes dL/d(output) of shape (m, n_out), fills `self.grads` (same keys and shapes as
  `self.params`) and returns dL/dX of shape (m, n_in). It never writes into its argument.
- `train()` / `eval()` switch behaviour that differs between training and use (Dropout).

Shapes: examples are rows. A Dense layer holds W of shape (units, n_in) = (n_l, n_{l-1}) — the layout of
the notes and of PyTorch — and b of shape (units,), and computes Z = X @ W.T + b, then A = g(Z).

A layer checks the shape of what it is given (a cheap comparison, no pass over the data); the values
(NaN, inf, text) are checked once where a learner hands data in: Sequential.forward / predict, Trainer, fit.
"""

from __future__ import annotations

import numpy as np

from course_lib.activations import Activation, get_activation, prelu, prelu_alpha_derivative, prelu_derivative
from course_lib.i18n import tr
from course_lib.init import default_initializer, get_initializer, make_rng
from course_lib.validation import CourseError, as_float_array, check_number, check_positive_int, explain_arguments


class Layer:
    """Base class: no parameters, identity-shaped; subclasses override forward / backward."""

    def __init_subclass__(cls, **kwargs):
        # Dropout(p=0.5), Dense(8, "relu", 4, ...): a message in words instead of Python's bare TypeError.
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = explain_arguments()(cls.__init__)

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.training = True
        self.input_dim: int | None = None
        self.output_dim: int | None = None
        self._cache = None

    # -- building -------------------------------------------------------------------------------
    @property
    def built(self) -> bool:
        return self.input_dim is not None

    def build(self, input_dim: int, rng=None, dtype=np.float64) -> int:
        """Create parameters for inputs of width `input_dim`; returns the output width."""
        self.input_dim = self.output_dim = input_dim
        return self.output_dim

    # -- running --------------------------------------------------------------------------------
    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def zero_grad(self):
        for key in self.grads:
            self.grads[key] = np.zeros_like(self.params[key])

    def train(self, mode: bool = True):
        self.training = mode
        return self

    def eval(self):
        return self.train(False)

    def n_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def _check_input(self, x):
        """Shape check at the door of the layer, so a mismatch never becomes a numpy broadcasting error."""
        if not isinstance(x, np.ndarray) or x.dtype.kind not in "biuf":
            x = as_float_array(x, "x")  # lists, text, ragged rows: a message instead of a numpy error
        if x.ndim != 2:
            raise CourseError(
                tr(
                    "{layer} got input of shape {shape}; it needs a 2-D batch (m, {input_dim}). Use "
                    "x.reshape(1, -1) for one example or x.reshape(-1, 1) for one feature.",
                    layer=self.describe(), shape=x.shape, input_dim=self.input_dim)
            )
        if self.built and x.shape[1] != self.input_dim:
            hint = tr(" It looks transposed: pass x.T (examples are rows).") if x.shape[0] == self.input_dim else ""
            raise CourseError(
                tr(
                    "{layer} expects {input_dim} input features but got shape {shape}.{hint}",
                    layer=self.describe(), input_dim=self.input_dim, shape=x.shape, hint=hint)
            )
        return x

    def _cached(self):
        """What the last forward stored for backward; an error if backward comes first."""
        if self._cache is None:
            raise CourseError(tr(
                "{layer}.backward() was called before forward(): run forward first.",
                layer=self.describe()))
        return self._cache

    def _check_grad(self, grad_out, output_shape):
        """The gradient passed to backward must have the shape of the layer's last output."""
        grad_out = np.asarray(grad_out)
        if grad_out.shape != output_shape:
            raise CourseError(
                tr(
                    "{layer}.backward got a gradient of shape {shape}, but its output had shape "
                    "{output_shape}. The gradient must have the same shape as the layer's output.",
                    layer=self.describe(), shape=grad_out.shape, output_shape=output_shape)
            )
        return grad_out

    def describe(self) -> str:
        return type(self).__name__

    def __repr__(self):
        return self.describe()


# Keras words learners bring with them, and what course_lib calls the same thing.
KERAS_SETTINGS = {"input_shape": "input_dim=4 (a number, not a tuple)", "kernel_initializer": "kernel_init='he_normal'"}


class Dense(Layer):
    """A fully connected layer: an affine map, then an activation. In lesson 04's letters, for m examples:

        Z = X @ W.T + b      X (m, n_{l-1}), W (n_l, n_{l-1}), b (n_l,)  ->  Z (m, n_l)
        A = g(Z)                                                        ->  A (m, n_l)

    Dense(units, activation=None, input_dim=None, kernel_init="auto", seed=None)
      units       n_l, the number of outputs (neurons) of the layer
      activation  g: a name ("relu", "sigmoid", "tanh", "leaky_relu", "softmax", "linear") or None (linear)
      input_dim   n_{l-1}; needed only for the first layer (or build later from the data)
      kernel_init "auto" = He for ReLU-type activations, Xavier otherwise; or a name from course_lib.init
                  ("zeros", "normal", "xavier_uniform", ...) or a function f(shape, rng)
      seed        for a layer used on its own; inside Sequential the model's seed is used
    """

    def __init__(self, units, activation=None, input_dim=None, kernel_init="auto", seed=None, **init_kwargs):
        super().__init__()
        for keras_name, ours in KERAS_SETTINGS.items():
            if keras_name in init_kwargs:
                raise CourseError(tr(
                    "Dense has no setting {keras_name!r} (that is Keras's name); write {ours} instead.",
                    keras_name=keras_name, ours=ours))
        self.units = check_positive_int(units, "Dense units")
        self.activation: Activation = get_activation(activation)
        init_name = default_initializer(self.activation.name) if kernel_init == "auto" else kernel_init
        self.kernel_init = get_initializer(init_name, **init_kwargs)
        self.kernel_init_name = init_name if isinstance(init_name, str) else getattr(init_name, "__name__", "custom")
        self.kernel_init_kwargs = dict(init_kwargs)  # e.g. std=0.01: kept so a saved model can be rebuilt
        self._requested_input_dim = None
        if input_dim is not None:
            self._requested_input_dim = check_positive_int(input_dim, "input_dim")
            self.build(self._requested_input_dim, make_rng(seed))

    def build(self, input_dim, rng=None, dtype=np.float64):
        input_dim = check_positive_int(input_dim, "input_dim")
        if self._requested_input_dim is not None and input_dim != self._requested_input_dim:
            raise CourseError(
                tr(
                    "This Dense layer was declared with input_dim={requested_input_dim}, but the layer before it "
                    "produces {input_dim} values. Remove input_dim (only the first layer needs it) or fix it.",
                    requested_input_dim=self._requested_input_dim, input_dim=input_dim)
            )
        self.input_dim, self.output_dim = input_dim, self.units
        W = np.asarray(self.kernel_init((self.units, input_dim), make_rng(rng)), dtype=dtype)
        self.params = {"W": W, "b": np.zeros(self.units, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        return self.output_dim

    def forward(self, X, logits=False):
        """X (m, n_{l-1}) -> A (m, n_l).

        logits=True leaves the activation to the loss (see Sequential.forward) and returns Z; the next backward
        then receives dZ instead of dA.
        """
        if not self.built:
            raise CourseError(tr(
                "This Dense layer has no weights yet: give it input_dim=..., or put it in a Sequential."))
        X = self._check_input(X)
        W, b = self.params["W"], self.params["b"]
        Z = X @ W.T + b
        A = Z if logits else self.activation(Z)
        self._cache = (X, Z, A, logits)
        return A

    def backward(self, dA):
        """dA = dL/dA (m, n_l) -> dX = dL/dX (m, n_{l-1}); fills grads["W"] = dW and grads["b"] = db.

        After forward(X, logits=True) the gradient passed in is already dZ = dL/dZ.
        """
        X, Z, A, logits = self._cached()
        W = self.params["W"]
        dA = self._check_grad(dA, Z.shape)
        dZ = dA if logits else self.activation.backward(Z, dA, A)  # dZ = dA * g'(Z)   (m, n_l)
        dW = dZ.T @ X                                               # (n_l, n_{l-1}), like W
        db = dZ.sum(axis=0)                                         # (n_l,), like b
        dX = dZ @ W                                                 # (m, n_{l-1}), like X
        self.grads["W"], self.grads["b"] = dW, db
        return dX

    def describe(self):
        act = "" if self.activation.name == "linear" else f", activation={self.activation.name!r}"
        return f"Dense({self.units}{act})"


class ActivationLayer(Layer):
    """An activation on its own: A = g(Z), elementwise (softmax: per row). No parameters. Shapes (m, n) -> (m, n)."""

    def __init__(self, activation, slope=None):
        super().__init__()
        self.activation = get_activation(activation, slope=slope)

    def forward(self, Z, logits=False):
        """Z -> A = g(Z). logits=True (as for Dense) leaves the activation to the loss and returns Z itself."""
        Z = self._check_input(Z)
        A = Z if logits else self.activation(Z)
        self._cache = (Z, A, logits)
        return A

    def backward(self, dA):
        """dA = dL/dA -> dZ = dL/dZ = dA * g'(Z)."""
        Z, A, logits = self._cached()
        dA = self._check_grad(dA, Z.shape)
        return dA if logits else self.activation.backward(Z, dA, A)

    def describe(self):
        return f"Activation({self.activation.name!r})"


def ReLU():
    return ActivationLayer("relu")


def Sigmoid():
    return ActivationLayer("sigmoid")


def Tanh():
    return ActivationLayer("tanh")


def Softmax():
    return ActivationLayer("softmax")


def LeakyReLU(slope=0.01):
    return ActivationLayer("leaky_relu", slope=slope)


class PReLU(Layer):
    """Parametric ReLU with one learned negative slope per unit: params["alpha"] of shape (n,).

    Forward: a = z where z > 0, alpha·z elsewhere. Backward: dz = grad·(1 or alpha); dalpha = sum of grad·z over z <= 0.
    """

    def __init__(self, alpha_init=0.25):
        super().__init__()
        self.alpha_init = check_number(alpha_init, "PReLU alpha_init", low=0.0, high=1.0)

    def build(self, input_dim, rng=None, dtype=np.float64):
        self.input_dim = self.output_dim = check_positive_int(input_dim, "input_dim")
        self.params = {"alpha": np.full(input_dim, self.alpha_init, dtype=dtype)}
        self.grads = {"alpha": np.zeros(input_dim, dtype=dtype)}
        return self.output_dim

    def forward(self, x):
        x = self._check_input(x)
        if not self.built:
            self.build(x.shape[1])
        self._cache = x
        return prelu(x, self.params["alpha"])

    def backward(self, grad_out):
        z = self._cached()
        grad_out = self._check_grad(grad_out, z.shape)
        self.grads["alpha"] = np.sum(grad_out * prelu_alpha_derivative(z), axis=0)
        return grad_out * prelu_derivative(z, self.params["alpha"])


class Dropout(Layer):
    """Inverted dropout. `rate` is the probability of DROPPING a unit (as in Keras and PyTorch).

    Training: each unit is zeroed with probability `rate`, survivors are scaled by 1 / (1 - rate) so the
    expected value of every output equals its input. Evaluation (`eval()`): the identity.
    """

    def __init__(self, rate=0.5, seed=None):
        super().__init__()
        if isinstance(rate, int | float) and not isinstance(rate, bool) and rate >= 1:
            raise CourseError(
                tr(
                    "Dropout rate must be below 1 (it is the probability of dropping a unit), got {rate}. A rate of "
                    "1 drops every unit and nothing could be learned; typical values are 0.1-0.5.",
                    rate=rate)
            )
        self.rate = check_number(rate, "Dropout rate", low=0.0, high=1.0, high_inclusive=False)
        self.rng = make_rng(seed)

    def build(self, input_dim, rng=None, dtype=np.float64):
        if rng is not None:
            self.rng = make_rng(rng)
        return super().build(input_dim, rng, dtype)

    def forward(self, x):
        x = self._check_input(x)
        if not self.training or self.rate == 0.0:
            self._cache = (x.shape, 1.0)  # the identity: backward passes the gradient through
            return x
        keep = 1.0 - self.rate
        mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / keep  # x's dtype: float32 stays float32
        self._cache = (x.shape, mask)
        return x * mask

    def backward(self, grad_out):
        shape, mask = self._cached()
        return self._check_grad(grad_out, shape) * mask  # a new array, even for the identity

    def describe(self):
        return f"Dropout(rate={self.rate})"
