"""The playground without a browser: controls moved from Python, as a learner's slider would move them."""

import asyncio
import base64
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.activations import Activation, relu, relu_derivative
from course_lib.datasets import make_flower
from course_lib.validation import CourseError
from course_lib.widgets import (
    BATCH_SIZES,
    CONTROLS,
    DATASETS,
    FEATURE_NAMES,
    HIDDEN_ACTIVATIONS,
    INITS,
    OPTIMIZER_NAMES,
    REGULARIZATIONS,
    SYNC,
    Playground,
    Quiz,
    Reveal,
    _within_one_step,
    validate_settings,
)

ALL_PANELS = ("boundary", "units", "curves", "gradients", "histograms")


def small(**kw):
    kw.setdefault("n_samples", 80)
    return Playground(panels=ALL_PANELS, **kw)


def test_run_is_deterministic_and_preset_rebuilds_the_same_curves():
    a = small(dataset="xor", hidden=(6,), lr=0.05).run(60)
    b = Playground.from_preset(a.preset(as_string=True), panels=ALL_PANELS).run(60)
    assert a.history == b.history
    assert a.summary() == b.summary()
    assert b.preset() == a.preset()


def test_training_lowers_the_loss_and_records_history():
    playground = small(dataset="gaussians").run(100)
    h = playground.history
    assert h["step"][0] == 0 and h["step"][-1] == 100
    assert h["train_loss"][-1] < h["train_loss"][0]
    assert h["test_acc"][-1] > 0.8
    assert len(playground.grad_history["norms"]) == len(h["step"]) - 1


def test_learning_rate_slider_takes_effect_without_reset():
    playground = small()
    playground.run(20)
    weights_before = playground.model.get_weights()
    playground.controls["lr"].value = 0.5
    assert playground.step_count == 20, "changing lr must not reset training"
    assert playground.trainer.optimizer.lr == pytest.approx(0.5)
    assert all(np.array_equal(v, playground.model.get_weights()[k]) for k, v in weights_before.items())
    assert "no reset" in playground.status
    playground.step(1)
    assert playground.step_count == 21


def test_optimizer_and_momentum_change_live():
    playground = small(optimizer="sgd").run(10)
    playground.controls["optimizer"].value = "momentum"
    assert type(playground.trainer.optimizer).__name__ == "Momentum" and playground.step_count == 10
    playground.controls["momentum"].value = 0.5
    assert playground.trainer.optimizer.momentum == pytest.approx(0.5)
    playground.controls["optimizer"].value = "adam"
    playground.controls["momentum"].value = 0.8
    assert playground.trainer.optimizer.betas[0] == pytest.approx(0.8)


def test_dropout_regularisation_and_batch_size_change_live():
    playground = small().run(10)
    playground.controls["dropout"].value = 0.5
    assert all(layer.rate == 0.5 for layer in playground.model.layers if type(layer).__name__ == "Dropout")
    playground.controls["regularization"].value = "L2"
    playground.controls["reg_rate"].value = 0.01
    assert repr(playground.trainer.regularizer) == "L2(0.01)"
    playground.controls["batch_size"].value = 8
    playground.step(1)
    assert playground.step_count == 11


def test_proximal_l1_gives_exact_zeros_and_switches_live():
    """Lesson 08: "L1 (proximal)" soft-thresholds after every step, so weights land exactly on 0; plain "L1"
    (the subgradient) leaves them hovering near 0. Switching between them is live, like the other penalties."""
    def zeros(reg):
        playground = Playground(dataset="circles", n_samples=100, hidden=(32, 32), activation="relu", init="he",
                          optimizer="sgd", lr=0.5, batch_size=0, regularization=reg, reg_rate=0.01,
                          panels=("boundary",)).run(100)
        w = np.concatenate([p.ravel() for k, p in playground.model.parameters().items() if k.endswith(".W")])
        return int(np.sum(w == 0)), int(np.sum(np.abs(w) < 1e-3)), w.size
    exact, near, size = zeros("L1 (proximal)")
    assert exact > size // 2 and near - exact < 10  # almost every weight near 0 is exactly 0
    exact, near, _ = zeros("L1")
    assert exact == 0 and near > 0
    playground = small().run(5)
    playground.controls["regularization"].value = "L1 (proximal)"
    playground.controls["reg_rate"].value = 0.01
    assert repr(playground.trainer.regularizer) == "L1(0.01, proximal=True)" and playground.step_count == 5
    playground.step(2)
    playground.render()
    playground.controls["regularization"].value = "L1"
    assert repr(playground.trainer.regularizer) == "L1(0.01)"
    assert Playground.from_preset(playground.preset()).settings.regularization == "L1"
    with pytest.raises(CourseError, match="L1 \\(proximal\\)"):
        Playground(regularization="L3")


