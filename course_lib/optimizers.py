"""Optimizers: rules that turn gradients into parameter updates.

`opt.step(params, grads)` updates every array in `params` IN PLACE (so the layers holding them see the
change) using the matching array in `grads`. State (velocity, running averages) is kept per parameter name;
`opt.t` counts the steps taken (1 during the first step).
Update rules, default settings and where epsilon goes follow PyTorch's torch.optim (2.x):

  SGD       p -= lr·g
  Momentum  v = μ·v + g;  p -= lr·v                    (Nesterov: p -= lr·(g + μ·v))
  Adagrad   G += g²;  p -= lr·g / (sqrt(G) + eps)
  RMSprop   s = α·s + (1-α)·g²;  p -= lr·g / (sqrt(s) + eps)
  Adam      m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;  m̂ = m/(1-β1^t);  v̂ = v/(1-β2^t);
            p -= lr·m̂ / (sqrt(v̂) + eps)

Defaults, as in PyTorch: SGD lr = 0.001 (Keras uses 0.01); Momentum lr = 0.001 with momentum 0.9 (PyTorch's
SGD(momentum=...) has no default momentum; 0.9 is the usual choice); Adagrad lr = 0.01, eps = 1e-10;
RMSprop lr = 0.01, alpha = 0.99, eps = 1e-8; Adam lr = 0.001, betas = (0.9, 0.999), eps = 1e-8.
The lessons always pass lr themselves.

`lr` and the other hyper-parameters are plain attributes: change them between steps (the playground
does, while training runs) and the next step uses the new value; the state is kept.
"""

from __future__ import annotations

import inspect

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import (
    CourseError,
    check_learning_rate,
    check_number,
    explain_arguments,
    unknown_name_error,
)


