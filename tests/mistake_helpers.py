"""What every learner-mistake table shares: the learner's objects, and the check that a mistake is answered well.

A row is (what the learner did, call, words): `call(L)` makes the mistake with the objects of a fresh `Learner`
L (its data, models, playground, ...). The answer must be a CourseError (or the given subclass of it) whose
message contains every word (case-insensitive), and every object the learner made must be unchanged afterwards:
the same values, weights, settings and history.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.compgraph import Value
from course_lib.datasets import Standardizer, make_dataset
from course_lib.layers import Dense, Layer
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adam, Optimizer
from course_lib.training import History, fit
from course_lib.validation import CourseError


def _make_model():
    return Sequential([Dense(4, input_dim=3, activation="relu"), Dense(2, activation="softmax")], seed=0)


def _built_by_predict(transposed):
    model = Sequential([Dense(4, activation="relu"), Dense(2, activation="softmax")], seed=0)
    X = FACTORIES["X"]()
    model.predict(X.T if transposed else X)
    return model


def _make_history():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(12, 3))
    return fit(_make_model(), X, np.arange(12) % 2, epochs=2, validation_data=(X, np.arange(12) % 2))


def _make_trained():
    rng = np.random.default_rng(2)
    model = _make_model()
    fit(model, rng.normal(size=(10, 3)), np.arange(10) % 2, epochs=3)
    return model


def _make_playground():
    from course_lib.widgets import Playground

    return Playground(n_samples=40, hidden=(3,), panels=("boundary",), steps_per_frame=2)


def _make_race():
    from course_lib.widgets import Race

    return Race(["sgd", "adam"], lr=0.05, dataset="xor", hidden=(3,), n_samples=40)


FACTORIES = {
    "X": lambda: np.random.default_rng(0).normal(size=(10, 3)),  # 10 examples, 3 features
    "Y": lambda: np.arange(10) % 2,  # class labels 0 / 1
    "Xr": lambda: np.linspace(-1, 1, 10).reshape(-1, 1),  # regression: one feature
    "yr": lambda: np.sin(np.linspace(-1, 1, 10)).reshape(-1, 1),
    "X2": lambda: make_dataset("moons", n_samples=40, seed=0)[0],  # 2-D points
    "y2": lambda: make_dataset("moons", n_samples=40, seed=0)[1],
    "model": _make_model,  # 3 inputs -> 2 classes (softmax)
    "binary": lambda: Sequential([Dense(1, input_dim=3, activation="sigmoid")], seed=0),
    "regressor": lambda: Sequential([Dense(4, input_dim=1, activation="tanh"), Dense(1)], seed=0),
    "unbuilt": lambda: Sequential([Dense(4, activation="relu"), Dense(2, activation="softmax")], seed=0),
    "built_from_X": lambda: _built_by_predict(transposed=False),  # no input_dim: built by predict(X)
    "built_from_XT": lambda: _built_by_predict(transposed=True),  # ... by predict(X.T), a transposed X
    "trained": _make_trained,
    "layer": lambda: Dense(2, input_dim=3, seed=0),
    "history": _make_history,
    "sgd": lambda: SGD(lr=0.1),
    "adam": lambda: Adam(lr=0.01),
    "scaler": lambda: Standardizer().fit(np.random.default_rng(3).normal(size=(8, 3))),
    "a": lambda: Value(2.0, "a"),
    "zero": lambda: Value(0.0, "z"),
    "pg": _make_playground,
    "race": _make_race,
    "W": lambda: np.array([[0.5, -1.0], [2.0, 0.25]]),
}


def fingerprint(obj, depth=0):
    """Everything about obj that a mistake must not change, as comparable plain values."""
    if depth > 6:
        return repr(type(obj))
    if isinstance(obj, np.ndarray):
        return ("array", obj.dtype.str, obj.shape, obj.tobytes())
    if isinstance(obj, Sequential):
        return ("model", repr(obj), obj.input_dim, obj.built, obj.training, obj.dtype.str,
                fingerprint(obj.parameters(), depth + 1))
    if isinstance(obj, Layer):
        return ("layer", repr(obj), obj.input_dim, fingerprint(obj.params, depth + 1))
    if isinstance(obj, Optimizer):
        return ("optimizer", repr(obj), obj.t, fingerprint(obj.state, depth + 1))
    if isinstance(obj, History):
        return ("history", fingerprint(dict(obj.history), depth + 1), tuple(obj.epochs), obj.stopped_reason)
    if isinstance(obj, Value):
        return ("value", obj.data, obj.grad, obj.label, len(obj._prev))
    if isinstance(obj, Standardizer):
        return ("scaler", fingerprint(vars(obj), depth + 1))
    if type(obj).__name__ in ("Playground",):
        return ("playground", obj.settings, obj.step_count, obj.diverged, obj.status,
                fingerprint(obj.model, depth + 1), repr(obj.history))
    if type(obj).__name__ == "Race":
        return ("race", obj.status, tuple(fingerprint(p, depth + 1) for p in obj.players.values()))
    if isinstance(obj, dict):
        return ("dict", tuple((repr(k), fingerprint(v, depth + 1)) for k, v in obj.items()))
    if isinstance(obj, list | tuple):
        return (type(obj).__name__, tuple(fingerprint(v, depth + 1) for v in obj))
    return repr(obj)


class Learner:
    """The objects a learner has made, created on first use; each is fingerprinted the moment it is made."""

    def __init__(self):
        self._made, self._prints = {}, {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._made:
            obj = FACTORIES[name]()
            self._made[name] = obj
            self._prints[name] = fingerprint(obj)
        return self._made[name]

    def changed(self) -> list[str]:
        return [name for name, obj in self._made.items() if fingerprint(obj) != self._prints[name]]


def rows(table):
    """(description, call, words, error class) for pytest.mark.parametrize; CourseError unless a row says."""
    return [(r[0], r[1], r[2], r[3] if len(r) > 3 else CourseError) for r in table]


def assert_answered(description, call, words, error=CourseError):
    """The mistake raises `error` (a CourseError), names the words, and changes nothing the learner made."""
    assert issubclass(error, CourseError)
    learner = Learner()
    with pytest.raises(CourseError) as info:
        call(learner)
    assert isinstance(info.value, error), f"{description}: {type(info.value).__name__}, not {error.__name__}"
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), f"{description}: {word!r} not in message {message!r}"
    assert len(message) > 25  # a sentence, not a bare shape
    assert info.value.__cause__ is None or isinstance(info.value.__cause__, CourseError)
    assert not learner.changed(), f"{description}: changed {learner.changed()}"
