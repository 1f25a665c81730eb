"""course_lib.saving: one npz format, no pickle; a loaded run continues bit for bit; clear errors for bad files."""

import json
import pickle

import numpy as np
import pytest

from course_lib.activations import Activation, get_activation
from course_lib.datasets import Standardizer, load_digits, load_iris, train_test_split
from course_lib.history_store import ThinnedHistory
from course_lib.layers import Dense, Dropout, Layer, LeakyReLU, PReLU, Sigmoid
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, Optimizer, RMSprop
from course_lib.regularization import L2
from course_lib.saving import (
    FORMAT_VERSION,
    load_model,
    read_saved,
    rng_from_state,
    rng_state,
    save_model,
)
from course_lib.training import EarlyStopping, Trainer, fit
from course_lib.validation import CourseError


def small_data(seed=0, m=64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype(int) + (X[:, 2] > 1)
    return X, y


def small_model(seed=0):
    """Every layer kind the format knows, with Dropout so its generator matters too."""
    return Sequential([Dense(6, input_dim=3, activation="tanh"), Dropout(0.25), Dense(5, kernel_init="normal", std=0.3),
                       PReLU(0.1), Dense(4, activation="leaky_relu"), LeakyReLU(0.2), Sigmoid(),
                       Dense(3, activation="softmax")], seed=seed)


def train(trainer, X, y, rng, steps, batch=16):
    for _ in range(steps):
        idx = rng.permutation(len(X))[:batch]
        trainer.train_step(X[idx], y[idx])


def same_weights(a, b):
    pa, pb = a.parameters(), b.parameters()
    return pa.keys() == pb.keys() and all(np.array_equal(pa[k], pb[k]) and pa[k].dtype == pb[k].dtype for k in pa)


OPTIMIZERS = {
    "sgd": lambda: SGD(lr=0.1),
    "momentum": lambda: Momentum(lr=0.05, momentum=0.8),
    "nesterov": lambda: Momentum(lr=0.05, momentum=0.9, nesterov=True),
    "adagrad": lambda: Adagrad(lr=0.05),
    "rmsprop": lambda: RMSprop(lr=0.01, alpha=0.95),
    "adam": lambda: Adam(lr=0.01, betas=(0.8, 0.99)),
}


# -- continuing exactly -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_save_load_and_train_on_equals_training_straight_through(tmp_path, name):
    X, y = small_data()
    k = 15
    straight = small_model()
    t_straight = Trainer(straight, optimizer=OPTIMIZERS[name](), regularizer=L2(1e-3))
    train(t_straight, X, y, np.random.default_rng(7), 2 * k)

    first = small_model()
    t_first = Trainer(first, optimizer=OPTIMIZERS[name](), regularizer=L2(1e-3))
    batches = np.random.default_rng(7)
    train(t_first, X, y, batches, k)
    save_model(tmp_path / "run.npz", first, t_first.optimizer, extra={"batches": batches})

    model, optimizer, history, extra = load_model(tmp_path / "run.npz")
    assert history is None and type(optimizer) is type(t_first.optimizer)
    assert optimizer is not t_first.optimizer and optimizer.t == k
    assert model is not first and same_weights(model, first)
    train(Trainer(model, optimizer=optimizer, regularizer=L2(1e-3)), X, y, extra["batches"], k)
    assert same_weights(model, straight)  # bit for bit: weights, optimizer state, Dropout and batch generators


def test_loaded_optimizer_state_is_a_copy_with_the_same_numbers(tmp_path):
    X, y = small_data()
    model = small_model()
    trainer = Trainer(model, optimizer=Adam(lr=0.01))
    train(trainer, X, y, np.random.default_rng(0), 3)
    save_model(tmp_path / "a.npz", model, trainer.optimizer)
    _, optimizer, _, _ = load_model(tmp_path / "a.npz")
    assert optimizer.settings() == trainer.optimizer.settings() and optimizer.betas == (0.9, 0.999)
    for name, slots in trainer.optimizer.state.items():
        for slot, value in slots.items():
            loaded = optimizer.state[name][slot]
            assert np.array_equal(loaded, value) and loaded is not value and loaded.flags.writeable


def test_float32_model_keeps_its_dtype(tmp_path):
    model = Sequential([Dense(4, input_dim=2, activation="relu"), Dense(1)], seed=1, dtype=np.float32)
    model.save(tmp_path / "f32.npz")
    loaded = Sequential.load(tmp_path / "f32.npz")
    assert loaded.dtype == np.float32 and same_weights(loaded, model)


def test_model_built_from_data_and_unbuilt_model_round_trip(tmp_path):
    X, y = small_data()
    model = Sequential([Dense(4, activation="relu"), Dense(3, activation="softmax")], seed=2)
    fit(model, X, y, epochs=2)
    model.save(tmp_path / "b.npz")
    loaded = Sequential.load(tmp_path / "b.npz")
    assert loaded.built_from == model.built_from and same_weights(loaded, model)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    Sequential([Dense(4), Dense(1)]).save(tmp_path / "unbuilt.npz")
    assert not Sequential.load(tmp_path / "unbuilt.npz").built


def test_eval_mode_and_architecture_details_are_kept(tmp_path):
    model = small_model(seed=4).eval()
    model.save(tmp_path / "e.npz")
    loaded = Sequential.load(tmp_path / "e.npz")
    assert repr(loaded) == repr(model) and not loaded.training and not loaded.layers[1].training
    assert loaded.layers[1].rate == 0.25 and loaded.layers[3].alpha_init == 0.1
    assert loaded.layers[2].kernel_init_name == "normal" and loaded.layers[2].kernel_init_kwargs == {"std": 0.3}
    z = np.array([[-1.0, 2.0]])
    assert np.array_equal(loaded.layers[5].activation(z), model.layers[5].activation(z))  # slope 0.2 kept
    X, _ = small_data()
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_file_name_without_npz_gets_it_and_loads_either_way(tmp_path):
    model = small_model()
    written = model.save(tmp_path / "run")
    assert written.endswith("run.npz")
    assert same_weights(Sequential.load(tmp_path / "run"), model)
    assert same_weights(Sequential.load(written), model)


def test_saving_again_replaces_the_file_and_leaves_no_partial_file(tmp_path):
    model = small_model()
    model.save(tmp_path / "m.npz")
    model.layers[0].params["W"] += 1.0
    model.save(tmp_path / "m.npz")
    assert same_weights(Sequential.load(tmp_path / "m.npz"), model)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


# -- lesson 09 --------------------------------------------------------------------------------------
def test_lesson09_iris_model_with_its_fit_history_round_trips(tmp_path):
    X, y = load_iris()
    X_train, X_test, y_train, _ = train_test_split(X, y, test_fraction=0.3, seed=0)
    scaler = Standardizer().fit(X_train)
    model = Sequential(seed=0)
    model.add(Dense(8, input_dim=4, activation="relu"))
    model.add(Dense(8, activation="relu"))
    model.add(Dense(3, activation="softmax"))
    history = fit(model, scaler.transform(X_train), y_train, optimizer="adam", lr=0.01, epochs=60,
                  regularizer=L2(1e-3), validation_split=0.2, callbacks=[EarlyStopping(patience=20)], seed=0)
    model.save(tmp_path / "iris.npz", history=history)
    loaded, optimizer, saved_history, _ = load_model(tmp_path / "iris.npz")
    assert optimizer is None
    assert same_weights(loaded, model) and repr(loaded) == repr(model) and loaded.input_dim == 4
    X_test_s = scaler.transform(X_test)
    np.testing.assert_array_equal(loaded.predict(X_test_s), model.predict(X_test_s))
    assert saved_history.epochs == history.epochs and saved_history.steps == history.steps
    assert saved_history.stopped_reason == history.stopped_reason
    for key in history.history:
        assert saved_history[key] == history[key]
    assert saved_history.last("val_loss") == history.last("val_loss")


def test_lesson09_digits_model_round_trips(tmp_path):
    from course_lib.exercises.lesson09 import reference_digits_model

    digits = load_digits()
    X = digits.X[:300] / 16.0
    model = reference_digits_model()
    fit(model, X, digits.y[:300], optimizer="adam", lr=0.01, epochs=2, batch_size=64, seed=0)
    model.save(tmp_path / "digits.npz")
    loaded = Sequential.load(tmp_path / "digits.npz")
    assert same_weights(loaded, model)
    np.testing.assert_array_equal(loaded.predict_classes(X), model.predict_classes(X))


# -- history and extra --------------------------------------------------------------------------------
def test_thinned_history_continues_exactly_after_loading(tmp_path):
    def record(h, i):
        h.append(step=i, train_loss=1.0 / (1 + i) + 0.01 * np.sin(i), test_acc=None if i % 3 else 0.5,
                 norms=[i * 0.5, -i])

    straight, first = ThinnedHistory(recent=50, older=40), ThinnedHistory(recent=50, older=40)
    for i in range(3000):
        record(straight, i)
    for i in range(1234):
        record(first, i)
    save_model(tmp_path / "h.npz", small_model(), history=first)
    loaded = load_model(tmp_path / "h.npz").history
    assert isinstance(loaded, ThinnedHistory) and len(loaded) == len(first)
    for i in range(1234, 3000):
        record(loaded, i)
    assert loaded.keys() == straight.keys() and loaded.stride == straight.stride
    for key in straight:
        np.testing.assert_array_equal(loaded[key], straight[key])
        for a, b in zip(loaded.envelope(key), straight.envelope(key), strict=True):
            np.testing.assert_array_equal(a, b)
    assert loaded["step"].dtype == np.int64


def test_playground_style_dict_history_and_extra_round_trip(tmp_path):
    history = {"step": [0, 5, 10], "epoch": [0.0, 0.1, 0.2], "train_loss": [0.7, 0.6, 0.5],
               "train_acc": [None, None, None], "norms": [[1.0, 2.0], [0.5, 0.25], [0.1, 0.3]], "empty": []}
    rng = np.random.default_rng(3)
    rng.random(5)
    extra = {"settings": {"dataset": "moons", "hidden": [8, 8], "lr": 0.03, "features": ("x1", "x2")},
             "batch_rng": rng, "queue": [np.array([3, 1, 2]), np.array([0])], "points": np.eye(2, dtype=np.float32),
             "count": np.int64(7), "nothing": None, "nan": float("nan")}
    save_model(tmp_path / "p.npz", small_model(), history=history, extra=extra)
    _, _, loaded, back = load_model(tmp_path / "p.npz")
    assert loaded == history
    assert back["settings"] == {"dataset": "moons", "hidden": [8, 8], "lr": 0.03, "features": ["x1", "x2"]}
    assert back["batch_rng"].random() == rng.random()  # the generator continues where it stood
    assert [q.tolist() for q in back["queue"]] == [[3, 1, 2], [0]]
    assert back["points"].dtype == np.float32 and back["count"] == 7 and back["nothing"] is None
    assert np.isnan(back["nan"])


def test_rng_state_helpers():
    rng = np.random.default_rng(5)
    rng.integers(10, size=3)
    state = rng_state(rng)
    json.dumps(state)
    assert rng_from_state(json.loads(json.dumps(state))).random() == rng.random()
    with pytest.raises(CourseError, match="numpy Generator"):
        rng_state(5)


# -- restoring into objects the caller built (the playground's way) --------------------------------------
def test_restore_into_existing_model_and_optimizer(tmp_path):
    X, y = small_data()
    model = small_model()
    trainer = Trainer(model, optimizer=Momentum(lr=0.05, momentum=0.7))
    train(trainer, X, y, np.random.default_rng(1), 4)
    save_model(tmp_path / "r.npz", model, trainer.optimizer)
    saved = read_saved(tmp_path / "r.npz")
    target, opt = small_model(seed=9), Momentum(lr=0.5)
    saved.restore_model(target)
    saved.restore_optimizer(opt)
    assert same_weights(target, model) and opt.momentum == 0.7 and opt.lr == 0.05 and opt.t == 4
    with pytest.raises(CourseError, match="state of a Momentum optimizer; this one is Adam"):
        saved.restore_optimizer(Adam())
    wrong = Sequential([Dense(7, input_dim=3), Dense(3, activation="softmax")])
    before = wrong.get_weights()
    with pytest.raises(CourseError, match="same layers"):
        saved.restore_model(wrong)
    assert all(np.array_equal(v, wrong.get_weights()[k]) for k, v in before.items())


def test_own_activation_and_own_optimizer_need_custom_objects(tmp_path):
    def g(z):
        return np.maximum(z, 0.1 * z)

    def dg(z):
        return np.where(z > 0, 1.0, 0.1)

    mine = Activation("mine", g, dg)

    class MyOptimizer(Optimizer):
        def update(self, name, p, g):
            v = self._slot(name, "v", p)
            v += g
            p -= self.lr * v

    X, y = small_data()
    model = Sequential([Dense(4, input_dim=3, activation=mine), Dense(3, activation="softmax")])
    trainer = Trainer(model, optimizer=MyOptimizer(lr=0.05))
    train(trainer, X, y, np.random.default_rng(0), 3)
    save_model(tmp_path / "c.npz", model, trainer.optimizer)
    with pytest.raises(CourseError, match=r"your own activation 'mine'.*custom_objects=\{'mine'"):
        load_model(tmp_path / "c.npz")
    with pytest.raises(CourseError, match=r"your own optimizer MyOptimizer.*custom_objects"):
        load_model(tmp_path / "c.npz", custom_objects={"mine": mine})
    loaded, opt, _, _ = load_model(tmp_path / "c.npz", custom_objects={"mine": mine, "MyOptimizer": MyOptimizer(1.0)})
    assert loaded.layers[0].activation is mine and opt.lr == 0.05 and opt.t == 3
    assert np.array_equal(opt.state["layer0.W"]["v"], trainer.optimizer.state["layer0.W"]["v"])


def test_builtin_activation_objects_are_not_treated_as_custom(tmp_path):
    model = Sequential([Dense(3, input_dim=2, activation=get_activation("leaky_relu", slope=0.3)), Dense(1)])
    model.save(tmp_path / "l.npz")
    loaded = Sequential.load(tmp_path / "l.npz")
    z = np.array([[-2.0, 1.0]])
    assert np.array_equal(loaded.layers[0].activation(z), model.layers[0].activation(z))


# -- mistakes when saving ------------------------------------------------------------------------------
def test_saving_mistakes_get_messages(tmp_path):
    model = small_model()
    with pytest.raises(CourseError, match="does not exist"):
        model.save(tmp_path / "no" / "such" / "folder.npz")
    with pytest.raises(CourseError, match="Sequential model"):
        save_model(tmp_path / "x.npz", "model")
    with pytest.raises(CourseError, match=r"trainer\.optimizer"):
        save_model(tmp_path / "x.npz", model, Trainer(model))
    with pytest.raises(CourseError, match=r"extra\['f'\] is the function len.*without pickle"):
        save_model(tmp_path / "x.npz", model, extra={"f": len})
    with pytest.raises(CourseError, match="keys must be text"):
        save_model(tmp_path / "x.npz", model, extra={"d": {1: 2}})
    with pytest.raises(CourseError, match="Python objects"):
        save_model(tmp_path / "x.npz", model, extra={"o": np.array([{}, 1], dtype=object)})

    class Square(Layer):
        def forward(self, x):
            return x * x

    with pytest.raises(CourseError, match=r"layer 1 is Square.*get_weights"):
        save_model(tmp_path / "x.npz", Sequential([Dense(2, input_dim=2), Square()]))
    assert not list(tmp_path.iterdir())  # nothing half-written


# -- bad files ------------------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    small_model().save(tmp_path / "there.npz")
    with pytest.raises(CourseError, match=r"No file .*missing\.npz.* was found.*there\.npz"):
        load_model(tmp_path / "missing.npz")
    with pytest.raises(CourseError, match="is a folder"):
        Sequential.load(tmp_path)
    with pytest.raises(CourseError, match="must be text"):
        load_model(42)


def test_not_an_npz_file(tmp_path):
    (tmp_path / "notes.npz").write_text("step,loss\n1,0.5\n")
    with pytest.raises(CourseError, match=r"is not an \.npz file"):
        load_model(tmp_path / "notes.npz")
    np.save(tmp_path / "array.npy", np.arange(3))
    with pytest.raises(CourseError, match=r"single numpy array \(\.npy"):
        load_model(tmp_path / "array.npy")


def test_damaged_file(tmp_path):
    small_model().save(tmp_path / "ok.npz")
    data = (tmp_path / "ok.npz").read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(CourseError, match="damaged or cut short"):
        load_model(tmp_path / "cut.npz")


def test_an_npz_from_another_program(tmp_path):
    np.savez(tmp_path / "other.npz", W=np.ones((2, 2)), b=np.zeros(2))
    with pytest.raises(CourseError, match=r"not one written by course_lib's save_model \(it holds: W, b\)"):
        load_model(tmp_path / "other.npz")


def test_a_future_format_version(tmp_path):
    small_model().save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as npz:
        arrays = dict(npz)
    arrays["format_version"] = np.array(FORMAT_VERSION + 1)
    np.savez(tmp_path / "future.npz", **arrays)
    with pytest.raises(CourseError, match=rf"newer course_lib \(file format {FORMAT_VERSION + 1}.*pip install -U"):
        load_model(tmp_path / "future.npz")


def test_pickle_files_are_refused_without_running_them(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('pickle ran')",))

    (tmp_path / "evil.npz").write_bytes(pickle.dumps({"model": Boom()}))
    with pytest.raises(CourseError, match=r"pickle file.*never does"):
        load_model(tmp_path / "evil.npz")
    small_model().save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as npz:
        arrays = dict(npz)
    arrays["extra"] = np.array([Boom()], dtype=object)
    np.savez(tmp_path / "mixed.npz", **arrays)  # np.savez pickles object arrays
    with pytest.raises(CourseError, match=r"holds Python objects \(pickle\) in 'extra'"):
        load_model(tmp_path / "mixed.npz")


def test_damaged_description(tmp_path):
    small_model().save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as npz:
        arrays = dict(npz)
    arrays["model"] = np.array("{not json")
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(CourseError, match="not valid JSON; the file is damaged"):
        load_model(tmp_path / "bad.npz")
