"""The training loop: forward -> loss -> backward -> update, over mini-batches and epochs.

    history = fit(model, X, y, optimizer="adam", lr=0.01, epochs=200, batch_size=32,
                  validation_data=(X_val, y_val), callbacks=[EarlyStopping(patience=20)], seed=0)

`Trainer` does one step at a time (the playground drives it in small chunks); `fit` loops it over epochs
and returns a `History`. If the loss becomes NaN or infinite, or runs away (grows more than a million-fold),
training stops with a plain message naming the step and the cause found in the state (course_lib.diagnosis)
instead of filling the model with NaN.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np

from course_lib import diagnosis
from course_lib.datasets import train_test_split
from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.losses import Loss, get_loss, loss_for_output
from course_lib.model import Sequential
from course_lib.optimizers import Optimizer, get_optimizer
from course_lib.regularization import get_regularizer
from course_lib.validation import (
    CourseError,
    CourseKeyError,
    CourseTypeError,
    as_float_array,
    check_number,
    check_positive_int,
    describe,
    explain_arguments,
    unknown_name_error,
)


class TrainingDiverged(CourseError):
    """The loss became NaN or infinite, or ran away. `step` says when, `verdict` (a diagnosis.Verdict) why."""

    def __init__(self, step: int, value: float, verdict: diagnosis.Verdict | None = None):
        self.step, self.value, self.verdict = step, value, verdict
        if verdict is None:
            if np.isnan(value):
                message = tr("loss became NaN at step {step}. Try a 10x smaller learning rate (or gradient "
                             "clipping), then train again.", step=step)
            else:
                message = tr("loss became infinite at step {step}. Try a 10x smaller learning rate (or gradient "
                             "clipping), then train again.", step=step)
            super().__init__(message)
        else:
            super().__init__(str(verdict))


def check_targets(y, m: int, name="y", x_name="X") -> np.ndarray:
    """Labels for m examples: an array of shape (m,) or (m, k), or a message that says what does not fit.

    Only the shape is looked at here (`name` / `x_name` are the words the messages use); the values are the
    loss's business (Loss.check_targets: NaN, labels outside 0..1, class indices, ...).
    """
    if y is None:
        raise CourseError(tr("{name} is None: pass the labels (targets) for your examples.", name=name))
    y_arr = as_float_array(y, name, allow_nonfinite=True) if not isinstance(y, np.ndarray) else y
    if y_arr.ndim == 0 or y_arr.ndim > 2:
        raise CourseError(tr(
            "{name} must have shape (m,) or (m, n_outputs), got {shape}.",
            name=name, shape=y_arr.shape))
    if y_arr.shape[0] != m:
        if y_arr.ndim == 2 and y_arr.shape[1] == m:
            raise CourseError(
                tr(
                    "{name} has shape {shape}; it looks transposed. Pass {name}.T (one row per example).",
                    name=name, shape=y_arr.shape)
            )
        raise CourseError(
            tr(
                "{x_name} has {m} examples but {name} has {shape_0} labels: they must be the same number.",
                x_name=x_name, m=m, name=name, shape_0=y_arr.shape[0])
        )
    return y_arr


def pair_loss(model: Sequential, loss) -> tuple[Loss, bool]:
    """Choose the loss for the model and whether the model hands it logits (forward(X, return_logits=True)).

    Returns (loss, logits). With loss=None the loss that pairs with the output activation is used
    (linear -> MSE, sigmoid -> binary cross-entropy, softmax -> categorical cross-entropy). A loss whose
    `from_logits` is True applies the output activation itself, so it is fed the scores before that activation.
    """
    out_act = model.output_activation
    loss = loss_for_output(out_act) if loss is None else get_loss(loss)
    if not loss.from_logits:
        return loss, False
    if out_act == loss.output_activation:
        return loss, True
    if out_act == "linear":
        return loss, False  # the outputs already are logits
    raise CourseError(
        tr(
            "{name} expects a {output_activation} output (or a linear one giving raw scores), but the model's last "
            "activation is {out_act!r}. Change the last layer's activation or the loss.",
            name=type(loss).__name__, output_activation=loss.output_activation, out_act=out_act)
    )


def clip_gradients(grads: dict, max_norm: float) -> float:
    """Scale all gradients down together so their global L2 norm is at most max_norm. Returns the norm before."""
    total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))
    if total > max_norm:
        scale = max_norm / (total + 1e-12)
        for g in grads.values():
            g *= scale
    return total


class Trainer:
    """One training step at a time: Trainer(model, loss=None, optimizer="adam", lr=None, regularizer=None,
    clip_norm=None). `train_step(X, y)` returns the batch loss (data loss + penalty).

    `train_step` and `evaluate` check X and y once, where they come in; the step itself runs unchecked.
    """

    @explain_arguments()
    def __init__(self, model, loss=None, optimizer="adam", lr=None, regularizer=None, clip_norm=None):
        if not isinstance(model, Sequential):
            raise CourseError(
                tr(
                    "Trainer needs a Sequential model, got {name}. Put the layers in one: Trainer(Sequential([...])).",
                    name=type(model).__name__)
            )
        self.model = model
        self.loss, self.logits = pair_loss(model, loss)
        _check_optimizer_kind(optimizer)
        if isinstance(optimizer, Optimizer):
            if lr is not None:
                optimizer.lr = lr
            self.optimizer = optimizer
        else:
            self.optimizer = get_optimizer(optimizer, **({} if lr is None else {"lr": lr}))
        self.regularizer = get_regularizer(regularizer)
        self.clip_norm = None if clip_norm is None else check_number(clip_norm, "clip_norm", low=0.0,
                                                                         low_inclusive=False)
        self.step_count = 0
        self.last_grad_norm = None
        self.first_loss = None  # the loss of the first step: a runaway loss is measured against it
        self._before = {}  # the weights before the last update, kept for the divergence diagnosis

    def check_data(self, X, y, names=("X", "y")):
        """X (m, n_features) and y checked and converted once: X in the model's dtype (the model is built for
        X if it was not yet), y in the form the loss computes with and, if it holds numbers, the model's dtype."""
        model = self.model
        x_name, y_name = names
        X = model.check_inputs(X, x_name)
        if model.output_dim is None:
            model._ensure_built(X)  # no layers yet: it says so
        y = check_targets(y, X.shape[0], name=y_name, x_name=x_name)
        y = self.loss.check_targets(y, (X.shape[0], model.output_dim))
        model._ensure_built(X)  # only once X and y are both right: a mistake leaves the model as it was
        if y.dtype.kind == "f" and y.dtype != model.dtype:
            y = y.astype(model.dtype)  # float64 labels would promote a float32 network to float64
        return X, y

    def outputs(self, X, check=True):
        """What the loss sees: logits or outputs. (m, n_outputs)."""
        return self.model.forward(X, return_logits=self.logits, check=check)

    def train_step(self, X, y) -> float:
        """Forward, loss, backward, (regularise, clip), update. X (m, n), y (m,) or (m, k)."""
        X, y = self.check_data(X, y)
        return self.step(X, y)

    def step(self, X, y) -> float:
        """train_step for data that check_data has checked already (fit checks all of it once)."""
        model = self.model
        model.train()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence is reported in words
            value = self.loss.forward(self.outputs(X, check=False), y, check=False)
            params = model.parameters()
            if self.regularizer is not None:
                value += self.regularizer.penalty(params)
            self.step_count += 1
            self.check_loss(value, X)
            model.backward(self.loss.backward())
            grads = model.gradients()
            if self.regularizer is not None:
                self.regularizer.add_gradients(params, grads)
            if self.clip_norm is not None:
                self.last_grad_norm = clip_gradients(grads, self.clip_norm)
            self._remember_weights(params)
            self.optimizer.step(params, grads)
            if self.step_count == 1 and type(self.optimizer).__module__ != "course_lib.optimizers":
                _check_first_update(self.optimizer, params, grads, self._before)
            if self.regularizer is not None:
                self.regularizer.after_step(params, self.optimizer.lr)  # proximal L1: soft-threshold the weights
        return float(value)

    def check_loss(self, value, X, after_step=False):
        """Raise TrainingDiverged, with the cause judged from the state, if the loss `value` is NaN, infinite or
        has run away (more than a million-fold above the first step's loss). X: the batch it was computed on.
        after_step=True: the loss was measured after step `step_count` (e.g. on the whole training set)."""
        kind = diagnosis.divergence_kind(value, self.first_loss)
        if kind is None:
            if self.first_loss is None:
                self.first_loss = float(value)
            return
        model = self.model
        before = self._before if self.step_count > 1 or after_step else None
        init_names = {f"layer{i}.W": layer.kernel_init_name for i, layer in enumerate(model.layers)
                      if hasattr(layer, "kernel_init_name")}
        with np.errstate(all="ignore"):
            verdict = diagnosis.diagnose(
                kind, self.step_count, float(value), first_loss=self.first_loss, params=model.parameters(),
                before=before or None, grads=model.gradients() if before else None, X=np.asarray(X),
                dtype=model.dtype, optimizer=self.optimizer, init_names=init_names, clip_norm=self.clip_norm,
                after=after_step)
        raise TrainingDiverged(self.step_count, float(value), verdict)

    def _remember_weights(self, params):
        """Copy the weights into reused buffers before the update (a few microseconds), so that a diverging
        step can be explained by the size of the last update."""
        before = self._before
        for name, p in params.items():
            buffer = before.get(name)
            if buffer is None or buffer.shape != p.shape or buffer.dtype != p.dtype:
                before[name] = p.copy()
            else:
                np.copyto(buffer, p)

    def evaluate(self, X, y, check=True) -> tuple[float, float | None]:
        """(mean loss, accuracy or None for regression) in evaluation mode, without penalty."""
        if check:
            X, y = self.check_data(X, y)
        model = self.model
        was_training = model.training
        model.eval()
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                out = self.outputs(X, check=False)
                return float(self.loss.forward(out, y, check=False)), self.loss.accuracy(out, y)
        finally:
            model.train(was_training)


