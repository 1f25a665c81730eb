"""The playground's controls: ONE table (`CONTROLS`) defines each control: how its widget is made, which tab it
folds into, which setting it moves (and how its value converts), and how it shows the setting in force.

A factory gets the ipywidgets module as an argument (`make(playground, W)`), so importing this module does not
import ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import tr
from course_lib.widgets.labels import control_label, menu_options, option_label
from course_lib.widgets.presenter import scaled_px
from course_lib.widgets.settings import (
    BATCH_SIZES,
    DATASETS,
    FEATURE_NAMES,
    HIDDEN_ACTIVATIONS,
    INITS,
    LR_STEPS,
    MAX_LAYERS,
    MAX_UNITS,
    OPTIMIZER_NAMES,
    OWN,
    REGULARIZATIONS,
    format_lr,
    nearest_lr_step,
    parse_lr,
)

ROW_WIDTH, LABEL_WIDTH = 280, 100  # px at presenter scale 1


def _slider_row(W, widget):
    widget.layout = W.Layout(width=scaled_px(ROW_WIDTH))
    widget.style = {"description_width": scaled_px(LABEL_WIDTH)}
    return widget


def _within_one_step(widget, old, new) -> bool:
    """True when a float slider reports `new` only because it snapped `old` to its grid of steps.

    A front end may echo a value back rounded to the slider's step (0.03 on a log slider becomes 0.0316);
    that is not the learner moving it, so it must not change the experiment.
    """
    if not isinstance(old, float) or not isinstance(new, float) or not hasattr(widget, "step"):
        return False
    if type(widget).__name__ == "FloatLogSlider":
        return old > 0 and new > 0 and abs(np.log10(new) - np.log10(old)) <= widget.step / 2 + 1e-9
    return abs(new - old) <= widget.step / 2 + 1e-12


def _bind(playground, widget, key, convert=lambda v: v, show=None):
    def on_change(change):
        new, current = convert(change["new"]), getattr(playground.settings, key)
        if new == current or _within_one_step(widget, current, new):
            if new != change["new"] and show is not None:  # e.g. no feature selected reads as x1, in force:
                show()                                       # show x1 again
            return
        playground._set_from_control(key, new)

    widget.observe(on_change, "value")
    return widget


def _dropdown(options, description):
    return lambda playground, W: W.Dropdown(
        options=menu_options(options(playground) if callable(options) else options),
        description=control_label(description))


def _make_features(playground, W):
    return W.SelectMultiple(options=FEATURE_NAMES, rows=4, description=control_label("features"))


def _make_units(playground, W):
    """One column per hidden layer: a vertical units slider (1-32) and that layer's activation.

    Columns beyond the layer count are hidden. The "activation" control sets every layer at once; these set one.
    """
    options = [(ACTIVATION_LABELS.get(a, a), a) for a in HIDDEN_ACTIVATIONS]
    if playground.custom_activation is not None:
        options.append((option_label("custom"), "custom"))
    sliders = [W.IntSlider(min=1, max=MAX_UNITS, orientation="vertical", description=f"h{i + 1}",
                           layout=W.Layout(width=scaled_px(62), height=scaled_px(140), margin="0 0 6px 0"))
               for i in range(MAX_LAYERS)]
    menus = [W.Dropdown(options=options, layout=W.Layout(width=scaled_px(62))) for _ in range(MAX_LAYERS)]
    columns = [W.VBox([s, m], layout=W.Layout(width=scaled_px(64))) for s, m in zip(sliders, menus, strict=True)]
    box = W.HBox(columns)
    box.sliders, box.menus, box.columns = sliders, menus, columns
    for i, (slider, menu) in enumerate(zip(sliders, menus, strict=True)):
        slider.observe(lambda change, i=i: playground._set_from_control(
            "hidden", _with_units(playground.settings.hidden, i, change["new"])), "value")
        menu.observe(lambda change, i=i: playground._set_from_control(
            "activation", _with_activation(playground.settings.activations(), i, change["new"])), "value")
    _sync_units(playground, box)
    return box


def _with_activation(activations, i, name):
    """Per-layer activations with layer i changed; one name when they all agree."""
    acts = list(activations)
    if i < len(acts):
        acts[i] = name
    return acts[0] if acts and len(set(acts)) == 1 else tuple(acts)


ACTIVATION_LABELS = {"sigmoid": "sigm", "tanh": "tanh", "relu": "relu", "leaky_relu": "leaky", "linear": "lin"}


def _activation_options(playground):
    return HIDDEN_ACTIVATIONS + (["custom"] if playground.custom_activation is not None else [])


def _dataset_options(playground):
    """The data sets, and "own" when the playground was given the learner's points (data=(X, y) or a CSV file)."""
    return DATASETS + ([OWN] if getattr(playground, "own_data", None) is not None else [])


