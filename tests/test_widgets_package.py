"""Issue 11: the widgets package, the state in words, the learning-rate control, atomic set(), one live loop per
cell, errors inside Play, and the data sets' learnable default noise."""

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.activations import Activation
from course_lib.validation import CourseError
from course_lib.widgets import (
    DATASET_NOISE,
    LR_STEPS,
    Engine,
    Playground,
    format_lr,
    nearest_lr_step,
    parse_lr,
)
from course_lib.widgets import live as live_module

ROOT = Path(__file__).resolve().parent.parent


def small(**kw):
    kw.setdefault("n_samples", 60)
    kw.setdefault("hidden", (4,))
    return Playground(panels=("boundary", "curves"), **kw)


# -- the package ------------------------------------------------------------------------------------------------
def test_the_headless_engine_imports_and_trains_without_ipywidgets():
    code = ("import sys; sys.modules['ipywidgets'] = None\n"
            "import course_lib.widgets.settings, course_lib.widgets.engine, course_lib.widgets.painting\n"
            "from course_lib.widgets import Engine, Playground\n"
            "e = Engine(n_samples=40, hidden=(3,), panels=('boundary', 'units', 'curves')).run(10)\n"
            "assert e.step_count == 10 and set(e.frames()) == {'boundary', 'units', 'curves'}\n"
            "p = Playground(n_samples=40, hidden=(3,)).run(5)\n"
            "print(p.status_line())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Paused at step 5." in result.stdout
    for module in ("settings", "engine", "painting"):
        source = (ROOT / "course_lib" / "widgets" / f"{module}.py").read_text()
        assert "import ipywidgets" not in source and "from ipywidgets" not in source


# -- atomic set() -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [{"seed": -1}, {"noise": 7}, {"data_seed": -1}, {"lr": 50},
                                 {"hidden": (4, 0)}, {"dataset": "moon", "noise": 0.2}])
def test_a_rejected_set_leaves_every_setting_as_it_was(bad):
    dash = small().run(4)
    before = (dash.settings, dash.step_count, repr(dash.history), dash._noise_pinned)
    with pytest.raises(CourseError):
        dash.set(**bad)
    assert (dash.settings, dash.step_count, repr(dash.history), dash._noise_pinned) == before
    again = Playground.from_preset(dash.preset())
    assert again.settings == dash.settings


# -- the state in words -----------------------------------------------------------------------------------------
def test_the_status_line_says_the_state():
    dash = small()
    assert dash.status_line() == "Ready: press Play (or Step)." and dash.state == "ready"
    dash.playing = True  # what play() sets while the loop runs
    assert dash.state == "training" and dash.status_line().startswith("Training: step 0.")
    assert "Ready" not in dash.status_line()
    dash.playing = False
    dash.run(10)
    assert dash.status_line() == "Paused at step 10."
    dash.set(lr=0.3)
    assert dash.status_line() == "Paused at step 10. lr changed (lr=0.3): training continues (no reset)."
    dash.set(hidden=(5,))
    assert "Network changed (hidden): network reset to step 0." in dash.status_line()
    dash.set(noise=0.2)
    assert "Data changed (noise): network reset to step 0." in dash.status_line()


def test_a_diverged_run_says_at_which_step():
    dash = Playground(dataset="regression", hidden=(32, 32), activation="relu", init="large normal",
                      optimizer="sgd", lr=10.0, batch_size=0).run(200)
    assert dash.state == "diverged"
    assert f"at step {dash.diverged_step}" in dash.status_line()


def test_play_becomes_pause_and_back():
    dash = small()
    button = dash.widget.children[0].children[0]
    assert (button.description, button.icon) == ("Play", "play")

    async def scenario():
        dash.play()
        assert (button.description, button.icon, button.value) == ("Pause", "pause", True)
        assert dash._status_html.value.count("Training: step") == 1
        await asyncio.sleep(0.05)
        button.value = False  # the learner presses Pause
        await asyncio.sleep(0.01)

    asyncio.run(scenario())
    assert not dash.playing and (button.description, button.icon) == ("Play", "play")
    assert dash.step_count > 0 and "Paused at step" in dash._status_html.value


