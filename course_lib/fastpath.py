"""The speed path of `training.Trainer`: the same training step, without the per-step allocations.

    from course_lib.fastpath import FastTrainer
    trainer = FastTrainer(model, optimizer=SGD(lr=0.1))   # the same arguments as training.Trainer
    loss = trainer.train_step(X, y)                       # the same numbers as Trainer(...).train_step(X, y)

To learn how training works, read training.py, layers.py, losses.py and optimizers.py: this module computes
exactly what they compute, only faster, for the small networks of the lessons. Nothing here is new maths.

Why it is faster (DESIGN.md, "Performance notes"): a 2-8-8-1 step on 200 points is ~1 µs of arithmetic but
~55 numpy calls, each checking its inputs and allocating its result; PyTorch pays a similar fixed cost per
operation. Here

1. every intermediate array (Z, A, dZ, loss terms, ...) is allocated once per batch size and refilled in
   place through numpy's `out=` arguments and in-place operators;
2. all parameters live in ONE flat vector and each layer's W and b are views into it (the same for the
   gradients and for the optimizer's state), so an optimizer update is a few numpy calls for the whole net;
3. input checks run once per new X / y object, not at every step;
4. BLAS (numpy's matrix product) runs on one thread: for these tiny matrices, thread hand-offs cost more
   than the arithmetic, and on shared 2-vCPU machines they sometimes stall for milliseconds.

Every fast function below names the readable code it mirrors and performs the same floating-point operations
in the same order, so the results are exactly equal, step after step: not close, equal (tests/test_fastpath.py
compares every number with assert_array_equal). The one difference a bit-level comparison could see is the
sign of an exact zero in dL/dX of a one-unit layer (see _Affine.backward).

What is shared with the readable path: the model and its layers' arrays (views after the first step), the
optimizer object and its state, the loss (chosen by training.pair_loss), the regularizer and
training.clip_gradients. You can switch between Trainer and FastTrainer at any step, or call
model.predict between steps.

Supported: a Sequential of Dense, activation layers (ReLU(), Tanh(), ...) and Dropout; activations sigmoid,
tanh, relu, leaky_relu, linear, softmax; losses MSE, binary cross-entropy (from logits, or on sigmoid
probabilities), categorical cross-entropy; optimizers SGD, Momentum (also Nesterov), Adagrad, RMSprop, Adam;
any regularizer; clip_norm. Anything else (PReLU, a layer, activation or optimizer of your own) raises a
CourseError that says to use the readable Trainer, or, with strict=False, quietly takes the readable step.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from threadpoolctl import ThreadpoolController

from course_lib.activations import ACTIVATIONS
from course_lib.layers import ActivationLayer, Dense, Dropout
from course_lib.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    MSELoss,
    MultiLabelBCELoss,
    probability_clip,
)
from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, RMSprop
from course_lib.training import Trainer, TrainingDiverged, clip_gradients
from course_lib.validation import CourseError, check_2d_inputs


# ---------------------------------------------------------------------------------------------
# BLAS on one thread
# ---------------------------------------------------------------------------------------------
class OneBlasThread:
    """Context manager: numpy's BLAS uses one thread inside the block; the previous setting comes back after.

        with one_blas_thread():
            for _ in range(100):
                trainer.train_step(X, y)

    It does what `threadpoolctl.threadpool_limits(1, user_api="blas")` does, but finds the BLAS libraries
    only once: threadpool_limits inspects every loaded library at each call (~0.5 ms, more than a whole
    training step), this costs ~1 µs. Nesting is fine; it is not meant for several threads at once (the
    BLAS thread count is a setting of the whole process anyway).
    """

    def __init__(self):
        self._libraries = None  # threadpoolctl's controllers of the loaded BLAS libraries, found on first use
        self._saved = []  # a stack of [(library, threads before)], one entry per open `with`

    def __enter__(self):
        if self._libraries is None:
            self._libraries = ThreadpoolController().select(user_api="blas").lib_controllers
        before = [(lib, lib.get_num_threads()) for lib in self._libraries]
        for lib, n in before:
            if n != 1:
                lib.set_num_threads(1)
        self._saved.append(before)
        return self

    def __exit__(self, *exc_info):
        for lib, n in self._saved.pop():
            if n != 1:
                lib.set_num_threads(n)
        return False


_ONE_BLAS_THREAD = OneBlasThread()


def one_blas_thread() -> OneBlasThread:
    """The shared OneBlasThread context manager (see its docstring). FastTrainer uses it at every step."""
    return _ONE_BLAS_THREAD


def _mean(a):
    """a.mean() without the Python-level overhead of ndarray.mean: the same sum, divided the same way."""
    return np.add.reduce(a, axis=None) / a.size


# ---------------------------------------------------------------------------------------------
# Steps of the forward / backward pass. Each works on preallocated arrays:
#   forward(x, out, ws)                 x (m, n_in) -> writes out (m, n_out)
#   backward(x, out, d_out, d_x, ws)    d_out = dL/d(out) (m, n_out) -> writes d_x = dL/dx (m, n_in);
#                                       d_x is None for the first step (nobody needs dL/dX)
#   workspace(m, n_in, dtype, shared)   the scratch arrays `ws` for batches of m examples;
#                                       shared(shape, dtype) gives scratch that other steps reuse
# An activation step must also work in place (out is x, d_x is d_out): right after a Dense, A overwrites Z
# and dZ overwrites dA, because its backward reads only the output A, never Z. That halves the memory a
# step touches, which matters once the arrays outgrow the CPU cache (a 1000 x 16 float64 array is 128 kB).
# ---------------------------------------------------------------------------------------------
class _Affine:
    """Dense's affine part, Z = X @ W.T + b, and its backward (layers.Dense.forward / .backward).

    W (n_out, n_in), b (n_out,), dW, db: views into the trainer's flat vectors, set by FastTrainer._link_arrays.
    """

    def __init__(self, layer):
        self.layer = layer
        self.W = self.b = self.dW = self.db = None

    def out_dim(self, n_in):
        return self.layer.units

    in_place = False

    def workspace(self, m, n_in, dtype, shared):
        return None

    def forward(self, x, z, ws):
        np.matmul(x, self.W.T, out=z)  # x @ W.T + b
        z += self.b

    def backward(self, x, z, dz, dx, ws):
        np.matmul(dz.T, x, out=self.dW)  # dW = dZᵀ X
        _column_sums(dz, out=self.db)  # db = dZ.sum(axis=0)
        if dx is None:
            return
        if self.W.shape[0] == 1:
            # One output unit: dZ W is an outer product, one multiplication per entry and no sum, so the
            # elementwise product gives the same numbers (BLAS is slow at this shape). Only an exact zero may
            # differ in sign: BLAS adds the product to +0.0, turning -0.0 into +0.0.
            np.multiply(dz, self.W, out=dx)
        else:
            np.matmul(dz, self.W, out=dx)  # dX = dZ W


def _column_sums(a, out):
    """out = a.sum(axis=0) for a (m, n), with the same result.

    For n > 1 numpy's sum adds the rows one after another, calling its inner loop once per row (slow for
    narrow arrays); einsum adds in the same order, faster. A single column is summed pairwise by both
    sum and add.reduce, so that case keeps add.reduce. (tests/test_fastpath.py checks the results are equal.)
    """
    if a.shape[1] > 1:
        np.einsum("ij->j", a, out=out)
    else:
        np.add.reduce(a, axis=0, out=out)


class _ElementwiseActivation:
    """Base of the activation steps: out_dim = n_in; one shared scratch array of the layer's shape."""

    in_place = True

    def out_dim(self, n_in):
        return n_in

    def workspace(self, m, n_in, dtype, shared):
        return shared((m, n_in), dtype)