class _Records(dict):
    """History's dict of lists: a missing key gets a message with the close name instead of a bare KeyError."""

    def __missing__(self, key):
        known = list(self)
        hint = ""
        if isinstance(key, str):
            wanted = {"acc": "accuracy", "val_acc": "val_accuracy"}.get(key.lower(), key.lower())
            close = [wanted] if wanted in known else difflib.get_close_matches(wanted, known, n=1)
            hint = tr(" Did you mean {close!r}?", close=close[0]) if close else ""
        raise CourseKeyError(tr(
            "History has no record {key!r}.{hint} It records: {known} (one value per epoch; history.epochs holds the "
            "epoch numbers).",
            key=key, hint=hint, known=', '.join(known)))


def _records():
    return _Records(loss=[], accuracy=[], val_loss=[], val_accuracy=[])


@dataclass
class History:
    """Per-epoch records: history["loss"], ["accuracy"], ["val_loss"], ["val_accuracy"]."""

    history: dict = field(default_factory=_records)
    epochs: list = field(default_factory=list)
    stopped_reason: str | None = None
    steps: int = 0

    def __getitem__(self, key):
        return self.history[key]

    def record(self, epoch, logs):
        self.epochs.append(epoch)
        for key in self.history:
            self.history[key].append(logs.get(key))

    def last(self, key):
        values = [v for v in self.history[key] if v is not None]
        return values[-1] if values else None

    def __repr__(self):
        parts = [f"{k}={self.last(k):.4f}" for k in self.history if self.last(k) is not None]
        return tr("History({n} epochs, {records})", n=len(self.epochs), records=", ".join(parts))


