"""Settings of the playground: what defines an experiment, the checks on it, presets, and the learning-rate scale.

Headless: no ipywidgets import here (tests/test_widgets_package.py imports this with ipywidgets blocked).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    check_name_list,
    check_number,
    check_positive_int,
    describe,
    unknown_name_error,
)

DATASETS = ["xor", "circles", "moons", "gaussians", "spiral", "blobs", "flower", "regression"]
OWN = "own"  # the data set's name when the learner brings points: Playground(data=(X, y)) or data="points.csv"
FEATURE_NAMES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
HIDDEN_ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
INITS = {  # playground name -> (course_lib.init name, keyword arguments)
    "zeros": ("zeros", {}),
    "small normal": ("normal", {"std": 0.01}),
    "large normal": ("normal", {"std": 1.0}),
    "xavier": ("xavier_normal", {}),
    "he": ("he_normal", {}),
}
OPTIMIZER_NAMES = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 0]  # 0 = full batch
# "L1" adds the subgradient reg_rate·sign(W) (weights hover near 0); "L1 (proximal)" soft-thresholds after each
# step instead (L1(reg_rate, proximal=True): weights land exactly on 0, lesson 08)
REGULARIZATIONS = ["none", "L1", "L1 (proximal)", "L2"]
MAX_LAYERS, MAX_UNITS = 10, 32  # 10 hidden layers: deep enough to watch gradients vanish (lesson 06)
LR_RANGE = (1e-5, 10.0)
GRID = 64  # the decision boundary is evaluated on a GRID x GRID mesh


@dataclass(frozen=True)
class Settings:
    """Everything that defines an experiment. A preset is exactly this, so it rebuilds the same curves."""

    dataset: str = "moons"
    n_samples: int = 400
    noise: float = 0.15
    test_fraction: float = 0.3
    n_classes: int = 3
    data_seed: int = 0
    features: tuple = ("x1", "x2")
    hidden: tuple = (16, 16)
    activation: tuple | str = "tanh"  # one name for all hidden layers, or one per layer
    init: str = "xavier"
    optimizer: str = "adam"
    lr: float = 0.03
    momentum: float = 0.9  # Momentum / Nesterov: mu; Adam: beta1 (SGD, Adagrad, RMSprop have none)
    batch_size: int = 32  # 0 = full batch
    regularization: str = "none"  # one of REGULARIZATIONS: "none", "L1", "L1 (proximal)", "L2"
    reg_rate: float = 0.0
    dropout: float = 0.0
    clip_norm: float = 0.0  # 0 = no gradient clipping
    seed: int = 0
    steps_per_frame: int = 5

    def activations(self) -> tuple:
        """One activation name per hidden layer."""
        if isinstance(self.activation, str):
            return (self.activation,) * len(self.hidden)
        acts = tuple(self.activation)
        return (acts + (acts[-1] if acts else "tanh",) * len(self.hidden))[: len(self.hidden)]


# Settings that need a new network (or new data) when they change; all others apply while training runs.
DATA_KEYS = {"dataset", "n_samples", "noise", "test_fraction", "n_classes", "data_seed", "features"}
NETWORK_KEYS = {"hidden", "activation", "init", "seed"}


MAX_SAMPLES, MAX_STEPS_PER_FRAME = 10_000, 1_000  # beyond these a frame takes seconds: the widget would freeze

# The noise each data set starts with (Playground(dataset=...) without noise=, or picked from the menu). Measured
# headlessly (adam, lr 0.03, 400 points, 3,000 steps), spiral's test accuracy with 2x16 / 3x16 tanh (idea 2):
# noise 0: 100 % / 95 %; 0.05: 99 % / 98 %; 0.1: 87 % / 78 %; 0.15: 78 % / 57 %. So spiral gets 0.05; the others
# learn at 0.15 (after 1,000 steps: xor 96 %, circles 94 %, moons 93 %, gaussians 100 % test). A noise set in code
# (Playground(noise=...) or set(noise=...)) is kept when the data set changes.
DATASET_NOISE = {"xor": 0.15, "circles": 0.15, "moons": 0.15, "gaussians": 0.15, "spiral": 0.05, "blobs": 0.15,
                 "flower": 0.15, "regression": 0.15}
def validate_settings(s: Settings) -> Settings:
    """Check every setting, with messages that say what is allowed."""
    if not isinstance(s.dataset, str) or (s.dataset not in DATASETS and s.dataset != OWN):
        raise unknown_name_error("data set", s.dataset, DATASETS)
    for f in s.features:
        if f not in FEATURE_NAMES:
            raise unknown_name_error("feature", f, FEATURE_NAMES)
    if not s.features:
        raise CourseError(tr("Choose at least one input feature (e.g. 'x1')."))
    if len(s.hidden) > MAX_LAYERS or any(not 1 <= int(u) <= MAX_UNITS for u in s.hidden):
        raise CourseError(tr("hidden must list 0-{max_layers} layers of 1-{max_units} units, got {hidden}.",
                             max_layers=MAX_LAYERS, max_units=MAX_UNITS, hidden=s.hidden))
    for a in s.activations():
        if a not in HIDDEN_ACTIVATIONS and a != "custom":
            raise unknown_name_error("activation", a, HIDDEN_ACTIVATIONS)
    if not isinstance(s.init, str) or s.init not in INITS:
        raise unknown_name_error("initialisation", s.init, INITS)
    if not isinstance(s.optimizer, str) or (s.optimizer not in OPTIMIZER_NAMES and s.optimizer != "custom"):
        raise unknown_name_error("optimizer", s.optimizer, OPTIMIZER_NAMES)
    if not LR_RANGE[0] <= s.lr <= LR_RANGE[1]:
        raise CourseError(tr("lr must be between {low:g} and {high:g}, got {lr}.", low=LR_RANGE[0], high=LR_RANGE[1],
                             lr=s.lr))
    if not isinstance(s.regularization, str) or s.regularization not in REGULARIZATIONS:
        raise unknown_name_error("regularization", s.regularization, REGULARIZATIONS)
    if not 0 <= s.dropout < 1:
        raise CourseError(tr("dropout must be in [0, 1), got {value}.", value=s.dropout))
    if not 0 <= s.momentum < 1:
        raise CourseError(tr("momentum / beta must be in [0, 1), got {value}.", value=s.momentum))
    if not 0.05 <= s.test_fraction <= 0.9:
        raise CourseError(tr("test_fraction must be between 0.05 and 0.9, got {value}.", value=s.test_fraction))
    for name, low, high in (("n_samples", 10, MAX_SAMPLES), ("steps_per_frame", 1, MAX_STEPS_PER_FRAME),
                            ("batch_size", 0, None), ("reg_rate", 0, None), ("clip_norm", 0, None), ("noise", 0, 5),
                            ("n_classes", 2, 10)):
        value = getattr(s, name)
        if value < low or (high is not None and value > high):
            raise CourseError(_out_of_range(name, low, high, value))
    return s


def _out_of_range(name, low, high, value) -> str:
    """The message for a setting outside its range (whole sentences, so a translation can reorder them)."""
    if high is not None:
        return tr("{name} must be between {low} and {high}, got {value}.", name=name, low=low, high=high, value=value)
    if name == "batch_size":
        return tr("{name} must be at least {low} (0 means the full batch), got {value}.", name=name, low=low,
                  value=value)
    if name == "clip_norm":
        return tr("{name} must be at least {low} (0 means no clipping), got {value}.", name=name, low=low,
                  value=value)
    return tr("{name} must be at least {low}, got {value}.", name=name, low=low, value=value)



def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]


def check_setting_names(names, what="setting"):
    unknown = set(names) - set(setting_names())
    if unknown:
        raise unknown_name_error(what, sorted(unknown)[0], setting_names())


def changed_settings(old: Settings, **changes) -> tuple[Settings, set]:
    """The settings with `changes` applied, checked, and the names that really changed; `old` is untouched.

    Everything is validated on a copy first, so a rejected change (set(seed=-1), set(noise=7)) leaves the
    experiment exactly as it was."""
    check_setting_names(changes)
    changes = {k: _normalise(k, v) for k, v in changes.items()}
    new = validate_settings(replace(old, **changes))
    return new, {k for k in changes if getattr(old, k) != getattr(new, k)}


# -- the learning rate: TensorFlow Playground's steps, and one way to write a rate ----------------------------
LR_STEPS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def format_lr(lr: float) -> str:
    """The one way a learning rate is written (slider, box, status line, summary): 0.03, 3e-05, 0.0371, 10."""
    return f"{float(lr):g}"


def nearest_lr_step(lr: float) -> float:
    """The step of LR_STEPS closest to lr on a log scale (where the slider sits for a typed value)."""
    lr = float(np.clip(lr, *LR_RANGE))
    return min(LR_STEPS, key=lambda s: abs(np.log10(s) - np.log10(lr)))


def parse_lr(value) -> tuple[float | None, str | None]:
    """A typed learning rate -> (the rate, None) or (None, a message). Never clamps: 50 is refused, not 10."""
    low, high = LR_RANGE
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if text.lower().startswith("lr="):
            text = text[3:]
        try:
            number = float(text)
        except ValueError:
            return None, tr("Not applied: the learning rate must be a number between {low} and {high}, e.g. 0.03, "
                            "got {value!r}.", low=format_lr(low), high=format_lr(high), value=value)
    else:
        number = float(value)
    if not np.isfinite(number) or not low <= number <= high:
        return None, tr("Not applied: the learning rate must be between {low} and {high}, got {value}. Type a value "
                        "in that range (the rate in force is kept).", low=format_lr(low), high=format_lr(high),
                        value=format_lr(number))
    return number, None


INT_SETTINGS = ("n_samples", "n_classes", "data_seed", "batch_size", "seed", "steps_per_frame")
FLOAT_SETTINGS = ("noise", "test_fraction", "lr", "momentum", "reg_rate", "dropout", "clip_norm")


def _normalise(key, value):
    """Lists from JSON presets become tuples; numbers get their setting's type; anything else gets a message."""
    if key == "features":
        return check_name_list(value, "features", "['x1', 'x2']")
    if key == "hidden":
        return _hidden(value)
    if key == "activation":
        return value if isinstance(value, str) else check_name_list(value, "activation", "'tanh' or ['tanh', 'relu']")
    if key in INT_SETTINGS:
        return check_positive_int(value, key, minimum=0)
    if key in FLOAT_SETTINGS:
        return check_number(value, key)
    return value