class _Sigmoid(_ElementwiseActivation):
    """activations.sigmoid and sigmoid_derivative."""

    def forward(self, z, a, tmp):
        _sigmoid(z, out=a)

    def backward(self, z, a, da, dz, tmp):
        # da * (s * (1 - s)), with s = sigmoid(z): the forward output a holds exactly those values
        np.subtract(1.0, a, out=tmp)
        tmp *= a
        np.multiply(da, tmp, out=dz)


def _sigmoid(z, out):
    """out = where(z >= 0, 1, e) / (1 + e) with e = exp(-|z|): activations.sigmoid, step for step."""
    nonnegative = z >= 0  # first: out may be z itself
    np.abs(z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    numerator = np.where(nonnegative, 1.0, out)
    out += 1.0
    np.divide(numerator, out, out=out)


class _Tanh(_ElementwiseActivation):
    """activations.tanh and tanh_derivative."""

    def forward(self, z, a, tmp):
        np.tanh(z, out=a)

    def backward(self, z, a, da, dz, tmp):
        np.multiply(a, a, out=tmp)  # da * (1 - t²), t = tanh(z) = a
        np.subtract(1.0, tmp, out=tmp)
        np.multiply(da, tmp, out=dz)


class _ReLU(_ElementwiseActivation):
    """activations.relu and relu_derivative."""

    def workspace(self, m, n_in, dtype, shared):
        return shared((m, n_in), bool)

    def forward(self, z, a, positive):
        np.maximum(z, 0.0, out=a)

    def backward(self, z, a, da, dz, positive):
        np.greater(a, 0, out=positive)  # da * (z > 0); a = max(z, 0) > 0 exactly where z > 0
        np.multiply(da, positive, out=dz)  # True/False count as 1.0/0.0


class _LeakyReLU(_ElementwiseActivation):
    """activations.leaky_relu and leaky_relu_derivative with negative slope `slope`."""

    def __init__(self, slope):
        self.slope = slope

    def workspace(self, m, n_in, dtype, shared):
        return np.empty((m, n_in), bool)  # its own: forward's mask is still needed in backward

    def forward(self, z, a, not_positive):
        # where(z > 0, z, slope * z): keep z, multiply the other entries by the slope
        np.less_equal(z, 0, out=not_positive)
        if a is not z:
            np.copyto(a, z)
        np.multiply(a, self.slope, out=a, where=not_positive)

    def backward(self, z, a, da, dz, not_positive):
        # da * where(z > 0, 1, slope); da * 1 is da itself. (A NaN z never gets here: the loss is NaN first.)
        if dz is not da:
            np.copyto(dz, da)
        np.multiply(dz, self.slope, out=dz, where=not_positive)


class _Softmax(_ElementwiseActivation):
    """activations.softmax and softmax_backward, along each row."""

    def workspace(self, m, n_in, dtype, shared):
        return SimpleNamespace(col=shared((m, 1), dtype), tmp=shared((m, n_in), dtype))

    def forward(self, z, s, ws):
        np.maximum.reduce(z, axis=-1, keepdims=True, out=ws.col)  # e = exp(z - max);  s = e / sum(e)
        np.subtract(z, ws.col, out=s)
        np.exp(s, out=s)
        np.add.reduce(s, axis=-1, keepdims=True, out=ws.col)
        s /= ws.col

    def backward(self, z, s, ds, dz, ws):
        np.multiply(ds, s, out=ws.tmp)  # s * (ds - sum(ds * s))
        np.add.reduce(ws.tmp, axis=-1, keepdims=True, out=ws.col)
        np.subtract(ds, ws.col, out=ws.tmp)
        np.multiply(s, ws.tmp, out=dz)


class _Dropout:
    """layers.Dropout in training mode: out = x * mask, mask = (draws < keep) / keep, keep = 1 - rate.

    The draws come from the layer's own generator, in the same order, so both paths drop the same units.
    """

    def __init__(self, layer):
        self.layer = layer

    in_place = False  # the step before it may need its input (an activation's output) in backward

    def out_dim(self, n_in):
        return n_in

    def workspace(self, m, n_in, dtype, shared):
        return SimpleNamespace(draws=shared((m, n_in), np.float64), kept=shared((m, n_in), bool),
                               mask=np.empty((m, n_in), dtype), active=False)

    def forward(self, x, out, ws):
        rate = self.layer.rate  # read at every step: the playground changes it while training
        ws.active = self.layer.training and rate != 0.0
        if not ws.active:
            np.copyto(out, x)
            return
        keep = 1.0 - rate
        self.layer.rng.random(out=ws.draws)  # the same numbers as rng.random(x.shape)
        np.less(ws.draws, keep, out=ws.kept)
        np.copyto(ws.mask, ws.kept)  # (draws < keep).astype(x.dtype) / keep
        ws.mask /= keep
        np.multiply(x, ws.mask, out=out)

    def backward(self, x, out, d_out, dx, ws):
        if dx is None:
            return
        if ws.active:
            np.multiply(d_out, ws.mask, out=dx)
        else:
            np.copyto(dx, d_out)


_ACTIVATION_STEPS = {"sigmoid": _Sigmoid, "tanh": _Tanh, "relu": _ReLU, "softmax": _Softmax}


def _activation_step(activation, where):
    """The fast step for an activations.Activation; None for linear (the identity needs no step)."""
    name = activation.name
    if name == "linear" and activation is ACTIVATIONS["linear"]:
        return None
    if name in _ACTIVATION_STEPS and activation is ACTIVATIONS[name]:
        return _ACTIVATION_STEPS[name]()
    if name == "leaky_relu" and activation.function.__qualname__.startswith("_leaky."):
        # The slope lives in a closure (activations._leaky); g(-1) = slope · (-1) gives it back exactly.
        return _LeakyReLU(-float(activation(np.array([-1.0]))[0]))
    raise CourseError(f"FastTrainer does not know the activation {name!r} of {where}. "
                      "Use the readable training.Trainer (same arguments) for this model.")


# ---------------------------------------------------------------------------------------------
# Losses: value(out, target, ws) -> float (mean over the batch);
#         gradient(out, target, d_out, ws) writes dL/d(out), shape (m, k).
# target is what `targets(y, m, k, dtype)` made of y at this step.
# ---------------------------------------------------------------------------------------------
class _TargetsAsArray:
    """y as an (m, k) array of the model's dtype (as training.fit casts it): for MSE and binary cross-entropy."""

    def targets(self, y, m, k, dtype):
        return np.asarray(y, dtype=dtype).reshape(m, k)

    def workspace(self, m, k, dtype):
        return np.empty((m, k), dtype), np.empty((m, k), dtype)


class _MSE(_TargetsAsArray):
    """losses.MSELoss: mean((pred - y)²); gradient 2·(pred - y) / pred.size."""

    def value(self, pred, y, ws):
        diff, sq = ws
        np.subtract(pred, y, out=diff)
        np.square(diff, out=sq)
        return float(_mean(sq))

    def gradient(self, pred, y, d_pred, ws):
        diff, _ = ws  # pred - y, from value()
        np.multiply(diff, 2.0, out=d_pred)
        d_pred /= pred.size


class _BCEWithLogits(_TargetsAsArray):
    """losses.BCEWithLogitsLoss: mean(max(z, 0) - z·y + log(1 + e^-|z|)); gradient (sigmoid(z) - y) / z.size."""

    def value(self, z, y, ws):
        t, u = ws
        np.maximum(z, 0, out=t)
        np.multiply(z, y, out=u)
        t -= u
        np.abs(z, out=u)
        np.negative(u, out=u)
        np.exp(u, out=u)
        np.log1p(u, out=u)
        t += u
        return float(_mean(t))

    def gradient(self, z, y, dz, ws):
        _sigmoid(z, out=dz)
        dz -= y
        dz /= z.size


class _BCEOnProbabilities(_TargetsAsArray):
    """losses.BCELoss on probabilities p, clipped to [1e-12, 1 - 1e-12]:
    -mean(y·log p + (1-y)·log(1-p)); gradient (p - y) / (p·(1 - p)) / p.size."""

    def workspace(self, m, k, dtype):
        return tuple(np.empty((m, k), dtype) for _ in range(4))

    def value(self, p, y, ws):
        pc, t, u, v = ws
        clip = probability_clip(p.dtype)
        np.clip(p, clip, 1 - clip, out=pc)
        np.log(pc, out=t)
        np.multiply(y, t, out=t)  # y·log p
        np.subtract(1, y, out=u)
        np.subtract(1, pc, out=v)
        np.log(v, out=v)
        u *= v  # (1-y)·log(1-p)
        t += u
        return -float(_mean(t))

    def gradient(self, p, y, dp, ws):
        pc, _, _, v = ws  # pc: the clipped p from value()
        np.subtract(pc, y, out=dp)
        np.subtract(1, pc, out=v)
        np.multiply(pc, v, out=v)
        dp /= v
        dp /= p.size


class _CrossEntropy:
    """losses.CrossEntropyLoss on logits z (m, K): -mean(log_softmax(z)[i, y_i]); gradient (softmax(z) - onehot) / m."""

    def targets(self, y, m, k, dtype):
        """Class indices (m,) from indices or one-hot rows (checked by losses.class_indices when y was new)."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape == (m, k):
            labels = y.argmax(axis=1)
        else:
            labels = y.reshape(m).astype(np.int64)
        return np.arange(0, m * k, k) + labels  # positions of the true classes in z.ravel()

    def workspace(self, m, k, dtype):
        return SimpleNamespace(shifted=np.empty((m, k), dtype), exp=np.empty((m, k), dtype),
                               col=np.empty((m, 1), dtype), sum_exp=np.empty((m, 1), dtype),
                               log_sum=np.empty((m, 1), dtype))

    def value(self, z, picks, ws):
        # log_softmax(z) = shifted - log(sum(exp(shifted))), shifted = z - max(z) (losses.log_softmax)
        np.maximum.reduce(z, axis=-1, keepdims=True, out=ws.col)
        np.subtract(z, ws.col, out=ws.shifted)
        np.exp(ws.shifted, out=ws.exp)
        np.add.reduce(ws.exp, axis=-1, keepdims=True, out=ws.sum_exp)
        np.log(ws.sum_exp, out=ws.log_sum)
        picked = ws.shifted.ravel()[picks] - ws.log_sum.ravel()  # log_softmax at the true classes, (m,)
        return -float(_mean(picked))

    def gradient(self, z, picks, dz, ws):
        np.divide(ws.exp, ws.sum_exp, out=dz)  # softmax(z) = exp(shifted) / sum, both kept from value()
        dz.ravel()[picks] -= 1.0
        dz /= z.shape[0]


def _loss_step(loss, output_activation):
    """The fast loss for a course_lib loss object (exact types: a subclass may compute something else)."""
    kind = type(loss)
    if kind is MSELoss:
        return _MSE()
    if kind in (BCEWithLogitsLoss, MultiLabelBCELoss):
        return _BCEWithLogits()
    if kind is CrossEntropyLoss:
        return _CrossEntropy()
    if kind is BCELoss and output_activation in ("sigmoid", "softmax"):
        # only where its "probabilities in [0, 1]" check cannot fail, so the fast path may skip it
        return _BCEOnProbabilities()
    raise CourseError(f"FastTrainer does not support the loss {loss!r} with a {output_activation!r} output. "
                      "Use the readable training.Trainer (same arguments).")


# ---------------------------------------------------------------------------------------------
# Optimizer updates on the flat vectors p, g (n_params,). `state` holds the optimizer's flat state
# vectors by slot name, `tmp` two scratch vectors. Each mirrors the `update` method it names.
# ---------------------------------------------------------------------------------------------
def _sgd(opt, p, g, state, tmp):
    """SGD.update: p -= lr·g."""
    np.multiply(g, opt.lr, out=tmp[0])
    p -= tmp[0]


def _momentum(opt, p, g, state, tmp):
    """Momentum.update: v = μ·v + g;  p -= lr·v  (Nesterov: p -= lr·(g + μ·v))."""
    v, step = state["velocity"], tmp[0]
    v *= opt.momentum
    v += g
    if opt.nesterov:
        np.multiply(v, opt.momentum, out=step)
        step += g
        step *= opt.lr
    else:
        np.multiply(v, opt.lr, out=step)
    p -= step


def _adagrad(opt, p, g, state, tmp):
    """Adagrad.update: G += g²;  p -= lr·g / (sqrt(G) + eps)."""
    G, step, denom = state["sum_sq"], tmp[0], tmp[1]
    np.multiply(g, g, out=step)
    G += step
    _divided_step(opt, g, G, step, denom)
    p -= step


def _rmsprop(opt, p, g, state, tmp):
    """RMSprop.update: s = α·s + (1-α)·g²;  p -= lr·g / (sqrt(s) + eps)."""
    s, step, denom = state["mean_sq"], tmp[0], tmp[1]
    s *= opt.alpha
    np.multiply(g, 1 - opt.alpha, out=step)
    step *= g
    s += step
    _divided_step(opt, g, s, step, denom)
    p -= step


def _divided_step(opt, g, sq, step, denom):
    """step = lr·g / (sqrt(sq) + eps), for Adagrad and RMSprop."""
    np.multiply(g, opt.lr, out=step)
    np.sqrt(sq, out=denom)
    denom += opt.eps
    step /= denom


def _adam(opt, p, g, state, tmp):
    """Adam.update: m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;  p -= lr·m̂ / (sqrt(v̂) + eps)."""
    b1, b2 = opt.betas
    m, v, steps = state["m"], state["v"], state["t"]
    step, denom = tmp
    steps += 1  # every parameter's own step count (Adam keeps one per parameter; here they are equal)
    t = float(steps[0])
    m *= b1
    np.multiply(g, 1 - b1, out=step)
    m += step
    v *= b2
    np.multiply(g, 1 - b2, out=step)
    step *= g
    v += step
    np.divide(m, 1 - b1**t, out=step)  # m̂
    step *= opt.lr
    np.divide(v, 1 - b2**t, out=denom)  # v̂
    np.sqrt(denom, out=denom)
    denom += opt.eps
    step /= denom
    p -= step


# optimizer class -> (update, names of its per-parameter state arrays)
_UPDATES = {
    SGD: (_sgd, ()),
    Momentum: (_momentum, ("velocity",)),
    Adagrad: (_adagrad, ("sum_sq",)),
    RMSprop: (_rmsprop, ("mean_sq",)),
    Adam: (_adam, ("m", "v")),
}


# ---------------------------------------------------------------------------------------------
# The trainer
# ---------------------------------------------------------------------------------------------
class FastTrainer(Trainer):
    """training.Trainer with a faster train_step that gives the same results. The same arguments, plus

    strict  True (default): an unsupported model / loss / optimizer raises a CourseError.
            False: it trains with the readable Trainer's step instead; `fallback_reason` says why.

    The first step moves the model's parameters (and gradients, and the optimizer's state) into flat
    vectors and leaves views of them in the layers: hold on to `model.parameters()` from after that step,
    not from before. If the arrays are replaced later (model.build(), optimizer.reset(), a new optimizer,
    a step of the readable Trainer) the next fast step notices and moves the new arrays in.

    X and y are checked the first time the trainer sees them (as the readable path checks them at every
    step), and y is cast to the model's dtype, as training.fit does.
    """

    def __init__(self, model, loss=None, optimizer="adam", lr=None, regularizer=None, clip_norm=None,
                 strict=True):
        super().__init__(model, loss=loss, optimizer=optimizer, lr=lr, regularizer=regularizer,
                         clip_norm=clip_norm)
        self.strict = strict
        self.fallback_reason = None
        self._plan_for = None  # (optimizer, loss, use_logits, layers) the current plan was made for
        self._linked = None  # what _link_arrays put in place, to notice when someone replaces it
        self._work = {}  # batch size m -> preallocated arrays
        self._seen = (None, None, None)  # (X, y, m) last checked
        self._plan()

    # -- planning: which fast steps make up this model --------------------------------------------
    def _plan(self):
        """Turn the model's layers into fast steps and pick the loss and update; raise (strict) if impossible."""
        model = self.model
        self._plan_for = (self.optimizer, self.loss, self.use_logits, list(model.layers))
        self._linked, self._work = None, {}
        self.fallback_reason = None
        try:
            self._steps = self._fast_steps(model)
            self._loss_step = _loss_step(self.loss, model.output_activation)
            if type(self.optimizer) not in _UPDATES:
                raise CourseError(f"FastTrainer does not support the optimizer {self.optimizer!r}. Use the readable "
                                  "training.Trainer (same arguments).")
            self._update, self._slot_names = _UPDATES[type(self.optimizer)]
        except CourseError as exc:
            if self.strict:
                raise
            self.fallback_reason = str(exc)

    def _fast_steps(self, model):
        steps = []
        for i, layer in enumerate(model.layers):
            where = f"layer {i} ({layer.describe()})"
            if type(layer) is Dense:
                steps.append(_Affine(layer))
                act = _activation_step(layer.activation, where)
            elif type(layer) is ActivationLayer:
                act = _activation_step(layer.activation, where)
            elif type(layer) is Dropout:
                act = _Dropout(layer)
            else:
                raise CourseError(f"FastTrainer does not support {where}. Use the readable training.Trainer "
                                  "(same arguments) for this model.")
            if act is not None:
                steps.append(act)
        if self.use_logits:
            # The loss takes the scores before the output activation (Sequential.forward(return_logits=True)).
            steps.pop()
        return steps

    def _plan_is_current(self):
        opt, loss, use_logits, layers = self._plan_for
        return (opt is self.optimizer and loss is self.loss and use_logits == self.use_logits
                and layers == self.model.layers)

    # -- flat vectors shared with the model and the optimizer ----------------------------------------
    def _link_arrays(self):
        """Copy parameters, gradients and optimizer state into flat vectors; leave views of them in their owners."""
        model, opt = self.model, self.optimizer
        entries = [(f"layer{i}.{k}", layer, k) for i, layer in enumerate(model.layers) for k in layer.params]
        shapes = [layer.params[k].shape for _, layer, k in entries]
        dtype = model.dtype
        self._flat_params = np.concatenate([layer.params[k].ravel() for _, layer, k in entries]).astype(dtype)
        self._flat_grads = np.zeros_like(self._flat_params)
        param_views = _split(self._flat_params, shapes)
        grad_views = _split(self._flat_grads, shapes)
        for (_, layer, k), p, g in zip(entries, param_views, grad_views, strict=True):
            if k in layer.grads:
                g[...] = layer.grads[k]
            layer.params[k], layer.grads[k] = p, g
        for step in self._steps:
            if isinstance(step, _Affine):
                step.W, step.b = step.layer.params["W"], step.layer.params["b"]
                step.dW, step.db = step.layer.grads["W"], step.layer.grads["b"]

        # The optimizer's state, by slot name: flat vectors whose pieces ARE opt.state[name][slot].
        self._state = {}
        for slot in self._slot_names:
            flat = np.zeros_like(self._flat_params)
            for (name, _, _), view in zip(entries, _split(flat, shapes), strict=True):
                slots = opt.state.setdefault(name, {})
                if slot in slots:
                    view[...] = slots[slot]
                slots[slot] = view
            self._state[slot] = flat
        if type(opt) is Adam:
            steps = np.zeros(len(entries))  # Adam's per-parameter step counts, 0-d views into this vector
            for i, (name, _, _) in enumerate(entries):
                slots = opt.state[name]
                if "t" in slots:
                    steps[i] = slots["t"]
                slots["t"] = steps[i:i + 1].reshape(())
            if np.any(steps != steps[0]):
                raise CourseError("This Adam optimizer has taken different numbers of steps for different "
                                  "parameters; use the readable training.Trainer with it.")
            self._state["t"] = steps

        self._update_tmp = (np.empty_like(self._flat_params), np.empty_like(self._flat_params))
        self._params = dict(zip([e[0] for e in entries], param_views, strict=True))  # for regularizer / clipping
        self._grads = dict(zip([e[0] for e in entries], grad_views, strict=True))
        self._linked = ([(layer, k, layer.params[k], layer.grads[k]) for _, layer, k in entries],
                        [(name, opt.state[name]) for name, _, _ in entries] if self._slot_names else [])

    def _arrays_are_linked(self):
        """False once someone replaced an array the flat vectors back (model.build, a readable step, opt.reset)."""
        if self._linked is None:
            return False
        arrays, state_dicts = self._linked
        for layer, k, p, g in arrays:
            if layer.params.get(k) is not p or layer.grads.get(k) is not g:
                return False
        state = self.optimizer.state
        return all(state.get(name) is slots for name, slots in state_dicts)

    # -- data ------------------------------------------------------------------------------------
    def _checked_inputs(self, X, y):
        """X (m, n) in the model's dtype, and y as the fast loss wants it. Checks run for new X / y only."""
        model = self.model
        seen_X, seen_y, m = self._seen
        if X is not seen_X:
            checked = check_2d_inputs(X, "X", n_features=model.input_dim if model.built else None, dtype=model.dtype)
            if not model.built:
                model.build(checked.shape[1])
            seen_X, seen_y, m = X, None, checked.shape[0]
        if y is not seen_y:
            # The readable loss's own checks and messages: run it once on zero predictions.
            self.loss.forward(np.zeros((m, model.output_dim), model.dtype), y)
            seen_y = y
        self._seen = (seen_X, seen_y, m)
        return np.asarray(X, dtype=model.dtype), self._loss_step.targets(y, m, model.output_dim, model.dtype)

    def _workspace(self, m):
        """The preallocated arrays for batches of m examples (made once per batch size).

        values[i] is the input of step i and values[i + 1] its output; grads[i] is dL/d(values[i]).
        An activation right after a Dense works in place (see the steps' comment above). A gradient is needed
        only until the step below has used it, so gradients of the same shape take turns in two arrays.
        """
        work = self._work.get(m)
        if work is None:
            dtype, scratch, turns = self.model.dtype, {}, {}

            def shared(shape, kind):
                return scratch.setdefault((shape, np.dtype(kind)), np.empty(shape, kind))

            def gradient_array(shape):
                pair = turns.setdefault(shape, [np.empty(shape, dtype), np.empty(shape, dtype)])
                pair.reverse()  # the other one of the two than last time
                return pair[0]

            width, values, grads, step_ws = self.model.input_dim, [None], [None], []
            for i, step in enumerate(self._steps):
                step_ws.append(step.workspace(m, width, dtype, shared))
                width = step.out_dim(width)
                if step.in_place and i > 0 and isinstance(self._steps[i - 1], _Affine):
                    values.append(values[i])  # A overwrites Z
                    grads.append(grads[i])  # dZ overwrites dA
                else:
                    values.append(np.empty((m, width), dtype))
                    grads.append(gradient_array((m, width)))
            work = self._work[m] = SimpleNamespace(values=values, grads=grads, step_ws=step_ws,
                                                  loss_ws=self._loss_step.workspace(m, width, dtype))
        return work

    # -- the step ----------------------------------------------------------------------------------
    def train_step(self, X, y) -> float:
        """Forward, loss, backward, (regularise, clip), update; returns the batch loss. As Trainer.train_step."""
        if not self._plan_is_current():
            self._plan()
        if self.fallback_reason is not None:
            return super().train_step(X, y)
        self.model.train()
        X, target = self._checked_inputs(X, y)
        if not self._arrays_are_linked():
            self._link_arrays()
        with _ONE_BLAS_THREAD, np.errstate(over="ignore", invalid="ignore"):  # divergence: reported in words
            return self._fast_step(X, target, self._workspace(X.shape[0]))

    def _fast_step(self, X, target, work):
        steps, values, grads, step_ws = self._steps, work.values, work.grads, work.step_ws
        values[0] = X
        for i, step in enumerate(steps):
            step.forward(values[i], values[i + 1], step_ws[i])
        value = self._loss_step.value(values[-1], target, work.loss_ws)
        if self.regularizer is not None:
            value += self.regularizer.penalty(self._params)
        self.step_count += 1
        if not math.isfinite(value):
            raise TrainingDiverged(self.step_count, value)

        self._loss_step.gradient(values[-1], target, grads[-1], work.loss_ws)
        for i in range(len(steps) - 1, -1, -1):
            steps[i].backward(values[i], values[i + 1], grads[i + 1], grads[i], step_ws[i])
        if self.regularizer is not None:
            self.regularizer.add_gradients(self._params, self._grads)
        if self.clip_norm is not None:
            self.last_grad_norm = clip_gradients(self._grads, self.clip_norm)

        self.optimizer.t += 1
        self._update(self.optimizer, self._flat_params, self._flat_grads, self._state, self._update_tmp)
        if self.regularizer is not None:
            self.regularizer.after_step(self._params, self.optimizer.lr)  # proximal L1: as Trainer.train_step
        return value


def _split(flat, shapes):
    """Consecutive views of `flat` with the given shapes (they share its memory)."""
    views, start = [], 0
    for shape in shapes:
        size = math.prod(shape)
        views.append(flat[start:start + size].reshape(shape))
        start += size
    return views
