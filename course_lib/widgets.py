"""The live playground: watch a network train, and change anything while it runs.

One engine, configured per lesson (which controls and panels show):

    playground = Playground(dataset="xor", hidden=(4,), activation="tanh", lr=0.1,
                      controls=["lr", "activation", "layers"], panels=["boundary", "curves"])
    playground.run(steps=300)      # headless and deterministic: what nbval and the tests execute
    playground                     # the widget: press Play, move sliders while it trains

How it stays alive: training runs in small chunks (`steps_per_frame` steps) from an asyncio task on the
kernel's event loop, and the task yields between chunks, so slider events arrive between two chunks (a plain
loop in a cell would see none until it ended). Frames are painted by `raster` (numpy + Pillow -> PNG in an
ipywidgets.Image), which is several times faster than redrawing matplotlib and works on Colab, VS Code,
JupyterLab and Notebook 7 alike.

The learning rate, optimizer, its momentum/beta, batch size, regularisation and dropout change while training
runs, without a reset. Changing the data or the architecture rebuilds the network, and the status line says so.

This is the only module that imports ipywidgets.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import warnings
from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from course_lib import raster
from course_lib.activations import Activation
from course_lib.datasets import PLOT_LIMIT, expand_features, make_dataset, train_test_split
from course_lib.init import make_rng
from course_lib.layers import Dense, Dropout
from course_lib.model import Sequential
from course_lib.optimizers import Optimizer, get_optimizer
from course_lib.regularization import L1, L2
from course_lib.training import Callback, Trainer, TrainingDiverged
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


def validate_settings(s: Settings) -> Settings:
    """Check every setting, with messages that say what is allowed."""
    if not isinstance(s.dataset, str) or s.dataset not in DATASETS:
        raise unknown_name_error("data set", s.dataset, DATASETS)
    for f in s.features:
        if f not in FEATURE_NAMES:
            raise unknown_name_error("feature", f, FEATURE_NAMES)
    if not s.features:
        raise CourseError("Choose at least one input feature (e.g. 'x1').")
    if len(s.hidden) > MAX_LAYERS or any(not 1 <= int(u) <= MAX_UNITS for u in s.hidden):
        raise CourseError(f"hidden must list 0-{MAX_LAYERS} layers of 1-{MAX_UNITS} units, got {s.hidden}.")
    for a in s.activations():
        if a not in HIDDEN_ACTIVATIONS and a != "custom":
            raise unknown_name_error("activation", a, HIDDEN_ACTIVATIONS)
    if not isinstance(s.init, str) or s.init not in INITS:
        raise unknown_name_error("initialisation", s.init, INITS)
    if not isinstance(s.optimizer, str) or (s.optimizer not in OPTIMIZER_NAMES and s.optimizer != "custom"):
        raise unknown_name_error("optimizer", s.optimizer, OPTIMIZER_NAMES)
    if not LR_RANGE[0] <= s.lr <= LR_RANGE[1]:
        raise CourseError(f"lr must be between {LR_RANGE[0]:g} and {LR_RANGE[1]:g}, got {s.lr}.")
    if not isinstance(s.regularization, str) or s.regularization not in REGULARIZATIONS:
        raise unknown_name_error("regularization", s.regularization, REGULARIZATIONS)
    if not 0 <= s.dropout < 1:
        raise CourseError(f"dropout must be in [0, 1), got {s.dropout}.")
    if not 0 <= s.momentum < 1:
        raise CourseError(f"momentum / beta must be in [0, 1), got {s.momentum}.")
    if not 0.05 <= s.test_fraction <= 0.9:
        raise CourseError(f"test_fraction must be between 0.05 and 0.9, got {s.test_fraction}.")
    for name, low, high, note in (
            ("n_samples", 10, MAX_SAMPLES, ""), ("steps_per_frame", 1, MAX_STEPS_PER_FRAME, ""),
            ("batch_size", 0, None, " (0 means the full batch)"), ("reg_rate", 0, None, ""),
            ("clip_norm", 0, None, " (0 means no clipping)"), ("noise", 0, 5, ""), ("n_classes", 2, 10, "")):
        value = getattr(s, name)
        if value < low or (high is not None and value > high):
            allowed = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise CourseError(f"{name} must be {allowed}{note}, got {value}.")
    return s


class FunctionOptimizer(Optimizer):
    """Wraps a learner's update function new_p = fn(p, g, lr) as an optimizer (e.g. from an exercise)."""

    name = "custom"

    def __init__(self, fn, lr=0.01):
        super().__init__(lr)
        self.fn = fn

    def update(self, name, p, g):
        p[...] = checked_update(self.fn, p.copy(), g, self.lr, name)


def checked_update(fn, p, g, lr, name="p"):
    """new_p = fn(p, g, lr) for a learner's update function: an array of p's shape with finite numbers, or a
    message (a function that returns None would fill the weights with NaN; a number would set them all to it)."""
    new = fn(p, g, lr)
    if new is None:
        raise CourseError(f"Your optimizer function returned None for {name}. It must return the new parameters, "
                          "e.g. return p - lr * g (did you forget the return?).")
    arr = np.asarray(new)
    if arr.shape != p.shape:
        what = "a single number" if arr.ndim == 0 else f"shape {arr.shape}"
        raise CourseError(f"Your optimizer function returned {what} for {name} of shape {p.shape}. It must return "
                          "the new parameters with the same shape, e.g. return p - lr * g.")
    if arr.dtype.kind not in "biuf":
        raise CourseTypeError(f"Your optimizer function returned {describe(new)} for {name}, not numbers.")
    return arr


class LivePlay:
    """Play / Pause for a widget that trains: chunks of training driven from the kernel's event loop.

    A plain loop in a cell would receive no slider events until it ended. Here an asyncio task trains one chunk
    (`_advance`), then yields with a short sleep, so events (a slider moved, Pause) are handled between chunks.
    The class using it provides `_advance()`, `_finished()`, `_say(message)`, `playing`, `_view` and, once the
    view exists, a `_play_button` ToggleButton.
    """

    max_fps = 40.0

    def play(self, max_fps: float | None = None):
        """Start training in chunks from the event loop (needs a running Jupyter kernel)."""
        if self.playing or self._finished():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    loop = asyncio.get_event_loop()  # an older kernel whose loop runs around the cell
            except RuntimeError:
                loop = None
        if loop is None or not loop.is_running():
            message = ("Play needs a running Jupyter kernel (it trains between widget events); outside a notebook "
                       "use run(steps=200) instead.")
            if self._view is not None:
                self._say(message)
            raise CourseError(message)
        self.playing = True
        if self._view is not None:
            self._play_button.value = True
        self._task = loop.create_task(self._play_loop(1.0 / (max_fps or self.max_fps)))

    def pause(self):
        self.playing = False
        if self._view is not None and self._play_button.value:
            self._play_button.value = False

    async def _play_loop(self, frame_time, max_frames=None):
        frames = 0
        while self.playing and not self._finished():
            started = time.perf_counter()
            try:
                self._advance()
            except Exception as exc:  # shown in the status line; the loop stops instead of freezing the widget
                self._say(f"Training stopped: {type(exc).__name__}: {exc}")
                break
            frames += 1
            if max_frames is not None and frames >= max_frames:
                break
            # Yield to the kernel so slider events are handled between two chunks.
            await asyncio.sleep(max(0.001, frame_time - (time.perf_counter() - started)))
        self.pause()


def loss_axis_is_log(losses) -> bool:
    """A log loss axis when the finite positive losses span more than three powers of ten (an exploding run):
    on a linear axis everything below the largest value would sit on the floor."""
    values = np.asarray(losses, float)
    values = values[np.isfinite(values) & (values > 0)]
    return bool(values.size) and float(values.max()) > 1e3 * float(values.min())