def test_architecture_and_data_changes_reset_and_say_so():
    playground = small().run(10)
    playground.controls["layers"].value = 3
    assert playground.step_count == 0 and playground.settings.hidden == (16, 16, 16)
    assert "Network changed" in playground.status
    playground.controls["units"].sliders[1].value = 4
    assert playground.settings.hidden == (16, 4, 16)
    assert [layer.units for layer in playground.model.layers if type(layer).__name__ == "Dense"] == [16, 4, 16, 1]
    playground.run(5)
    playground.controls["noise"].value = 0.3
    assert playground.step_count == 0 and "Data changed" in playground.status


def test_units_sliders_hide_beyond_the_layer_count():
    playground = small(hidden=(3, 3))
    columns = playground.controls["units"].columns
    assert [c.layout.display for c in columns[:3]] == [None, None, "none"]


def test_activation_per_layer_and_for_all_layers():
    playground = small(hidden=(4, 4, 4), activation="tanh")
    playground.controls["units"].menus[1].value = "relu"
    assert playground.settings.activation == ("tanh", "relu", "tanh")
    assert [layer.activation.name for layer in playground.model.layers if type(layer).__name__ == "Dense"] == [
        "tanh", "relu", "tanh", "sigmoid"]
    assert "per layer" not in playground.summary() and "tanh/relu/tanh" in playground.summary()
    playground.controls["activation"].value = "sigmoid"
    assert playground.settings.activation == "sigmoid"
    assert [m.value for m in playground.controls["units"].menus[:3]] == ["sigmoid"] * 3


def test_frames_change_as_training_proceeds():
    playground = small(dataset="circles")
    first = np.asarray(playground.frames()["boundary"]).copy()
    playground.run(100)
    later = np.asarray(playground.frames()["boundary"])
    assert first.shape == later.shape
    assert np.abs(first.astype(int) - later.astype(int)).mean() > 1.0


def test_widget_images_are_png_after_render():
    playground = small()
    view = playground.widget
    assert view is playground.widget
    playground.run(10)
    image = playground._images["boundary"]  # a data: URL (live_image), decoded in place by the page
    prefix = b"data:image/png;base64,"
    value = bytes(image.value)
    assert image.format == "url" and value.startswith(prefix)
    png = base64.b64decode(value[len(prefix):])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and image.layout.width == f"{int.from_bytes(png[16:20], 'big')}px"
    bundle = playground._repr_mimebundle_()
    assert bundle["text/plain"] == playground.summary()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "image/png" in bundle


def test_divergence_stops_with_a_plain_message_and_reset_recovers():
    playground = Playground(dataset="regression", hidden=(32, 32), activation="relu", init="large normal",
                      optimizer="sgd", lr=10.0, batch_size=0)
    playground.run(200)
    message = playground.diverged
    assert message and "learning rate 10 is too high for SGD" in message and "Try lr=1" in message
    assert f"at step {playground.step_count + 1}" in message and playground.diverged_step == playground.step_count + 1
    assert playground.diverged in playground.summary()
    playground.set(lr=0.001)
    playground.reset("Reset pressed.")
    assert playground.diverged is None
    playground.run(10)
    assert np.isfinite(playground.history["train_loss"][-1])


def test_custom_activation_and_optimizer_race_the_library_on_the_same_seed():
    mine = Activation("custom", lambda z: relu(z), lambda z: relu_derivative(z))
    library = Playground(activation="relu", optimizer="sgd", lr=0.1, n_samples=80).run(30)
    custom = Playground(activation="custom", custom_activation=mine, optimizer="custom",
                        custom_optimizer=lambda p, g, lr: p - lr * g, lr=0.1, n_samples=80).run(30)
    assert np.array_equal(custom.history["train_loss"], library.history["train_loss"])


def test_play_loop_trains_in_chunks_and_sees_changes_between_chunks():
    playground = small(steps_per_frame=3)
    playground.widget  # noqa: B018 - a live view
    frames = []  # (steps trained, learning rate in force) after every chunk
    advance = playground._advance

    def recording_advance():
        advance()
        frames.append((playground.step_count, playground.trainer.optimizer.lr))

    playground._advance = recording_advance

    async def scenario():
        playground.playing = True
        task = asyncio.ensure_future(playground._play_loop(0.0, max_frames=6))
        while len(frames) < 2:  # the loop yields between chunks: wait for two of them, without a timer
            await asyncio.sleep(0)
        playground.controls["lr"].value = 0.2  # a slider moved while training runs
        await task

    asyncio.run(scenario())
    assert [steps for steps, _ in frames] == [3, 6, 9, 12, 15, 18]  # chunks of 3, no reset on the way
    rates = [lr for _, lr in frames]
    assert rates[:2] == [pytest.approx(0.03)] * 2 and rates[2:] == [pytest.approx(0.2)] * 4  # arrived mid-run
    assert playground.history["step"].tolist() == [0, 3, 6, 9, 12, 15, 18]
    assert playground._frames_painted >= 6 and not playground.playing


def test_bad_settings_get_clear_errors():
    with pytest.raises(CourseError, match="Did you mean 'moons'"):
        Playground(dataset="moon")
    with pytest.raises(CourseError, match="hidden must list"):
        Playground(hidden=(40,))
    with pytest.raises(CourseError, match="hidden must list"):
        Playground(hidden=(4,) * 11)
    with pytest.raises(CourseError, match="lr must be between"):
        Playground(lr=100)
    with pytest.raises(CourseError, match="Unknown setting"):
        Playground(learning_rate=0.1)
    with pytest.raises(CourseError, match="preset string"):
        Playground.from_preset("not json")


def test_a_rejected_control_value_is_reported_not_raised():
    playground = small()
    playground._set_from_control("hidden", (0,))
    assert playground.status.startswith("Not applied")


def test_quiz_and_reveal_show_text_and_check_answers():
    q = Quiz("2 + 2?", ["3", "4"], answer=1, explanation="Arithmetic.")
    assert repr(q) == "2 + 2?\n  (a) 3\n  (b) 4"
    assert q.check(1).startswith("✅") and q.check(0).startswith("❌") and "Pick" in q.check(None)
    assert q._repr_mimebundle_()["text/plain"] == repr(q)
    r = Reveal("Why?", "Because.")
    assert "Show answer" in r._repr_mimebundle_()["text/plain"]


# ---------------------------------------------------------------------------------------------
# Fuzz: every control over its whole range, in any order, never raises
# ---------------------------------------------------------------------------------------------
CONTROL_VALUES = {
    "dataset": st.sampled_from(DATASETS),
    "noise": st.sampled_from([0.0, 0.05, 0.25, 0.5]),
    "test_fraction": st.sampled_from([0.1, 0.5, 0.9]),
    "n_samples": st.sampled_from([20, 40, 1000]),
    "n_classes": st.integers(2, 6),
    "features": st.lists(st.sampled_from(FEATURE_NAMES), min_size=0, max_size=7, unique=True).map(tuple),
    "layers": st.integers(0, 10),
    "activation": st.sampled_from(HIDDEN_ACTIVATIONS),
    "init": st.sampled_from(list(INITS)),
    "optimizer": st.sampled_from(OPTIMIZER_NAMES),
    "lr": st.sampled_from([1e-5, 1e-3, 0.1, 1.0, 10.0]),
    "momentum": st.sampled_from([0.0, 0.5, 0.99]),
    "batch_size": st.sampled_from(BATCH_SIZES),
    "regularization": st.sampled_from(REGULARIZATIONS),
    "reg_rate": st.sampled_from([1e-5, 0.1, 1.0]),
    "dropout": st.sampled_from([0.0, 0.5, 0.9]),
    "seed": st.integers(0, 10**6),
    "steps_per_frame": st.integers(1, 50),
    "clip_norm": st.sampled_from([0.0, 0.1, 1.0, 5.0]),
}


