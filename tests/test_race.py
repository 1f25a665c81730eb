"""The optimizer race (widgets.Race) without a browser: headless runs, determinism, live lr changes."""

import asyncio

import numpy as np
import pytest

from course_lib.validation import CourseError
from course_lib.widgets import Race

CONTENDERS = {"SGD": {"optimizer": "sgd"}, "Momentum": {"optimizer": "momentum", "momentum": 0.9},
              "Adam": {"optimizer": "adam"}}


def small(**kw):
    return Race(CONTENDERS, lr=kw.pop("lr", 0.05), dataset="xor", hidden=(4,), n_samples=60, **kw)


def test_run_is_deterministic_and_contenders_share_data_and_start():
    a, b = small().run(40), small().run(40)
    assert a.summary() == b.summary()
    assert all(a.histories[k] == b.histories[k] for k in CONTENDERS)
    players = list(a.players.values())
    fresh = small()
    w0 = [p.model.get_weights() for p in fresh.players.values()]
    for w in w0[1:]:
        assert w.keys() == w0[0].keys() and all((w[k] == w0[0][k]).all() for k in w)
    assert all((p.X_train == players[0].X_train).all() for p in players)
    assert a.step_count == 40 and all(p.step_count == 40 for p in players)
    assert a.summary().splitlines()[0] == "Race: xor, 2-4-1, lr=0.05, step 40"
    assert "lowest training loss:" in a.summary()


def test_lr_change_applies_to_all_without_reset():
    race = small().run(20)
    before = {k: list(h["train_loss"]) for k, h in race.histories.items()}
    race.set_lr(0.2)
    assert race.lr == 0.2
    for p in race.players.values():
        assert p.settings.lr == 0.2 and p.trainer.optimizer.lr == 0.2 and p.step_count == 20
    race.run(10)
    for k, h in race.histories.items():
        assert h["train_loss"][: len(before[k])].tolist() == before[k]  # history kept: no reset
    assert race.step_count == 30


def test_slider_moves_every_lr_and_reset_returns_to_start():
    race = small()
    race.widget  # noqa: B018 - builds the view
    race._lr_control.value = 0.01
    assert all(p.trainer.optimizer.lr == pytest.approx(0.01) for p in race.players.values())
    race.run(10)
    race.reset("test.")
    assert race.step_count == 0 and "step 0" in race.summary()


def test_repr_bundle_has_text_and_still_picture():
    bundle = small().run(10)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Race: xor")
    assert bundle["image/png"]
    img = small().picture()
    assert img.width >= 520 and img.height > 240


def test_divergence_is_reported_and_others_continue():
    race = Race({"SGD": {"optimizer": "sgd"}, "Adam": {"optimizer": "adam"}}, lr=10.0, dataset="regression",
                hidden=(8,), n_samples=40, init="large normal")
    race.run(60)
    sgd, adam = race.players["SGD"], race.players["Adam"]
    assert sgd.diverged and "learning rate 10 is too high for SGD" in sgd.diverged  # a runaway loss, not only NaN
    assert sgd.step_count < 60 and sgd.diverged_step == sgd.step_count + 1
    assert not adam.diverged and adam.step_count == 60 and np.isfinite(adam.history["train_loss"][-1])
    lines = race.summary().splitlines()
    assert f"diverged at step {sgd.diverged_step}" in lines[1] and "diverged" not in lines[2]
    assert lines[-1] == "  lowest training loss: Adam"
    stopped_at = sgd.step_count
    race.run(10)  # the diverged contender stays where it stopped; the other trains on
    assert sgd.step_count == stopped_at and adam.step_count == 70


def test_list_of_names_and_errors():
    race = Race(["sgd", "adam"], lr=0.05, dataset="xor", hidden=(3,), n_samples=40).run(5)
    assert list(race.players) == ["sgd", "adam"]
    with pytest.raises(CourseError, match="shared"):
        Race({"a": {"lr": 0.1}})
    with pytest.raises(CourseError):
        Race({})


def test_play_loop_steps_in_chunks():
    race = small(steps_per_frame=3)
    race.playing = True
    asyncio.run(race._play_loop(0.0, max_frames=2))
    assert race.step_count == 6 and not race.playing


def test_the_race_learning_rate_is_the_playgrounds_control():
    """TensorFlow Playground's steps on the slider, an exact rate in the box, 50 refused (never clamped), and the
    slider, box and status line always showing the rate in force."""
    from course_lib.widgets.settings import LR_STEPS

    race = small()
    race.widget  # noqa: B018 - builds the view
    control = race._lr_control
    assert [value for _, value in control.slider.options] == list(LR_STEPS)
    control.slider.value = 0.3  # a slider step
    assert race.lr == 0.3 and control.box.value == "0.3" and "learning rate 0.3 for all" in race.status
    control.box.value = "0.05"  # typed: kept exactly, the slider sits at the nearest step
    assert race.lr == 0.05 and control.slider.value == 0.03 and control.box.value == "0.05"
    assert "learning rate 0.05 for all" in race.status
    control.box.value = "50"
    assert race.lr == 0.05, "a rate out of range must be refused, not clamped"
    assert "Not applied" in race.status and "50" in race.status
    assert control.box.value == "0.05" and control.slider.value == 0.03  # the control shows the rate in force
    race.set_lr(1.0)  # from code: the control follows
    assert control.box.value == "1" and control.slider.value == 1.0