def _hidden(value) -> tuple:
    """hidden=(16, 16): the units of each hidden layer (a number or text is not read as a guess)."""
    if isinstance(value, list | tuple):
        return tuple(check_positive_int(v, "each hidden layer's units") for v in value)
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        raise CourseTypeError(tr("hidden lists the units of each hidden layer, got the single number {value}: write "
                                 "hidden=({value},) for one layer of {value} units, or hidden=({value}, {value}) for "
                                 "two.", value=value))
    if isinstance(value, str):
        raise CourseTypeError(tr("hidden lists the units of each hidden layer as numbers, got the text {value!r}: "
                                 "write e.g. hidden=(16, 16) for two layers of 16 units.", value=value))
    raise CourseTypeError(tr("hidden lists the units of each hidden layer, e.g. hidden=(16, 16), got {what}.",
                             what=describe(value)))


def _settings_from_preset(preset) -> Settings:
    if isinstance(preset, Settings):
        return preset
    if isinstance(preset, str):
        try:
            preset = json.loads(preset)
        except json.JSONDecodeError:
            raise CourseError(tr("A preset string must be the text that playground.preset(as_string=True) "
                                 "returned.")) from None
    if not isinstance(preset, dict):
        raise CourseError(tr("preset must be a dict or string from playground.preset(), got {kind}.",
                             kind=type(preset).__name__))
    names = {f.name for f in fields(Settings)}
    unknown = set(preset) - names
    if unknown:
        raise unknown_name_error("preset setting", sorted(unknown)[0], names)
    return replace(Settings(), **{k: _normalise(k, v) for k, v in preset.items()})


def _num(x):
    if x is None or not np.isfinite(x):
        return "nan"
    return f"{x:.3g}" if abs(x) >= 1000 else f"{x:.3f}"  # a diverging loss as 4.76e+23, not 24 digits


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"
