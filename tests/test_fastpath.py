"""course_lib.fastpath.FastTrainer gives the same numbers as the readable training.Trainer, exactly.

Every test trains two copies of the same network side by side, one with each trainer, and compares the
losses, parameters, gradients and optimizer state after every step with assert_array_equal (no tolerance).
"""

import copy

import numpy as np
import pytest

from course_lib.activations import Activation, relu, relu_derivative
from course_lib.datasets import make_moons, make_spiral
from course_lib.fastpath import FastTrainer, _column_sums, one_blas_thread
from course_lib.layers import Dense, Dropout, LeakyReLU, PReLU, ReLU, Sigmoid, Softmax, Tanh
from course_lib.losses import BCELoss, MultiLabelBCELoss, one_hot
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, Optimizer, RMSprop
from course_lib.regularization import L1, L1L2, L2
from course_lib.training import Trainer, TrainingDiverged
from course_lib.validation import CourseError

DTYPES = [np.float64, np.float32]
OPTIMIZERS = {
    "sgd": lambda: SGD(lr=0.1),
    "momentum": lambda: Momentum(lr=0.05, momentum=0.9),
    "nesterov": lambda: Momentum(lr=0.05, momentum=0.8, nesterov=True),
    "adagrad": lambda: Adagrad(lr=0.1),
    "rmsprop": lambda: RMSprop(lr=0.01, alpha=0.9),
    "adam": lambda: Adam(lr=0.01, betas=(0.8, 0.99)),
}
STEPS = 6


def moons(dtype, n=120):
    X, y = make_moons(n, noise=0.2, seed=3)
    return X.astype(dtype), y.astype(dtype)


def mlp(hidden="tanh", out="sigmoid", n_out=1, dtype=np.float64, n_in=2, extra=()):
    """2-8-[extra]-6-n_out with the given activations."""
    layers = [Dense(8, input_dim=n_in, activation=hidden), *extra, Dense(6, activation=hidden),
              Dense(n_out, activation=out)]
    return Sequential(layers, seed=7, dtype=dtype)


def snapshot(trainer):
    """Copies of everything a step changes: parameters, gradients, optimizer state."""
    model, opt = trainer.model, trainer.optimizer
    state = {name: {k: np.array(v, copy=True) for k, v in slots.items()} for name, slots in opt.state.items()}
    return {k: v.copy() for k, v in model.parameters().items()}, \
        {k: v.copy() for k, v in model.gradients().items()}, state, opt.t, trainer.step_count


