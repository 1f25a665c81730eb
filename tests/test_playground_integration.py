"""Issue 11, wired together: the network panel in the playground, the thinned history, the learner's own points,
and save / load that continues exactly."""

import numpy as np
import pytest

from course_lib.history_store import ThinnedHistory
from course_lib.own_data import load_points_csv
from course_lib.validation import CourseError, CourseTypeError
from course_lib.widgets import Engine, Playground
from course_lib.widgets.engine import PlaygroundHistory
from course_lib.widgets.painting import _series


def small(**kw):
    kw.setdefault("n_samples", 80)
    kw.setdefault("hidden", (4, 3))
    kw.setdefault("panels", ("network", "curves"))
    return Playground(**kw)


def xor_points(m=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(m, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


# -- the network panel ------------------------------------------------------------------------------------------
def test_network_panel_paints_the_network_and_the_selected_neuron():
    e = Engine(n_samples=60, hidden=(4,), panels=("network", "curves")).run(10)
    frames = e.frames()
    assert set(frames) == {"network", "curves"} and frames["network"].size == (560, 320)
    e.select_neuron((1, 2))
    frames = e.frames()
    assert set(frames) == {"network", "neuron", "curves"}
    assert dict(e.neuron_choices())["none"] is None and ("h1 · unit 2 (tanh)", (1, 2)) in e.neuron_choices()
    with pytest.raises(CourseError, match="no neuron"):
        e.select_neuron((1, 9))
    e.set(hidden=(2,))  # the architecture changes: unit 2 of h1 still exists
    assert e.selected_neuron == (1, 2)
    e.set(hidden=())  # no hidden layer: the selection is gone
    assert e.selected_neuron is None and set(e.frames()) == {"network", "curves"}


def test_network_panel_for_every_task_and_depth():
    for kw in ({"dataset": "regression"}, {"dataset": "blobs", "n_classes": 4}, {"hidden": (8,) * 10},
               {"features": ("x1", "x2", "x1*x2"), "hidden": ()}):
        e = Engine(n_samples=60, panels=("network",), **kw).run(5)
        e.select_neuron(e.neuron_values()[-1])  # the output
        frames = e.frames()
        assert frames["network"].size == (560, 320) and "neuron" in frames


def test_the_view_has_a_neuron_menu_that_follows_the_architecture():
    dash = small()
    dash.widget  # noqa: B018 - builds the view
    menu = dash._neuron_menu
    assert menu.value == "none" and dash._images["neuron"].layout.display == "none"
    menu.value = "h2 · unit 3 (tanh)"
    assert dash.selected_neuron == (2, 3) and dash._images["neuron"].layout.display is None
    assert dash._images["neuron"].value  # painted
    dash.controls["layers"].value = 1  # h2 is gone: the menu lists the new network, the selection is dropped
    assert "h2 · unit 3 (tanh)" not in menu.options and menu.value == "none" and dash.selected_neuron is None
    assert dash._images["neuron"].layout.display == "none"
    dash.controls["features"].value = ("x1", "x2", "x1^2")
    assert "input x1^2" in menu.options


def test_the_still_picture_is_a_picture_not_a_strip():
    image = small().run(20).still_picture()
    assert image.width <= 2.2 * image.height and image.width >= 500


# -- the thinned history --------------------------------------------------------------------------------------
def test_history_is_thinned_and_reads_like_before():
    dash = small(steps_per_frame=1).run(30)
    assert isinstance(dash.history, PlaygroundHistory) and isinstance(dash.grad_history, ThinnedHistory)
    assert dash.history["step"].tolist() == list(range(31))
    assert np.isfinite(dash.history["train_loss"][-1]) and len(dash.grad_history["norms"][-1]) == 3
    assert dash.history == small(steps_per_frame=1).run(30).history
    assert dash.history != small(steps_per_frame=1, seed=1).run(30).history


def test_memory_and_points_drawn_stay_flat_over_a_long_run():
    h = PlaygroundHistory()
    sizes = {}
    for n in range(30_000):
        h.append({"step": 5 * n, "epoch": n / 10, "train_loss": 1 / (n + 1), "test_loss": 1 / (n + 1),
                  "train_acc": 0.9, "test_acc": 0.8})
        if n + 1 in (3_000, 30_000):
            sizes[n + 1] = (h.nbytes, len(h))
    assert sizes[3_000][0] == sizes[30_000][0] and sizes[30_000][1] <= h.capacity
    steps, losses = _series(h, "train_loss", 300)
    assert len(steps) <= 2 * 300 + 2 and steps[-1] == 5 * 29_999 and losses[-1] == 1 / 30_000


def test_a_long_headless_run_keeps_the_recent_records_exact():
    dash = Engine(n_samples=40, hidden=(3,), steps_per_frame=1).run(2_500)
    h = dash.history
    assert h.n_records == 2_501 and len(h) <= 2_000 and h["step"][-1] == 2_500 and h["step"][0] == 0
    assert h["step"][-1000:].tolist() == list(range(1_501, 2_501))
    assert dash.frames()


# -- the learner's own points -----------------------------------------------------------------------------------
def test_own_points_classes_and_regression():
    dash = small(data=xor_points())
    assert dash.settings.dataset == "own" and dash.task == "binary" and dash.summary().startswith("Playground: own")
    dash.run(50)
    assert np.isfinite(dash.history["train_loss"][-1])
    X, _ = xor_points()
    multi = small(data=(X, np.where(X[:, 0] > 0.3, "a", np.where(X[:, 0] < -0.3, "b", "c"))))
    assert multi.task == "multiclass" and multi.model.output_dim == 3 and "'a' → 0" in multi.status_line()
    reg = small(data=(X, np.sin(3 * X[:, 0]) + X[:, 1] ** 2), panels=("network", "boundary", "curves")).run(20)
    assert reg.task == "regression" and not reg.is_curve and set(reg.frames()) == {"network", "boundary", "curves"}


def test_own_points_from_csv(tmp_path):
    X, y = xor_points(40)
    path = tmp_path / "points.csv"
    path.write_text("a,b,label\n" + "".join(f"{u},{v},{c}\n" for (u, v), c in zip(X, y, strict=True)))
    for dash in (small(data=str(path)), Playground.from_csv(path, panels=("network", "curves"), hidden=(3,)),
                 small(data=load_points_csv(path))):
        assert dash.settings.dataset == "own" and len(dash.X_train) + len(dash.X_test) == 40


def test_own_points_controls_and_the_data_menu():
    dash = small(data=xor_points())
    controls = dash.controls
    assert "own" in controls["dataset"].options and controls["dataset"].value == "own"
    assert controls["noise"].disabled and controls["n_samples"].disabled
    assert dash._regen_button.description == "New split"
    controls["dataset"].value = "moons"
    assert not controls["noise"].disabled and dash._regen_button.description == "New data"
    controls["dataset"].value = "own"
    assert dash.settings.dataset == "own"
    plain = small()
    assert "own" not in plain.controls["dataset"].options
    with pytest.raises(CourseError, match="needs your points"):
        plain.set(dataset="own")
    assert plain.settings.dataset == "moons"


@pytest.mark.parametrize("data, match", [
    ((np.zeros((50, 3)), np.zeros(50)), "2"),
    ((np.zeros((50, 2)), np.zeros(40)), "40"),
    ((np.full((50, 2), np.nan), np.zeros(50)), "NaN"),
    (("not", "points", "at all"), "pair"),
    ("no_such_file.csv", "no_such_file"),
])
def test_bad_own_points_get_messages(data, match):
    with pytest.raises((CourseError, CourseTypeError), match=match):
        Playground(data=data)


def test_dataset_own_without_points_is_refused():
    with pytest.raises(CourseError, match="needs your points"):
        Playground(dataset="own")


# -- save and load ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{}, {"optimizer": "momentum", "dropout": 0.2, "batch_size": 16},
                                {"dataset": "blobs", "n_classes": 3, "optimizer": "rmsprop"},
                                {"dataset": "regression", "regularization": "L2", "reg_rate": 0.01}])
