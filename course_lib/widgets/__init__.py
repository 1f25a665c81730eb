"""The live playground and the course's other widgets, as a package of modules by concern.

    playground = Playground(dataset="xor", hidden=(4,), activation="tanh", lr=0.1,
                            controls=["lr", "activation", "layers"], panels=["boundary", "curves"])
    playground.run(steps=300)      # headless and deterministic: what nbval and the tests execute
    playground                     # the widget: press Play, move sliders while it trains

How it stays alive: training runs in small chunks from an asyncio task on the kernel's event loop, and the task
yields between chunks, so slider events arrive between two chunks (a plain loop in a cell would see none until it
ended). Frames are painted by `raster` (numpy + Pillow -> PNG in an ipywidgets.Image), several times faster than
redrawing matplotlib, and it works on Colab, VS Code, JupyterLab and Notebook 7 alike.

The learning rate, optimizer, its momentum/beta, batch size, regularisation and dropout change while training
runs, without a reset. Changing the data or the architecture rebuilds the network, and the status line says so.

Modules (a module imports only from those above it; none imports ipywidgets at import time, and settings,
engine and painting never do):
    settings    Settings, validation, presets, the data sets' default noise, the learning-rate steps and format
    labels      the words the widgets show in the current language (course_lib.i18n; tr calls made when shown)
    painting    one painter per panel in a registry (register_panel adds one, e.g. "network"); the still image
    engine      Engine: data, network, step / run, history (History), frames, the status line, atomic set()
    presenter   presenter_mode, scaled_px, show_png, live_image (data: URL pictures), LiveCurves (fit's live curves)
    controls    the ONE table of controls (CONTROLS: widget factory, tab, setting, conversion, sync)
    live        LivePlay (Play / Pause in chunks, errors said in words), one live loop per notebook cell,
                FrameAcks (the page echoes frame numbers: Play never runs ahead of the browser)
    view        Playground = Engine + ipywidgets view + live loop
    race        Race (lesson 05's optimizer race)
    learner     InteractiveFigure, Quiz, Reveal, solution_button
"""

from course_lib.widgets.controls import CONTROL_GROUP, CONTROLS, GROUPS, SYNC, Control, _within_one_step
from course_lib.widgets.engine import Engine, FunctionOptimizer, History, checked_update
from course_lib.widgets.learner import InteractiveFigure, Quiz, Reveal, solution_button
from course_lib.widgets.live import LivePlay
from course_lib.widgets.painting import PANEL_PAINTERS, loss_axis_is_log, register_panel
from course_lib.widgets.presenter import (
    PRESENTER_SIZES,
    LiveCurves,
    PresenterMode,
    presenter_css,
    presenter_mode,
    scaled_px,
    show_png,
)
from course_lib.widgets.race import Race
from course_lib.widgets.settings import (
    BATCH_SIZES,
    DATA_KEYS,
    DATASET_NOISE,
    DATASETS,
    FEATURE_NAMES,
    GRID,
    HIDDEN_ACTIVATIONS,
    INITS,
    LR_RANGE,
    LR_STEPS,
    MAX_LAYERS,
    MAX_SAMPLES,
    MAX_STEPS_PER_FRAME,
    MAX_UNITS,
    NETWORK_KEYS,
    OPTIMIZER_NAMES,
    REGULARIZATIONS,
    Settings,
    format_lr,
    nearest_lr_step,
    parse_lr,
    validate_settings,
)
from course_lib.widgets.view import Playground

__all__ = [
    "BATCH_SIZES",
    "CONTROLS",
    "CONTROL_GROUP",
    "DATASETS",
    "DATASET_NOISE",
    "DATA_KEYS",
    "FEATURE_NAMES",
    "GRID",
    "GROUPS",
    "HIDDEN_ACTIVATIONS",
    "INITS",
    "LR_RANGE",
    "LR_STEPS",
    "MAX_LAYERS",
    "MAX_SAMPLES",
    "MAX_STEPS_PER_FRAME",
    "MAX_UNITS",
    "NETWORK_KEYS",
    "OPTIMIZER_NAMES",
    "PANEL_PAINTERS",
    "PRESENTER_SIZES",
    "REGULARIZATIONS",
    "SYNC",
    "Control",
    "Engine",
    "FunctionOptimizer",
    "History",
    "InteractiveFigure",
    "LiveCurves",
    "LivePlay",
    "Playground",
    "PresenterMode",
    "Quiz",
    "Race",
    "Reveal",
    "Settings",
    "_within_one_step",
    "checked_update",
    "format_lr",
    "loss_axis_is_log",
    "nearest_lr_step",
    "parse_lr",
    "presenter_css",
    "presenter_mode",
    "register_panel",
    "scaled_px",
    "show_png",
    "solution_button",
    "validate_settings",
]
