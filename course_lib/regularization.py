"""Weight regularisation: a penalty on large weights added to the loss, and its gradient.

    L1(strength):  penalty = strength · Σ|W|        gradient = strength · sign(W)   (pushes weights towards 0)
    L2(strength):  penalty = strength/2 · Σ W²      gradient = strength · W         (shrinks every weight)

Only weight matrices (names ending in ".W") are penalised, never biases or PReLU slopes: a bias does not
make the function wigglier. The penalty is added once per batch to the mean data loss.

Exact zeros: with the subgradient sign(W), a weight that should be 0 overshoots back and forth across 0 and
hovers near it without landing on it. L1(strength, proximal=True) instead takes the proximal step after each
update (soft thresholding, ISTA): W <- sign(W) · max(|W| - lr · strength, 0), which sets every weight within
lr · strength of 0 to exactly 0. For plain SGD this is the exact proximal-gradient method; with momentum or
Adam it is the usual approximation (the threshold uses the optimizer's lr).
"""

from __future__ import annotations

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import CourseError, check_number


def is_weight(name: str) -> bool:
    """True for weight matrices ("layer0.W"), False for biases and other parameters."""
    return name.endswith(".W") or name == "W"


class Regularizer:
    """Base class: penalty(params) -> float and gradient(params) -> {name: array} for the weights."""

    name = "none"

    def __init__(self, strength=0.0):
        self.strength = strength

    @property
    def strength(self):
        return self._strength

    @strength.setter
    def strength(self, value):
        self._strength = check_number(value, f"{self.name} strength", low=0.0)

    def penalty(self, params: dict) -> float:
        return float(sum(self.penalty_of(p) for name, p in params.items() if is_weight(name)))

    def add_gradients(self, params: dict, grads: dict):
        """grads[name] += d penalty / d params[name] for every weight matrix (in place)."""
        if self.strength == 0.0:
            return
        for name, p in params.items():
            if is_weight(name):
                grads[name] += self.gradient_of(p)

    def after_step(self, params: dict, lr: float):
        """Called by the trainer after every optimizer step; only a proximal L1 does anything here."""

    def __repr__(self):
        return f"{type(self).__name__}({self.strength:g})"


class L1(Regularizer):
    """strength · Σ|W|; gradient strength · sign(W) (0 at W = 0, the subgradient the code uses).

    L1(strength, proximal=True) adds no gradient; instead, after every optimizer step, it soft-thresholds the
    weights by lr · strength (see soft_threshold), so small weights become exactly 0. The penalty (the loss
    value) is the same either way.
    """

    name = "L1"

    def __init__(self, strength=0.0, proximal=False):
        super().__init__(strength)
        self.proximal = bool(proximal)

    def penalty_of(self, W):
        return self.strength * np.sum(np.abs(W))

    def gradient_of(self, W):
        return self.strength * np.sign(W)

    def add_gradients(self, params: dict, grads: dict):
        if not self.proximal:
            super().add_gradients(params, grads)

    def after_step(self, params: dict, lr: float):
        """Proximal version only: W <- soft_threshold(W, lr · strength) for every weight matrix, in place."""
        if not self.proximal or self.strength == 0.0:
            return
        for name, p in params.items():
            if is_weight(name):
                p[...] = soft_threshold(p, lr * self.strength)

    def __repr__(self):
        return f"L1({self.strength:g}, proximal=True)" if self.proximal else super().__repr__()


def soft_threshold(W, threshold):
    """sign(W) · max(|W| - threshold, 0): moves every entry `threshold` towards 0 and stops AT 0.

    The proximal step of threshold · Σ|W| (what L1 does in one step of size lr = threshold / strength).
    Entries with |W| <= threshold become exactly 0. Same shape and dtype as W.
    """
    threshold = check_number(threshold, "threshold", low=0.0)
    W = np.asarray(W)
    out = (np.sign(W) * np.maximum(np.abs(W) - threshold, 0.0)).astype(W.dtype, copy=False)
    out += 0.0  # -0.0 (from a negative weight) becomes +0.0, so printed weights show 0, not -0
    return out


class L2(Regularizer):
    """strength/2 · Σ W²; gradient strength · W (the same as 'weight decay' for plain SGD)."""

    name = "L2"

    def penalty_of(self, W):
        return 0.5 * self.strength * np.sum(W * W)

    def gradient_of(self, W):
        return self.strength * W


class L1L2(Regularizer):
    """Both at once (elastic net): l1 · Σ|W| + l2/2 · Σ W²."""

    name = "L1L2"

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = L1(l1), L2(l2)
        super().__init__(l1 + l2)

    def penalty_of(self, W):
        return self.l1.penalty_of(W) + self.l2.penalty_of(W)

    def gradient_of(self, W):
        return self.l1.gradient_of(W) + self.l2.gradient_of(W)

    def __repr__(self):
        return f"L1L2(l1={self.l1.strength:g}, l2={self.l2.strength:g})"


def get_regularizer(spec):
    """None, a Regularizer, or a name with strength as a tuple: ("l2", 1e-3)."""
    if spec is None or isinstance(spec, Regularizer):
        return spec
    if isinstance(spec, type) and issubclass(spec, Regularizer):
        raise CourseError(tr(
            "regularizer={spec_name} is the class; give it a strength: {spec_name}(0.001).",
            spec_name=spec.__name__))
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
        kind = spec[0].lower()
        if kind == "l1":
            return L1(spec[1])
        if kind == "l2":
            return L2(spec[1])
    raise CourseError(tr(
        "regularizer must be L1(strength), L2(strength), ('l2', 0.001) or None, got {spec!r}.",
        spec=spec))