class Playground(LivePlay):
    """A live, configurable training dashboard. See the module docstring.

    Playground(preset=None, controls="all", panels=("boundary", "curves"), custom_activation=None,
               custom_optimizer=None, scale=None, **settings)
      preset             a dict or string from `preset()` (settings given as keywords override it)
      controls           "all", or a list of control names (see CONTROLS)
      panels             any of "boundary", "units", "curves", "gradients", "histograms"
      custom_activation  an Activation (e.g. your own from an exercise), selectable as "custom"
      custom_optimizer   a function new_p = f(p, g, lr), selectable as optimizer "custom"
    """

    PANELS = ("boundary", "units", "curves", "gradients", "histograms")

    def __init__(self, preset=None, controls="all", panels=("boundary", "curves"), custom_activation=None,
                 custom_optimizer=None, scale=None, **settings):
        base = _settings_from_preset(preset) if preset is not None else Settings()
        unknown = set(settings) - {f.name for f in fields(Settings)}
        if unknown:
            raise unknown_name_error("setting", sorted(unknown)[0], [f.name for f in fields(Settings)])
        settings = {k: _normalise(k, v) for k, v in settings.items()}
        if custom_activation is not None and not isinstance(custom_activation, Activation):
            raise CourseTypeError(f"custom_activation must be an Activation('name', g, g_derivative), got "
                                  f"{describe(custom_activation)}. Wrap your functions: "
                                  "Activation('mine', my_g, my_g_derivative).")
        if custom_optimizer is not None:
            _check_update_function(custom_optimizer)
        self.custom_activation = custom_activation
        self.custom_optimizer = custom_optimizer
        self.settings = validate_settings(replace(base, **settings))
        if self.settings.optimizer == "custom" and custom_optimizer is None:
            raise CourseError("optimizer 'custom' needs your update function: "
                              "Playground(optimizer='custom', custom_optimizer=my_step).")
        if "custom" in self.settings.activations() and custom_activation is None:
            raise CourseError("activation 'custom' needs your activation: "
                              "Playground(activation='custom', custom_activation=Activation('mine', g, g_derivative)).")
        panels = check_name_list(panels, "panels", "['boundary', 'curves']")
        bad_panels = [p for p in panels if p not in self.PANELS]
        if bad_panels:
            raise unknown_name_error("panel", bad_panels[0], self.PANELS)
        self.panels = tuple(panels)
        if controls is None:
            controls = []
        controls = list(CONTROLS) if controls == "all" else check_name_list(controls, "controls", "['lr', 'layers']")
        self.control_names = list(controls)
        for name in self.control_names:
            if name not in CONTROLS:
                raise unknown_name_error("control", name, CONTROLS)
        self.scale = raster.DEFAULT_SCALE if scale is None else scale
        self.status = ""
        self.playing = False
        self._task = None
        self._view = None
        self._suspend = False  # True while controls are being synced, so their events are ignored
        self._frames_painted = 0
        self.reset()

    # =========================================================================================
    # Engine (no widgets needed)
    # =========================================================================================
    @property
    def task(self) -> str:
        """'binary', 'multiclass' or 'regression'."""
        if self.settings.dataset == "regression":
            return "regression"
        return "multiclass" if self.settings.dataset == "blobs" and self.settings.n_classes > 2 else "binary"

    def reset(self, reason: str | None = None):
        """New data (from data_seed) and a new network (from seed); step 0. `reason` goes to the status line."""
        self.pause()
        s = self.settings
        self._make_data()
        self.model = self._make_model()
        self.trainer = self._make_trainer()
        self._batch_rng = make_rng(s.seed + 1)
        self._batch_queue: list = []
        self.step_count = 0
        self._examples_seen = 0
        self.diverged = None
        self.diverged_step = None
        self.history = {"step": [], "epoch": [], "train_loss": [], "test_loss": [], "train_acc": [], "test_acc": []}
        self.grad_history = {"step": [], "norms": []}
        self._chunk_norms: list = []
        self._record()
        self.status = f"{reason} Network reset to step 0." if reason else "Ready: press Play (or Step)."
        self.render()
        return self

    def _make_data(self):
        s = self.settings
        if self.task == "regression":
            X, y = make_dataset("regression", n_samples=s.n_samples, noise=s.noise, seed=s.data_seed)
            self._inputs = lambda P: P  # 1-D: the input is x itself
        else:
            extra = {"n_classes": s.n_classes} if s.dataset == "blobs" else {}
            X, y = make_dataset(s.dataset, n_samples=s.n_samples, noise=s.noise, seed=s.data_seed, **extra)
            self._inputs = lambda P: expand_features(P, s.features)
        stratify = self.task != "regression"
        self.X_train, self.X_test, self.y_train, self.y_test = train_test_split(
            X, y, test_fraction=s.test_fraction, seed=s.data_seed, stratify=stratify)
        self.F_train, self.F_test = self._inputs(self.X_train), self._inputs(self.X_test)
        if self.task == "regression":
            self._grid = np.linspace(-1.1, 1.1, 200).reshape(-1, 1)
        else:
            # The square drawn: [-1.5, 1.5]² unless noisy points lie further out (then in steps of 0.5).
            self.limit = max(PLOT_LIMIT, float(np.ceil(np.abs(X).max() * 1.02 * 2) / 2))
            ticks = np.linspace(-self.limit, self.limit, GRID)
            gx, gy = np.meshgrid(ticks, ticks[::-1])  # row 0 at the top (largest x2)
            self._grid = np.c_[gx.ravel(), gy.ravel()]
        self._grid_inputs = self._inputs(self._grid)

    def _activation(self, name):
        return self.custom_activation if name == "custom" else name

    def _make_model(self) -> Sequential:
        s = self.settings
        init_name, init_kwargs = INITS[s.init]
        layers = []
        n_in = self.F_train.shape[1]
        for units, act in zip(s.hidden, s.activations(), strict=True):
            layers.append(Dense(int(units), activation=self._activation(act), kernel_init=init_name, **init_kwargs))
            layers.append(Dropout(s.dropout))
        out_units, out_act = {"binary": (1, "sigmoid"), "multiclass": (s.n_classes, "softmax"),
                              "regression": (1, "linear")}[self.task]
        layers.append(Dense(out_units, activation=out_act, kernel_init=init_name, **init_kwargs))
        model = Sequential(layers, seed=s.seed)
        model.build(n_in)
        return model

    def _make_optimizer(self):
        s = self.settings
        if s.optimizer == "custom":
            if self.custom_optimizer is None:
                raise CourseError("optimizer 'custom' needs Playground(custom_optimizer=your_update_function).")
            return FunctionOptimizer(self.custom_optimizer, lr=s.lr)
        extra = {}
        if s.optimizer in ("momentum", "nesterov"):
            extra = {"momentum": s.momentum}
        elif s.optimizer == "adam":
            extra = {"betas": (s.momentum, 0.999)}
        # RMSprop keeps its own smoothing constant alpha = 0.99 (PyTorch's default): it is not a momentum.
        return get_optimizer(s.optimizer, lr=s.lr, **extra)

    def _make_regularizer(self):
        s = self.settings
        if s.regularization == "none" or s.reg_rate == 0:
            return None
        if s.regularization == "L1 (proximal)":
            return L1(s.reg_rate, proximal=True)
        return (L1 if s.regularization == "L1" else L2)(s.reg_rate)

    def _make_trainer(self) -> Trainer:
        s = self.settings
        return Trainer(self.model, optimizer=self._make_optimizer(), regularizer=self._make_regularizer(),
                       clip_norm=s.clip_norm or None)

    # -- changing settings ----------------------------------------------------------------------
    def set(self, **changes):
        """Change settings. Live ones (lr, optimizer, momentum, batch_size, regularization, reg_rate, dropout,
        clip_norm, steps_per_frame) apply at the next step; data or architecture changes rebuild and reset."""
        changes = {k: _normalise(k, v) for k, v in changes.items()}
        unknown = set(changes) - {f.name for f in fields(Settings)}
        if unknown:
            raise unknown_name_error("setting", sorted(unknown)[0], [f.name for f in fields(Settings)])
        old = self.settings
        new = validate_settings(replace(old, **changes))
        changed = {k for k in changes if getattr(old, k) != getattr(new, k)}
        if not changed:
            return self
        if "optimizer" in changed and new.optimizer == "custom" and self.custom_optimizer is None:
            raise CourseError("optimizer 'custom' needs your update function: "
                              "Playground(optimizer='custom', custom_optimizer=my_step).")
        self.settings = new
        if changed & (DATA_KEYS | NETWORK_KEYS):
            what = "Data" if changed & DATA_KEYS else "Network"
            was_playing = self.playing
            try:
                self.reset(f"{what} changed ({', '.join(sorted(changed))}).")
            except CourseError:
                self.settings = old  # the experiment stays as it was
                self.reset()
                raise
            if was_playing:
                self.play()
        else:
            self._apply_live(changed)
            self._update_status_line(f"{', '.join(sorted(changed))} changed: training continues (no reset).")
        self._sync_controls()  # a change made in code shows on the sliders too
        return self

    def _apply_live(self, changed):
        s = self.settings
        opt = self.trainer.optimizer
        if "optimizer" in changed:
            self.trainer.optimizer = self._make_optimizer()
        else:
            if "lr" in changed:
                opt.lr = s.lr
            if "momentum" in changed:
                if hasattr(opt, "momentum"):
                    opt.momentum = s.momentum
                elif hasattr(opt, "betas"):
                    opt.betas = (s.momentum, opt.betas[1])
        if changed & {"regularization", "reg_rate"}:
            self.trainer.regularizer = self._make_regularizer()
        if "dropout" in changed:
            for layer in self.model.layers:
                if isinstance(layer, Dropout):
                    layer.rate = s.dropout
        if "clip_norm" in changed:
            self.trainer.clip_norm = s.clip_norm or None
        if "batch_size" in changed:
            self._batch_queue = []

    # -- training ---------------------------------------------------------------------------------
    def _next_batch(self):
        """Indices of the next mini-batch: each epoch is a fresh seeded shuffle, split into batches."""
        m = len(self.F_train)
        size = self.settings.batch_size or m
        if not self._batch_queue:
            order = self._batch_rng.permutation(m) if size < m else np.arange(m)
            self._batch_queue = [order[i:i + size] for i in range(0, m, size)]
        return self._batch_queue.pop(0)

    @property
    def epoch(self) -> float:
        """Epochs trained so far (examples seen / training-set size)."""
        return self._examples_seen / len(self.F_train)

    def step(self, n: int = 1):
        """Train n mini-batch steps (stops early, with a message, if the loss diverges). Records metrics once."""
        if self.diverged:
            self._update_status_line(self.diverged)
            return self
        for _ in range(int(n)):
            idx = self._next_batch()
            try:
                self.trainer.train_step(self.F_train[idx], self.y_train[idx])
            except TrainingDiverged as exc:
                self._stop_diverged(exc)
                break
            self.step_count += 1
            self._examples_seen += len(idx)
            self._record_gradients()
        self._record()
        self._update_status_line()
        return self

    def run(self, steps: int = 200):
        """Train `steps` steps headless, in chunks of steps_per_frame (recording after each), then draw once.

        Deterministic: the same settings give the same history. Returns self, so it displays in a notebook.
        """
        remaining = int(steps)
        while remaining > 0 and not self.diverged:
            chunk = min(self.settings.steps_per_frame, remaining)
            self.step(chunk)
            remaining -= chunk
        self.render()
        return self

    def _stop_diverged(self, exc):
        """Stop training with the diagnosis of a diverged run (course_lib.diagnosis) as the message."""
        self.diverged = (exc.verdict.short() if exc.verdict is not None else str(exc)) + " Then press Reset."
        self.diverged_step = exc.step
        self.pause()

    def _record(self):
        train_loss, train_acc = self.trainer.evaluate(self.F_train, self.y_train)
        test_loss, test_acc = self.trainer.evaluate(self.F_test, self.y_test)
        if not self.diverged:
            try:  # the last step may have made the weights NaN (or run away): say so now, not one step later
                self.trainer.check_loss(train_loss, self.F_train, after_step=True)
            except TrainingDiverged as exc:
                self._stop_diverged(exc)
        h = self.history
        h["step"].append(self.step_count)
        h["epoch"].append(self.epoch)
        h["train_loss"].append(train_loss)
        h["test_loss"].append(test_loss)
        h["train_acc"].append(train_acc)
        h["test_acc"].append(test_acc)
        if self._chunk_norms:
            self.grad_history["step"].append(self.step_count)
            self.grad_history["norms"].append(np.mean(self._chunk_norms, axis=0).tolist())
            self._chunk_norms = []

    def _record_gradients(self):
        """Remember |dW| of every Dense layer for this step; _record averages them per chunk (less noisy)."""
        grads = [layer.grads["W"] for layer in self.model.layers if isinstance(layer, Dense)]
        with np.errstate(over="ignore", invalid="ignore"):  # exploding gradients give inf, said in words elsewhere
            self._chunk_norms.append([float(np.linalg.norm(g)) for g in grads])

    # -- reading the state --------------------------------------------------------------------------
    def preset(self, as_string: bool = False):
        """Every setting and the seeds: Playground.from_preset(playground.preset()) rebuilds the same experiment."""
        d = asdict(self.settings)
        d["features"], d["hidden"] = list(d["features"]), list(d["hidden"])
        if not isinstance(d["activation"], str):
            d["activation"] = list(d["activation"])
        return json.dumps(d, separators=(",", ":")) if as_string else d

    @classmethod
    def from_preset(cls, preset, **kwargs):
        """Rebuild a playground from preset() output (dict or string); keyword arguments as for Playground."""
        return cls(preset=preset, **kwargs)

    def summary(self) -> str:
        """One line: what is trained, where it is, and how well it does (the playground's text output)."""
        s, h = self.settings, self.history
        arch = "-".join(str(n) for n in (self.F_train.shape[1], *s.hidden, self.model.output_dim))
        if not s.hidden:
            acts = "(no hidden layer)"
        else:
            acts = s.activation if isinstance(s.activation, str) else "/".join(s.activations())
        parts = [f"Playground: {s.dataset}, {arch} {acts}, {s.optimizer} lr={s.lr:g}",
                 f"step {self.step_count} (epoch {self.epoch:.1f})",
                 f"loss train {_num(h['train_loss'][-1])} / test {_num(h['test_loss'][-1])}"]
        if self.task != "regression":
            parts.append(f"accuracy train {_pct(h['train_acc'][-1])} / test {_pct(h['test_acc'][-1])}")
        if self.diverged:
            parts.append(self.diverged)
        return " · ".join(parts)

    def __repr__(self):
        return self.summary()

    def dead_units(self) -> list[int]:
        """Per hidden layer: how many units output 0 for every training example (dead ReLUs)."""
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged network (NaN weights) warns nothing
            outputs = self.model.layer_outputs(self.F_train)
        dense_idx = [i for i, layer in enumerate(self.model.layers) if isinstance(layer, Dense)][:-1]
        return [int(np.sum(np.all(outputs[i] == 0, axis=0))) for i in dense_idx]

    # =========================================================================================
    # Pictures
    # =========================================================================================
    def frames(self) -> dict:
        """The current picture of every configured panel, as PIL images (what the widget shows)."""
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged network (NaN weights) still draws, silently
            return self._frames()

    def _frames(self) -> dict:
        out = {}
        need_grid = {"boundary", "units"} & set(self.panels)
        grid_outputs = self.model.layer_outputs(self._grid_inputs) if need_grid else None
        sc = self.scale
        if "boundary" in self.panels:
            out["boundary"] = self._boundary_frame(grid_outputs[-1], sc)
        if "units" in self.panels and self.task != "regression":
            maps = [o.T.reshape(-1, GRID, GRID) for o, layer in zip(grid_outputs, self.model.layers, strict=True)
                    if isinstance(layer, Dense)][:-1]
            out["units"] = raster.unit_grid(maps or [np.zeros((1, GRID, GRID))], scale=sc)
        if "curves" in self.panels:
            out["curves"] = self._curves_frame(sc)
        if "gradients" in self.panels:
            out["gradients"] = self._gradients_frame(sc)
        if "histograms" in self.panels:
            outputs = self.model.layer_outputs(self.F_train)
            dense = [o for o, layer in zip(outputs, self.model.layers, strict=True) if isinstance(layer, Dense)][:-1]
            names = [f"h{i + 1}" for i in range(len(dense))]
            out["histograms"] = raster.histogram_strip(dense or [np.zeros(1)], names or ["(no hidden layer)"],
                                                       width=360, height=130, title="activations per hidden layer",
                                                       scale=sc)
        return out

    def _boundary_frame(self, probs, sc):
        if self.task == "regression":
            y_all = np.r_[self.y_train.ravel(), self.y_test.ravel()]
            lo, hi = float(y_all.min()), float(y_all.max())
            pad = 0.25 * (hi - lo + 1e-9)
            return raster.curve_image(self.X_train.ravel(), self.y_train.ravel(), self._grid.ravel(), probs.ravel(),
                                      (-1.1, 1.1), (lo - pad, hi + pad), size=300, scale=sc)
        if self.task == "multiclass":
            field = raster.multiclass_field(probs.reshape(GRID, GRID, -1))
        else:
            field = raster.binary_field(probs.reshape(GRID, GRID))
        return raster.boundary_image(field, (self.X_train, self.y_train), (self.X_test, self.y_test), self.limit,
                                     size=300, scale=sc)

    def _curves_frame(self, sc):
        h = self.history
        log_y = loss_axis_is_log(h["train_loss"] + h["test_loss"])
        loss = raster.line_chart([("train", h["step"], h["train_loss"], raster.SERIES_COLORS[0], False),
                                  ("test", h["step"], h["test_loss"], raster.SERIES_COLORS[1], True)],
                                 width=300, height=150, title="loss (log scale)" if log_y else "loss", scale=sc,
                                 log_y=log_y)
        if self.task == "regression":
            return loss
        acc = raster.line_chart([("train", h["step"], h["train_acc"], raster.SERIES_COLORS[0], False),
                                 ("test", h["step"], h["test_acc"], raster.SERIES_COLORS[1], True)],
                                width=300, height=150, title="accuracy", scale=sc, y_range=(0.0, 1.0))
        return raster.stacked([loss, acc])

    def _gradients_frame(self, sc):
        g = self.grad_history
        norms = np.array(g["norms"]) if g["norms"] else np.zeros((0, 0))
        n_layers = norms.shape[1] if norms.size else 0
        series = []
        for i in range(n_layers):
            label = "out" if i == n_layers - 1 else f"h{i + 1}"
            # 8 colours; layers beyond the eighth reuse them, drawn dashed
            series.append((label, g["step"], norms[:, i], raster.SERIES_COLORS[i % 8], i >= 8))
        return raster.line_chart(series, width=300, height=190, title="|dW| per layer",
                                 log_y=True, scale=sc)

    def render(self):
        """Repaint the widget's images (no-op when no widget has been shown)."""
        if self._view is None:
            return
        for name, image in self.frames().items():
            widget = self._images[name]
            widget.value = raster.png_bytes(image)
            # Show at the picture's own size: stretched to a wider neighbour it would look blurred.
            width = f"{image.width}px"
            if widget.layout.width != width:
                widget.layout.width = width
        self._frames_painted += 1
        self._status_html.value = self._status_text()

    # =========================================================================================
    # Widget
    # =========================================================================================
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._view is None:
            self._build_view()
            self.render()
        return self._view

    @property
    def controls(self) -> dict:
        """name -> ipywidgets control, e.g. playground.controls["lr"].value = 0.1 (what a slider move does)."""
        self.widget  # noqa: B018 - builds the view
        return self._controls

    def _build_view(self):
        import ipywidgets as W

        self._controls = {}
        rows = []
        for name in self.control_names:
            widget = CONTROLS[name](self, W)
            self._controls[name] = widget
        self._images = {name: W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
                        for name in self.panels}
        buttons = self._buttons(W)
        self._status_html = W.HTML(layout=W.Layout(min_height="2.6em"))
        groups = {"data": [], "network": [], "training": []}
        for name, widget in self._controls.items():
            groups[CONTROL_GROUP[name]].append(widget)
        for title, items in groups.items():
            if items:
                rows.append(W.VBox([W.HTML(f"<b>{title}</b>"), *items],
                                   layout=W.Layout(min_width=scaled_px(266), margin="0 8px 0 0")))
        pictures = [self._images[p] for p in ("boundary", "curves", "units", "gradients", "histograms")
                    if p in self._images]
        # At most two groups of controls side by side, then the pictures, left to right as far as the page is wide
        # (on a slide the controls, the boundary and the curves share one row), the rest on the next row.
        controls = W.HBox(rows, layout=W.Layout(flex_flow="row wrap", max_width=scaled_px(560)))
        self._view = W.VBox([buttons, self._status_html,
                             W.HBox([controls, *pictures], layout=W.Layout(flex_flow="row wrap",
                                                                           align_items="flex-start"))])
        self._view.add_class("course-playground")

    def _buttons(self, W):
        self._play_button = W.ToggleButton(value=False, description="Play", icon="play", tooltip="Play / Pause")
        step = W.Button(description="Step", icon="step-forward", tooltip="Train one chunk of steps")
        reset = W.Button(description="Reset", icon="undo", tooltip="New weights (same seed), step 0")
        regen = W.Button(description="New data", icon="random", tooltip="Draw new data (next data_seed)")

        def on_play(change):
            if change["new"]:
                self.play()
            else:
                self.pause()

        self._play_button.observe(on_play, "value")
        step.on_click(lambda _: (self.step(self.settings.steps_per_frame), self.render()))
        reset.on_click(lambda _: self.reset("Reset pressed."))
        regen.on_click(lambda _: self._set_from_control("data_seed", self.settings.data_seed + 1))
        return W.HBox([self._play_button, step, reset, regen])

    def _set_from_control(self, key, value):
        if self._suspend:
            return
        try:
            self.set(**{key: value})
        except CourseError as exc:
            self._update_status_line(f"Not applied: {exc}")
            self._sync_controls()  # put the control back to the setting in force (set() syncs on success)
        if not self.playing:  # while playing, the next frame (a few ms away) shows the change
            self.render()

    def _sync_controls(self):
        """Make every control show the current settings (after a preset or a reset)."""
        if self._view is None:
            return
        self._suspend = True
        try:
            for name, widget in self._controls.items():
                SYNC[name](self, widget)
        finally:
            self._suspend = False

    def _status_text(self):
        color = "#D55E00" if self.diverged else "#333"
        return f'<span style="color:{color}">{self.summary()}<br>{self.status}</span>'

    def _update_status_line(self, message=None):
        if message is not None:
            self.status = message
        if self._view is not None:
            self._status_html.value = self._status_text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.summary()  # what nbval compares: computed, deterministic
        # A still picture of the current state, shown where no widget can be (GitHub, nbviewer, a saved file).
        bundle["image/png"] = base64.b64encode(raster.png_bytes(raster.side_by_side(list(self.frames().values()))))\
            .decode("ascii")
        return bundle

    # -- live play ----------------------------------------------------------------------------------
    # -- live play (LivePlay) ------------------------------------------------------------------------
    max_fps = 40.0

    def _finished(self) -> bool:
        return bool(self.diverged)

    def _advance(self):
        self.step(self.settings.steps_per_frame)
        self.render()

    def _say(self, message):
        self._update_status_line(message)


