"""Weight initialisers. Each returns a new array of `shape`, drawn with the generator `rng`.

A weight matrix has shape (n_out, n_in) = (n_l, n_{l-1}), so fan_in = shape[1], fan_out = shape[0].
- Xavier / Glorot (Glorot & Bengio, 2010): Var(W) = 2 / (fan_in + fan_out); keeps the signal's variance
  roughly constant through sigmoid / tanh layers.
- He / Kaiming (He et al., 2015): Var(W) = 2 / fan_in; makes up for ReLU zeroing half of its inputs.
"""

from __future__ import annotations

import inspect

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


def make_rng(seed_or_rng=None) -> np.random.Generator:
    """A numpy Generator from a seed (int), an existing Generator, or None (fresh entropy).

    Used everywhere instead of the global numpy seed, so one experiment cannot disturb another.
    """
    if isinstance(seed_or_rng, np.random.Generator):
        return seed_or_rng
    if seed_or_rng is None or (isinstance(seed_or_rng, int | np.integer) and not isinstance(seed_or_rng, bool)):
        if seed_or_rng is not None and seed_or_rng < 0:
            raise CourseError(tr(
                "seed must be a non-negative whole number, got {seed_or_rng}.",
                seed_or_rng=seed_or_rng))
        return np.random.default_rng(seed_or_rng)
    raise CourseError(tr(
        "seed must be a whole number or a numpy Generator, got {seed_or_rng!r}.",
        seed_or_rng=seed_or_rng))


def fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight matrix of shape (n_out, n_in)."""
    if len(shape) != 2:
        raise CourseError(tr("initialisers expect a weight matrix shape (n_out, n_in), got {shape}.", shape=shape))
    n_out, n_in = shape
    return n_in, n_out


def zeros(shape, rng=None):
    """All zeros. Fine for biases; for weights it keeps every unit of a layer identical (symmetry)."""
    return np.zeros(shape)


def normal(shape, rng=None, std=0.01):
    """Gaussian with mean 0 and standard deviation `std`."""
    std = check_number(std, "std", low=0.0)
    return make_rng(rng).normal(0.0, std, size=shape)


def uniform(shape, rng=None, limit=0.05):
    """Uniform on [-limit, limit]; its variance is limit² / 3."""
    limit = check_number(limit, "limit", low=0.0)
    return make_rng(rng).uniform(-limit, limit, size=shape)


def xavier_normal(shape, rng=None):
    """Normal with std = sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fans(shape)
    return normal(shape, rng, std=np.sqrt(2.0 / (fan_in + fan_out)))


def xavier_uniform(shape, rng=None):
    """Uniform with limit = sqrt(6 / (fan_in + fan_out)), so the variance is 2 / (fan_in + fan_out)."""
    fan_in, fan_out = fans(shape)
    return uniform(shape, rng, limit=np.sqrt(6.0 / (fan_in + fan_out)))


def he_normal(shape, rng=None):
    """Normal with std = sqrt(2 / fan_in)."""
    fan_in, _ = fans(shape)
    return normal(shape, rng, std=np.sqrt(2.0 / fan_in))


def he_uniform(shape, rng=None):
    """Uniform with limit = sqrt(6 / fan_in), so the variance is 2 / fan_in."""
    fan_in, _ = fans(shape)
    return uniform(shape, rng, limit=np.sqrt(6.0 / fan_in))


INITIALIZERS = {
    "zeros": zeros,
    "normal": normal,
    "uniform": uniform,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}
_ALIASES = {"glorot_normal": "xavier_normal", "glorot_uniform": "xavier_uniform", "xavier": "xavier_normal",
            "glorot": "xavier_normal", "he": "he_normal", "kaiming_normal": "he_normal",
            "kaiming_uniform": "he_uniform", "zero": "zeros"}


def get_initializer(name, **kwargs):
    """An initialiser function `f(shape, rng)` from a name; kwargs (std=..., limit=...) are bound in.

    Also accepts a callable f(shape, rng) (e.g. a learner's own initialiser).
    """
    if callable(name):
        if kwargs:
            raise CourseError(tr(
                "The settings {repr} go to the course's named initializers; your own initializer {name} gets only "
                "(shape, rng). Put the setting inside your function instead.",
                repr=', '.join(map(repr, kwargs)), name=describe(name)))
        return _checked_initializer(name)
    if not isinstance(name, str):
        raise CourseError(tr(
            "kernel_init must be a name such as 'he_normal' or a function, got {name!r}.",
            name=name))
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in INITIALIZERS:
        raise unknown_name_error("initializer", name, list(INITIALIZERS) + list(_ALIASES))
    fn = INITIALIZERS[key]
    settings = [arg for arg in inspect.signature(fn).parameters if arg not in ("shape", "rng")]
    unknown = sorted(set(kwargs) - set(settings))
    if unknown:
        takes = "the setting(s) " + ", ".join(settings) if settings else "no settings"
        raise CourseError(
            tr(
                "Unknown setting(s) {repr} for the {key!r} initializer, which takes {takes}. (Extra keywords given "
                "to Dense go to its initializer, e.g. Dense(8, kernel_init='normal', std=0.1).)",
                repr=', '.join(map(repr, unknown)), key=key, takes=takes)
        )
    if kwargs:
        def bound(shape, rng=None):
            return fn(shape, rng, **kwargs)
        bound.__name__ = key
        return bound
    return fn


def _checked_initializer(fn):
    """A learner's initializer f(shape, rng), checked every time it makes weights: they must be finite numbers of
    the requested shape (broken initial weights would otherwise show up later as a NaN loss)."""
    if getattr(fn, "_course_checked", False) or getattr(fn, "__module__", None) == __name__:
        return fn
    name = getattr(fn, "__name__", "custom")
    try:
        inspect.signature(fn).bind((2, 3), None)
    except TypeError:
        raise CourseTypeError(tr(
            "Your initializer {name} must take two arguments, (shape, rng): shape is the weight matrix's (n_out, "
            "n_in) and rng a numpy Generator, e.g. def mine(shape, rng): return rng.normal(0.0, 0.1, size=shape).",
            name=name)) from None
    except ValueError:  # no signature (a builtin): trust it
        pass

    def checked(shape, rng=None):
        W = fn(shape, rng)
        W = as_float_array(W, tr("the weights from your initializer {name}", name=name), allow_nonfinite=True)
        if W.shape != tuple(shape):
            raise CourseError(tr(
                "Your initializer {name} returned shape {shape}, but the layer asked for {shape2} (n_out, n_in). Use "
                "size=shape.",
                name=name, shape=W.shape, shape2=tuple(shape)))
        bad = int(np.sum(~np.isfinite(W)))
        if bad:
            raise CourseError(tr(
                "Your initializer {name} returned {bad} NaN or infinite value(s) for the weights of shape {shape}. "
                "Initial weights must be finite numbers.",
                name=name, bad=bad, shape=tuple(shape)))
        return W

    checked.__name__ = name
    checked._course_checked = True
    return checked


def default_initializer(activation_name: str) -> str:
    """He for the ReLU family, Xavier for everything else (sigmoid, tanh, linear, softmax)."""
    return "he_normal" if activation_name in ("relu", "leaky_relu", "prelu") else "xavier_normal"