class Optimizer:
    """Base class: validates the settings and the (params, grads) pair, then calls `update` per parameter."""

    name = "optimizer"

    def __init_subclass__(cls, **kwargs):
        # SGD(learning_rate=0.1), Adam(beta_1=0.9): a message with course_lib's name instead of a bare TypeError.
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = explain_arguments()(cls.__init__)

    def __init__(self, lr):
        self.lr = lr
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.t = 0  # number of steps taken

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check_learning_rate(value)

    def step(self, params: dict, grads: dict):
        """Update each params[name] in place from grads[name]."""
        if not isinstance(params, dict) or not isinstance(grads, dict):
            raise CourseError(tr(
                "step(params, grads) takes two dicts name -> array, e.g. model.parameters(), model.gradients()."))
        if params.keys() != grads.keys():
            raise CourseError(
                tr(
                    "params and grads must have the same names; only in params: {params}, only in grads: {grads}.",
                    params=sorted(set(params) - set(grads)), grads=sorted(set(grads) - set(params)))
            )
        triples = [(name, p, np.asarray(grads[name])) for name, p in params.items()]
        for name, p, g in triples:
            if g.shape != np.shape(p):
                raise CourseError(tr(
                    "gradient {name!r} has shape {shape} but the parameter has shape {p}.",
                    name=name, shape=g.shape, p=np.shape(p)))
        self.t += 1
        for name, p, g in triples:
            self.update(name, p, g)

    def update(self, name, p, g):
        raise NotImplementedError

    def _slot(self, name, key, like):
        """The state array `key` of parameter `name`, created as zeros on first use."""
        slots = self.state.setdefault(name, {})
        if key not in slots:
            slots[key] = np.zeros_like(like)
        return slots[key]

    def reset(self):
        """Forget all state (velocities, running averages) and the step count."""
        self.state.clear()
        self.t = 0

    def settings(self) -> dict:
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.settings().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Plain gradient descent: p -= lr · g."""

    name = "sgd"

    def __init__(self, lr=0.001):
        super().__init__(lr)

    def update(self, name, p, g):
        p -= self.lr * g


class Momentum(Optimizer):
    """SGD with momentum μ (PyTorch's SGD(momentum=μ)): v = μ·v + g; p -= lr·v.

    The velocity v is a running sum of past gradients: steps grow along directions the gradient keeps
    pointing, and the parameters coast through small bumps. nesterov=True looks ahead: p -= lr·(g + μ·v).
    """

    name = "momentum"

    def __init__(self, lr=0.001, momentum=0.9, nesterov=False):
        super().__init__(lr)
        self.momentum = momentum
        self.nesterov = bool(nesterov)

    @property
    def momentum(self):
        return self._momentum

    @momentum.setter
    def momentum(self, value):
        self._momentum = check_number(value, "momentum", low=0.0, high=1.0, high_inclusive=False)

    def update(self, name, p, g):
        v = self._slot(name, "velocity", p)
        v *= self.momentum
        v += g
        p -= self.lr * (g + self.momentum * v if self.nesterov else v)

    def settings(self):
        return {"lr": self.lr, "momentum": self.momentum, "nesterov": self.nesterov}


class Adagrad(Optimizer):
    """Per-parameter step sizes: G += g²; p -= lr·g / (sqrt(G) + eps). G only grows, so steps shrink forever."""

    name = "adagrad"

    def __init__(self, lr=0.01, eps=1e-10):
        super().__init__(lr)
        self.eps = check_number(eps, "eps", low=0.0, low_inclusive=False)

    def update(self, name, p, g):
        G = self._slot(name, "sum_sq", p)
        G += g * g
        p -= self.lr * g / (np.sqrt(G) + self.eps)

    def settings(self):
        return {"lr": self.lr, "eps": self.eps}


class RMSprop(Optimizer):
    """A moving average of g² instead of Adagrad's sum: s = α·s + (1-α)·g²; p -= lr·g / (sqrt(s) + eps)."""

    name = "rmsprop"

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(lr)
        self.alpha = alpha
        self.eps = check_number(eps, "eps", low=0.0, low_inclusive=False)

    @property
    def alpha(self):
        return self._alpha

    @alpha.setter
    def alpha(self, value):
        self._alpha = check_number(value, "alpha", low=0.0, high=1.0, high_inclusive=False)

    def update(self, name, p, g):
        s = self._slot(name, "mean_sq", p)
        s *= self.alpha
        s += (1 - self.alpha) * g * g
        p -= self.lr * g / (np.sqrt(s) + self.eps)

    def settings(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Momentum (first moment m) + RMSprop (second moment v), both bias-corrected.

    Early on m and v start at 0 and are too small; dividing by (1 - β^t) corrects that. t is the
    optimizer's step count: 1 in the first step, 2 in the second, ...
    """

    name = "adam"

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr)
        self.betas = betas
        self.eps = check_number(eps, "eps", low=0.0, low_inclusive=False)

    @property
    def betas(self):
        return self._betas

    @betas.setter
    def betas(self, value):
        try:
            b1, b2 = value
        except (TypeError, ValueError):
            raise CourseError(tr(
                "betas must be a pair (beta1, beta2) such as (0.9, 0.999), got {value!r}.",
                value=value)) from None
        self._betas = (check_number(b1, "beta1", 0.0, 1.0, high_inclusive=False),
                       check_number(b2, "beta2", 0.0, 1.0, high_inclusive=False))

    def update(self, name, p, g):
        b1, b2 = self.betas
        t = self.t  # the number of this step: 1, 2, 3, ... (Optimizer.step counts)
        m = self._slot(name, "m", p)
        v = self._slot(name, "v", p)
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def settings(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps}


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Momentum, "adagrad": Adagrad,
              "rmsprop": RMSprop, "adam": Adam}


def get_optimizer(name, **kwargs) -> Optimizer:
    """An optimizer from a name ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam") and settings."""
    if isinstance(name, Optimizer):
        if kwargs:
            raise CourseError(tr("Pass settings either to the optimizer object or to get_optimizer, not both."))
        return name
    if not isinstance(name, str):
        raise CourseError(tr(
            "optimizer must be a name such as 'adam' or an optimizer object, got {name!r}.",
            name=name))
    key = name.strip().lower()
    if key not in OPTIMIZERS:
        raise unknown_name_error("optimizer", name, OPTIMIZERS)
    if key == "nesterov":
        kwargs.setdefault("nesterov", True)
    try:
        return OPTIMIZERS[key](**kwargs)
    except TypeError as exc:
        takes = ", ".join(inspect.signature(OPTIMIZERS[key]).parameters)
        raise CourseError(
            tr(
                "{name} does not take those settings ({exc}). Its settings are: {takes}.",
                name=OPTIMIZERS[key].__name__, exc=exc, takes=takes)
        ) from None