class Callback:
    """Hook called after every epoch. Return True from on_epoch_end to stop training."""

    def on_train_begin(self, trainer):
        pass

    def on_epoch_end(self, epoch, logs, trainer) -> bool:
        return False

    def on_train_end(self, trainer):
        pass


MONITORS = ("loss", "accuracy", "val_loss", "val_accuracy")


class EarlyStopping(Callback):
    """Stop when `monitor` has not improved by min_delta for `patience` epochs; optionally restore the best weights."""

    @explain_arguments()
    def __init__(self, monitor="val_loss", patience=10, min_delta=0.0, restore_best_weights=True):
        if not isinstance(monitor, str) or monitor not in MONITORS:
            aliases = {"acc": "accuracy", "val_acc": "val_accuracy"}
            if isinstance(monitor, str) and monitor in aliases:
                raise CourseError(tr(
                    "EarlyStopping monitor {monitor!r} is Keras's old name; course_lib records it as {aliases!r}: "
                    "write monitor={aliases!r}.",
                    monitor=monitor, aliases=aliases[monitor]))
            raise unknown_name_error("EarlyStopping monitor", monitor, MONITORS)
        self.monitor = monitor
        self.patience = check_positive_int(patience, "patience")
        self.min_delta = check_number(min_delta, "min_delta", low=0.0)
        self.restore_best_weights = restore_best_weights
        self._best_score = np.inf  # lower is better inside; accuracies are stored negated
        self.best_epoch = None
        self.stopped_epoch = None
        self._best_weights = None
        self._wait = 0

    def on_train_begin(self, trainer):
        self._best_score, self.best_epoch, self.stopped_epoch = np.inf, None, None
        self._best_weights, self._wait = None, 0

    @property
    def best(self) -> float:
        """The best value of the monitored quantity so far, as recorded (an accuracy stays positive)."""
        return -self._best_score if "acc" in self.monitor else self._best_score

    def check_monitor(self, recorded):
        """Before training: the monitored quantity must be one that fit records (`recorded`)."""
        if self.monitor in recorded:
            return
        if "accuracy" in self.monitor and self.monitor.replace("accuracy", "loss") in recorded:
            raise CourseError(
                tr(
                    "EarlyStopping monitors {monitor!r}, but this model has no accuracy: it is a regression (linear "
                    "output, mean squared error). Monitor {instead!r} instead.",
                    monitor=self.monitor, instead=self.monitor.replace('accuracy', 'loss'))
            )
        raise CourseError(
            tr(
                "EarlyStopping monitors {monitor!r}, which fit did not record: it needs validation data. Pass "
                "validation_data=(X_val, y_val) or validation_split=0.2 to fit, or monitor='loss'.",
                monitor=self.monitor)
        )

    def on_epoch_end(self, epoch, logs, trainer):
        value = logs.get(self.monitor)
        if value is None:
            self.check_monitor({k for k, v in logs.items() if v is not None})
        if "acc" in self.monitor:
            value = -value  # higher accuracy is better
        if value < self._best_score - self.min_delta:
            self._best_score, self.best_epoch, self._wait = value, epoch, 0
            if self.restore_best_weights:
                self._best_weights = trainer.model.get_weights()
            return False
        self._wait += 1
        if self._wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, trainer):
        if self.restore_best_weights and self._best_weights is not None:
            trainer.model.set_weights(self._best_weights)


