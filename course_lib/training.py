"""The training loop: forward -> loss -> backward -> update, over mini-batches and epochs.

    history = fit(model, X, y, optimizer="adam", lr=0.01, epochs=200, batch_size=32,
                  validation_data=(X_val, y_val), callbacks=[EarlyStopping(patience=20)], seed=0)

`Trainer` does one step at a time (the playground drives it in small chunks); `fit` loops it over epochs
and returns a `History`. If the loss becomes NaN or infinite, training stops with a plain message naming
the step and the likely cause instead of filling the model with NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from course_lib.init import make_rng
from course_lib.losses import Loss, get_loss, loss_for_output
from course_lib.model import Sequential
from course_lib.optimizers import Optimizer, get_optimizer
from course_lib.regularization import get_regularizer
from course_lib.validation import CourseError, as_float_array, check_2d_inputs, check_number, check_positive_int


class TrainingDiverged(CourseError):
    """The loss became NaN or infinite. `step` says when."""

    def __init__(self, step: int, value: float):
        self.step, self.value = step, value
        word = "NaN" if np.isnan(value) else "infinite"
        super().__init__(
            f"loss became {word} at step {step}: learning rate too high? Try a 10x smaller learning rate "
            "(or gradient clipping), then train again."
        )


def check_targets(y, m: int, name="y", x_name="X") -> np.ndarray:
    """Labels for m examples: an array of shape (m,) or (m, k), or a message that says what does not fit.

    Only the shape is looked at here (`name` / `x_name` are the words the messages use); the values are the
    loss's business (Loss.check_targets: NaN, labels outside 0..1, class indices, ...).
    """
    if y is None:
        raise CourseError(f"{name} is None: pass the labels (targets) for your examples.")
    y_arr = as_float_array(y, name, allow_nonfinite=True) if not isinstance(y, np.ndarray) else y
    if y_arr.ndim == 0 or y_arr.ndim > 2:
        raise CourseError(f"{name} must have shape (m,) or (m, n_outputs), got {y_arr.shape}.")
    if y_arr.shape[0] != m:
        if y_arr.ndim == 2 and y_arr.shape[1] == m:
            raise CourseError(
                f"{name} has shape {y_arr.shape}; it looks transposed. Pass {name}.T (one row per example)."
            )
        raise CourseError(
            f"{x_name} has {m} examples but {name} has {y_arr.shape[0]} labels: they must be the same number."
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
        f"{type(loss).__name__} expects a {loss.output_activation} output (or a linear one giving raw scores), but "
        f"the model's last activation is {out_act!r}. Change the last layer's activation or the loss."
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

    def __init__(self, model, loss=None, optimizer="adam", lr=None, regularizer=None, clip_norm=None):
        if not isinstance(model, Sequential):
            raise CourseError(
                f"Trainer needs a Sequential model, got {type(model).__name__}. Put the layers in one: "
                "Trainer(Sequential([...]))."
            )
        self.model = model
        self.loss, self.logits = pair_loss(model, loss)
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

    def check_data(self, X, y, names=("X", "y")):
        """X (m, n_features) and y checked and converted once: X in the model's dtype (the model is built for
        X if it was not yet), y in the form the loss computes with and, if it holds numbers, the model's dtype."""
        model = self.model
        x_name, y_name = names
        X = check_2d_inputs(X, x_name, n_features=model.input_dim if model.built else None, dtype=model.dtype)
        if not model.built:
            model.build(X.shape[1])
        y = check_targets(y, X.shape[0], name=y_name, x_name=x_name)
        y = self.loss.check_targets(y, (X.shape[0], model.output_dim))
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
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below, in words
            value = self.loss.forward(self.outputs(X, check=False), y, check=False)
            params = model.parameters()
            if self.regularizer is not None:
                value += self.regularizer.penalty(params)
            self.step_count += 1
            if not math.isfinite(value):
                raise TrainingDiverged(self.step_count, value)
            model.backward(self.loss.backward())
            grads = model.gradients()
            if self.regularizer is not None:
                self.regularizer.add_gradients(params, grads)
            if self.clip_norm is not None:
                self.last_grad_norm = clip_gradients(grads, self.clip_norm)
            self.optimizer.step(params, grads)
            if self.regularizer is not None:
                self.regularizer.after_step(params, self.optimizer.lr)  # proximal L1: soft-threshold the weights
        return float(value)

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


@dataclass
class History:
    """Per-epoch records: history["loss"], ["accuracy"], ["val_loss"], ["val_accuracy"]."""

    history: dict = field(default_factory=lambda: {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []})
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
        return f"History({len(self.epochs)} epochs, " + ", ".join(parts) + ")"