# =============================================================================================
# Controls: each maker builds one widget wired to Playground.set; each sync shows the current value.
# =============================================================================================
def _slider_row(W, widget):
    widget.layout = W.Layout(width=scaled_px(266))
    widget.style = {"description_width": scaled_px(100)}
    return widget


def _within_one_step(widget, old, new) -> bool:
    """True when a float slider reports `new` only because it snapped `old` to its grid of steps.

    A front end may echo a value back rounded to the slider's step (0.03 on a log slider becomes 0.0316);
    that is not the learner moving it, so it must not change the experiment.
    """
    if not isinstance(old, float) or not isinstance(new, float) or not hasattr(widget, "step"):
        return False
    if type(widget).__name__ == "FloatLogSlider":
        return old > 0 and new > 0 and abs(np.log10(new) - np.log10(old)) <= widget.step / 2 + 1e-9
    return abs(new - old) <= widget.step / 2 + 1e-12


def _bind(playground, widget, key, convert=lambda v: v):
    def on_change(change):
        new = convert(change["new"])
        if not _within_one_step(widget, getattr(playground.settings, key), new):
            playground._set_from_control(key, new)

    widget.observe(on_change, "value")
    return widget


def _make_dataset(playground, W):
    menu = W.Dropdown(options=DATASETS, value=playground.settings.dataset, description="data")
    return _bind(playground, _slider_row(W, menu), "dataset")


