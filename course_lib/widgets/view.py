"""The playground on screen: the headless Engine, a view made of ipywidgets, and the live loop (Play / Pause).

Layout (one screen at 1366x768): the Play / Step / Reset row and the status line on top; below, the main controls
(data, layers and units, activation, learning rate) with the other controls folded into a closed accordion (data,
network, training, regularisation, view), and the main pictures (network, boundary, curves) beside them; further
panels (units, gradients, histograms) on the next row. Under the network picture a "neuron" menu shows the chosen
neuron's heatmap large ("none" at first). With the learner's own points (data=(X, y)) the data set is "own", the
noise / points / classes controls are greyed out and "New data" becomes "New split" (a new training / test split).

ipywidgets is imported when the view is first built, never at import time.
"""

from __future__ import annotations

import base64
import time

from course_lib import raster
from course_lib.i18n import tr
from course_lib.validation import CourseError, check_name_list, unknown_name_error
from course_lib.widgets import live
from course_lib.widgets.controls import CONTROLS, GROUPS, OWN_DATA_OFF, ROW_WIDTH, build_control
from course_lib.widgets.engine import Engine
from course_lib.widgets.labels import group_title
from course_lib.widgets.painting import MAIN_PANELS
from course_lib.widgets.presenter import live_image, scaled_px, show_png

FRAME_BUDGET = 0.1  # seconds: a live frame (steps + pictures) should not keep slider events waiting longer
INLINE_CONTROLS = 6  # up to this many controls, all stay in sight (no tabs)