def test_every_control_has_a_fuzz_strategy():
    assert set(CONTROL_VALUES) | {"units"} == set(CONTROLS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves=st.lists(st.tuples(st.sampled_from(sorted(CONTROL_VALUES)), st.data()), min_size=1, max_size=6),
       unit_values=st.lists(st.integers(1, 32), min_size=10, max_size=10),
       layer_activations=st.lists(st.sampled_from(HIDDEN_ACTIVATIONS), min_size=10, max_size=10))
def test_fuzz_controls_never_raise(moves, unit_values, layer_activations):
    playground = Playground(panels=ALL_PANELS, n_samples=60, steps_per_frame=2)
    controls = playground.controls
    for name, data in moves:
        controls[name].value = data.draw(CONTROL_VALUES[name])
        box = controls["units"]
        for column, slider, menu, units, act in zip(box.columns, box.sliders, box.menus, unit_values,
                                                    layer_activations, strict=True):
            if column.layout.display != "none":
                slider.value = units
                menu.value = act
        playground.step(2)
        playground.render()
        # applied or "Not applied", the control shows the setting in force (a snapped slider: within one step)
        shown, expected = controls[name].value, SimpleNamespace(value=None)
        SYNC[name](playground, expected)
        if isinstance(shown, float) and name != "lr":  # lr: the exact rate in force, no snapping
            assert abs(shown - expected.value) <= controls[name].step or _within_one_step(
                controls[name], expected.value, shown), (name, shown, expected.value, playground.status)
        else:
            assert shown == expected.value, (name, shown, expected.value, playground.status)
        assert validate_settings(playground.settings) is playground.settings
    assert playground.summary().startswith(f"Playground: {playground.settings.dataset}, ")


def test_settings_changed_in_code_show_on_the_controls():
    playground = small()
    controls = playground.controls
    playground.set(lr=0.1, hidden=(5, 6, 7), activation="relu")
    assert controls["lr"].value == pytest.approx(0.1)
    assert controls["layers"].value == 3
    assert [s.value for s in controls["units"].sliders[:3]] == [5, 6, 7]
    assert controls["activation"].value == "relu"
    assert playground.step_count == 0  # the architecture changed: a reset, and the controls did not trigger another


# -- lesson 04's red / blue flower data set ---------------------------------------------------------
def test_flower_is_a_binary_playground_data_set():
    assert "flower" in DATASETS
    playground = Playground(dataset="flower", n_samples=120, noise=0.2, hidden=(4,), activation="tanh", lr=0.05,
                      batch_size=0, panels=("boundary", "curves"))
    assert playground.task == "binary" and playground.model.output_dim == 1
    X, _ = make_flower(n_samples=120, noise=0.2, seed=0)
    assert len(playground.X_train) + len(playground.X_test) == len(X)
    playground.run(steps=50)
    assert playground.step_count == 50
    assert playground.summary().startswith("Playground: flower, 2-4-1 tanh")
    assert set(playground.frames()) == {"boundary", "curves"}


def test_loss_axis_turns_log_only_for_an_exploding_run():
    from course_lib.widgets import loss_axis_is_log

    assert not loss_axis_is_log([0.69, 0.4, 0.05, 0.01])           # an ordinary curve stays linear
    assert loss_axis_is_log([0.7, 568.0, 1.3e6, 3e287, float("nan")])  # lesson 06's explosion: log
    assert not loss_axis_is_log([])
    assert not loss_axis_is_log([float("nan"), float("inf")])


def test_clearing_the_feature_list_shows_the_feature_in_force_every_time():
    """No feature selected reads as x1; when x1 is already in force the control must still show it (found by fuzz)."""
    playground = Playground(panels=("boundary", "curves"), n_samples=60)
    features = playground.controls["features"]
    features.value = ("x1",)
    for _ in range(2):
        features.value = ()
        assert features.value == ("x1",) and playground.settings.features == ("x1",)