def _make_noise(playground, W):
    slider = W.FloatSlider(value=playground.settings.noise, min=0, max=0.5, step=0.05, description="noise")
    return _bind(playground, _slider_row(W, slider), "noise")


def _make_test_fraction(playground, W):
    slider = W.FloatSlider(value=playground.settings.test_fraction, min=0.1, max=0.9, step=0.1,
                           description="test share")
    return _bind(playground, _slider_row(W, slider), "test_fraction")


def _make_n_samples(playground, W):
    slider = W.IntSlider(value=playground.settings.n_samples, min=20, max=1000, step=20, description="points")
    return _bind(playground, _slider_row(W, slider), "n_samples")


def _make_n_classes(playground, W):
    slider = W.IntSlider(value=playground.settings.n_classes, min=2, max=6, description="classes")
    return _bind(playground, _slider_row(W, slider), "n_classes")


def _make_features(playground, W):
    menu = W.SelectMultiple(options=FEATURE_NAMES, value=tuple(playground.settings.features), rows=4,
                            description="features")
    return _bind(playground, _slider_row(W, menu), "features", lambda v: tuple(v) if v else ("x1",))


def _make_layers(playground, W):
    slider = W.IntSlider(value=len(playground.settings.hidden), min=0, max=MAX_LAYERS, description="hidden layers")
    return _bind(playground, _slider_row(W, slider), "hidden", lambda n: _resize_hidden(playground.settings.hidden, n))