def test_save_load_continues_exactly(tmp_path, kw):
    a = small(**kw).run(300)
    a.select_neuron((1, 2))
    a.save(tmp_path / "run.npz")
    b = Playground.load(tmp_path / "run.npz")
    assert b.status_line().endswith(f"Loaded from {tmp_path / 'run.npz'}: continues at step 300.")
    assert b.panels == a.panels and b.selected_neuron == (1, 2) and b.settings == a.settings
    b.run(300)
    straight = small(**kw).run(600)
    for p, q in zip(b.model.parameters().values(), straight.model.parameters().values(), strict=True):
        assert np.array_equal(p, q)
    assert b.status_line() == straight.status_line() and b.summary() == straight.summary()
    assert b.history == straight.history
    assert np.array_equal(b.grad_history["norms"], straight.grad_history["norms"])


def test_save_load_keeps_own_points_and_a_custom_optimizer(tmp_path):
    X, _ = xor_points()
    labels = np.where(X[:, 0] * X[:, 1] > 0, "same", "other")
    step = lambda p, g, lr: p - lr * g  # noqa: E731
    a = small(data=(X, labels), optimizer="custom", custom_optimizer=step).run(100)
    path = a.save(tmp_path / "own")
    b = Playground.load(path, custom_optimizer=step)
    assert b.own_data.class_names == a.own_data.class_names and np.array_equal(b.own_data.X, a.own_data.X)
    assert b.run(50).summary() == a.run(50).summary()


def test_load_of_a_plain_model_file_says_what_to_do(tmp_path):
    dash = small()
    dash.model.save(tmp_path / "model.npz")
    with pytest.raises(CourseError, match=r"Sequential\.load"):
        Playground.load(tmp_path / "model.npz")
