"""Presenter mode (one call before teaching from a projector), the sizes it scales, and live curves for fit().

No module-level ipywidgets import: `LiveCurves` imports it when it is first shown.
"""

from __future__ import annotations

import base64
import unicodedata

import numpy as np

from course_lib import raster
from course_lib.i18n import tr
from course_lib.training import Callback
from course_lib.validation import check_name_list, check_number, check_positive_int, unknown_name_error

# The sizes JupyterLab and ipywidgets start from (their CSS variables), each multiplied by the presenter scale.
# Widths, heights and fonts grow together, so a label or a readout never outgrows its box.
PRESENTER_SIZES = {
    "--jp-content-font-size1": "14px",  # markdown text (headings are em of it)
    "--jp-code-font-size": "13px",  # code and text outputs
    "--jp-widgets-font-size": "13px",
    "--jp-widgets-inline-height": "28px",
    "--jp-widgets-inline-width": "300px",
    "--jp-widgets-inline-label-width": "80px",
    "--jp-widgets-inline-margin": "4px",
    "--jp-widgets-slider-handle-size": "16px",
    "--jp-widgets-slider-track-thickness": "4px",
    "--jp-widgets-vertical-height": "200px",
    "--jp-widgets-menu-item-height": "24px",
    "--jp-widgets-radio-item-height-adjustment": "8px",
}


def presenter_css(scale: float) -> str:
    """The style sheet presenter mode puts on the page: every size above times `scale`, and --course-scale
    (which the course's own widget boxes are measured in, see `scaled_px`)."""
    sizes = "".join(f"  {name}: calc({base} * {scale:g}) !important;\n" for name, base in PRESENTER_SIZES.items())
    return (f'<style class="course-presenter-mode">\n:root {{\n  --course-scale: {scale:g} !important;\n{sizes}}}\n'
            ".course-playground .widget-image, .course-race .widget-image { image-rendering: auto; }\n</style>")


def scaled_px(pixels: float) -> str:
    """A CSS length of `pixels` at scale 1 that grows with presenter mode (also for widgets shown before it)."""
    return f"calc({pixels:g}px * var(--course-scale, 1))"


def _fit_descriptions(controls, W):
    """Give the controls of one panel a common description width that fits their longest description, in
    presenter-scaled pixels (ipywidgets' default, 80 px, cuts "learning rate" to "learning r...")."""
    labelled = [c for c in controls if getattr(c, "description", "") and hasattr(c.style, "description_width")
                and not isinstance(c, W.Button | W.ToggleButton) and not c.style.description_width]
    if labelled:
        longest = max(_text_width(c.description) for c in labelled)
        for control in labelled:
            control.style.description_width = scaled_px(max(60, longest + 8))


def _text_width(text: str) -> int:
    """About how wide `text` is at the widgets' font, in px at scale 1: 8 per character, 14 per wide one (Hangul,
    CJK), so a Korean description is not cut short."""
    return sum(14 if unicodedata.east_asian_width(ch) in "WF" else 8 for ch in text)


def live_image(W, **layout):
    """An ipywidgets.Image for a picture that changes many times a second (show it with show_png).

    It takes the PNG as a data: URL rather than as bytes. With bytes, the page wraps every new frame in a blob URL,
    which the browser registers and fetches through its own processes before it can decode it; a data: URL is
    decoded in place. Measured in Chromium with all six playground panels on a 2-core machine: 24 frames painted
    per second instead of 19.5, for a third more bytes on the wire.
    """
    return W.Image(format="url", layout=W.Layout(max_width="100%", **layout))


def show_png(image, png: bytes):
    """Put a PNG into an ipywidgets.Image at its own width: a flex box would stretch it to the full width of the
    page (blurred, and far too tall for a slide). Pictures are drawn at the presenter scale already. An Image made
    by live_image (format "url") gets the PNG as a data: URL."""
    width = f"{int.from_bytes(png[16:20], 'big')}px" if png[:8] == b"\x89PNG\r\n\x1a\n" else None
    image.value = b"data:image/png;base64," + base64.b64encode(png) if image.format == "url" else png
    if image.layout.width != width:
        image.layout.width = width