# -- errors inside Play -----------------------------------------------------------------------------------------
def test_an_error_in_a_custom_activation_stops_play_and_is_said():
    armed = {"now": False}

    def g(z):
        if armed["now"]:
            raise ValueError("my activation broke")
        return z * (z > 0)

    mine = Activation("mine", g, lambda z: (z > 0) * 1.0)
    dash = small(activation="custom", custom_activation=mine, steps_per_frame=2)
    button = dash.widget.children[0].children[0]

    async def scenario():
        dash.play()
        armed["now"] = True
        await dash._task

    asyncio.run(scenario())
    assert not dash.playing and dash.state == "error"
    assert (button.value, button.description) == (False, "Play")
    line = dash.status_line()
    assert "Training stopped: ValueError: my activation broke" in line and "press Play again" in line
    assert "my activation broke" in dash._status_html.value
    armed["now"] = False  # the learner fixes it
    dash.reset()
    assert dash.state == "ready"


def test_heavy_frames_shrink_the_live_chunk_but_not_run():
    dash = small(steps_per_frame=50)
    dash._last_step_cost = 0.01  # 10 ms a step: 50 steps would take half a second
    dash._adapt_chunk(0.5 + 0.02)
    assert dash.chunk_steps in (7, 8)  # (0.1 s - 0.02 s of drawing) / 10 ms a step
    dash._last_step_cost = 0.0001
    dash._adapt_chunk(0.005)
    assert dash.chunk_steps == 50  # light frames: back to steps_per_frame
    a, b = small(steps_per_frame=50).run(100), small(steps_per_frame=50)
    b._chunk = 3  # a live chunk size never changes what run() computes
    b.run(100)
    assert a.history == b.history


# -- one live loop per cell -------------------------------------------------------------------------------------
def test_a_rerun_of_the_cell_stops_and_closes_the_old_playground(monkeypatch):
    where = {"value": ("cell-a", 1)}
    monkeypatch.setattr(live_module, "current_cell", lambda: where["value"])
    monkeypatch.setattr(live_module, "_LIVE", {})
    first = small()
    first.widget  # noqa: B018 - shown
    twin = small()  # made by the same run of the cell: left alone
    first.playing = True
    assert first._view is not None and twin._view is None
    where["value"] = ("cell-b", 2)
    other = small()  # another cell: left alone
    where["value"] = ("cell-a", 3)  # the first cell runs again
    view = first._view
    second = small()
    assert not first.playing and first._view is None and view.comm is None  # stopped, widgets released
    assert not other._view and second is not first
    assert [r() for _, r in live_module._LIVE["cell-a"]] == [second]
    assert len(live_module._LIVE["cell-b"]) == 1


def test_outside_a_notebook_cell_nothing_is_registered(monkeypatch):
    monkeypatch.setattr(live_module, "_LIVE", {})
    small()
    assert live_module._LIVE == {}


