"""Input checks that turn a learner's mistake into a message that says what to fix.

Every public function of course_lib calls these before doing numpy work, so a wrong shape or a
NaN never surfaces as a bare broadcasting error from deep inside the library.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

import numpy as np

from course_lib.i18n import tr


class CourseError(ValueError):
    """A mistake in how course_lib was called. The message says what is wrong and how to fix it."""


class CourseTypeError(CourseError, TypeError):
    """A value of the wrong kind (text where a number belongs, a class instead of an object, ...).

    Code that catches TypeError (as for Python's own errors) catches it too; so does `except CourseError`."""


class CourseKeyError(CourseError, KeyError):
    """A name that is not there (a History key, an exercise). `except KeyError` catches it too."""

    def __str__(self):  # KeyError would show the message in quotes
        return Exception.__str__(self)


def describe(value, limit: int = 60) -> str:
    """A short description of a value for an error message: its repr, or its shape for an array."""
    if isinstance(value, np.ndarray):
        return tr("an array of shape {shape} ({dtype})", shape=value.shape, dtype=value.dtype)
    if isinstance(value, type):
        return tr("the class {name}", name=value.__name__)
    if callable(value) and hasattr(value, "__name__"):
        return tr("the function {name}", name=value.__name__)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unknown_name_error(kind: str, name: object, known: Iterable[str]) -> CourseError:
    """An error for an unknown activation / optimizer / initializer name, with a close-match hint."""
    known = sorted(known)
    hint = ""
    if isinstance(name, str):
        by_lower = {k.lower(): k for k in known}  # case does not matter for the match
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=1)
        if OTHER_LIBRARY_NAMES.get(name) in known:  # learning_rate -> lr
            hint = tr(" Did you mean {ours!r} (course_lib's name for {name})?", ours=OTHER_LIBRARY_NAMES[name],
                      name=name)
        elif close:
            hint = tr(" Did you mean {close!r}?", close=by_lower[close[0]])
    else:
        return CourseTypeError(tr(
            "The {kind} must be given by its name (a string), got {name}. Choose one of: {known}.",
            kind=kind_label(kind), name=describe(name), known=', '.join(known)))
    return CourseError(tr(
        "Unknown {kind} {name!r}.{hint} Choose one of: {known}.",
        kind=kind_label(kind), name=name, hint=hint, known=', '.join(known)))


def kind_label(kind: str) -> str:
    """The word for a kind of name in unknown_name_error ("activation", "optimizer", ...), in the current
    language (callers pass the English word; one not listed here is shown as given)."""
    labels = {
        "activation": tr("activation"), "optimizer": tr("optimizer"), "initializer": tr("initializer"),
        "initialisation": tr("initialisation"), "loss": tr("loss"), "data set": tr("data set"),
        "feature": tr("feature"), "regression target": tr("regression target"), "metric": tr("metric"),
        "EarlyStopping monitor": tr("EarlyStopping monitor"), "task": tr("task"), "surface": tr("surface"),
        "gate": tr("gate"), "regularization": tr("regularization"), "setting": tr("setting"),
        "preset setting": tr("preset setting"),
    }
    return labels.get(kind, kind)