class PresenterMode:
    """Larger everything for a projector: text, code, widgets (fonts and boxes), figures and live pictures.

    `presenter_mode()` turns it on; `presenter_mode(False)` back off. Text, code and widget sizes follow at once
    (the cell's output holds a style sheet for the whole page); figures and live pictures drawn after the call are
    drawn larger (or back at normal size)."""

    def __init__(self, on: bool, scale: float):
        from course_lib import plots

        self.on, self.scale = on, scale if on else 1.0
        plots.FONT_SCALE["value"] = self.scale
        plots.use_course_style()
        raster.DEFAULT_SCALE = self.scale

    def _repr_html_(self):
        import html

        return presenter_css(self.scale) + f"<b>{html.escape(str(self))}</b>"

    def __repr__(self):
        if self.on:
            return tr("Presenter mode on: text, code, widgets, figures and live pictures at {scale:g}x "
                      "(figures and pictures drawn from now on).", scale=self.scale)
        return tr("Presenter mode off: text, code and widgets at normal size (when this cell is below the one that "
                  "turned it on), figures and pictures drawn from now on too.")


def presenter_mode(on: bool = True, scale: float = 1.4) -> PresenterMode:
    """One call to make a lesson readable on a projector or a large screen.

    scale 1.4 (the default) is 1920/1366: a slide laid out for 1366x768 fills 1920x1080 at the same proportions.
    """
    scale = check_number(scale, "scale", low=1.0, high=3.0)
    return PresenterMode(on, scale)


class LiveCurves(Callback):
    """A fit() callback that shows loss and accuracy curves (training solid, validation dashed) while training runs.

        history = fit(model, X, y, validation_data=(X_val, y_val), epochs=200, callbacks=[LiveCurves()])

    It displays itself when training starts and repaints every `every` epochs (a few ms each, with raster),
    so the learner watches the curves grow. Its text form is a one-line summary of the last epoch.
    """

    def __init__(self, metrics=("loss", "accuracy"), every: int = 5, show: bool = True):
        metrics = check_name_list(metrics, "metrics", "['loss', 'accuracy']")
        for metric in metrics:
            if metric not in ("loss", "accuracy"):
                raise unknown_name_error("metric for LiveCurves", metric, ("loss", "accuracy"))
        self.metrics, self.every, self.show = metrics, check_positive_int(every, "every"), show
        self.logs: dict = {}
        self.epochs: list = []
        self._image = None

    def on_train_begin(self, trainer):
        self.logs, self.epochs = {}, []
        if self.show:
            from IPython.display import display

            display(self)

    def on_epoch_end(self, epoch, logs, trainer):
        self.epochs.append(epoch)
        for key, value in logs.items():
            self.logs.setdefault(key, []).append(value)
        if epoch % self.every == 0:
            self._paint()
        return False

    def on_train_end(self, trainer):
        self._paint()

    def frame(self):
        """The current picture (PIL image): one chart per metric, side by side."""
        charts = []
        for metric in self.metrics:
            series = []
            for key, color, dashed in ((metric, raster.SERIES_COLORS[0], False),
                                       (f"val_{metric}", raster.SERIES_COLORS[1], True)):
                values = [np.nan if v is None else v for v in self.logs.get(key, [])]
                if values and not all(np.isnan(values)):
                    series.append((tr("validation") if dashed else tr("training"), self.epochs, values, color,
                                   dashed))
            y_range = (0.0, 1.0) if "acc" in metric else None
            title = {"loss": tr("loss"), "accuracy": tr("accuracy")}.get(metric, metric)
            charts.append(raster.line_chart(series or [(tr("training"), [], [], raster.SERIES_COLORS[0], False)],
                                            width=330, height=190, title=title, x_label=tr("epoch"),
                                            y_range=y_range))
        return raster.side_by_side(charts)

    def _paint(self):
        if self._image is not None:
            show_png(self._image, raster.png_bytes(self.frame(), live=True))

    def __repr__(self):
        if not self.epochs:
            return tr("Live curves: they appear here while fit(...) runs.")
        parts = [tr("Live curves: {n} epochs", n=self.epochs[-1])]
        for key, values in self.logs.items():
            if values and values[-1] is not None:
                parts.append(f"{key} {values[-1]:.4f}")
        return " · ".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import ipywidgets as W

        if self._image is None:
            self._image = live_image(W)
            show_png(self._image, raster.png_bytes(self.frame(), live=True))
        bundle = self._image._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle
