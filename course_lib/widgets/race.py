"""The race: several playgrounds on the same data with the same initial weights, trained in lockstep (lesson 05)."""

from __future__ import annotations

import base64

import numpy as np

from course_lib import raster
from course_lib.i18n import tr
from course_lib.validation import CourseError
from course_lib.widgets.controls import learning_rate_control, show_learning_rate
from course_lib.widgets.live import FrameAcks, LivePlay, adopt
from course_lib.widgets.presenter import live_image, show_png
from course_lib.widgets.settings import DATA_KEYS, _num, _pct
from course_lib.widgets.view import Playground


class Race(LivePlay):
    """Several Playgrounds on the same data with the same initial weights, stepped together, one loss chart.

        race = Race({"SGD": {"optimizer": "sgd"}, "Adam": {"optimizer": "adam"}},
                    dataset="moons", hidden=(8, 8), lr=0.05)
        race.run(steps=300)      # headless and deterministic (what nbval and the tests execute)
        race                     # the widget: Play / Pause / Step / Reset and one learning-rate slider for all

    contenders  {label: settings that differ, e.g. {"optimizer": "momentum", "momentum": 0.9}}, or a list of
                optimizer names (each its own label)
    lr          the learning rate every contender uses; the slider changes it for all, while training runs
    colors      {label: "#RRGGBB"} for the curves (default: the course's series colours in order)
    **common    settings shared by every contender (data set, network, seed, batch size, ...)

    The chart shows each contender's training loss against the step; under it, a small picture of each
    contender's decision boundary (or fitted curve).
    """

    def __init__(self, contenders, lr: float = 0.03, colors: dict | None = None, log_y: bool = False,
                 steps_per_frame: int = 5, scale=None, **common):
        if isinstance(contenders, list | tuple):
            contenders = {name: {"optimizer": name} for name in contenders}
        if not isinstance(contenders, dict) or not contenders:
            raise CourseError(tr("contenders must be a dict {label: settings} or a list of optimizer names."))
        for label, extra in contenders.items():
            if not isinstance(extra, dict):
                raise CourseError(tr("contender {label!r}: give its settings as a dict, e.g. {{'optimizer': 'adam'}}.",
                                     label=label))
            if "lr" in extra or "steps_per_frame" in extra:
                raise CourseError(tr("contender {label!r}: lr and steps_per_frame are shared by the whole race; "
                                     "pass them to Race(...) instead.", label=label))
            own_data = sorted(set(extra) & (DATA_KEYS - {"features"}))
            if own_data:
                raise CourseError(tr("contender {label!r} sets {names}: in a race every contender trains on the same "
                                     "data, or the curves cannot be compared. Pass {arguments} to Race(...) for all "
                                     "of them.", label=label, names=", ".join(own_data),
                                     arguments=", ".join(f"{k}=..." for k in own_data)))
        if "lr" in common:
            raise CourseError(tr("pass the learning rate as Race(..., lr=...)."))
        self.scale = raster.DEFAULT_SCALE if scale is None else scale
        self.log_y = bool(log_y)
        self.colors = {label: (colors or {}).get(label, raster.SERIES_COLORS[i % len(raster.SERIES_COLORS)])
                       for i, label in enumerate(contenders)}
        self.players = {label: Playground(controls=[], panels=("boundary",), scale=self.scale,
                                          **{**common, **extra, "lr": lr, "steps_per_frame": steps_per_frame})
                        for label, extra in contenders.items()}
        self.status = tr("Ready: press Play (or Step).")
        self.error = None
        self.playing = False
        self._task = None
        self._view = None
        adopt(self)  # a re-run of its cell stops and closes the race that run made before

    # -- engine -------------------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        return next(iter(self.players.values())).settings.lr

    @property
    def steps_per_frame(self) -> int:
        return next(iter(self.players.values())).settings.steps_per_frame

    @property
    def step_count(self) -> int:
        return max(p.step_count for p in self.players.values())

    def set_lr(self, lr: float):
        """Give every contender learning rate `lr` from the next step on (no reset: weights and state stay)."""
        for player in self.players.values():
            player.set(lr=float(lr))
        self.status = tr("learning rate {lr:g} for all: training continues (no reset).", lr=self.lr)
        self._show_lr()
        self._update_view()
        return self

    def step(self, n: int = 1):
        """Every contender trains n steps (a diverged one stays where it stopped)."""
        for player in self.players.values():
            if not player.diverged:
                player.step(n)
        self._update_view()
        return self

    def run(self, steps: int = 200):
        """Train `steps` steps headless, in lockstep chunks of steps_per_frame. Returns self (so it displays)."""
        remaining = int(steps)
        while remaining > 0 and not all(p.diverged for p in self.players.values()):
            chunk = min(self.steps_per_frame, remaining)
            self.step(chunk)
            remaining -= chunk
        return self

    def reset(self, reason: str | None = None):
        """Every contender back to step 0 with the same initial weights (same seed)."""
        self.pause()
        for player in self.players.values():
            player.reset()
        self.status = (tr("{reason} All contenders back to step 0.", reason=reason) if reason
                       else tr("Ready: press Play (or Step)."))
        self._update_view()
        return self

    @property
    def histories(self) -> dict:
        """{label: that contender's history dict (step, train_loss, test_loss, ...)}."""
        return {label: p.history for label, p in self.players.items()}

    def summary(self) -> str:
        """One line per contender (deterministic: what nbval compares), the lowest training loss first named."""
        first = next(iter(self.players.values()))
        s = first.settings
        arch = "-".join(str(n) for n in (first.F_train.shape[1], *s.hidden, first.model.output_dim))
        lines = [tr("Race: {dataset}, {arch}, lr={lr:g}, step {n}", dataset=s.dataset, arch=arch, lr=self.lr,
                    n=self.step_count)]
        finals = {}
        pad = max(10, *(len(str(label)) for label in self.players))
        for label, p in self.players.items():
            h = p.history
            finals[label] = h["train_loss"][-1]
            parts = [f"  {label:<{pad}} " + tr("loss train {train} / test {test}", train=_num(h["train_loss"][-1]),
                                                  test=_num(h["test_loss"][-1]))]
            if p.task != "regression":
                parts.append(tr("accuracy test {test}", test=_pct(h["test_acc"][-1])))
            if p.diverged:
                parts.append(tr("diverged at step {step}", step=p.diverged_step))
            lines.append(" · ".join(parts))
        finite = {k: v for k, v in finals.items() if v is not None and np.isfinite(v)}
        if finite and self.step_count > 0:
            lines.append("  " + tr("lowest training loss: {label}", label=min(finite, key=finite.get)))
        return "\n".join(lines)

    def __repr__(self):
        return self.summary()

    # -- pictures -----------------------------------------------------------------------------------
    def chart(self):
        """The live loss chart: one curve per contender (training loss against the step)."""
        series = [(label, p.history["step"], p.history["train_loss"], self.colors[label], False)
                  for label, p in self.players.items()]
        return raster.line_chart(series, width=520, height=240, title=tr("training loss"), x_label=tr("step"),
                                 log_y=self.log_y, scale=self.scale)

    def thumbnails(self, size: int = 120, per_row: int = 3):
        """A small boundary picture per contender, its label above it, `per_row` to a row."""
        from PIL import ImageDraw

        px = int(size * self.scale)
        tiles = []
        for label, p in self.players.items():
            picture = p.frames()["boundary"]
            picture = picture.resize((px, int(px * picture.height / picture.width)))
            tile = raster.Image.new("RGB", (px, picture.height + int(16 * self.scale)), "white")
            tile.paste(picture, (0, int(16 * self.scale)))
            draw = ImageDraw.Draw(tile)
            draw.text((px / 2, 1), label, fill=raster.rgb(self.colors[label]), font=raster.font(int(12 * self.scale)),
                      anchor="ma")
            tiles.append(tile)
        rows = [raster.side_by_side(tiles[i:i + per_row], gap=6) for i in range(0, len(tiles), per_row)]
        return raster.stacked(rows, gap=6)

    def picture(self):
        """Chart above thumbnails, as one PIL image (the still picture of the race)."""
        return raster.stacked([self.chart(), self.thumbnails()])

    # -- widget -------------------------------------------------------------------------------------
    @property
    def widget(self):
        if self._view is None:
            self._build_view()
            self._update_view()
        return self._view

    def _build_view(self):
        import ipywidgets as W

        self._play_button = W.ToggleButton(value=False, description=tr("Play"), icon="play",
                                           tooltip=tr("Play / Pause"))
        step = W.Button(description=tr("Step"), icon="step-forward", tooltip=tr("Every contender trains one chunk"))
        reset = W.Button(description=tr("Reset"), icon="undo", tooltip=tr("All back to step 0, same initial weights"))
        # the playground's control: TensorFlow Playground's steps on a slider and a box for the exact rate
        self._lr_control = learning_rate_control(W, self.lr, apply=self.set_lr, refuse=self._refuse_lr,
                                                 quiet=lambda: self._showing_lr, width=340, label_width=96)
        self._play_button.observe(
            lambda change: (self.play() if change["new"] else self.pause()) if change["new"] != self.playing else None,
            "value")
        step.on_click(lambda _: self.step(self.steps_per_frame))
        reset.on_click(lambda _: self.reset(tr("Reset pressed.")))
        self._chart_image = live_image(W)
        self._thumbs_image = live_image(W)
        self._status_html = W.HTML(layout=W.Layout(min_height="1.4em"))
        self._frame_acks = FrameAcks(W)
        self._view = W.VBox([W.HBox([self._play_button, step, reset, self._lr_control]), self._status_html,
                             W.HBox([self._chart_image, self._thumbs_image], layout=W.Layout(flex_flow="row wrap"))])
        self._view.add_class("course-race")

    _showing_lr = False

    def _refuse_lr(self, message):
        self.status = message
        self._show_lr()
        self._update_view()

    def _show_lr(self):
        """The control shows the rate in force (after a refused value, or a rate set from code)."""
        if self._view is None:
            return
        self._showing_lr = True
        try:
            show_learning_rate(self._lr_control, self.lr)
        finally:
            self._showing_lr = False

    def _update_view(self):
        if self._view is None:
            return
        import html

        show_png(self._chart_image, raster.png_bytes(self.chart(), live=True))
        show_png(self._thumbs_image, raster.png_bytes(self.thumbnails(), live=True))
        self._frame_acks.frame_sent()
        text = html.escape(self.summary()).replace("\n", "<br>")
        self._status_html.value = (f'<div style="font-family:monospace; white-space:pre; line-height:1.35">{text}</div>'
                                   f'<div style="line-height:1.35">{html.escape(self.status)}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.summary()  # what nbval compares: computed, deterministic
        bundle["image/png"] = base64.b64encode(raster.png_bytes(self.picture())).decode("ascii")
        return bundle

    # -- live play ----------------------------------------------------------------------------------
    # -- live play (LivePlay) ------------------------------------------------------------------------
    max_fps = 20.0

    def _finished(self) -> bool:
        return all(p.diverged for p in self.players.values())

    def _advance(self):
        self.step(self.steps_per_frame)

    def _say(self, message):
        self.status = message
        self._update_view()