def as_float_array(x, name: str = "x", dtype=None, allow_nonfinite=False) -> np.ndarray:
    """Convert to a float array, rejecting text, ragged lists, NaN and inf with a clear message.

    allow_nonfinite=True lets NaN / inf through: a diverging model's predictions are NaN, and the
    training loop reports that in words instead of blaming the data.
    """
    if x is None:
        raise CourseTypeError(tr("{name} is None. Pass a numpy array (or a list of numbers).", name=name))
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise CourseError(
            tr(
                "{name} could not be turned into an array ({exc}). Make sure every row has the same length.",
                name=name, exc=exc)
        ) from None
    if arr.dtype == object or arr.dtype.kind in "USVmM":  # text, objects, dates and durations
        example = describe(arr.flat[0]) if arr.size else tr("empty")
        raise CourseTypeError(
            tr(
                "{name} contains non-numeric values (dtype {dtype}, e.g. {example}). Convert text to numbers first, "
                "and make sure every row has the same length.",
                name=name, dtype=arr.dtype, example=example)
        )
    if arr.dtype.kind == "c":
        raise CourseTypeError(tr(
            "{name} is complex ({dtype}); the course works with real numbers only: pass {name}.real if the imaginary "
            "parts are 0.",
            name=name, dtype=arr.dtype))
    if dtype is None:
        dtype = arr.dtype if arr.dtype.kind == "f" else np.float64
    if allow_nonfinite or arr.size == 0:
        return arr.astype(dtype, copy=False)
    source = arr if arr.dtype.kind == "f" else arr.astype(np.float64)  # measured before a cast could overflow
    with np.errstate(invalid="ignore"):
        largest = float(np.max(np.abs(source)))  # one pass: NaN and inf show up here too
    if not math.isfinite(largest):
        n_nan = int(np.isnan(source).sum())
        n_inf = int(np.isinf(source).sum())
        raise CourseError(
            tr(
                "{name} contains {n_nan} NaN and {n_inf} infinite value(s). Remove or fill them (e.g. "
                "{name}[np.isnan({name})] = 0) before training.",
                name=name, n_nan=n_nan, n_inf=n_inf)
        )
    limit = math.sqrt(float(np.finfo(dtype).max)) / 10
    if largest > limit:
        raise CourseError(
            tr(
                "{name} has values as large as {largest:.3g}: in {dtype} their squares (and the scores a network "
                "computes from them) overflow. Rescale them to about -1..1 first, e.g. with "
                "course_lib.datasets.Standardizer.",
                name=name, largest=largest, dtype=np.dtype(dtype))
        )
    arr = arr.astype(dtype, copy=False)
    return arr


def check_2d_inputs(X, name: str = "X", n_features: int | None = None, dtype=None) -> np.ndarray:
    """Check a batch of examples: shape (m, n_features), examples as rows, finite, not empty.

    Returns the input as a float array. A 1-D input is rejected with advice rather than guessed at,
    because guessing wrong (one example vs one feature) silently trains on the wrong thing.
    """
    arr = as_float_array(X, name, dtype=dtype)
    if arr.ndim == 1:
        raise CourseError(
            tr(
                "{name} has shape {shape}, but a batch of examples must be 2-D (m, n_features). For one feature use "
                "{name}.reshape(-1, 1); for a single example use {name}.reshape(1, -1).",
                name=name, shape=arr.shape)
        )
    if arr.ndim != 2:
        raise CourseError(
            tr(
                "{name} has shape {shape} ({ndim}-D), but a batch must be 2-D (m, n_features). Flatten each example "
                "first, e.g. {name}.reshape(len({name}), -1).",
                name=name, shape=arr.shape, ndim=arr.ndim)
        )
    if arr.shape[0] == 0:
        raise CourseError(tr("{name} is empty (0 examples). Pass at least one example (one row).", name=name))
    if n_features is not None and arr.shape[1] != n_features:
        if arr.shape[0] == n_features and arr.shape[1] != n_features:
            raise CourseError(
                tr(
                    "{name} has shape {shape}, but the model expects (m, {n_features}). It looks transposed: "
                    "examples must be rows in course_lib (the notes write them as columns). Pass {name}.T.",
                    name=name, shape=arr.shape, n_features=n_features)
            )
        raise CourseError(
            tr(
                "{name} has {n_given} features per example (shape {shape}), but the model expects {expected}. "
                "Check which columns you pass, or build the model with input_dim={n_given}.",
                name=name, n_given=arr.shape[1], shape=arr.shape, expected=n_features)
        )
    return arr


def check_positive_int(value, name: str, minimum: int = 1) -> int:
    """An integer setting such as units, epochs or batch size."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            hint = tr(" (without quotes)") if isinstance(value, str) else ""
            raise CourseTypeError(tr(
                "{name} must be a whole number{hint}, got {value}.",
                name=name, hint=hint, value=describe(value)))
    if value < minimum:
        raise CourseError(tr(
            "{name} must be at least {minimum}, got {value}.",
            name=name, minimum=minimum, value=value))
    return int(value)


def check_number(value, name: str, low=None, high=None, low_inclusive=True, high_inclusive=True) -> float:
    """A real-valued setting (learning rate, rate, strength) within an allowed range."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        hint = tr(" (without quotes)") if isinstance(value, str) else ""
        raise CourseTypeError(tr(
            "{name} must be a number{hint}, got {value}.",
            name=name, hint=hint, value=describe(value)))
    try:
        value = float(value)
    except OverflowError:
        raise CourseError(tr("{name} is too large for a float, got {value}.",
                              name=name, value=describe(value))) from None
    if not math.isfinite(value):
        raise CourseError(tr("{name} must be a finite number, got {value}.", name=name, value=value))
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high:
        lo = "-inf" if low is None else f"{low}"
        hi = "inf" if high is None else f"{high}"
        interval = f"{'[' if low_inclusive else '('}{lo}, {hi}{']' if high_inclusive else ')'}"
        raise CourseError(tr("{name} must be in {interval}, got {value}.", name=name, interval=interval, value=value))
    return value