MAX_EPOCHS = 1_000_000


def minibatches(m: int, batch_size: int | None, rng) -> list[np.ndarray]:
    """Index arrays covering 0..m-1 once, shuffled without replacement; full batch if batch_size is None."""
    if batch_size is None or batch_size >= m:
        return [np.arange(m)]
    order = rng.permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


def _fit_positional_hint():
    return tr(": write fit(model, X, y, epochs=100, batch_size=32). (Keras's fit takes batch_size before epochs, so "
              "a number without a name could mean either.)")


@explain_arguments(positional_hint=_fit_positional_hint)
def fit(model, X, y, *, loss=None, optimizer="adam", lr=None, epochs=100, batch_size=None,
        validation_data=None, validation_split=None, callbacks=(), regularizer=None, clip_norm=None, seed=0,
        verbose=0) -> History:
    """Train `model` on X (m, n_features), y (m,) or (m, k); returns a History.

    optimizer  a name ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam") or an Optimizer
    lr         learning rate (default: the optimizer's own default)
    batch_size None = full batch; 1 = stochastic; else mini-batches, reshuffled every epoch with `seed`
    validation_data   (X_val, y_val), evaluated after every epoch (history["val_loss"], ["val_accuracy"])
    validation_split  instead of validation_data: hold out this fraction of X, y (e.g. 0.2) for validation.
               Unlike Keras, which takes the LAST examples, the held-out ones are drawn at random with `seed`
               (stratified by class), so data sorted by class (such as Iris) still validates on every class.
    verbose    0 = silent; N > 0 prints a line every N epochs
    If the loss becomes NaN / inf or runs away, training stops; the reason (the cause found in the state) is
    printed and stored in history.stopped_reason. The data are checked once, here; the epochs then run
    without re-checking them.
    """
    _check_model(model, "fit")
    callbacks = _check_callbacks(callbacks)
    epochs = check_positive_int(epochs, "epochs")
    if epochs > MAX_EPOCHS:
        raise CourseError(tr(
            "epochs={epochs:,} would keep the kernel busy for days; the course's networks learn in at most a few "
            "thousand. Use at most {MAX_EPOCHS:,} (and EarlyStopping to stop sooner).",
            epochs=epochs, MAX_EPOCHS=MAX_EPOCHS))
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    verbose = check_positive_int(verbose, "verbose", minimum=0)
    if validation_data is not None and validation_split is not None:
        raise CourseError(tr("Pass either validation_data=(X_val, y_val) or validation_split=..., not both."))
    if validation_data is not None and not (isinstance(validation_data, tuple | list) and len(validation_data) == 2):
        raise CourseError(tr(
            "validation_data must be a pair (X_val, y_val), got {validation_data}.",
            validation_data=describe(validation_data)))
    trainer = Trainer(model, loss=loss, optimizer=optimizer, lr=lr, regularizer=regularizer, clip_norm=clip_norm)
    X, y = trainer.check_data(X, y)
    if validation_split is not None:
        X, y, validation_data = _split_off_validation(X, y, validation_split, seed)
    if validation_data is not None:
        X_val, y_val = trainer.check_data(*validation_data, names=("X_val", "y_val"))
    recorded = {"loss", *(["val_loss"] if validation_data is not None else [])}
    if type(trainer.loss).accuracy is not Loss.accuracy:
        recorded |= {"accuracy", *(["val_accuracy"] if validation_data is not None else [])}
    for cb in callbacks:
        if isinstance(cb, EarlyStopping):
            cb.check_monitor(recorded)
    rng = make_rng(seed)
    history = History()
    for cb in callbacks:
        cb.on_train_begin(trainer)
    try:
        for epoch in range(1, epochs + 1):
            for idx in minibatches(X.shape[0], batch_size, rng):
                trainer.step(X[idx], y[idx])
            logs = {}
            logs["loss"], logs["accuracy"] = trainer.evaluate(X, y, check=False)
            trainer.check_loss(logs["loss"], X, after_step=True)
            if validation_data is not None:
                logs["val_loss"], logs["val_accuracy"] = trainer.evaluate(X_val, y_val, check=False)
            history.record(epoch, logs)
            if verbose and (epoch % verbose == 0 or epoch == 1):
                print(_epoch_line(epoch, epochs, logs))
            if any(cb.on_epoch_end(epoch, logs, trainer) for cb in callbacks):
                history.stopped_reason = tr("stopped early at epoch {epoch} (no improvement)", epoch=epoch)
                break
    except TrainingDiverged as exc:
        history.stopped_reason = str(exc)
        print(tr("Training stopped: {reason}", reason=exc))
    finally:
        history.steps = trainer.step_count
        for cb in callbacks:
            cb.on_train_end(trainer)
    return history