def _make_units(playground, W):
    """One column per hidden layer: a vertical units slider (1-32) and that layer's activation.

    Columns beyond the layer count are hidden. The "activation" control sets every layer at once; these set one.
    """
    options = [(ACTIVATION_LABELS.get(a, a), a) for a in HIDDEN_ACTIVATIONS]
    if playground.custom_activation is not None:
        options.append(("custom", "custom"))
    sliders = [W.IntSlider(min=1, max=MAX_UNITS, orientation="vertical", description=f"h{i + 1}",
                           layout=W.Layout(width=scaled_px(56), height=scaled_px(140))) for i in range(MAX_LAYERS)]
    menus = [W.Dropdown(options=options, layout=W.Layout(width=scaled_px(56))) for _ in range(MAX_LAYERS)]
    columns = [W.VBox([s, m], layout=W.Layout(width=scaled_px(58))) for s, m in zip(sliders, menus, strict=True)]
    box = W.HBox(columns)
    box.sliders, box.menus, box.columns = sliders, menus, columns
    for i, (slider, menu) in enumerate(zip(sliders, menus, strict=True)):
        slider.observe(lambda change, i=i: playground._set_from_control(
            "hidden", _with_units(playground.settings.hidden, i, change["new"])), "value")
        menu.observe(lambda change, i=i: playground._set_from_control(
            "activation", _with_activation(playground.settings.activations(), i, change["new"])), "value")
    _sync_units(playground, box)
    return box


def _with_activation(activations, i, name):
    """Per-layer activations with layer i changed; one name when they all agree."""
    acts = list(activations)
    if i < len(acts):
        acts[i] = name
    return acts[0] if acts and len(set(acts)) == 1 else tuple(acts)


ACTIVATION_LABELS = {"sigmoid": "sigm", "tanh": "tanh", "relu": "relu", "leaky_relu": "leaky", "linear": "lin"}


def _make_activation(playground, W):
    s = playground.settings
    options = HIDDEN_ACTIVATIONS + (["custom"] if playground.custom_activation is not None else [])
    value = s.activation if isinstance(s.activation, str) else s.activations()[0]
    menu = W.Dropdown(options=options, value=value, description="activation")
    return _bind(playground, _slider_row(W, menu), "activation")


def _make_init(playground, W):
    menu = W.Dropdown(options=list(INITS), value=playground.settings.init, description="init")
    return _bind(playground, _slider_row(W, menu), "init")


def _make_optimizer(playground, W):
    options = OPTIMIZER_NAMES + (["custom"] if playground.custom_optimizer is not None else [])
    menu = W.Dropdown(options=options, value=playground.settings.optimizer, description="optimizer")
    return _bind(playground, _slider_row(W, menu), "optimizer")


def _make_lr(playground, W):
    slider = W.FloatLogSlider(value=playground.settings.lr, base=10, min=-5, max=1, step=0.1, readout_format=".1e",
                              description="learning rate")
    return _bind(playground, _slider_row(W, slider), "lr", lambda v: float(np.clip(v, *LR_RANGE)))


def _make_momentum(playground, W):
    slider = W.FloatSlider(value=playground.settings.momentum, min=0, max=0.99, step=0.01, description="momentum/β1")
    return _bind(playground, _slider_row(W, slider), "momentum")


def _make_batch_size(playground, W):
    labels = [(("full" if b == 0 else str(b)), b) for b in BATCH_SIZES]
    value = playground.settings.batch_size if playground.settings.batch_size in BATCH_SIZES else 0
    slider = W.SelectionSlider(options=labels, value=value, description="batch size")
    return _bind(playground, _slider_row(W, slider), "batch_size")


def _make_regularization(playground, W):
    menu = W.Dropdown(options=REGULARIZATIONS, value=playground.settings.regularization, description="regularise")
    return _bind(playground, _slider_row(W, menu), "regularization")


def _make_reg_rate(playground, W):
    slider = W.FloatLogSlider(value=max(playground.settings.reg_rate, 1e-5), base=10, min=-5, max=0, step=0.25,
                              readout_format=".0e", description="reg. rate")
    return _bind(playground, _slider_row(W, slider), "reg_rate")


def _make_dropout(playground, W):
    slider = W.FloatSlider(value=playground.settings.dropout, min=0, max=0.9, step=0.05, description="dropout")
    return _bind(playground, _slider_row(W, slider), "dropout")


def _make_seed(playground, W):
    box = W.BoundedIntText(value=playground.settings.seed, min=0, max=10**6, description="seed")
    return _bind(playground, _slider_row(W, box), "seed")


def _make_clip_norm(playground, W):
    """Gradient clipping by the global norm; 0 = off."""
    slider = W.FloatSlider(value=min(playground.settings.clip_norm, 5.0), min=0, max=5, step=0.1,
                           description="clip norm")
    return _bind(playground, _slider_row(W, slider), "clip_norm")


def _make_steps_per_frame(playground, W):
    slider = W.IntSlider(value=playground.settings.steps_per_frame, min=1, max=50, description="steps/frame")
    return _bind(playground, _slider_row(W, slider), "steps_per_frame")


def _resize_hidden(hidden, n):
    hidden = tuple(hidden)
    fill = hidden[-1] if hidden else 4
    return (hidden + (fill,) * MAX_LAYERS)[:n]


def _with_units(hidden, i, units):
    hidden = list(hidden)
    if i < len(hidden):
        hidden[i] = units
    return tuple(hidden)


def _sync_units(playground, box):
    activations = playground.settings.activations()
    for i, (column, slider, menu) in enumerate(zip(box.columns, box.sliders, box.menus, strict=True)):
        visible = i < len(playground.settings.hidden)
        column.layout.display = None if visible else "none"
        if visible:
            slider.value = int(playground.settings.hidden[i])
            menu.value = activations[i]


def _set_value(attr):
    def sync(playground, widget):
        value = getattr(playground.settings, attr)
        if attr == "features":
            value = tuple(value)
        elif attr == "activation" and not isinstance(value, str):
            value = value[0]
        elif attr == "reg_rate":
            value = max(value, 1e-5)
        widget.value = value
    return sync


CONTROLS = {
    "dataset": _make_dataset, "noise": _make_noise, "test_fraction": _make_test_fraction,
    "n_samples": _make_n_samples, "n_classes": _make_n_classes, "features": _make_features,
    "layers": _make_layers, "units": _make_units, "activation": _make_activation, "init": _make_init,
    "optimizer": _make_optimizer, "lr": _make_lr, "momentum": _make_momentum, "batch_size": _make_batch_size,
    "regularization": _make_regularization, "reg_rate": _make_reg_rate, "dropout": _make_dropout,
    "seed": _make_seed, "steps_per_frame": _make_steps_per_frame, "clip_norm": _make_clip_norm,
}
CONTROL_GROUP = {name: "data" for name in ("dataset", "noise", "test_fraction", "n_samples", "n_classes",
                                           "features")}
CONTROL_GROUP.update({name: "network" for name in ("layers", "units", "activation", "init", "seed")})
CONTROL_GROUP.update({name: "training" for name in ("optimizer", "lr", "momentum", "batch_size", "clip_norm",
                                                    "regularization", "reg_rate", "dropout", "steps_per_frame")})
SYNC = {name: _set_value(name) for name in CONTROLS}
SYNC["layers"] = lambda playground, w: setattr(w, "value", len(playground.settings.hidden))
SYNC["units"] = _sync_units


# =============================================================================================
# Helpers
# =============================================================================================
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
        raise CourseTypeError(f"hidden lists the units of each hidden layer, got the single number {value}: write "
                              f"hidden=({value},) for one layer of {value} units, or hidden=({value}, {value}) for "
                              "two.")
    if isinstance(value, str):
        raise CourseTypeError(f"hidden lists the units of each hidden layer as numbers, got the text {value!r}: "
                              "write e.g. hidden=(16, 16) for two layers of 16 units.")
    raise CourseTypeError(f"hidden lists the units of each hidden layer, e.g. hidden=(16, 16), got {describe(value)}.")