class Playground(live.LivePlay, Engine):
    """A live, configurable training dashboard: the Engine (settings, training, pictures) with a view.

    Playground(preset=None, controls="all", panels=("boundary", "curves"), custom_activation=None,
               custom_optimizer=None, scale=None, **settings)
      preset             a dict or string from `preset()` (settings given as keywords override it)
      controls           "all", or a list of control names (see CONTROLS)
      panels             any of "network", "boundary", "units", "curves", "gradients", "histograms" (and
                         registered ones)
      custom_activation  an Activation (e.g. your own from an exercise), selectable as "custom"
      custom_optimizer   a function new_p = f(p, g, lr), selectable as optimizer "custom"
      data               your own points: (X, y) with X of shape (m, 2), or a CSV file name (Playground.from_csv)

    dash.save("run.npz") writes the run; Playground.load("run.npz") continues it exactly where it stopped.

    Made in a notebook cell, it stops and closes the playground an earlier run of that cell made (live.py).
    """

    frame_budget = FRAME_BUDGET
    status_interval = 0.1  # seconds between two status-line updates while playing
    _status_sent_at = 0.0

    def __init__(self, preset=None, controls="all", panels=("boundary", "curves"), custom_activation=None,
                 custom_optimizer=None, scale=None, data=None, **settings):
        if controls is None:
            controls = []
        controls = list(CONTROLS) if controls == "all" else check_name_list(controls, "controls", "['lr', 'layers']")
        for name in controls:
            if name not in CONTROLS:
                raise unknown_name_error("control", name, CONTROLS)
        self.control_names = list(controls)
        self._view = None
        self._suspend = False  # True while controls are being synced, so their events are ignored
        self._frames_painted = 0
        self._chunk = None  # steps in the next live chunk (None: steps_per_frame)
        super().__init__(preset=preset, panels=panels, custom_activation=custom_activation,
                         custom_optimizer=custom_optimizer, scale=scale, data=data, **settings)
        live.adopt(self)

    # -- live loop ----------------------------------------------------------------------------------------
    max_fps = 40.0

    def _finished(self) -> bool:
        return bool(self.diverged)

    @property
    def chunk_steps(self) -> int:
        """Steps in the next live chunk: steps_per_frame, fewer while frames are heavy."""
        spf = self.settings.steps_per_frame
        return spf if self._chunk is None else max(1, min(spf, self._chunk))

    def _advance(self):
        n = self.chunk_steps
        started = time.perf_counter()
        self.step(n)
        self._last_step_cost = (time.perf_counter() - started) / n
        self.render()

    def _adapt_chunk(self, seconds: float):
        """Shrink the next chunk when a frame costs more than frame_budget (grow it back when frames are light)."""
        per_step = getattr(self, "_last_step_cost", 0.0)
        drawing = max(0.0, seconds - per_step * self.chunk_steps)
        if per_step <= 0:
            return
        fits = int((self.frame_budget - drawing) / per_step)
        self._chunk = max(1, min(self.settings.steps_per_frame, fits))

    def _say(self, message):
        self.error = message
        self._show_state()

    def _show_state(self):
        super()._show_state()
        if self._view is not None:
            self._status_html.value = self._status_text()

    def play(self, max_fps: float | None = None):
        self._chunk = None
        return super().play(max_fps)

    # -- painting ------------------------------------------------------------------------------------------
    def render(self):
        """Repaint the widget's images (no-op when no widget has been shown)."""
        if self._view is None:
            return
        frames = self.frames()
        if "neuron" in self._images:
            shown = "neuron" in frames
            if (self._images["neuron"].layout.display != "none") != shown:
                self._images["neuron"].layout.display = None if shown else "none"
        for name, image in frames.items():
            show_png(self._images[name], raster.png_bytes(image, live=True))  # at its own size: stretched it would blur
        self._frame_acks.frame_sent()
        self._frames_painted += 1
        self._update_status_line()

    # -- the view ------------------------------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._view is None:
            self._build_view()
            self.render()
        return self._view

    @property
    def controls(self) -> dict:
        """name -> ipywidgets control, e.g. playground.controls["lr"].value = 0.1 (what a slider move does)."""
        self.widget  # noqa: B018 - builds the view
        return self._controls

    def _build_view(self):
        import ipywidgets as W

        self._controls = {name: build_control(self, name, W) for name in self.control_names}
        names = [*self.panels, *(["neuron"] if "network" in self.panels else [])]
        self._images = {name: live_image(W, height="auto") for name in names}
        buttons = self._buttons(W)
        self._status_html = W.HTML(layout=W.Layout(min_height="2.6em"))
        self._status_html.add_class("course-status")
        self._frame_acks = live.FrameAcks(W)
        column = W.VBox(self._control_column(W), layout=W.Layout(width=scaled_px(ROW_WIDTH + 8),
                                                                  margin="0 8px 0 0"))
        main = [self._network_column(W) if p == "network" else self._images[p] for p in self.panels
                if p in MAIN_PANELS]
        more = [self._images[p] for p in self.panels if p not in MAIN_PANELS]
        # Every picture wraps within one box beside the controls, the main ones first: on a narrow screen the
        # curves go under the network picture (still on the first screen), and the gradient and histogram
        # panels use the room beside the control column before they go below it.
        pictures = W.HBox(main + more, layout=W.Layout(flex_flow="row wrap", align_items="flex-start",
                                                       flex="1 1 0%", min_width=scaled_px(300)))
        top = W.HBox([column, pictures], layout=W.Layout(align_items="flex-start"))
        self._view = W.VBox([buttons, self._status_html, top])
        self._view.add_class("course-playground")

    def _network_column(self, W):
        """The network picture, and under it the "neuron" menu with the chosen neuron's heatmap beside it."""
        menu = W.Dropdown(description=tr("neuron"), layout=W.Layout(width=scaled_px(240)),
                          style={"description_width": scaled_px(52)},
                          tooltip=tr("show one neuron's heatmap large (inputs, hidden units, output)"))
        menu.add_class("course-neuron-menu")
        self._neuron_menu = menu
        self._sync_neuron_menu()

        def on_pick(change):
            if self._suspend:
                return
            self.select_neuron(self._neuron_keys.get(change["new"]))

        menu.observe(on_pick, "value")
        neuron = self._images["neuron"]
        neuron.layout.display = "none"
        return W.VBox([self._images["network"], W.HBox([menu, neuron], layout=W.Layout(align_items="flex-start"))])

    def _sync_neuron_menu(self):
        """The menu lists the neurons of the network in force (after a change of layers, units or features)."""
        menu = getattr(self, "_neuron_menu", None)
        if menu is None:
            return
        choices = self.neuron_choices()
        self._neuron_keys = {label: value for label, value in choices}
        labels = [label for label, _ in choices]
        chosen = next((label for label, value in choices if value == self.selected_neuron), labels[0])
        was = self._suspend
        self._suspend = True
        try:
            if list(menu.options) != labels:
                menu.options = labels
            menu.value = chosen
        finally:
            self._suspend = was

    def _control_column(self, W):
        """The main controls in sight; the others folded into one tab per group (when there are many)."""
        if len(self._controls) <= INLINE_CONTROLS:
            return list(self._controls.values())
        main = [w for name, w in self._controls.items() if CONTROLS[name].main]
        groups = {g: [w for name, w in self._controls.items() if CONTROLS[name].group == g and not CONTROLS[name].main]
                  for g in GROUPS}
        groups = {g: items for g, items in groups.items() if items}
        if not groups:
            return main
        for items in groups.values():
            for row in items:  # inside the accordion's 15 px padding, not ROW_WIDTH wide: that cut off the readouts
                row.layout.width = "100%"
        # an accordion, closed: every group's title in full, one line each, until the learner opens one
        tabs = W.Accordion(children=[W.VBox(items) for items in groups.values()],
                           titles=[group_title(g) for g in groups], selected_index=None,
                           layout=W.Layout(width=scaled_px(ROW_WIDTH + 8)))
        tabs.add_class("course-more-controls")
        self._tabs = tabs
        return [*main, tabs]

    def _buttons(self, W):
        self._play_button = W.ToggleButton(value=False, description=tr("Play"), icon="play",
                                           tooltip=tr("Play / Pause"))
        step = W.Button(description=tr("Step"), icon="step-forward", tooltip=tr("Train one chunk of steps"))
        reset = W.Button(description=tr("Reset"), icon="undo", tooltip=tr("New weights (same seed), step 0"))
        regen = W.Button(description=tr("New data"), icon="random", tooltip=tr("Draw new data (next data_seed)"))
        self._regen_button = regen

        def on_play(change):
            if change["new"] and not self.playing:
                try:
                    self.play()
                except CourseError:
                    self._play_button.value = False
            elif not change["new"] and self.playing:
                self.pause()

        self._play_button.observe(on_play, "value")
        step.on_click(lambda _: self._on_step())
        reset.on_click(lambda _: self.reset(tr("Reset pressed: network reset to step 0.")))
        regen.on_click(lambda _: self._set_from_control("data_seed", self.settings.data_seed + 1))
        self._show_own_data()
        return W.HBox([self._play_button, step, reset, regen])

    def _show_own_data(self):
        """With the learner's own points: the controls that make synthetic data greyed out (they cannot change your
        points), and "New data" draws a new training / test split instead."""
        own = self.settings.dataset == "own"
        for name in OWN_DATA_OFF:
            widget = self._controls.get(name)
            if widget is not None:
                widget.disabled = own
                widget.tooltip = tr("not for your own points (data=...): they are used as they are") if own else None
        button = getattr(self, "_regen_button", None)
        if button is not None:
            button.description = tr("New split") if own else tr("New data")
            button.tooltip = (tr("A new training / test split of your points (next data_seed)") if own
                              else tr("Draw new data (next data_seed)"))

    def _on_step(self):
        try:
            self.step(self.settings.steps_per_frame)
        except Exception as exc:  # a learner's own activation or optimizer: said, not raised into a log
            self._stopped_by(exc)
        self.render()

    def _set_from_control(self, key, value):
        if self._suspend:
            return
        try:
            self._apply({key: value}, from_control=True)
        except CourseError as exc:
            self._refuse(tr("Not applied: {error}", error=exc))
        if not self.playing:  # while playing, the next frame (a few ms away) shows the change
            self.render()

    def _refuse(self, message):
        """A control's value was not taken: say why and put the controls back to the settings in force."""
        self._update_status_line(message)
        self._sync_controls()

    def _sync_controls(self):
        """Make every control show the current settings (after a preset or a reset)."""
        if self._view is None:
            return
        self._suspend = True
        try:
            for name, widget in self._controls.items():
                CONTROLS[name].show(self, widget)
            self._sync_neuron_menu()
            self._show_own_data()
        finally:
            self._suspend = False

    def _status_text(self):
        import html

        color = "#D55E00" if self.diverged or self.error else "#333"
        return (f'<span style="color:{color}">{html.escape(self.summary())}<br>'
                f'{html.escape(self.status_line())}</span>')

    def _update_status_line(self, message=None):
        """Show the summary and status line. While playing, the step count, loss and accuracy change every frame,
        but nobody reads text at 40 changes a second: the refresh is sent at most every status_interval seconds,
        which spares a message per frame. A new message (a moved control, an error) and pausing show at once."""
        if message is not None:
            self.status = message
        if self._view is None:
            return
        now = time.perf_counter()
        if message is None and self.playing and now - self._status_sent_at < self.status_interval:
            return
        self._status_sent_at = now
        self._status_html.value = self._status_text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.summary()  # what nbval compares: computed, deterministic
        # A still picture of the current state, shown where no widget can be (GitHub, nbviewer, a saved file).
        bundle["image/png"] = base64.b64encode(raster.png_bytes(self.still_picture())).decode("ascii")
        return bundle