def check_learning_rate(lr) -> float:
    """Learning rates must be positive: a negative one climbs the loss instead of descending it."""
    if isinstance(lr, dict) or (hasattr(lr, "__iter__") and not isinstance(lr, str | np.ndarray)):
        raise CourseTypeError(
            tr(
                "learning rate must be a number, got {lr}. course_lib's optimizers do not take the model's "
                "parameters (that is PyTorch's SGD(model.parameters(), lr=0.1)): write SGD(lr=0.1) and pass it to "
                "fit or Trainer, which hand it the parameters at every step.",
                lr=describe(lr))
        )
    if isinstance(lr, int | float) and not isinstance(lr, bool) and lr <= 0:
        raise CourseError(
            tr(
                "learning rate must be positive, got {lr}. Gradient descent steps *against* the gradient with a "
                "positive step size; try a value like 0.1 or 0.01.",
                lr=lr)
        )
    return check_number(lr, tr("learning rate"), low=0.0, low_inclusive=False)


def check_name_list(value, name: str, example: str) -> tuple:
    """Names given as a list or tuple; a lone string is one name (not a list of letters). `example` is shown
    in the message for anything else, e.g. "['x1', 'x2']"."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise CourseTypeError(tr(
        "{name} must be a list of names such as {example}, got {value}.",
        name=name, example=example, value=describe(value)))


# Names that learners bring from Keras, PyTorch or scikit-learn, and what course_lib calls the same thing.
OTHER_LIBRARY_NAMES = {
    "learning_rate": "lr", "nb_epoch": "epochs", "epoch": "epochs", "n_epochs": "epochs", "num_epochs": "epochs",
    "batchsize": "batch_size", "validation": "validation_data", "val_data": "validation_data",
    "callback": "callbacks", "optimiser": "optimizer", "random_state": "seed", "random_seed": "seed",
    "test_size": "test_fraction", "epsilon": "eps", "regulariser": "regularizer", "kernel_regularizer": "regularizer",
}
# Settings that have no course_lib counterpart: what to do instead (a function, so that the advice is in the
# language of the moment).
NOT_IN_COURSE_LIB = ("metrics", "shuffle", "weight_decay", "decay", "beta_1", "beta_2", "steps_per_epoch",
                     "class_weight", "sample_weight", "initial_epoch")


def not_in_course_lib_advice(key: str) -> str:
    """What to do instead of the Keras / PyTorch setting `key` (one of NOT_IN_COURSE_LIB)."""
    betas = tr("Adam takes both betas as one pair: betas=(0.9, 0.999)")
    return {
        "metrics": tr("fit always records the loss and, for classification, the accuracy (history['accuracy'], "
                      "history['val_accuracy']); there is no metrics= setting to choose them"),
        "shuffle": tr("fit reshuffles the mini-batches every epoch with `seed`; there is no shuffle= setting"),
        "weight_decay": tr("add the penalty with regularizer=L2(strength) instead"),
        "decay": tr("course_lib has no learning-rate decay; set a smaller lr, or change optimizer.lr between calls"),
        "beta_1": betas,
        "beta_2": betas,
        "steps_per_epoch": tr("fit always goes through all of X once per epoch"),
        "class_weight": tr("course_lib does not weight classes; balance the data instead"),
        "sample_weight": tr("course_lib does not weight examples"),
        "initial_epoch": tr("fit always starts at epoch 1; calling fit again continues from the current weights"),
    }[key]


def argument_error(title: str, sig, args, kwargs, positional_hint: str = "") -> CourseTypeError:
    """The message for a call whose arguments do not fit `sig` (without `self`): unknown names (with the course's
    name for a Keras / PyTorch word, or a close match), extra positional values, missing ones. `positional_hint`
    may be a function returning the text (so that it is in the language of the moment)."""
    if callable(positional_hint):
        positional_hint = positional_hint()
    params = [p for p in sig.parameters.values() if p.name != "self"]
    sig = sig.replace(parameters=params)
    names = [p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    accepts_any_keyword = any(p.kind == p.VAR_KEYWORD for p in params)
    for key in kwargs:
        if key in names or accepts_any_keyword:
            continue
        if key in NOT_IN_COURSE_LIB:
            return CourseTypeError(tr(
                "{title} has no setting {key!r}: {advice}.",
                title=title, key=key, advice=not_in_course_lib_advice(key)))
        ours = OTHER_LIBRARY_NAMES.get(key)
        if ours in names:
            return CourseTypeError(tr(
                "{title} has no setting {key!r}; course_lib calls it {ours}: write {ours}=... instead.",
                title=title, key=key, ours=ours))
        close = difflib.get_close_matches(key, names, n=1)
        hint = tr(" Did you mean {close!r}?", close=close[0]) if close else ""
        return CourseTypeError(tr(
            "{title} has no setting {key!r}.{hint} Its settings are: {names}.",
            title=title, key=key, hint=hint, names=', '.join(names)))
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p.name for p in positional if p.default is p.empty]
    if any(isinstance(a, dict) and a and all(isinstance(v, np.ndarray) for v in a.values()) for a in args):
        return CourseTypeError(
            tr(
                "{title} got a dict of arrays without a name (the model's parameters?). course_lib's optimizers do "
                "not take the parameters (that is PyTorch's SGD(model.parameters(), lr=0.1)): write SGD(lr=0.1) and "
                "pass it to fit or Trainer, which hand it the parameters at every step.",
                title=title)
        )
    in_order = [p.name for p in positional]
    twice = [name for name in in_order[: len(args)] if name in kwargs]
    if twice:
        return CourseTypeError(
            tr(
                "{title} got {twice} twice: once as the value {value} without a name, and once as {twice}=.... It "
                "takes {required} in order, and its other settings by name{positional_hint}.",
                title=title, twice=twice[0], value=describe(args[in_order.index(twice[0])]),
                required=', '.join(required) or tr('no values'), positional_hint=positional_hint)
        )
    if len(args) > len(positional) and not any(p.kind == p.VAR_POSITIONAL for p in params):
        extra = ", ".join(describe(a) for a in args[len(positional):])
        return CourseTypeError(
            tr(
                "{title} got {n_args} value(s) too many without a name ({extra}). It takes {required} in order, and "
                "its other settings by name{positional_hint}.",
                title=title, n_args=len(args) - len(positional), extra=extra,
                required=', '.join(required) or tr('no values'), positional_hint=positional_hint)
        )
    missing = [name for name in required[len(args):] if name not in kwargs]
    if missing:
        return CourseTypeError(tr(
            "{title} is missing {missing}: pass {required}.",
            title=title, missing=', '.join(missing), required=', '.join(required)))
    try:
        sig.bind(*args, **kwargs)
    except TypeError as exc:
        return CourseTypeError(f"{title}: {exc}.")
    return CourseTypeError(tr("{title} cannot take these arguments.", title=title))


def explain_arguments(title: str | None = None, positional_hint: str = ""):
    """Decorator: a call whose arguments do not fit the signature gets a CourseTypeError in words (the course's
    name for a Keras word, a close match, what the function takes) instead of Python's bare TypeError.

    The arguments are bound before the call (a few microseconds), so use it on what a learner calls by hand
    (fit, Trainer(...), make_dataset, ...), not on the inner steps. Works on functions and methods
    (`__init__` is shown as the class name)."""
    import functools
    import inspect

    def wrap(fn):
        sig = inspect.signature(fn)
        is_method = "self" in sig.parameters
        if title:
            name = title
        elif fn.__name__ == "__init__":
            name = fn.__qualname__.split(".")[0] + "(...)"
        else:
            name = fn.__qualname__ + "(...)"

        @functools.wraps(fn)
        def checked(*args, **kwargs):
            try:
                sig.bind(*args, **kwargs)
            except TypeError:
                shown = args[1:] if is_method else args
                raise argument_error(name, sig, shown, kwargs, positional_hint) from None
            return fn(*args, **kwargs)

        return checked

    return wrap
