"""The words the widgets show, in the current language (course_lib.i18n.set_language).

The one table of controls (controls.CONTROLS) and the option lists (settings.py) keep their English names: those
are also the API's names (Playground(optimizer="adam", regularization="none")). These functions give the text a
learner sees for them; each is a set of tr("...") calls evaluated when a widget is built or a picture drawn, so a
change of language made after import shows in the next widget.
"""

from __future__ import annotations

from course_lib.i18n import tr


def control_label(description: str) -> str:
    """The label shown beside a control (its English description in controls.CONTROLS)."""
    labels = {
        "data": tr("data"),
        "noise": tr("noise"),
        "test share": tr("test share"),
        "points": tr("points"),
        "classes": tr("classes"),
        "features": tr("features"),
        "hidden layers": tr("hidden layers"),
        "activation": tr("activation"),
        "init": tr("init"),
        "seed": tr("seed"),
        "optimizer": tr("optimizer"),
        "learning rate": tr("learning rate"),
        "momentum/β1": tr("momentum/β1"),
        "batch size": tr("batch size"),
        "clip norm": tr("clip norm"),
        "regularise": tr("regularise"),
        "reg. rate": tr("reg. rate"),
        "dropout": tr("dropout"),
        "steps/frame": tr("steps/frame"),
    }
    return labels.get(description, description)


def group_title(group: str) -> str:
    """The title of a folded group of controls (controls.GROUPS)."""
    titles = {
        "data": tr("data"),
        "network": tr("network"),
        "training": tr("training"),
        "regularisation": tr("regularisation"),
        "view": tr("view"),
    }
    return titles.get(group, group)


def option_label(value) -> str:
    """The text shown for a menu option whose value is an API name. Names the code uses as they are (data sets,
    optimizers, activations, xavier / he) are shown as they are; descriptions are translated."""
    labels = {
        "none": tr("none"),
        "own": tr("own"),
        "custom": tr("custom"),
        "zeros": tr("zeros"),
        "small normal": tr("small normal"),
        "large normal": tr("large normal"),
        "L1 (proximal)": tr("L1 (proximal)"),
    }
    return labels.get(value, value) if isinstance(value, str) else str(value)


def menu_options(values) -> list:
    """Options for a Dropdown: the values themselves when every label is the value (English), else
    (label, value) pairs, so the value stays the API name whatever the language."""
    values = list(values)
    pairs = [(option_label(v), v) for v in values]
    return values if all(label == v for label, v in pairs) else pairs
