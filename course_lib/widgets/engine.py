"""The playground's headless engine: data, network, training steps, history, pictures and the status line.

No ipywidgets here (tests/test_widgets_package.py imports it with ipywidgets blocked): `Engine` is everything a
Playground does without a screen, and `Playground` (view.py) adds the view and the live loop on top.

    engine = Engine(dataset="xor", hidden=(4,), activation="tanh", lr=0.1)
    engine.run(steps=300)          # deterministic: the same settings give the same history
    engine.frames()                # {panel: PIL image}

Seams for other modules:
- `history_factory`: the class of `engine.history` (see `History` for the interface another store must keep);
  by default a `PlaygroundHistory` (course_lib.history_store.ThinnedHistory): the last 1,000 records exactly, the
  older ones thinned, so memory and frame cost stay flat over hours of Play;
- `painting.register_panel(name, painter)`: a new panel (the "network" panel is one).

The learner's own points: Engine(data=(X, y)) or data="points.csv" (course_lib.own_data checks them); the data set
is then called "own". Save and load: engine.save("run.npz") and Engine.load("run.npz") (course_lib.saving, no
pickle): a loaded run continues exactly where it stopped.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

import numpy as np

from course_lib import raster
from course_lib.activations import Activation
from course_lib.datasets import PLOT_LIMIT, expand_features, make_dataset, train_test_split
from course_lib.history_store import ThinnedHistory
from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.layers import Dense, Dropout
from course_lib.model import Sequential
from course_lib.optimizers import Optimizer, get_optimizer
from course_lib.own_data import OwnData, check_points, load_points_csv
from course_lib.regularization import L1, L2
from course_lib.training import Trainer, TrainingDiverged
from course_lib.validation import CourseError, CourseTypeError, check_name_list, describe, unknown_name_error
from course_lib.widgets import painting
from course_lib.widgets.settings import (
    DATA_KEYS,
    DATASET_NOISE,
    GRID,
    INITS,
    NETWORK_KEYS,
    OWN,
    Settings,
    _normalise,
    _num,
    _pct,
    _settings_from_preset,
    changed_settings,
    check_setting_names,
    format_lr,
    validate_settings,
)


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
        raise CourseError(tr("Your optimizer function returned None for {name}. It must return the new parameters, "
                             "e.g. return p - lr * g (did you forget the return?).", name=name))
    arr = np.asarray(new)
    if arr.shape != p.shape:
        if arr.ndim == 0:
            raise CourseError(tr("Your optimizer function returned a single number for {name} of shape {p_shape}. "
                                 "It must return the new parameters with the same shape, e.g. return p - lr * g.",
                                 name=name, p_shape=p.shape))
        raise CourseError(tr("Your optimizer function returned shape {shape} for {name} of shape {p_shape}. It must "
                             "return the new parameters with the same shape, e.g. return p - lr * g.",
                             shape=arr.shape, name=name, p_shape=p.shape))
    if arr.dtype.kind not in "biuf":
        raise CourseTypeError(tr("Your optimizer function returned {what} for {name}, not numbers.",
                                 what=describe(new), name=name))
    return arr


def _check_update_function(fn):
    """custom_optimizer: a function new_p = fn(p, g, lr), tried once on a small array so a mistake shows now."""
    if not callable(fn):
        raise CourseTypeError(tr("custom_optimizer must be a function new_p = f(p, g, lr), got {what}.",
                                 what=describe(fn)))
    p, g = np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, -0.3])
    try:
        checked_update(fn, p.copy(), g.copy(), 0.1)
    except CourseError:
        raise
    except Exception as exc:
        raise CourseError(tr("Your custom_optimizer raised {error} ({message}) when called as f(p, g, lr) "
                             "with numpy arrays p and g. It must take the parameters, their gradient and the learning "
                             "rate, and return the new parameters, e.g. def step(p, g, lr): return p - lr * g.",
                             error=type(exc).__name__, message=exc)) from None



class History(dict):
    """The training record: history["train_loss"] is a list with one entry per record (after every chunk).

    The interface the engine and the painters rely on (a thinned store for long runs must keep it):
    `append(row)` with a dict holding every key of KEYS; `history[key]` -> a sequence (list, or array-like);
    `history == other` compares the records; `n_records`.
    """

    KEYS = ("step", "epoch", "train_loss", "test_loss", "train_acc", "test_acc")

    def __init__(self):
        super().__init__({key: [] for key in self.KEYS})

    def append(self, row: dict):
        for key in self.KEYS:
            self[key].append(row[key])

    @property
    def n_records(self) -> int:
        return len(self["step"])


class PlaygroundHistory(ThinnedHistory):
    """The playground's history: a ThinnedHistory (history["train_loss"] is a numpy array, oldest first; the last
    1,000 records exact, older ones thinned) with the keys of History.KEYS, compared record by record with ==."""

    KEYS = History.KEYS

    def __eq__(self, other):
        if not isinstance(other, ThinnedHistory):
            return NotImplemented
        (meta_a, arrays_a), (meta_b, arrays_b) = self.to_arrays(), other.to_arrays()
        return meta_a == meta_b and arrays_a.keys() == arrays_b.keys() and all(
            np.array_equal(arrays_a[k], arrays_b[k], equal_nan=True) for k in arrays_a)

    __hash__ = None


def own_points(data) -> OwnData:
    """data=(X, y), an OwnData (from load_points_csv) or a CSV file name -> checked OwnData (own_data's messages)."""
    if isinstance(data, OwnData):
        return data
    if isinstance(data, str) or hasattr(data, "__fspath__"):
        return load_points_csv(data)
    if isinstance(data, list | tuple) and len(data) == 2:
        return check_points(*data)
    raise CourseTypeError(tr("data must be a pair (X, y) of points and labels, or a CSV file name such as "
                             "'points.csv', got {what}.", what=describe(data)))


class Engine:
    """A playground without a screen (see the module docstring). Playground(...) takes the same arguments."""

    PANELS = ("boundary", "units", "curves", "gradients", "histograms", "network")
    history_factory = PlaygroundHistory

    def __init__(self, preset=None, panels=("boundary", "curves"), custom_activation=None, custom_optimizer=None,
                 scale=None, data=None, **settings):
        base = _settings_from_preset(preset) if preset is not None else Settings()
        check_setting_names(settings)
        settings = {k: _normalise(k, v) for k, v in settings.items()}
        self.own_data = None if data is None else own_points(data)
        if self.own_data is not None and "dataset" not in settings:
            settings["dataset"] = OWN
        if OWN in (settings.get("dataset"), base.dataset if "dataset" not in settings else None) \
                and self.own_data is None:
            raise CourseError(tr("dataset 'own' needs your points: Playground(data=(X, y)) with X of shape (m, 2), "
                                 "or Playground(data='points.csv')."))
        if preset is None and "noise" not in settings and isinstance(settings.get("dataset"), str):
            settings["noise"] = DATASET_NOISE.get(settings["dataset"], base.noise)  # a noise it can learn
        # a noise given in code stays when the learner switches data set from the menu
        self._noise_pinned = preset is not None or "noise" in settings
        if custom_activation is not None and not isinstance(custom_activation, Activation):
            raise CourseTypeError(tr("custom_activation must be an Activation('name', g, g_derivative), got "
                                     "{what}. Wrap your functions: Activation('mine', my_g, my_g_derivative).",
                                     what=describe(custom_activation)))
        if custom_optimizer is not None:
            _check_update_function(custom_optimizer)
        self.custom_activation = custom_activation
        self.custom_optimizer = custom_optimizer
        self.settings = validate_settings(replace(base, **settings))
        if self.settings.optimizer == "custom" and custom_optimizer is None:
            raise CourseError(tr("optimizer 'custom' needs your update function: "
                                 "Playground(optimizer='custom', custom_optimizer=my_step)."))
        if "custom" in self.settings.activations() and custom_activation is None:
            raise CourseError(tr("activation 'custom' needs your activation: Playground(activation='custom', "
                                 "custom_activation=Activation('mine', g, g_derivative))."))
        panels = check_name_list(panels, "panels", "['boundary', 'curves']")
        known = tuple(dict.fromkeys((*self.PANELS, *painting.PANEL_PAINTERS)))
        bad_panels = [p for p in panels if p not in known]
        if bad_panels:
            raise unknown_name_error("panel", bad_panels[0], known)
        self.panels = tuple(panels)
        self.scale = raster.DEFAULT_SCALE if scale is None else scale
        self.status = ""  # the last event (a change, a reset, a rejected value); status_line() adds the state
        self.error = None  # what stopped Play, in words
        self.playing = False
        self._grid_cache = None
        self.selected_neuron = None  # (layer, unit) shown large by the "network" panel, or None
        self._note_once = None
        self.reset()
        if self.own_data is not None and self.own_data.notes:
            self.status = " ".join(self.own_data.notes)

    @classmethod
    def from_csv(cls, path, x_columns=None, label_column=None, task=None, **kwargs):
        """A playground on the points of a CSV file (course_lib.own_data.load_points_csv): a header row, the label
        in the last column unless label_column names it; keyword arguments as for Playground."""
        return cls(data=load_points_csv(path, x_columns=x_columns, label_column=label_column, task=task), **kwargs)

    # -- state in words ---------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """'ready', 'training', 'paused', 'diverged' or 'error'."""
        if self.diverged:
            return "diverged"
        if self.error:
            return "error"
        if self.playing:
            return "training"
        return "ready" if self.step_count == 0 else "paused"

    def status_line(self) -> str:
        """What is happening, in words: training / paused / diverged at step N / stopped by an error, and the last
        change. It never says "Ready" while training."""
        state, n = self.state, self.step_count
        if state == "diverged":  # the reason is already in the summary line above: name the step and the way out
            return tr("Diverged at step {step} (why: see the line above). Change a setting, then press Reset.",
                      step=self.diverged_step)
        if state == "error":
            return self.error
        if state == "training":
            head = tr("Training: step {n}.", n=n)
        elif state == "paused":
            head = tr("Paused at step {n}.", n=n)
        else:
            head = tr("Ready: press Play (or Step).")
        return f"{head} {self.status}".strip()

    def pause(self):
        self.playing = False

    # -- building -----------------------------------------------------------------------------------------
    @property
    def task(self) -> str:
        """'binary', 'multiclass' or 'regression'."""
        if self.settings.dataset == OWN:
            return self.own_data.task
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
        self.error = None
        self.history = self.history_factory()
        self.grad_history = ThinnedHistory()  # "step" and "norms" (one |dW| per Dense layer), after each chunk
        self._chunk_norms: list = []
        if self.selected_neuron is not None and self.selected_neuron not in self.neuron_values():
            self.selected_neuron = None  # the architecture changed: that neuron is gone
        self._record()
        self.status = reason or ""
        self.render()
        return self
    @property
    def is_curve(self) -> bool:
        """True for the 1-D regression data set (a curve y(x)); own regression points are 2-D (a heat map)."""
        return self.settings.dataset == "regression"

    def _make_data(self):
        s = self.settings
        if s.dataset == OWN:
            X, y = self.own_data.X, self.own_data.y
            self._inputs = lambda P: expand_features(P, s.features)
        elif self.task == "regression":
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
        if self.is_curve:
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
        n_classes = self.own_data.n_classes if s.dataset == OWN else s.n_classes
        out_units, out_act = {"binary": (1, "sigmoid"), "multiclass": (n_classes, "softmax"),
                              "regression": (1, "linear")}[self.task]
        layers.append(Dense(out_units, activation=out_act, kernel_init=init_name, **init_kwargs))
        model = Sequential(layers, seed=s.seed)
        model.build(n_in)
        return model

    def _make_optimizer(self):
        s = self.settings
        if s.optimizer == "custom":
            if self.custom_optimizer is None:
                raise CourseError(tr("optimizer 'custom' needs Playground(custom_optimizer=your_update_function)."))
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

    # -- changing settings ----------------------------------------------------------------------------------
    def set(self, **changes):
        """Change settings. Live ones (lr, optimizer, momentum, batch_size, regularization, reg_rate, dropout,
        clip_norm, steps_per_frame) apply at the next step; data or architecture changes rebuild and reset.

        A rejected change raises and leaves every setting exactly as it was."""
        self._apply(changes)
        if "noise" in changes:
            self._noise_pinned = True
        return self

    def _apply(self, changes: dict, from_control: bool = False):
        old = self.settings
        if (from_control and "dataset" in changes and "noise" not in changes and not self._noise_pinned
                and isinstance(changes["dataset"], str) and changes["dataset"] in DATASET_NOISE):
            changes = {**changes, "noise": DATASET_NOISE[changes["dataset"]]}  # that data set's learnable noise
        new, changed = changed_settings(old, **changes)  # checked on a copy: nothing is committed yet
        if not changed:
            return self
        if new.dataset == OWN and self.own_data is None:
            raise CourseError(tr("dataset 'own' needs your points: make the playground with Playground(data=(X, y)) "
                                 "or Playground(data='points.csv')."))
        if "optimizer" in changed and new.optimizer == "custom" and self.custom_optimizer is None:
            raise CourseError(tr("optimizer 'custom' needs your update function: "
                                 "Playground(optimizer='custom', custom_optimizer=my_step)."))
        self.settings = new
        if changed & (DATA_KEYS | NETWORK_KEYS):
            names = ", ".join(sorted(changed))
            if changed & DATA_KEYS:
                reason = tr("Data changed ({names}): network reset to step 0.", names=names)
            else:
                reason = tr("Network changed ({names}): network reset to step 0.", names=names)
            was_playing = self.playing
            try:
                self.reset(reason)
            except CourseError:
                self.settings = old  # the experiment stays as it was
                self.reset()
                raise
            if was_playing:
                self.play()
        else:
            self._apply_live(changed)
            names = ", ".join(sorted(changed))
            if "lr" in changed:
                message = tr("{names} changed (lr={lr}): training continues (no reset).", names=names,
                             lr=format_lr(new.lr))
            else:
                message = tr("{names} changed: training continues (no reset).", names=names)
            self._update_status_line(message)
        self._sync_controls()  # a change made in code shows on the controls too
        return self

    def play(self):
        raise CourseError(tr("Play needs the widget in a running Jupyter kernel; headless, use run(steps=200)."))

    def _sync_controls(self):
        """Show the settings on the controls (the view does it; headless there is none)."""

    def render(self):
        """Repaint the pictures on screen (the view does it; headless there is nothing to paint)."""

    def _update_status_line(self, message=None):
        if message is not None:
            self.status = message

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
        if self._note_once is not None and self.status == self._note_once:
            self.status = ""  # "Loaded from run.npz" is said until training goes on
        self._note_once = None
        if self.diverged:
            self._update_status_line()
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
        why = exc.verdict.short() if exc.verdict is not None else str(exc)
        self.diverged = tr("{why} Then press Reset.", why=why)
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
        self.history.append({"step": self.step_count, "epoch": self.epoch, "train_loss": train_loss,
                             "test_loss": test_loss, "train_acc": train_acc, "test_acc": test_acc})
        if self._chunk_norms:
            self.grad_history.append(step=self.step_count, norms=np.mean(self._chunk_norms, axis=0))
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
            acts = tr("(no hidden layer)")
        else:
            acts = s.activation if isinstance(s.activation, str) else "/".join(s.activations())
        parts = [tr("Playground: {dataset}, {arch} {acts}, {optimizer} lr={lr}", dataset=s.dataset, arch=arch,
                    acts=acts, optimizer=s.optimizer, lr=format_lr(s.lr)),
                 tr("step {n} (epoch {epoch:.1f})", n=self.step_count, epoch=self.epoch),
                 tr("loss train {train} / test {test}", train=_num(h["train_loss"][-1]), test=_num(h["test_loss"][-1]))]
        if self.task != "regression":
            parts.append(tr("accuracy train {train} / test {test}", train=_pct(h["train_acc"][-1]),
                            test=_pct(h["test_acc"][-1])))
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

    # -- pictures ---------------------------------------------------------------------------------------
    def grid_outputs(self) -> list:
        """Every layer's output on the picture grid (computed once per frame, shared by the panels)."""
        if self._grid_cache is None:
            outputs = self.model.layer_outputs(self._grid_inputs)
            if not self._painting:
                return outputs
            self._grid_cache = outputs
        return self._grid_cache

    _painting = False

    def frames(self) -> dict:
        """The current picture of every configured panel, as PIL images (what the widget shows). A painter may
        give several pictures as a dict: the "network" panel adds "neuron" (the selected neuron, large)."""
        self._painting, self._grid_cache = True, None
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # a diverged network (NaN weights) draws, silently
                out = {}
                for name in self.panels:
                    image = painting.PANEL_PAINTERS[name](self, self.scale)
                    if isinstance(image, dict):
                        out.update(image)
                    elif image is not None:
                        out[name] = image
                return out
        finally:
            self._painting, self._grid_cache = False, None

    def still_picture(self):
        """One readable still image (the boundary large, the other panels beside and below it)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return painting.still_picture(self, self.frames())

    # -- the network panel's selected neuron --------------------------------------------------------------
    def neuron_choices(self) -> list:
        """[(label, (layer, unit))] of every neuron, with ("none", None) first: the network panel's selection."""
        from course_lib.network_view import neuron_choices

        return [(tr("none"), None), *neuron_choices(self.model, self.feature_names())]

    def neuron_values(self) -> list:
        return [value for _, value in self.neuron_choices()]

    def feature_names(self) -> tuple:
        """The input features' names as the network picture labels them ("x" for the 1-D regression)."""
        return ("x",) if self.is_curve else tuple(self.settings.features)

    def select_neuron(self, neuron):
        """Show neuron (layer, unit) large in the "network" panel (layer 0 = inputs, then h1.., then the output;
        units from 1), or None for none."""
        if neuron is not None:
            neuron = tuple(neuron)
            if neuron not in self.neuron_values():
                labels = ", ".join(str(v) for v in self.neuron_values()[1:6])
                raise CourseError(tr("There is no neuron {neuron} in this network; choose one of {labels}, ... "
                                     "(layer 0 = the inputs, 1 = h1, ...; units counted from 1).", neuron=neuron,
                                     labels=labels))
        self.selected_neuron = neuron
        self.render()
        return self

    # -- save and load ----------------------------------------------------------------------------------
    def save(self, path) -> str:
        """Write this run to an .npz file (course_lib.saving, no pickle): settings, weights, optimizer state,
        history, your own points. Engine.load(path) continues exactly where it stopped. Returns the path."""
        from course_lib.saving import save_model

        own = None
        if self.own_data is not None:
            d = self.own_data
            own = {"X": d.X, "y": d.y, "task": d.task, "class_names": [str(c) for c in d.class_names],
                   "labels": [v.item() if hasattr(v, "item") else v for v in d.labels], "offset": d.offset,
                   "scale": d.scale, "feature_names": list(d.feature_names), "notes": list(d.notes),
                   "source": str(d.source)}
        first_loss = self.trainer.first_loss
        extra = {"kind": "playground", "settings": self.preset(), "panels": list(self.panels), "own_data": own,
                 "noise_pinned": self._noise_pinned, "batch_rng": self._batch_rng,
                 "batch_queue": [np.asarray(b) for b in self._batch_queue], "step_count": self.step_count,
                 "examples_seen": self._examples_seen, "trainer_steps": self.trainer.step_count,
                 "first_loss": None if first_loss is None else float(first_loss),
                 "chunk_norms": [list(map(float, n)) for n in self._chunk_norms],
                 "grad_history": list(self.grad_history.to_arrays()),
                 "diverged": self.diverged, "diverged_step": self.diverged_step,
                 "selected_neuron": None if self.selected_neuron is None else list(self.selected_neuron)}
        return save_model(path, self.model, self.trainer.optimizer, history=self.history, extra=extra)

    @classmethod
    def load(cls, path, **kwargs):
        """A playground from a file that save(path) wrote, continuing exactly where it stopped. Keyword arguments
        as for Playground (e.g. panels=..., or custom_optimizer=... for a run trained with your own optimizer)."""
        from course_lib.saving import read_saved

        saved = read_saved(path)
        e = saved.extra
        if e.get("kind") != "playground":
            raise CourseError(tr("{path!r} holds a model saved without a playground (model.save or save_model): "
                                 "load it with Sequential.load(path), or save a playground with dash.save(path).",
                                 path=saved.path))
        own = e.get("own_data")
        data = None
        if own is not None:
            data = OwnData(X=np.asarray(own["X"], float), y=np.asarray(own["y"]), task=own["task"],
                           class_names=tuple(own["class_names"]), labels=tuple(own["labels"]),
                           offset=np.asarray(own["offset"], float), scale=np.asarray(own["scale"], float),
                           feature_names=tuple(own["feature_names"]), notes=tuple(own["notes"]),
                           source=own["source"])
        kwargs.setdefault("panels", tuple(e["panels"]))
        dash = cls(preset=e["settings"], data=data, **kwargs)
        saved.restore_model(dash.model)
        saved.restore_optimizer(dash.trainer.optimizer)
        dash._noise_pinned = bool(e["noise_pinned"])
        dash.history = cls.history_factory.from_arrays(*saved.history.to_arrays())
        meta, arrays = e["grad_history"]
        dash.grad_history = ThinnedHistory.from_arrays(meta, arrays)
        dash._batch_rng, dash._batch_queue = e["batch_rng"], [np.asarray(b) for b in e["batch_queue"]]
        dash.step_count, dash._examples_seen = int(e["step_count"]), int(e["examples_seen"])
        dash.trainer.step_count, dash.trainer.first_loss = int(e["trainer_steps"]), e["first_loss"]
        dash._chunk_norms = [list(n) for n in e["chunk_norms"]]
        dash.diverged, dash.diverged_step = e["diverged"], e["diverged_step"]
        if e.get("selected_neuron") is not None and tuple(e["selected_neuron"]) in dash.neuron_values():
            dash.selected_neuron = tuple(e["selected_neuron"])
        name = str(path)
        dash.status = dash._note_once = tr("Loaded from {name}: continues at step {n}.", name=name,
                                            n=dash.step_count)
        dash._sync_controls()
        dash.render()
        return dash