def _check_update_function(fn):
    """custom_optimizer: a function new_p = fn(p, g, lr), tried once on a small array so a mistake shows now."""
    if not callable(fn):
        raise CourseTypeError(f"custom_optimizer must be a function new_p = f(p, g, lr), got {describe(fn)}.")
    p, g = np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, -0.3])
    try:
        checked_update(fn, p.copy(), g.copy(), 0.1)
    except CourseError:
        raise
    except Exception as exc:
        raise CourseError(f"Your custom_optimizer raised {type(exc).__name__} ({exc}) when called as f(p, g, lr) "
                          "with numpy arrays p and g. It must take the parameters, their gradient and the learning "
                          "rate, and return the new parameters, e.g. def step(p, g, lr): return p - lr * g.") from None


def _settings_from_preset(preset) -> Settings:
    if isinstance(preset, Settings):
        return preset
    if isinstance(preset, str):
        try:
            preset = json.loads(preset)
        except json.JSONDecodeError:
            raise CourseError("A preset string must be the text that playground.preset(as_string=True) "
                              "returned.") from None
    if not isinstance(preset, dict):
        raise CourseError(f"preset must be a dict or string from playground.preset(), got {type(preset).__name__}.")
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





# =============================================================================================
# A matplotlib figure driven by controls (for lesson visuals the playground does not draw)
# =============================================================================================
class InteractiveFigure:
    """A matplotlib drawing redrawn whenever one of its controls moves.

        view = InteractiveFigure(draw, {"w1": W.FloatSlider(...), "b": W.FloatSlider(...)}, figsize=(6, 4))
        view              # live: controls + picture + a text line; elsewhere: a still PNG and that text line

    draw(fig, **values) draws on a cleared matplotlib Figure (values: each control's current value under its
    name) and may return a one-line text. It runs once when the object is made, so a notebook's stored output
    is the real picture at the default values; the text is the plain-text output nbval compares. An error
    inside draw is shown in the text line (the controls keep working) instead of vanishing into a log.
    """

    def __init__(self, draw, controls: dict, figsize=None):
        from matplotlib.figure import Figure

        if not callable(draw):
            raise CourseTypeError(f"InteractiveFigure needs a drawing function draw(fig, **values), got "
                                  f"{describe(draw)}.")
        if not isinstance(controls, dict) or not all(hasattr(c, "value") for c in controls.values()):
            raise CourseTypeError("controls must be a dict {name: widget}, e.g. {'w': ipywidgets.FloatSlider(...)}, "
                                  f"got {describe(controls)}.")
        from course_lib import plots

        self.draw_fn = draw
        self.controls = dict(controls)
        scale = plots.FONT_SCALE["value"]  # presenter mode: the figure grows with its fonts
        self.figure = Figure(figsize=None if figsize is None else (figsize[0] * scale, figsize[1] * scale),
                             layout="constrained")
        self.text, self.png = "", b""
        self._view = None
        self.redraw()

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self):
        """Draw again from the controls' current values (what a slider move does)."""
        import io

        self.figure.clear()
        try:
            text = self.draw_fn(self.figure, **self.values)
            self.text = "" if text is None else str(text)
        except Exception as exc:  # keep the widget alive and say what went wrong
            self.figure.clear()
            self.text = f"Could not draw: {type(exc).__name__}: {exc}"
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self.png = buffer.getvalue()
        if self._view is not None:
            import html

            show_png(self._image, self.png)
            self._text.value = html.escape(self.text)
        return self

    @property
    def widget(self):
        if self._view is None:
            import html

            import ipywidgets as W

            self._image = W.Image(format="png", layout=W.Layout(max_width="100%"))
            show_png(self._image, self.png)
            width = self.figure.get_figwidth() * self.figure.dpi
            self._text = W.HTML(html.escape(self.text), layout=W.Layout(max_width=f"{width:.0f}px"))
            for control in self.controls.values():
                control.observe(lambda _change: self.redraw(), "value")
            controls = list(self.controls.values())
            _fit_descriptions(controls, W)
            if width <= 860 * raster.DEFAULT_SCALE:
                # a narrow figure: the controls in a column beside it (a slide is wide, not tall)
                self._view = W.HBox([W.VBox(controls), W.VBox([self._image, self._text])],
                                    layout=W.Layout(flex_flow="row wrap", align_items="flex-start"))
            else:
                self._view = W.VBox([W.HBox(controls, layout=W.Layout(flex_flow="row wrap")), self._image,
                                     self._text])
        return self._view

    def __repr__(self):
        return self.text or "InteractiveFigure"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


# =============================================================================================
# Small learner widgets: quiz questions, answers on demand, solutions on demand
# =============================================================================================
class Quiz:
    """A multiple-choice "check your understanding" question, checked when the learner presses Check.

    Quiz("05-zero-gradient")                      — a question of the course, by its id (course_lib.questions)
    Quiz(question, options, answer, explanation="")  — your own question; answer is the index of the right option
    Without a front end it shows as plain text (question and options, never the answer), so the output is stable.
    """

    def __init__(self, question: str, options: list | None = None, answer: int | None = None,
                 explanation: str = ""):
        self.id = None
        if options is None and answer is None:
            from course_lib.questions import MultipleChoice, get_question

            stored = get_question(question, MultipleChoice)
            self.id = question
            question, options, answer, explanation = (stored.question, stored.options, stored.answer,
                                                      stored.explanation)
        if options is None or answer is None:
            raise CourseError("Quiz needs a question id (Quiz('05-zero-gradient')), or a question, its options and "
                              "the index of the right answer.")
        if not isinstance(options, list | tuple) or len(options) < 2:
            raise CourseTypeError(f"options must be a list of at least two answers, e.g. ['yes', 'no'], got "
                                  f"{describe(options)}.")
        if isinstance(answer, bool) or not isinstance(answer, int | np.integer) or not 0 <= answer < len(options):
            hint = " (the position of the right option, counting from 0)" if isinstance(answer, str) else ""
            raise CourseError(f"answer must be an index into options (0..{len(options) - 1}){hint}, got "
                              f"{describe(answer)}.")
        self.question, self.options, self.answer, self.explanation = question, list(options), answer, explanation
        self._view = None

    def check(self, choice: int) -> str:
        """Feedback for option `choice` (what the Check button shows)."""
        if choice is None:
            return "Pick an answer first."
        if choice == self.answer:
            return "✅ Correct. " + self.explanation
        return "❌ Not quite — think again, then try another option."

    def _build(self):
        import ipywidgets as W

        radio = W.RadioButtons(options=[(o, i) for i, o in enumerate(self.options)], value=None,
                               layout=W.Layout(width="auto"))
        button = W.Button(description="Check", button_style="primary")
        feedback = W.HTML()
        button.on_click(lambda _: setattr(feedback, "value", self.check(radio.value)))
        self._radio, self._feedback = radio, feedback
        self._view = W.VBox([W.HTML(f"<b>{self.question}</b>"), radio, W.HBox([button, feedback])])
        return self._view

    def __repr__(self):
        lines = [self.question] + [f"  ({chr(97 + i)}) {o}" for i, o in enumerate(self.options)]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = (self._view or self._build())._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle


class Reveal:
    """A question whose answer stays hidden until the learner clicks "Show answer".

    Reveal("05-minibatch")       — a question of the course, by its id (course_lib.questions)
    Reveal(question, answer)     — your own question and its answer (may hold simple HTML)
    """

    def __init__(self, question: str, answer: str | None = None, button_label: str = "Show answer"):
        self.id = None
        if answer is None:
            from course_lib.questions import OpenQuestion, get_question

            stored = get_question(question, OpenQuestion)
            self.id = question
            question, answer = stored.question, stored.answer
        self.question, self.answer, self.button_label = question, answer, button_label
        self._view = None

    def _build(self):
        import ipywidgets as W

        answer = W.HTML(f"<div style='padding:4px 8px;border-left:3px solid #0072B2'>{self.answer}</div>")
        answer.layout.display = "none"
        button = W.Button(description=self.button_label)

        def toggle(_):
            hidden = answer.layout.display == "none"
            answer.layout.display = None if hidden else "none"
            button.description = "Hide answer" if hidden else self.button_label

        button.on_click(toggle)
        self._view = W.VBox([W.HTML(f"<b>{self.question}</b>"), button, answer])
        return self._view

    def __repr__(self):
        return f"{self.question}\n  [{self.button_label}]"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = (self._view or self._build())._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle


def solution_button(name: str) -> Reveal:
    """A button that reveals the reference solution of exercise `name` (for a learner who is stuck)."""
    import html

    from course_lib.exercises.core import solution_source

    code = html.escape(solution_source(name))
    return Reveal(f"Stuck on {name}? Try for a few minutes first.", f"<pre>{code}</pre>", "Show solution")