# -- the learning-rate control ----------------------------------------------------------------------------------
def test_lr_steps_and_one_format():
    assert LR_STEPS == (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    assert [format_lr(v) for v in (0.03, 1e-5, 10.0, 0.0371)] == ["0.03", "1e-05", "10", "0.0371"]
    assert nearest_lr_step(0.0371) == 0.03 and nearest_lr_step(0.06) == 0.1 and nearest_lr_step(0.05) == 0.03
    assert parse_lr("0.05") == (0.05, None) and parse_lr(" lr=3e-4 ") == (3e-4, None)
    for bad in ("50", "0", "-1", "abc", "nan"):
        value, message = parse_lr(bad)
        assert value is None and message.startswith("Not applied: the learning rate must be")
    assert "got 50" in parse_lr("50")[1] and "between 1e-05 and 10" in parse_lr("50")[1]


def test_lr_slider_box_and_status_show_the_same_number():
    dash = small()
    lr = dash.controls["lr"]
    lr.slider.value = 0.3  # the learner drags the slider
    assert dash.settings.lr == 0.3 and lr.value == 0.3 and lr.box.value == "0.3"
    assert "lr=0.3" in dash.summary() and "lr=0.3" in dash.status_line()
    lr.box.value = "0.0371"  # typed: kept exactly, the slider at the nearest step
    assert dash.settings.lr == 0.0371 and lr.slider.value == 0.03 and lr.box.value == "0.0371"
    assert "lr=0.0371" in dash._status_html.value
    lr.box.value = "50"  # out of range: a message, never a clamp; the box shows the rate in force again
    assert dash.settings.lr == 0.0371 and lr.box.value == "0.0371" and lr.value == 0.0371
    assert "Not applied: the learning rate must be between 1e-05 and 10, got 50" in dash.status_line()
    lr.value = 0.1  # from code, as lesson 06 does: dash.controls["lr"].value = 0.1
    assert dash.settings.lr == 0.1 and lr.slider.value == 0.1 and lr.box.value == "0.1"
    lr.value = 100.0
    assert dash.settings.lr == 0.1 and lr.value == 0.1 and "got 100" in dash.status_line()
    assert dash.step_count == 0  # none of it reset the network


# -- learnable default noise ------------------------------------------------------------------------------------
def test_each_data_set_starts_with_its_learnable_noise_unless_noise_was_set_in_code():
    assert DATASET_NOISE["spiral"] == 0.05 and DATASET_NOISE["moons"] == 0.15
    assert Playground(dataset="spiral", n_samples=60).settings.noise == 0.05
    assert Playground(dataset="spiral", noise=0.2, n_samples=60).settings.noise == 0.2
    dash = small()
    dash.controls["dataset"].value = "spiral"  # from the menu: spiral's own noise
    assert dash.settings.noise == 0.05 and dash.controls["noise"].value == 0.05 if "noise" in dash.controls \
        else dash.settings.noise == 0.05
    pinned = small(noise=0.3)
    pinned.controls["dataset"].value = "spiral"  # a noise set in code stays
    assert pinned.settings.noise == 0.3
    coded = small()
    coded.set(dataset="spiral")  # set() in code changes only what it names
    assert coded.settings.noise == 0.15


def test_engine_history_is_a_seam():
    e = Engine(n_samples=40, hidden=(3,)).run(10)
    assert e.history.n_records == 3 and list(e.history) == list(e.history.KEYS)
    assert e.history["step"].tolist() == [0, 5, 10]


def test_while_playing_the_status_line_is_sent_at_most_ten_times_a_second():
    from course_lib.widgets import Playground

    dash = Playground(panels=("boundary",))
    dash.widget  # noqa: B018 (builds the view)
    sent = []
    dash._status_html.observe(lambda change: sent.append(change["new"]), "value")
    dash.playing = True
    dash._status_sent_at -= dash.status_interval  # the last update was long ago
    dash.step(1)
    dash.render()
    dash.step(1)
    dash.render()  # within 0.1 s of the first: the picture changes, the text waits
    assert len(sent) == 1 and "step 1" in sent[0]
    dash._status_sent_at -= dash.status_interval
    dash.render()
    assert len(sent) == 2 and "step 2" in sent[-1]
    dash.set(lr=0.1)  # a moved control is said at once
    assert "lr changed" in sent[-1]
    dash.playing = False
    dash.step(1)  # not playing: every step says the current state
    assert "step 3" in sent[-1]


# -- never ahead of the browser: the page echoes frame numbers, and Play waits while it is behind ----------------
def test_frames_are_numbered_and_an_echo_is_asked_for_at_most_every_echo_interval():
    dash = small()
    dash.widget  # noqa: B018 (builds the view)
    acks = dash._frame_acks
    asked = []
    acks.sent_widget.observe(lambda change: asked.append(change["new"]), "value")
    for _ in range(5):
        dash.render()  # five frames within a few milliseconds
    assert acks.sent == 6 and asked == []  # the first frame (when the view was built) asked already
    acks._asked_at -= live_module.ECHO_INTERVAL
    dash.render()
    assert acks.sent == 7 and asked == [7]


def test_a_page_that_never_echoed_counts_as_up_to_date():
    dash = small()
    dash.widget  # noqa: B018
    acks = dash._frame_acks
    acks._sent_at[0] = (1, acks._sent_at[0][1] - 10.0)  # asked ten seconds ago, no echo (nbval, no page)
    assert acks.taken is None and acks.lag() == 0.0


def test_the_lag_is_the_age_of_the_oldest_frame_the_page_has_not_taken():
    dash = small()
    dash.widget  # noqa: B018
    acks = dash._frame_acks
    acks.taken_widget.value = 1  # what the page's jsdlink sends back: it has frame 1
    assert acks.taken == 1 and acks.lag() == 0.0
    acks._asked_at -= live_module.ECHO_INTERVAL
    dash.render()  # frame 2, echo asked
    acks._sent_at[0] = (2, acks._sent_at[0][1] - 1.0)  # a second ago, and the page has not echoed
    assert acks.lag() >= 1.0
    acks.taken_widget.value = 2
    assert acks.lag() == 0.0


def test_play_waits_for_a_page_that_is_behind_and_goes_on_once_it_caught_up(monkeypatch):
    monkeypatch.setattr(live_module, "MAX_WAIT", 10.0)
    dash = small(steps_per_frame=1)
    dash.widget  # noqa: B018
    acks = dash._frame_acks
    acks.taken_widget.value = acks.sent  # the page is up to date and echoes

    async def scenario():
        dash.play()
        await asyncio.sleep(0.05)
        acks._asked_at -= live_module.ECHO_INTERVAL
        dash.render()  # an echo asked for, which the page does not send: it fell behind
        acks._sent_at[-1] = (acks.sent, acks._sent_at[-1][1] - 2 * live_module.MAX_LAG)
        await asyncio.sleep(0.05)  # the loop finishes the frame it was making, then waits
        frozen = dash.step_count
        await asyncio.sleep(0.2)
        assert dash.step_count == frozen, "Play kept sending frames to a page that is behind"
        assert acks.sent_widget.value == acks.sent, "Play waits for the echo of the last frame sent (the whole queue)"
        acks.taken_widget.value = acks.sent  # the page caught up
        await asyncio.sleep(0.1)
        assert dash.step_count > frozen, "Play did not go on once the page caught up"
        dash.pause()

    asyncio.run(scenario())


def test_play_goes_on_after_max_wait_when_the_page_went_away(monkeypatch):
    monkeypatch.setattr(live_module, "MAX_WAIT", 0.05)
    monkeypatch.setattr(live_module, "MAX_LAG", 0.0)  # every unanswered echo counts as behind at once
    dash = small(steps_per_frame=1)
    dash.widget  # noqa: B018
    acks = dash._frame_acks
    acks.taken_widget.value = acks.sent  # the page echoed once, then its tab was closed
    assert acks.taken == acks.sent
    acks._asked_at -= live_module.ECHO_INTERVAL  # the first frame of Play asks for an echo that never comes

    async def scenario():
        dash.play()
        await asyncio.sleep(0.4)
        dash.pause()

    asyncio.run(scenario())
    # not frozen: a frame after every MAX_WAIT; and not at full speed either (40 frames/s would give 16)
    assert 3 <= dash.step_count <= 10


def test_closing_the_playground_closes_the_frame_counters():
    dash = small()
    dash.widget  # noqa: B018
    acks = dash._frame_acks
    dash.close()
    assert dash._frame_acks is None
    assert all(w.comm is None for w in (acks.sent_widget, acks.taken_widget, acks._link))