OWN_DATA_OFF = ("noise", "n_samples", "n_classes")  # controls that do not apply to the learner's own points


def _optimizer_options(playground):
    return OPTIMIZER_NAMES + (["custom"] if playground.custom_optimizer is not None else [])


# -- the learning rate: TensorFlow Playground's steps on a slider, and a box for an exact value ------------------
_LR_CONTROL_CLASS = None


def _lr_control_class(W):
    """LearningRateControl: an HBox whose `value` is the learning rate in force (made on first use)."""
    global _LR_CONTROL_CLASS
    if _LR_CONTROL_CLASS is None:
        import traitlets

        class LearningRateControl(W.HBox):
            """A slider over LR_STEPS (1e-05 ... 10) and a box that shows, and takes, the exact rate.

            `.value` is the rate (setting it from code, e.g. controls["lr"].value = 0.3, is a slider move);
            a typed rate between two steps is kept exactly (the slider shows the nearest step); a typed rate out
            of range is refused with a message in the status line, never clamped."""

            value = traitlets.Float()

        _LR_CONTROL_CLASS = LearningRateControl
    return _LR_CONTROL_CLASS


def learning_rate_control(W, lr: float, apply, refuse, quiet=lambda: False, width=ROW_WIDTH,
                          label_width=LABEL_WIDTH):
    """The learning-rate control of the playground and the race: a slider over LR_STEPS and a box for the exact rate.

    apply(rate) is called with an accepted rate, refuse(message) with the message for a refused one (out of range,
    not a number: never clamped); nothing is called while quiet() is true (the owner is showing a rate itself).
    """
    slider = W.SelectionSlider(options=[(format_lr(v), v) for v in LR_STEPS], value=nearest_lr_step(lr),
                               description=control_label("learning rate"), readout=False,
                               layout=W.Layout(width=scaled_px(width - 76)),
                               style={"description_width": scaled_px(label_width)})
    box = W.Text(value=format_lr(lr), continuous_update=False, tooltip=tr("type an exact learning rate, e.g. 0.05"),
                 layout=W.Layout(width=scaled_px(70)))
    box.add_class("course-lr-readout")
    control = _lr_control_class(W)(children=[slider, box], value=lr, layout=W.Layout(width=scaled_px(width)))
    control.slider, control.box = slider, box

    def on_value(change):  # from code (control.value = 0.3), or from the slider / the box
        if quiet():
            return
        rate, message = parse_lr(change["new"])
        if message:
            refuse(message)
        else:
            apply(rate)

    control.observe(on_value, "value")
    slider.observe(on_value, "value")
    box.observe(on_value, "value")
    return control


def show_learning_rate(control, lr: float):
    """Put `lr` on the control: the slider at its nearest step, the exact rate in the box (call while quiet)."""
    control.value = lr
    if hasattr(control, "slider"):  # (a stand-in with only .value is fine: what the tests compare)
        control.slider.value = nearest_lr_step(lr)
        control.box.value = format_lr(lr)


def _make_lr(playground, W):
    return learning_rate_control(W, playground.settings.lr, apply=lambda rate: playground._set_from_control("lr", rate),
                                 refuse=playground._refuse, quiet=lambda: playground._suspend)


def _sync_lr(playground, control):
    show_learning_rate(control, playground.settings.lr)


def _resize_hidden(hidden, n):
    hidden = tuple(hidden)
    fill = hidden[-1] if hidden else 4
    return (hidden + (fill,) * MAX_LAYERS)[:n]


def _with_units(hidden, i, units):
    hidden = list(hidden)
    if i < len(hidden):
        hidden[i] = units
    return tuple(hidden)


def _sync_units(playground, box):
    activations = playground.settings.activations()
    for i, (column, slider, menu) in enumerate(zip(box.columns, box.sliders, box.menus, strict=True)):
        visible = i < len(playground.settings.hidden)
        column.layout.display = None if visible else "none"
        if visible:
            slider.value = int(playground.settings.hidden[i])
            menu.value = activations[i]