# =============================================================================================
# Race: several playgrounds, same data and seed, trained in lockstep (lesson 05's optimizer race)
# =============================================================================================
class Race(LivePlay):
    """Several Playgrounds on the same data with the same initial weights, stepped together, one loss chart.

        race = Race({"SGD": {"optimizer": "sgd"}, "Adam": {"optimizer": "adam"}},
                    dataset="moons", hidden=(8, 8), lr=0.05)
        race.run(steps=300)      # headless and deterministic (what nbval and the tests execute)
        race                     # the widget: Play / Pause / Step / Reset and one learning-rate slider for all

    contenders  {label: settings that differ, e.g. {"optimizer": "momentum", "momentum": 0.9}}, or a list of
                optimizer names (each its own label)
    lr          the learning rate every contender uses; the slider changes it for all, while training runs
    colors      {label: "#RRGGBB"} for the curves (default: the course's series colours in order)
    **common    settings shared by every contender (data set, network, seed, batch size, ...)

    The chart shows each contender's training loss against the step; under it, a small picture of each
    contender's decision boundary (or fitted curve).
    """

    def __init__(self, contenders, lr: float = 0.03, colors: dict | None = None, log_y: bool = False,
                 steps_per_frame: int = 5, scale=None, **common):
        if isinstance(contenders, list | tuple):
            contenders = {name: {"optimizer": name} for name in contenders}
        if not isinstance(contenders, dict) or not contenders:
            raise CourseError("contenders must be a dict {label: settings} or a list of optimizer names.")
        for label, extra in contenders.items():
            if not isinstance(extra, dict):
                raise CourseError(f"contender {label!r}: give its settings as a dict, e.g. {{'optimizer': 'adam'}}.")
            if "lr" in extra or "steps_per_frame" in extra:
                raise CourseError(f"contender {label!r}: lr and steps_per_frame are shared by the whole race; "
                                  "pass them to Race(...) instead.")
            own_data = sorted(set(extra) & (DATA_KEYS - {"features"}))
            if own_data:
                raise CourseError(f"contender {label!r} sets {', '.join(own_data)}: in a race every contender trains "
                                  "on the same data, or the curves cannot be compared. Pass "
                                  f"{', '.join(f'{k}=...' for k in own_data)} to Race(...) for all of them.")
        if "lr" in common:
            raise CourseError("pass the learning rate as Race(..., lr=...).")
        self.scale = raster.DEFAULT_SCALE if scale is None else scale
        self.log_y = bool(log_y)
        self.colors = {label: (colors or {}).get(label, raster.SERIES_COLORS[i % len(raster.SERIES_COLORS)])
                       for i, label in enumerate(contenders)}
        self.players = {label: Playground(controls=[], panels=("boundary",), scale=self.scale,
                                          **{**common, **extra, "lr": lr, "steps_per_frame": steps_per_frame})
                        for label, extra in contenders.items()}
        self.status = "Ready: press Play (or Step)."
        self.playing = False
        self._task = None
        self._view = None

    # -- engine -------------------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        return next(iter(self.players.values())).settings.lr

    @property
    def steps_per_frame(self) -> int:
        return next(iter(self.players.values())).settings.steps_per_frame

    @property
    def step_count(self) -> int:
        return max(p.step_count for p in self.players.values())

    def set_lr(self, lr: float):
        """Give every contender learning rate `lr` from the next step on (no reset: weights and state stay)."""
        for player in self.players.values():
            player.set(lr=float(lr))
        self.status = f"learning rate {self.lr:g} for all: training continues (no reset)."
        self._update_view()
        return self

    def step(self, n: int = 1):
        """Every contender trains n steps (a diverged one stays where it stopped)."""
        for player in self.players.values():
            if not player.diverged:
                player.step(n)
        self._update_view()
        return self

    def run(self, steps: int = 200):
        """Train `steps` steps headless, in lockstep chunks of steps_per_frame. Returns self (so it displays)."""
        remaining = int(steps)
        while remaining > 0 and not all(p.diverged for p in self.players.values()):
            chunk = min(self.steps_per_frame, remaining)
            self.step(chunk)
            remaining -= chunk
        return self

    def reset(self, reason: str | None = None):
        """Every contender back to step 0 with the same initial weights (same seed)."""
        self.pause()
        for player in self.players.values():
            player.reset()
        self.status = f"{reason} All contenders back to step 0." if reason else "Ready: press Play (or Step)."
        self._update_view()
        return self

    @property
    def histories(self) -> dict:
        """{label: that contender's history dict (step, train_loss, test_loss, ...)}."""
        return {label: p.history for label, p in self.players.items()}

    def summary(self) -> str:
        """One line per contender (deterministic: what nbval compares), the lowest training loss first named."""
        first = next(iter(self.players.values()))
        s = first.settings
        arch = "-".join(str(n) for n in (first.F_train.shape[1], *s.hidden, first.model.output_dim))
        lines = [f"Race: {s.dataset}, {arch}, lr={self.lr:g}, step {self.step_count}"]
        finals = {}
        pad = max(10, *(len(str(label)) for label in self.players))
        for label, p in self.players.items():
            h = p.history
            finals[label] = h["train_loss"][-1]
            line = f"  {label:<{pad}} loss train {_num(h['train_loss'][-1])} / test {_num(h['test_loss'][-1])}"
            if p.task != "regression":
                line += f" · accuracy test {_pct(h['test_acc'][-1])}"
            if p.diverged:
                line += f" · diverged at step {p.diverged_step}"
            lines.append(line)
        finite = {k: v for k, v in finals.items() if v is not None and np.isfinite(v)}
        if finite and self.step_count > 0:
            lines.append(f"  lowest training loss: {min(finite, key=finite.get)}")
        return "\n".join(lines)

    def __repr__(self):
        return self.summary()

    # -- pictures -----------------------------------------------------------------------------------
    def chart(self):
        """The live loss chart: one curve per contender (training loss against the step)."""
        series = [(label, p.history["step"], p.history["train_loss"], self.colors[label], False)
                  for label, p in self.players.items()]
        return raster.line_chart(series, width=520, height=240, title="training loss", log_y=self.log_y,
                                 scale=self.scale)

    def thumbnails(self, size: int = 120, per_row: int = 3):
        """A small boundary picture per contender, its label above it, `per_row` to a row."""
        from PIL import ImageDraw

        px = int(size * self.scale)
        tiles = []
        for label, p in self.players.items():
            picture = p.frames()["boundary"]
            picture = picture.resize((px, int(px * picture.height / picture.width)))
            tile = raster.Image.new("RGB", (px, picture.height + int(16 * self.scale)), "white")
            tile.paste(picture, (0, int(16 * self.scale)))
            draw = ImageDraw.Draw(tile)
            draw.text((px / 2, 1), label, fill=raster.rgb(self.colors[label]), font=raster.font(int(12 * self.scale)),
                      anchor="ma")
            tiles.append(tile)
        rows = [raster.side_by_side(tiles[i:i + per_row], gap=6) for i in range(0, len(tiles), per_row)]
        return raster.stacked(rows, gap=6)

    def picture(self):
        """Chart above thumbnails, as one PIL image (the still picture of the race)."""
        return raster.stacked([self.chart(), self.thumbnails()])

    # -- widget -------------------------------------------------------------------------------------
    @property
    def widget(self):
        if self._view is None:
            self._build_view()
            self._update_view()
        return self._view

    def _build_view(self):
        import ipywidgets as W

        self._play_button = W.ToggleButton(value=False, description="Play", icon="play", tooltip="Play / Pause")
        step = W.Button(description="Step", icon="step-forward", tooltip="Every contender trains one chunk")
        reset = W.Button(description="Reset", icon="undo", tooltip="All back to step 0, same initial weights")
        self._lr_slider = W.FloatLogSlider(value=self.lr, base=10, min=-4, max=1, step=0.1, readout_format=".1e",
                                           description="learning rate", style={"description_width": scaled_px(90)},
                                           layout=W.Layout(width=scaled_px(320)))
        self._play_button.observe(lambda change: self.play() if change["new"] else self.pause(), "value")
        step.on_click(lambda _: self.step(self.steps_per_frame))
        reset.on_click(lambda _: self.reset("Reset pressed."))
        self._lr_slider.observe(self._on_lr, "value")
        self._chart_image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self._thumbs_image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self._status_html = W.HTML(layout=W.Layout(min_height="1.4em"))
        self._view = W.VBox([W.HBox([self._play_button, step, reset, self._lr_slider]), self._status_html,
                             W.HBox([self._chart_image, self._thumbs_image], layout=W.Layout(flex_flow="row wrap"))])
        self._view.add_class("course-race")

    def _on_lr(self, change):
        try:
            self.set_lr(float(np.clip(change["new"], *LR_RANGE)))
        except CourseError as exc:
            self.status = f"Not applied: {exc}"
            self._update_view()

    def _update_view(self):
        if self._view is None:
            return
        import html

        show_png(self._chart_image, raster.png_bytes(self.chart()))
        show_png(self._thumbs_image, raster.png_bytes(self.thumbnails()))
        text = html.escape(self.summary()).replace("\n", "<br>")
        self._status_html.value = (f'<div style="font-family:monospace; white-space:pre; line-height:1.35">{text}</div>'
                                   f'<div style="line-height:1.35">{html.escape(self.status)}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.summary()  # what nbval compares: computed, deterministic
        bundle["image/png"] = base64.b64encode(raster.png_bytes(self.picture())).decode("ascii")
        return bundle

    # -- live play ----------------------------------------------------------------------------------
    # -- live play (LivePlay) ------------------------------------------------------------------------
    max_fps = 20.0

    def _finished(self) -> bool:
        return all(p.diverged for p in self.players.values())

    def _advance(self):
        self.step(self.steps_per_frame)

    def _say(self, message):
        self.status = message
        self._update_view()


# =============================================================================================
# Presenter mode: one call before teaching from a projector
# =============================================================================================
# The sizes JupyterLab and ipywidgets start from (their CSS variables), each multiplied by the presenter scale.
# Widths, heights and fonts grow together, so a label or a readout never outgrows its box.
PRESENTER_SIZES = {
    "--jp-content-font-size1": "14px",  # markdown text (headings are em of it)
    "--jp-code-font-size": "13px",  # code and text outputs
    "--jp-widgets-font-size": "13px",
    "--jp-widgets-inline-height": "28px",
    "--jp-widgets-inline-width": "300px",
    "--jp-widgets-inline-label-width": "80px",
    "--jp-widgets-inline-margin": "4px",
    "--jp-widgets-slider-handle-size": "16px",
    "--jp-widgets-slider-track-thickness": "4px",
    "--jp-widgets-vertical-height": "200px",
    "--jp-widgets-menu-item-height": "24px",
    "--jp-widgets-radio-item-height-adjustment": "8px",
}


def presenter_css(scale: float) -> str:
    """The style sheet presenter mode puts on the page: every size above times `scale`, and --course-scale
    (which the course's own widget boxes are measured in, see `scaled_px`)."""
    sizes = "".join(f"  {name}: calc({base} * {scale:g}) !important;\n" for name, base in PRESENTER_SIZES.items())
    return (f'<style class="course-presenter-mode">\n:root {{\n  --course-scale: {scale:g} !important;\n{sizes}}}\n'
            ".course-playground .widget-image, .course-race .widget-image { image-rendering: auto; }\n</style>")


def scaled_px(pixels: float) -> str:
    """A CSS length of `pixels` at scale 1 that grows with presenter mode (also for widgets shown before it)."""
    return f"calc({pixels:g}px * var(--course-scale, 1))"


def _fit_descriptions(controls, W):
    """Give the controls of one panel a common description width that fits their longest description, in
    presenter-scaled pixels (ipywidgets' default, 80 px, cuts "learning rate" to "learning r...")."""
    labelled = [c for c in controls if getattr(c, "description", "") and hasattr(c.style, "description_width")
                and not isinstance(c, W.Button | W.ToggleButton) and not c.style.description_width]
    if labelled:
        longest = max(len(c.description) for c in labelled)
        for control in labelled:
            control.style.description_width = scaled_px(max(60, 8 * longest + 8))


def show_png(image, png: bytes):
    """Put a PNG into an ipywidgets.Image at its own width: a flex box would stretch it to the full width of the
    page (blurred, and far too tall for a slide). Pictures are drawn at the presenter scale already."""
    width = f"{int.from_bytes(png[16:20], 'big')}px" if png[:8] == b"\x89PNG\r\n\x1a\n" else None
    image.value = png
    if image.layout.width != width:
        image.layout.width = width


class PresenterMode:
    """Larger everything for a projector: text, code, widgets (fonts and boxes), figures and live pictures.

    `presenter_mode()` turns it on; `presenter_mode(False)` back off. Text, code and widget sizes follow at once
    (the cell's output holds a style sheet for the whole page); figures and live pictures drawn after the call are
    drawn larger (or back at normal size)."""

    def __init__(self, on: bool, scale: float):
        from course_lib import plots

        self.on, self.scale = on, scale if on else 1.0
        plots.FONT_SCALE["value"] = self.scale
        plots.use_course_style()
        raster.DEFAULT_SCALE = self.scale

    def _repr_html_(self):
        import html

        return presenter_css(self.scale) + f"<b>{html.escape(str(self))}</b>"

    def __repr__(self):
        if self.on:
            return (f"Presenter mode on: text, code, widgets, figures and live pictures at {self.scale:g}x "
                    "(figures and pictures drawn from now on).")
        return ("Presenter mode off: text, code and widgets at normal size (when this cell is below the one that "
                "turned it on), figures and pictures drawn from now on too.")


def presenter_mode(on: bool = True, scale: float = 1.4) -> PresenterMode:
    """One call to make a lesson readable on a projector or a large screen.

    scale 1.4 (the default) is 1920/1366: a slide laid out for 1366x768 fills 1920x1080 at the same proportions.
    """
    scale = check_number(scale, "scale", low=1.0, high=3.0)
    return PresenterMode(on, scale)


# =============================================================================================
# Live curves while fit(...) runs
# =============================================================================================
class LiveCurves(Callback):
    """A fit() callback that shows loss and accuracy curves (training solid, validation dashed) while training runs.

        history = fit(model, X, y, validation_data=(X_val, y_val), epochs=200, callbacks=[LiveCurves()])

    It displays itself when training starts and repaints every `every` epochs (a few ms each, with raster),
    so the learner watches the curves grow. Its text form is a one-line summary of the last epoch.
    """

    def __init__(self, metrics=("loss", "accuracy"), every: int = 5, show: bool = True):
        metrics = check_name_list(metrics, "metrics", "['loss', 'accuracy']")
        for metric in metrics:
            if metric not in ("loss", "accuracy"):
                raise unknown_name_error("metric for LiveCurves", metric, ("loss", "accuracy"))
        self.metrics, self.every, self.show = metrics, check_positive_int(every, "every"), show
        self.logs: dict = {}
        self.epochs: list = []
        self._image = None

    def on_train_begin(self, trainer):
        self.logs, self.epochs = {}, []
        if self.show:
            from IPython.display import display

            display(self)

    def on_epoch_end(self, epoch, logs, trainer):
        self.epochs.append(epoch)
        for key, value in logs.items():
            self.logs.setdefault(key, []).append(value)
        if epoch % self.every == 0:
            self._paint()
        return False

    def on_train_end(self, trainer):
        self._paint()

    def frame(self):
        """The current picture (PIL image): one chart per metric, side by side."""
        charts = []
        for metric in self.metrics:
            series = []
            for key, color, dashed in ((metric, raster.SERIES_COLORS[0], False),
                                       (f"val_{metric}", raster.SERIES_COLORS[1], True)):
                values = [np.nan if v is None else v for v in self.logs.get(key, [])]
                if values and not all(np.isnan(values)):
                    series.append(("validation" if dashed else "training", self.epochs, values, color, dashed))
            y_range = (0.0, 1.0) if "acc" in metric else None
            charts.append(raster.line_chart(series or [("training", [], [], raster.SERIES_COLORS[0], False)],
                                            width=330, height=190, title=metric, x_label="epoch", y_range=y_range))
        return raster.side_by_side(charts)

    def _paint(self):
        if self._image is not None:
            show_png(self._image, raster.png_bytes(self.frame()))

    def __repr__(self):
        if not self.epochs:
            return "Live curves: they appear here while fit(...) runs."
        parts = [f"Live curves: {self.epochs[-1]} epochs"]
        for key, values in self.logs.items():
            if values and values[-1] is not None:
                parts.append(f"{key} {values[-1]:.4f}")
        return " · ".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import ipywidgets as W

        if self._image is None:
            self._image = W.Image(format="png", layout=W.Layout(max_width="100%"))
            show_png(self._image, raster.png_bytes(self.frame()))
        bundle = self._image._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle
