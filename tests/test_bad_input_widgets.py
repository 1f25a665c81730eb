"""Learners' mistakes with the widgets (Playground, Race, Quiz, LiveCurves, ...) and with the exercise checks.

The widget rows are as in test_bad_input_training.py. An exercise check never raises: a function that returns
something the check cannot use (inf, [], an array of the wrong shape, text) gets a ❌ with a message instead.
"""

import asyncio

import numpy as np
import pytest

from course_lib.activations import Activation
from course_lib.exercises.core import REGISTRY, _load_all
from course_lib.training import fit
from course_lib.validation import CourseError, CourseTypeError
from course_lib.widgets import InteractiveFigure, LiveCurves, Playground, Quiz, Race, presenter_mode
from tests.mistake_helpers import assert_answered, rows


def forgot_return(p, g, lr):
    p - lr * g  # the learner's mistake: no return


def returns_a_number(p, g, lr):
    return float(np.mean(p - lr * g))


def swaps_the_sign(p, g, lr):
    return p + lr * g


WIDGET_MISTAKES = [
    # -- Playground settings ----------------------------------------------------------------------------
    ("hidden=5 (one number)", lambda L: Playground(hidden=5), ["hidden=(5,)", "(5, 5)"], CourseTypeError),
    ("hidden='16,16' (text)", lambda L: Playground(hidden="16,16"), ["text '16,16'", "hidden=(16, 16)"],
     CourseTypeError),
    ("hidden with a fractional size", lambda L: Playground(hidden=(4, 2.5)), ["units", "whole number"],
     CourseTypeError),
    ("hidden with text inside", lambda L: Playground(hidden=("8", 8)), ["units", "without quotes"],
     CourseTypeError),
    ("hidden with a zero layer", lambda L: Playground(hidden=(4, 0)), ["units", "at least 1"]),
    ("hidden as a dict", lambda L: Playground(hidden={"h1": 8}), ["hidden=(16, 16)"], CourseTypeError),
    ("lr as a word", lambda L: Playground(lr="fast"), ["lr", "number"], CourseTypeError),
    ("lr of 0", lambda L: Playground(lr=0), ["lr must be between"]),
    ("n_samples as text", lambda L: Playground(n_samples="100"), ["n_samples", "whole number"], CourseTypeError),
    ("n_samples of a million (the widget would freeze)", lambda L: Playground(n_samples=10**6),
     ["n_samples", "between 10 and 10000"]),
    ("steps_per_frame of 10**6", lambda L: Playground(steps_per_frame=10**6), ["steps_per_frame", "1000"]),
    ("steps_per_frame of 0", lambda L: Playground(steps_per_frame=0), ["steps_per_frame", "between 1"]),
    ("batch_size negative", lambda L: Playground(batch_size=-8), ["batch_size", "at least 0"]),
    ("batch_size as a fraction", lambda L: Playground(batch_size=8.5), ["batch_size", "whole number"],
     CourseTypeError),
    ("reg_rate negative", lambda L: Playground(reg_rate=-0.1), ["reg_rate", "at least 0"]),
    ("Playground clip_norm negative", lambda L: Playground(clip_norm=-1), ["clip_norm", "no clipping"]),
    ("noise of 10", lambda L: Playground(noise=10), ["noise", "between 0 and 5"]),
    ("n_classes of 1", lambda L: Playground(dataset="blobs", n_classes=1), ["n_classes", "between 2 and 10"]),
    ("dropout of 1", lambda L: Playground(dropout=1.0), ["dropout", "[0, 1)"]),
    ("Playground momentum of 1", lambda L: Playground(momentum=1.0), ["momentum"]),
    ("test_fraction of 0.99", lambda L: Playground(test_fraction=0.99), ["test_fraction"]),
    ("dataset as a number", lambda L: Playground(dataset=3), ["by its name", "moons"], CourseTypeError),
    ("dataset misspelt", lambda L: Playground(dataset="circle"), ["did you mean 'circles'"]),
    ("optimizer as an object", lambda L: Playground(optimizer=L.sgd), ["by its name"], CourseTypeError),
    ("init misspelt", lambda L: Playground(init="xavier_normal"), ["initialisation", "xavier"]),
    ("regularization 'l2' in lower case", lambda L: Playground(regularization="l2"), ["did you mean 'L2'"]),
    ("features with an unknown name", lambda L: Playground(features=["x1", "x3"]), ["unknown feature 'x3'"]),
    ("features as a number", lambda L: Playground(features=2), ["list of names"], CourseTypeError),
    ("features empty", lambda L: Playground(features=[]), ["at least one input feature"]),
    ("activation as a number", lambda L: Playground(activation=1), ["activation", "'tanh'"], CourseTypeError),
    ("activation misspelt", lambda L: Playground(activation="relus"), ["did you mean 'relu'"]),
    ("activation 'custom' without one", lambda L: Playground(activation="custom"),
     ["custom_activation=Activation("]),
    ("optimizer 'custom' without a function", lambda L: Playground(optimizer="custom"),
     ["custom_optimizer=my_step"]),
    ("an unknown setting", lambda L: Playground(learning_rate=0.1), ["unknown setting", "did you mean 'lr'"]),
    ("panels with an unknown name", lambda L: Playground(panels=["boundary", "loss"]), ["unknown panel"]),
    ("panels as a number", lambda L: Playground(panels=3), ["panels", "list of names"], CourseTypeError),
    ("controls with an unknown name", lambda L: Playground(controls=["lr", "speed"]), ["unknown control"]),
    ("controls as a number", lambda L: Playground(controls=1), ["controls", "list of names"], CourseTypeError),
    ("a preset of the wrong type", lambda L: Playground(preset=["moons"]), ["preset must be a dict"]),
    ("a preset with an unknown key", lambda L: Playground(preset={"dataset": "xor", "speed": 3}),
     ["unknown preset setting"]),
    ("a preset with a bad value", lambda L: Playground(preset={"hidden": "8"}), ["hidden"], CourseTypeError),
    # -- custom activation / optimizer ----------------------------------------------------------------
    ("custom_activation as a plain function", lambda L: Playground(custom_activation=np.tanh),
     ["Activation('mine'"], CourseTypeError),
    ("custom_optimizer that forgets to return", lambda L: Playground(custom_optimizer=forgot_return),
     ["returned None", "forget the return"]),
    ("custom_optimizer that returns a number", lambda L: Playground(custom_optimizer=returns_a_number),
     ["a single number", "same shape"]),
    ("custom_optimizer that is not a function", lambda L: Playground(custom_optimizer="sgd"),
     ["custom_optimizer must be a function"], CourseTypeError),
    ("custom_optimizer with two arguments", lambda L: Playground(custom_optimizer=lambda p, g: p - g),
     ["raised TypeError", "f(p, g, lr)"]),
    ("custom_optimizer that returns text", lambda L: Playground(custom_optimizer=lambda p, g, lr: ["a"] * len(p)),
     ["not numbers"], CourseTypeError),
    # -- changing a playground ------------------------------------------------------------------------------
    ("set with an unknown setting", lambda L: L.pg.set(speed=2), ["unknown setting"]),
    ("set lr to text", lambda L: L.pg.set(lr="0.1x"), ["lr", "number"], CourseTypeError),
    ("set hidden to a number", lambda L: L.pg.set(hidden=3), ["hidden=(3,)"], CourseTypeError),
    ("set noise too high (the experiment stays)", lambda L: L.pg.set(noise=9.0), ["noise", "between 0 and 5"]),
    ("set optimizer 'custom' without a function", lambda L: L.pg.set(optimizer="custom"), ["custom_optimizer"]),
    ("Play outside a notebook", lambda L: L.pg.play(), ["running Jupyter kernel", "run(steps=200)"]),
    # -- Race -------------------------------------------------------------------------------------------
    ("a race whose contenders use different data sets",
     lambda L: Race({"a": {"dataset": "xor"}, "b": {"dataset": "moons"}}), ["sets dataset", "same data"]),
    ("a race with different noise per contender", lambda L: Race({"a": {}, "b": {"noise": 0.3}}),
     ["'b' sets noise", "Race(...)"]),
    ("a race with a per-contender lr", lambda L: Race({"a": {"lr": 0.1}}), ["shared"]),
    ("a race with settings as a list", lambda L: Race({"a": ["sgd"]}), ["settings as a dict"]),
    ("an empty race", lambda L: Race([]), ["contenders must be"]),
    ("a race of optimizer objects", lambda L: Race([L.sgd]), ["by its name"], CourseTypeError),
    ("a race with lr as text", lambda L: Race(["sgd", "adam"], lr="0.1", dataset="xor", hidden=(2,), n_samples=20),
     ["lr", "number"], CourseTypeError),
    ("a race lr set to a negative value", lambda L: L.race.set_lr(-0.1), ["lr must be between"]),
    ("Play a race outside a notebook", lambda L: L.race.play(), ["running Jupyter kernel"]),
    # -- small widgets -----------------------------------------------------------------------------------
    ("Quiz answer as a letter", lambda L: Quiz("2+2?", ["3", "4"], answer="b"), ["index", "counting from 0"]),
    ("Quiz answer out of range", lambda L: Quiz("2+2?", ["3", "4"], answer=2), ["0..1", "2"]),
    ("Quiz options as one string", lambda L: Quiz("2+2?", "34", answer=1), ["list of at least two"],
     CourseTypeError),
    ("LiveCurves metrics as one string (is fine) but unknown", lambda L: LiveCurves(metrics="acc", show=False),
     ["unknown metric", "accuracy"]),
    ("LiveCurves every=0", lambda L: LiveCurves(every=0, show=False), ["every", "at least 1"]),
    ("InteractiveFigure with a list of controls", lambda L: InteractiveFigure(lambda fig: None, [1, 2]),
     ["dict {name: widget}"], CourseTypeError),
    ("InteractiveFigure with no function", lambda L: InteractiveFigure(None, {}), ["drawing function"],
     CourseTypeError),
    ("presenter_mode scale as text", lambda L: presenter_mode(scale="big"), ["scale", "number"], CourseTypeError),
    ("presenter_mode scale 10", lambda L: presenter_mode(scale=10), ["scale", "[1.0, 3.0]"]),
]