@explain_arguments()
def evaluate(model, X, y, loss=None) -> tuple[float, float | None]:
    """(loss, accuracy) of a model on data, in evaluation mode."""
    _check_model(model, "evaluate")
    return Trainer(model, loss=loss, optimizer="sgd").evaluate(X, y)


def _split_off_validation(X, y, validation_split, seed):
    """Keras's validation_split for checked X, y: (X_train, y_train, (X_val, y_val)), drawn at random with `seed`
    (stratified by class)."""
    if isinstance(validation_split, int | float) and not isinstance(validation_split, bool) \
            and 1 <= validation_split < 100:
        raise CourseError(tr(
            "validation_split is a fraction between 0 and 1, got {validation_split}. For {validation_split:g} % "
            "write validation_split={fraction:g}.",
            validation_split=validation_split, fraction=validation_split / 100))
    fraction = check_number(validation_split, "validation_split", low=0.0, high=1.0, low_inclusive=False,
                            high_inclusive=False)
    column = y.ndim == 2 and y.shape[1] == 1
    labels = y.ravel() if column else y
    X_train, X_val, y_train, y_val = train_test_split(X, labels, test_fraction=fraction, seed=seed)
    if column:
        y_train, y_val = y_train.reshape(-1, 1), y_val.reshape(-1, 1)
    return X_train, y_train, (X_val, y_val)