class Callback:
    """Hook called after every epoch. Return True from on_epoch_end to stop training."""

    def on_train_begin(self, trainer):
        pass

    def on_epoch_end(self, epoch, logs, trainer) -> bool:
        return False

    def on_train_end(self, trainer):
        pass


class EarlyStopping(Callback):
    """Stop when `monitor` has not improved by min_delta for `patience` epochs; optionally restore the best weights."""

    def __init__(self, monitor="val_loss", patience=10, min_delta=0.0, restore_best_weights=True):
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

    def on_epoch_end(self, epoch, logs, trainer):
        value = logs.get(self.monitor)
        if value is None:
            raise CourseError(
                f"EarlyStopping monitors {self.monitor!r}, which fit did not record. Pass validation_data=... "
                "or monitor='loss'."
            )
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


def minibatches(m: int, batch_size: int | None, rng) -> list[np.ndarray]:
    """Index arrays covering 0..m-1 once, shuffled without replacement; full batch if batch_size is None."""
    if batch_size is None or batch_size >= m:
        return [np.arange(m)]
    order = rng.permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


def fit(model, X, y, *, loss=None, optimizer="adam", lr=None, epochs=100, batch_size=None,
        validation_data=None, callbacks=(), regularizer=None, clip_norm=None, seed=0, verbose=0) -> History:
    """Train `model` on X (m, n_features), y (m,) or (m, k); returns a History.

    optimizer  a name ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam") or an Optimizer
    lr         learning rate (default: the optimizer's own default)
    batch_size None = full batch; 1 = stochastic; else mini-batches, reshuffled every epoch with `seed`
    verbose    0 = silent; N > 0 prints a line every N epochs
    If the loss becomes NaN / inf, training stops, the reason is printed and stored in history.stopped_reason.
    The data are checked once, here; the epochs then run without re-checking them.
    """
    _check_model(model, "fit")
    callbacks = _check_callbacks(callbacks)
    epochs = check_positive_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    verbose = check_positive_int(verbose, "verbose", minimum=0)
    if validation_data is not None and not (isinstance(validation_data, tuple | list) and len(validation_data) == 2):
        raise CourseError("validation_data must be a pair (X_val, y_val).")
    trainer = Trainer(model, loss=loss, optimizer=optimizer, lr=lr, regularizer=regularizer, clip_norm=clip_norm)
    X, y = trainer.check_data(X, y)
    if validation_data is not None:
        X_val, y_val = trainer.check_data(*validation_data, names=("X_val", "y_val"))
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
            if validation_data is not None:
                logs["val_loss"], logs["val_accuracy"] = trainer.evaluate(X_val, y_val, check=False)
            history.record(epoch, logs)
            if verbose and (epoch % verbose == 0 or epoch == 1):
                print(_epoch_line(epoch, epochs, logs))
            if any(cb.on_epoch_end(epoch, logs, trainer) for cb in callbacks):
                history.stopped_reason = f"stopped early at epoch {epoch} (no improvement)"
                break
    except TrainingDiverged as exc:
        history.stopped_reason = str(exc)
        print(f"Training stopped: {exc}")
    finally:
        history.steps = trainer.step_count
        for cb in callbacks:
            cb.on_train_end(trainer)
    return history


def evaluate(model, X, y, loss=None) -> tuple[float, float | None]:
    """(loss, accuracy) of a model on data, in evaluation mode."""
    _check_model(model, "evaluate")
    return Trainer(model, loss=loss, optimizer="sgd").evaluate(X, y)


def _check_model(model, function_name):
    if not isinstance(model, Sequential):
        raise CourseError(
            f"{function_name} needs a Sequential model as its first argument, got {type(model).__name__}. "
            f"Call it as {function_name}(model, X, y, ...)."
        )


def _check_callbacks(callbacks):
    """callbacks must be a list (or tuple) of Callback objects, as in Keras; None means none."""
    if callbacks is None:
        return ()
    if isinstance(callbacks, Callback) or not isinstance(callbacks, list | tuple):
        raise CourseError(
            f"callbacks must be a list, got {type(callbacks).__name__}: write callbacks=[EarlyStopping(patience=10)]."
        )
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise CourseError(
                f"callbacks must hold Callback objects such as EarlyStopping(patience=10), got {cb!r}. "
                "If you passed a class, add the brackets: EarlyStopping()."
            )
    return callbacks


def _epoch_line(epoch, epochs, logs):
    parts = [f"epoch {epoch:>{len(str(epochs))}}/{epochs}"]
    for key, value in logs.items():
        if value is not None:
            parts.append(f"{key} {value:.4f}")
    return "  ".join(parts)