@pytest.mark.parametrize("description, call, words, error", rows(WIDGET_MISTAKES),
                         ids=[r[0] for r in WIDGET_MISTAKES])
def test_widget_mistake_is_answered(description, call, words, error):
    assert_answered(description, call, words, error)


def test_lone_names_are_one_name_not_letters():
    """features="x1", controls="lr", panels="curves": a lone string is one name (it was split into letters)."""
    dash = Playground(features="x1", controls="lr", panels="curves", n_samples=40, hidden=(2,))
    assert dash.settings.features == ("x1",) and dash.control_names == ["lr"] and dash.panels == ("curves",)
    assert LiveCurves(metrics="loss", show=False).metrics == ("loss",)


def test_a_failed_rebuild_keeps_the_experiment():
    dash = Playground(n_samples=40, hidden=(3,), panels=("boundary",)).run(4)
    before = (dash.settings, dash.step_count, repr(dash.history))
    with pytest.raises(CourseError):
        dash.set(noise=9.0)
    assert (dash.settings, dash.step_count, repr(dash.history)) == before


def test_play_loop_stops_with_a_message_when_training_raises():
    """An exception inside the live loop shows in the status line and stops the loop (no frozen Play button)."""
    dash = Playground(n_samples=40, hidden=(3,), panels=("boundary",), steps_per_frame=1)

    def broken_step(n=1):
        raise RuntimeError("boom")

    dash.step = broken_step
    dash.playing = True
    asyncio.run(dash._play_loop(0.0, max_frames=5))
    assert not dash.playing and "Training stopped: RuntimeError: boom" in dash.status_line()