def _check_first_update(optimizer, params, grads, before):
    """A learner's own optimizer, after its first step: an update that changed no weight although the gradients
    are not 0 usually returned a new array instead of changing p in place (the return value is thrown away)."""
    moved = any(not np.array_equal(p, before[name]) for name, p in params.items())
    if not moved and any(np.any(g != 0) for g in grads.values()):
        raise CourseError(
            tr(
                "{name}.step changed no weight although the gradients are not 0. update(name, p, g) must change p in "
                "place (p -= self.lr * g, or p[...] = new values); returning a new array does nothing.",
                name=type(optimizer).__name__)
        )


def _check_labels_fit(trainer, y):
    """The loss's own label checks (classes in range, one-hot rows, targets in [0, 1]) before any training, on
    stand-in outputs of the model's shape, so that a mistake in y never leaves a half-trained (or newly built)
    model behind."""
    width = trainer.model.output_dim
    if width is not None:
        trainer.loss.forward(np.zeros((len(y), width), dtype=trainer.model.dtype), y)


def _check_optimizer_kind(optimizer):
    """An optimizer is a name or an optimizer object; a class or a plain function gets a message."""
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise CourseTypeError(tr(
            "optimizer={optimizer_name} is the class; pass an optimizer object (with brackets), e.g. "
            "optimizer={optimizer_name}(lr=0.01), or the name optimizer={name!r}.",
            optimizer_name=optimizer.__name__, name=optimizer.name))
    if callable(optimizer) and not isinstance(optimizer, Optimizer):
        raise CourseTypeError(tr(
            "optimizer must be a name such as 'adam' or an optimizer object, got {optimizer}. To train with your own "
            "update rule, subclass course_lib.optimizers.Optimizer and write its update(name, p, g).",
            optimizer=describe(optimizer)))


def _check_model(model, function_name):
    if not isinstance(model, Sequential):
        raise CourseError(
            tr(
                "{function_name} needs a Sequential model as its first argument, got {name}. Call it as "
                "{function_name}(model, X, y, ...).",
                function_name=function_name, name=type(model).__name__)
        )


def _check_callbacks(callbacks):
    """callbacks must be a list (or tuple) of Callback objects, as in Keras; None means none."""
    if callbacks is None:
        return ()
    if isinstance(callbacks, Callback) or not isinstance(callbacks, list | tuple):
        raise CourseError(
            tr(
                "callbacks must be a list, got {name}: write callbacks=[EarlyStopping(patience=10)].",
                name=type(callbacks).__name__)
        )
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise CourseError(
                tr(
                    "callbacks must hold Callback objects such as EarlyStopping(patience=10), got {cb!r}. If you "
                    "passed a class, add the brackets: EarlyStopping().",
                    cb=cb)
            )
    return callbacks


def _epoch_line(epoch, epochs, logs):
    parts = [tr("epoch {epoch}/{epochs}", epoch=f"{epoch:>{len(str(epochs))}}", epochs=epochs)]
    for key, value in logs.items():
        if value is not None:
            parts.append(f"{key} {value:.4f}")
    return "  ".join(parts)