def assert_same(a, b):
    """Exact equality of two snapshots (nested dicts / tuples of arrays and numbers), dtypes included."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, tuple | list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert_same(x, y)
    else:
        np.testing.assert_array_equal(a, b, strict=True)


def train_side_by_side(make_model, make_optimizer, batches, steps=STEPS, **trainer_kwargs):
    """Train two copies with Trainer and FastTrainer on the same batches; compare after every step."""
    readable = Trainer(make_model(), optimizer=make_optimizer(), **trainer_kwargs)
    fast = FastTrainer(make_model(), optimizer=make_optimizer(), **trainer_kwargs)
    for step in range(steps):
        X, y = batches[step % len(batches)]
        loss_readable, loss_fast = readable.train_step(X, y), fast.train_step(X, y)
        assert type(loss_fast) is float
        assert loss_fast == loss_readable, f"loss differs at step {step + 1}"
        assert_same(snapshot(fast), snapshot(readable))
        assert fast.last_grad_norm == readable.last_grad_norm
    return readable, fast


# -- the optimizers and dtypes -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimizer_gives_identical_results(optimizer, dtype):
    _, fast = train_side_by_side(lambda: mlp(dtype=dtype), OPTIMIZERS[optimizer], [moons(dtype)])
    assert fast.model.parameters()["layer0.W"].dtype == dtype


# -- activations, outputs and losses -------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"])
def test_every_hidden_activation(hidden, dtype):
    train_side_by_side(lambda: mlp(hidden, dtype=dtype), OPTIMIZERS["adam"], [moons(dtype)])


def spiral(dtype, n=90, k=3):
    X, y = make_spiral(n, n_classes=k, seed=2)
    return X.astype(dtype), y


OUTPUTS = {
    # name: (output activation, n_out, loss, batch maker)
    "sigmoid+bce_logits": ("sigmoid", 1, None, lambda dt: moons(dt)),
    "sigmoid+bce_probabilities": ("sigmoid", 1, BCELoss(), lambda dt: moons(dt)),
    "softmax+ce_labels": ("softmax", 3, None, lambda dt: spiral(dt)),
    "softmax+ce_float_labels": ("softmax", 3, None, lambda dt: (spiral(dt)[0], spiral(dt)[1].astype(float))),
    "softmax+ce_one_hot": ("softmax", 3, None, lambda dt: (spiral(dt)[0], one_hot(spiral(dt)[1], 3).astype(dt))),
    "linear+ce": ("linear", 3, "categorical_crossentropy", lambda dt: spiral(dt)),
    "linear+mse": ("linear", 2, None,
                   lambda dt: (moons(dt)[0], np.c_[moons(dt)[1], moons(dt)[0][:, 0] ** 2].astype(dt))),
    "linear+mse_1d_targets": ("linear", 1, None, lambda dt: moons(dt)),
    "sigmoid+multilabel": ("sigmoid", 2, MultiLabelBCELoss(),
                           lambda dt: (moons(dt)[0], np.c_[moons(dt)[1], 1 - moons(dt)[1]].astype(dt))),
    "softmax+mse": ("softmax", 3, "mse", lambda dt: (spiral(dt)[0], one_hot(spiral(dt)[1], 3).astype(dt))),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_output_and_loss(output, dtype):
    activation, n_out, loss, batch = OUTPUTS[output]
    train_side_by_side(lambda: mlp("relu", activation, n_out, dtype), OPTIMIZERS["adam"], [batch(dtype)],
                       loss=copy.deepcopy(loss))


ARCHITECTURES = {
    "activation_layers": lambda: [Dense(8, input_dim=2), ReLU(), Dense(8), LeakyReLU(0.2),
                                  Dense(6, activation="leaky_relu"), Tanh(), Dense(4), Sigmoid(), Dense(3), Softmax()],
    # activations that do not follow a Dense get their own arrays (their input is needed in backward)
    "activations_in_a_row": lambda: [Dense(8, input_dim=2), Dropout(0.2), ReLU(), Tanh(), Sigmoid(),
                                     Dense(8, activation="tanh"), Dropout(0.1), LeakyReLU(0.3), Dense(3), Softmax()],
    # equal widths: the gradient arrays take turns
    "deep_and_equal_widths": lambda: [Dense(8, input_dim=2, activation="tanh")]
                                     + [Dense(8, activation=a) for a in ("relu", "tanh", "sigmoid", "leaky_relu")]
                                     + [Dense(3, activation="softmax")],
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_activation_layers_and_architectures(architecture, dtype):
    train_side_by_side(lambda: Sequential(ARCHITECTURES[architecture](), seed=1, dtype=dtype),
                       OPTIMIZERS["momentum"], [spiral(dtype)])


# -- dropout, regularisation, clipping, mini-batches -------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rate", [0.0, 0.3, 0.75])
def test_dropout_drops_the_same_units(rate, dtype):
    train_side_by_side(lambda: mlp("relu", dtype=dtype, extra=[Dropout(rate)]), OPTIMIZERS["sgd"], [moons(dtype)])


def test_dropout_rate_changed_while_training():
    readable, fast = train_side_by_side(lambda: mlp(extra=[Dropout(0.5)]), OPTIMIZERS["adam"], [moons(np.float64)])
    for trainer in (readable, fast):
        trainer.model.layers[1].rate = 0.1
    X, y = moons(np.float64)
    assert fast.train_step(X, y) == readable.train_step(X, y)
    assert_same(snapshot(fast), snapshot(readable))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("regularizer", [L1(0.01), L2(0.05), L1L2(0.01, 0.02), L2(0.0)], ids=repr)
def test_regularizers(regularizer, dtype):
    train_side_by_side(lambda: mlp(dtype=dtype), OPTIMIZERS["rmsprop"], [moons(dtype)],
                       regularizer=copy.deepcopy(regularizer))


@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_clipping(dtype):
    readable, _ = train_side_by_side(lambda: mlp(dtype=dtype), lambda: SGD(lr=1.0), [moons(dtype)], clip_norm=0.05)
    assert readable.last_grad_norm > 0.05  # the clipping really happened


def test_mini_batches_of_several_sizes():
    X, y = moons(np.float64, n=150)
    batches = [(X[:64], y[:64]), (X[64:128], y[64:128]), (X[128:], y[128:])]
    train_side_by_side(mlp, OPTIMIZERS["adam"], batches, steps=9)


def test_inputs_in_other_types_are_converted_like_the_readable_path():
    X, y = moons(np.float64)
    # lists, integer labels; each call passes new objects, so the checks run every time
    batches = [(X.tolist(), y.astype(int).tolist()), (X.astype(np.float32), y.astype(int))]
    train_side_by_side(mlp, OPTIMIZERS["sgd"], batches)


# -- sharing the model and the optimizer with the readable path -------------------------------------
def test_the_model_holds_views_of_the_flat_vectors_and_keeps_working():
    X, y = moons(np.float64)
    model = mlp()
    before = model.predict(X)
    trainer = FastTrainer(model, optimizer=SGD(lr=0.1))
    trainer.train_step(X, y)
    W = model.layers[0].params["W"]
    assert W.base is trainer._flat_params  # a view, not a copy
    assert not np.array_equal(model.predict(X), before)
    loss, accuracy = trainer.evaluate(X, y)  # inherited from Trainer
    assert 0 <= accuracy <= 1 and loss > 0


def test_switching_between_trainers_at_any_step():
    X, y = moons(np.float64)
    reference = Trainer(mlp(), optimizer=Adam(lr=0.02))
    model, opt = mlp(), Adam(lr=0.02)
    fast, readable = FastTrainer(model, optimizer=opt), Trainer(model, optimizer=opt)
    for trainer in [fast, fast, readable, readable, fast, readable, fast, fast]:
        assert trainer.train_step(X, y) == reference.train_step(X, y)
    assert_same(model.get_weights(), reference.model.get_weights())
    assert_same(opt.state, reference.optimizer.state)


def test_live_changes_are_followed():
    """The playground changes lr, swaps the optimizer, resets it and rebuilds the model while training."""
    X, y = moons(np.float64)
    readable = Trainer(mlp(), optimizer=Momentum(lr=0.1))
    fast = FastTrainer(mlp(), optimizer=Momentum(lr=0.1))

    def both(change):
        for trainer in (readable, fast):
            change(trainer)
        assert fast.train_step(X, y) == readable.train_step(X, y)
        assert_same(snapshot(fast), snapshot(readable))

    both(lambda t: None)
    both(lambda t: setattr(t.optimizer, "lr", 0.01))
    both(lambda t: setattr(t.optimizer, "nesterov", True))
    both(lambda t: setattr(t, "optimizer", Adam(lr=0.01)))
    both(lambda t: None)
    both(lambda t: t.optimizer.reset())
    both(lambda t: t.model.build(2))  # new weights: new arrays in the layers
    both(lambda t: setattr(t, "regularizer", L2(0.1)))
    both(lambda t: setattr(t, "clip_norm", 0.01))
    both(lambda t: t.model.set_weights(readable.model.get_weights()))


def test_divergence_is_reported_at_the_same_step_without_updating():
    X, y = moons(np.float64)
    readable = Trainer(mlp("relu", "linear"), loss="mse", optimizer=SGD(lr=50.0))
    fast = FastTrainer(mlp("relu", "linear"), loss="mse", optimizer=SGD(lr=50.0))
    errors = []
    for trainer in (readable, fast):
        with pytest.raises(TrainingDiverged) as info:
            for _ in range(100):
                trainer.train_step(X, y)
        errors.append(info.value)
    assert (errors[0].step, str(errors[0])) == (errors[1].step, str(errors[1]))
    assert_same(fast.model.get_weights(), readable.model.get_weights())


# -- what the fast path does not do --------------------------------------------------------------------
class MySGD(Optimizer):
    def update(self, name, p, g):
        p -= self.lr * g


@pytest.mark.parametrize("what, make", [
    ("PReLU", lambda: dict(model=Sequential([Dense(4, input_dim=2), PReLU(), Dense(1, activation="sigmoid")]))),
    ("optimizer", lambda: dict(model=mlp(), optimizer=MySGD(lr=0.1))),
    ("activation", lambda: dict(model=Sequential([
        Dense(4, input_dim=2, activation=Activation("mine", relu, relu_derivative)), Dense(1)]))),
])
def test_unsupported_pieces_raise_a_clear_error(what, make):
    kwargs = make()
    with pytest.raises(CourseError, match=r"readable training\.Trainer"):
        FastTrainer(**kwargs)
    # strict=False: the readable step instead, with the reason kept
    X, y = moons(np.float64)
    fallback = FastTrainer(**copy.deepcopy(kwargs), strict=False)
    assert "does not" in fallback.fallback_reason
    reference = Trainer(**copy.deepcopy(kwargs))
    assert fallback.train_step(X, y) == reference.train_step(X, y)


def test_bad_inputs_get_the_readable_messages():
    X, y = moons(np.float64)
    fast = FastTrainer(mlp(), optimizer=SGD(lr=0.1))
    with pytest.raises(CourseError, match="transposed"):
        fast.train_step(X.T, y)
    with pytest.raises(CourseError, match="between 0 and 1"):
        fast.train_step(X, y * 3)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(CourseError, match="NaN"):
        fast.train_step(X_nan, y)


# -- the pieces the fast path relies on ----------------------------------------------------------------
def test_a_float32_network_computes_in_float32_on_the_readable_path():
    X, y = moons(np.float32)
    model = mlp("relu", dtype=np.float32, extra=[Dropout(0.2), LeakyReLU()])
    Trainer(model, optimizer=SGD(lr=0.1)).train_step(X, y)
    assert {v.dtype for v in model.gradients().values()} == {np.dtype(np.float32)}
    assert {out.dtype for out in model.layer_outputs(X)} == {np.dtype(np.float32)}


def test_one_blas_thread_restores_the_setting():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert set(blas_threads()) <= {1}
        with one_blas_thread():
            assert set(blas_threads()) <= {1}
        assert set(blas_threads()) <= {1}
    assert blas_threads() == before


@pytest.mark.parametrize("dtype", DTYPES)
def test_column_sums_add_in_the_same_order_as_numpy_sum(dtype, rng):
    """The fast db relies on einsum adding rows in the same order as ndarray.sum(axis=0)."""
    for m in (1, 7, 64, 200, 1000, 1001):
        for n in (1, 2, 3, 8, 16, 33):
            a = (rng.normal(size=(m, n)) * rng.lognormal(size=(m, 1)) * 10).astype(dtype)
            out = np.empty(n, dtype)
            _column_sums(a, out)
            np.testing.assert_array_equal(out, a.sum(axis=0), strict=True)