def test_play_outside_a_kernel_does_not_pretend_to_play():
    dash = Playground(n_samples=40, hidden=(3,), panels=("boundary",))
    with pytest.raises(CourseError, match=r"run\(steps=200\)"):
        dash.play()
    assert not dash.playing and dash._task is None


def test_a_custom_optimizer_that_goes_wrong_later_is_named():
    """A function that passes the first try but returns a number for a weight matrix is named at that step."""
    def only_vectors(p, g, lr):
        return p - lr * g if p.ndim == 1 else 0.5

    dash = Playground(optimizer="custom", custom_optimizer=only_vectors, n_samples=40, hidden=(3,),
                      panels=("boundary",))
    before = dash.model.get_weights()
    with pytest.raises(CourseError, match="a single number"):
        dash.step(1)
    assert all(np.array_equal(v, dash.model.get_weights()[k]) for k, v in before.items() if k.endswith(".W"))


# ---------------------------------------------------------------------------------------------------------
# Exercise checks given results they cannot use: a ❌ with a message, never an exception
# ---------------------------------------------------------------------------------------------------------
_load_all()
ODD_RESULTS = {
    "inf": lambda *args, **kwargs: float("inf"),
    "an empty list": lambda *args, **kwargs: [],
    "a wrongly shaped array": lambda *args, **kwargs: np.zeros((7, 5)),
    "text": lambda *args, **kwargs: "done",
    "a ragged list": lambda *args, **kwargs: [[1.0, 2.0], [3.0]],
    "NaN": lambda *args, **kwargs: np.nan,
    "a dict": lambda *args, **kwargs: {"answer": 1},
}
EXERCISE_CASES = [(name, kind) for name in sorted(REGISTRY) for kind in ODD_RESULTS]