def _set_value(attr):
    def sync(playground, widget):
        value = getattr(playground.settings, attr)
        if attr == "features":
            value = tuple(value)
        elif attr == "activation" and not isinstance(value, str):
            value = value[0]
        elif attr == "reg_rate":
            value = max(value, 1e-5)
        widget.value = value
    return sync


@dataclass(frozen=True)
class Control:
    """One control: `make(playground, W)` builds the widget; `setting` is what it moves (through `convert`);
    `group` names the tab it folds into; `sync(playground, widget)` shows the setting in force (default: the
    setting itself); `main` controls stay in sight beside the pictures instead of in a tab."""

    make: Callable
    group: str
    setting: str | None = None
    convert: Callable | None = None
    sync: Callable | None = None
    main: bool = False

    def build(self, playground, W):
        widget = self.make(playground, W)
        if self.setting is not None:  # a plain one-value widget: a row with its label, bound to its setting
            _slider_row(W, widget)
            self.show(playground, widget)
            _bind(playground, widget, self.setting, self.convert or (lambda v: v),
                  show=lambda: self.show(playground, widget))
        return widget

    def show(self, playground, widget):
        (self.sync or _set_value(self.setting))(playground, widget)


def _slider(kind, description, **kw):
    return lambda playground, W: getattr(W, kind)(description=control_label(description), **kw)


GROUPS = ("data", "network", "training", "regularisation", "view")  # the tabs, in order
CONTROLS = {
    "dataset": Control(_dropdown(_dataset_options, "data"), "data", "dataset", main=True),
    "noise": Control(_slider("FloatSlider", "noise", min=0, max=0.5, step=0.05), "data", "noise"),
    "test_fraction": Control(_slider("FloatSlider", "test share", min=0.1, max=0.9, step=0.1), "data",
                             "test_fraction"),
    "n_samples": Control(_slider("IntSlider", "points", min=20, max=1000, step=20), "data", "n_samples"),
    "n_classes": Control(_slider("IntSlider", "classes", min=2, max=6), "data", "n_classes"),
    "features": Control(_make_features, "data", "features", lambda v: tuple(v) if v else ("x1",)),
    "layers": Control(_slider("IntSlider", "hidden layers", min=0, max=MAX_LAYERS), "network", "hidden",
                      sync=lambda playground, w: setattr(w, "value", len(playground.settings.hidden)), main=True),
    "units": Control(_make_units, "network", sync=_sync_units, main=True),
    "activation": Control(_dropdown(_activation_options, "activation"), "network", "activation", main=True),
    "init": Control(_dropdown(list(INITS), "init"), "network", "init"),
    "seed": Control(_slider("BoundedIntText", "seed", min=0, max=10**6), "network", "seed"),
    "optimizer": Control(_dropdown(_optimizer_options, "optimizer"), "training", "optimizer"),
    "lr": Control(_make_lr, "training", sync=_sync_lr, main=True),
    "momentum": Control(_slider("FloatSlider", "momentum/β1", min=0, max=0.99, step=0.01), "training", "momentum"),
    "batch_size": Control(lambda playground, W: W.SelectionSlider(
        options=[((tr("full") if b == 0 else str(b)), b) for b in BATCH_SIZES],
        description=control_label("batch size")),
        "training", "batch_size"),
    "clip_norm": Control(_slider("FloatSlider", "clip norm", min=0, max=5, step=0.1), "training", "clip_norm"),
    "regularization": Control(_dropdown(REGULARIZATIONS, "regularise"), "regularisation", "regularization"),
    "reg_rate": Control(_slider("FloatLogSlider", "reg. rate", base=10, min=-5, max=0, step=0.25,
                                readout_format=".0e"), "regularisation", "reg_rate"),
    "dropout": Control(_slider("FloatSlider", "dropout", min=0, max=0.9, step=0.05), "regularisation", "dropout"),
    "steps_per_frame": Control(_slider("IntSlider", "steps/frame", min=1, max=50), "view", "steps_per_frame"),
}
# The "layers" slider moves `hidden` through a conversion that needs the playground: bound in build_control.
CONTROL_GROUP = {name: c.group for name, c in CONTROLS.items()}  # derived views of the one table
SYNC = {name: c.show for name, c in CONTROLS.items()}


def build_control(playground, name, W):
    control = CONTROLS[name]
    if name == "layers":
        control = Control(control.make, control.group, "hidden",
                          lambda n: _resize_hidden(playground.settings.hidden, n), control.sync, control.main)
    return control.build(playground, W)