@pytest.mark.parametrize("exercise, kind", EXERCISE_CASES, ids=[f"{n}: {k}" for n, k in EXERCISE_CASES])
def test_an_exercise_check_answers_an_unusable_result(exercise, kind):
    result = REGISTRY[exercise].check(ODD_RESULTS[kind])
    assert result.status == "fail", f"{exercise} with {kind}: {result}"
    assert len(result.message) > 20


def test_an_exercise_check_names_what_came_back_when_it_cannot_use_it():
    from course_lib.exercises.lesson00 import check_count_layers

    result = check_count_layers(lambda *args: float("inf"))  # int(inf) fails inside the check
    assert result.status == "fail" and "returned inf" in result.message and "could not use" in result.message


def test_the_tables_hold_at_least_250_distinct_mistakes():
    from tests.test_bad_input import MISTAKES
    from tests.test_bad_input_model import MODEL_MISTAKES
    from tests.test_bad_input_tools import TOOL_MISTAKES
    from tests.test_bad_input_training import TRAINING_MISTAKES

    tables = [MISTAKES, TRAINING_MISTAKES, MODEL_MISTAKES, TOOL_MISTAKES, WIDGET_MISTAKES]
    names = [row[0] for table in tables for row in table]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    assert len(names) >= 250


def test_fit_runs_with_a_regression_model_and_live_curves():
    """The rows above fail for the mistake: the same objects, used correctly, work."""
    x = np.linspace(-1, 1, 10).reshape(-1, 1)
    from course_lib.layers import Dense
    from course_lib.model import Sequential

    curves = LiveCurves(metrics=("loss",), show=False)
    fit(Sequential([Dense(3, input_dim=1, activation="tanh"), Dense(1)]), x, x**2, epochs=2, callbacks=[curves])
    assert curves.epochs == [1, 2]
    mine = Activation("mine", np.tanh, lambda z: 1 - np.tanh(z) ** 2)
    Playground(activation="custom", custom_activation=mine, optimizer="custom", custom_optimizer=swaps_the_sign,
               n_samples=40, hidden=(2,), panels=("boundary",)).run(2)
