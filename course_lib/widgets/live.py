"""Play / Pause: training in chunks from the kernel's event loop, and one live loop per notebook cell.

A plain loop in a cell would receive no slider events until it ended. Here an asyncio task trains one chunk
(`_advance`), then yields with a short sleep, so events (a slider moved, Pause) are handled between chunks.

Rules this module keeps:
- **One live widget per cell.** A widget made in a cell stops (and closes) every widget made by an *earlier run
  of the same cell* (JupyterLab, Notebook 7 and VS Code name the cell in each execute request: its cell id).
  Widgets made by the same run (several playgrounds in one cell, a race's contenders) are left alone; widgets
  of other cells too. Outside a notebook cell (scripts, tests) nothing is registered.
- **An exception inside Play stops Play** and shows the error, in words, in the status line; the button returns
  to Play.
- **A frame never blocks input for long**: the class may shrink its chunk when frames get heavy
  (`_adapt_chunk`). The chunking of the live loop never changes what `run` / `step` compute.
- **Never ahead of the browser** (`FrameAcks`): the page tells the kernel which frame it has taken in. Once a
  frame sent more than MAX_LAG seconds ago has not reached it, the loop waits until the page has taken in every
  frame sent so far. Without this, a kernel that draws frames faster than the browser can show them (many
  panels, a slow laptop) fills a queue that only grows: after 15 s of Play with all six panels the pictures
  lagged 2.4 s behind, and Pause and every slider move waited that long.
"""

from __future__ import annotations

import asyncio
import collections
import time
import warnings
import weakref

from course_lib.i18n import tr
from course_lib.validation import CourseError

_LIVE: dict = {}  # cell id -> [(execution count, weak reference to a live widget)]

MAX_LAG = 0.15  # seconds: a frame sent longer ago than this has not reached the page: Play waits for the page
ECHO_INTERVAL = 0.25  # seconds: while the page keeps up, a frame number is sent for it to echo at most this often
MAX_WAIT = 0.5  # seconds the loop waits for the page before it sends anyway (a closed tab must not stop training)


def current_cell():
    """(cell id, execution count) of the notebook cell running now, or None outside one."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    parent = {}
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent("shell") if kernel is not None else getattr(shell, "parent_header", {})
    except Exception:
        parent = getattr(shell, "parent_header", {})
    metadata = (parent or {}).get("metadata") or {}
    cell = metadata.get("cellId") or metadata.get("cell_id")
    return (cell, shell.execution_count) if cell else None


def adopt(widget, where=None):
    """Register a new live widget made in the current cell; close those an earlier run of that cell made."""
    where = current_cell() if where is None else where
    if where is None:
        return
    cell, count = where
    kept = []
    for made_in, ref in _LIVE.get(cell, []):
        old = ref()
        if old is None or old is widget:
            continue
        if made_in == count:
            kept.append((made_in, ref))
        else:
            old.close()  # re-run: its loop stops and its widgets are released
    kept.append((count, weakref.ref(widget)))
    _LIVE[cell] = kept


class FrameAcks:
    """How far the page is behind: the kernel numbers each frame it sends, and the page echoes the number back
    once it has taken the frame in.

    Made of stock ipywidgets only (no JavaScript of ours): a hidden IntText "sent" is set after each frame's
    pictures; a jsdlink copies it, in the page, to a second IntText "taken", and that copy is sent back to the
    kernel. The page handles widget messages in order, so "taken = n" means frame n's pictures have reached it.
    Until the first echo arrives (no page yet, nbval, a front end without jsdlink) the page counts as up to date.
    An echo costs the page a message to the kernel and two kernel status messages (busy, idle), so a frame number
    goes out at most every ECHO_INTERVAL seconds, not with every frame (measured: echoing every frame cost the
    page a third of its frames at the class default view).
    """

    def __init__(self, W):
        layout = W.Layout(display="none")
        self.sent_widget = W.IntText(value=0, layout=layout)
        self.taken_widget = W.IntText(value=0, layout=layout)
        self._link = W.jsdlink((self.sent_widget, "value"), (self.taken_widget, "value"))
        self.sent = 0
        self.taken = None  # None until the page first echoes a frame number
        self._sent_at = collections.deque()  # (frame number, time sent) of the echoes asked for and not yet seen
        self._asked_at = -ECHO_INTERVAL  # when an echo was last asked for
        self.taken_widget.observe(self._on_taken, "value")

    def _on_taken(self, change):
        self.taken = max(change["new"], self.taken or 0)
        while self._sent_at and self._sent_at[0][0] <= self.taken:
            self._sent_at.popleft()

    def frame_sent(self):
        """Call after a frame's pictures were set: numbers the frame and, every ECHO_INTERVAL, asks the page to
        echo its number."""
        self.sent += 1
        if time.perf_counter() - self._asked_at >= ECHO_INTERVAL:
            self.ask_now()

    def ask_now(self):
        """Ask the page to echo the last frame sent: its echo says the page has taken in every frame sent so far."""
        if self._sent_at and self._sent_at[-1][0] == self.sent:
            return  # asked already
        self._asked_at = time.perf_counter()
        self._sent_at.append((self.sent, self._asked_at))
        if len(self._sent_at) > 100:  # a page that never echoes (see the class docstring) keeps no long list
            self._sent_at.popleft()
        self.sent_widget.value = self.sent

    def lag(self) -> float:
        """Seconds since the oldest frame asked to be echoed and not echoed yet was sent (0 when there is none, and
        while the page never echoed)."""
        if self.taken is None or not self._sent_at:
            return 0.0
        return time.perf_counter() - self._sent_at[0][1]

    def close(self):
        for widget in (self._link, self.sent_widget, self.taken_widget):
            widget.close()


class LivePlay:
    """Play / Pause for a widget that trains (see the module docstring).

    The class using it provides `_advance()`, `_finished()`, `_say(message)`, `playing`, `_view` and, once the
    view exists, a `_play_button` ToggleButton; it may override `_show_state()` and `_adapt_chunk(seconds)`. With
    a `_frame_acks` (FrameAcks, made with the view) the loop waits for the page before the next frame.
    """

    max_fps = 40.0
    _task = None
    _frame_acks = None

    def play(self, max_fps: float | None = None):
        """Start training in chunks from the event loop (needs a running Jupyter kernel)."""
        if self.playing or self._finished():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    loop = asyncio.get_event_loop()  # an older kernel whose loop runs around the cell
            except RuntimeError:
                loop = None
        if loop is None or not loop.is_running():
            message = tr("Play needs a running Jupyter kernel (it trains between widget events); outside a notebook "
                         "use run(steps=200) instead.")
            if self._view is not None:
                self._say(message)
            raise CourseError(message)
        self.error = None
        self.status = ""
        self.playing = True
        self._show_state()
        self._task = loop.create_task(self._play_loop(1.0 / (max_fps or self.max_fps)))

    def pause(self):
        self.playing = False
        self._show_state()

    def close(self):
        """Stop the loop and release the widgets (a re-run of the cell does this to the old one)."""
        self.pause()
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
        view, self._view = self._view, None
        if view is not None:
            _close_tree(view)
        acks, self._frame_acks = self._frame_acks, None
        if acks is not None:
            acks.close()

    def _show_state(self):
        """The button says Pause while training and Play otherwise (a view adds its status line)."""
        if self._view is None:
            return
        button = self._play_button
        if button.value != self.playing:
            button.value = self.playing
        button.description, button.icon = (tr("Pause"), "pause") if self.playing else (tr("Play"), "play")

    def _adapt_chunk(self, seconds: float):
        """Called after each chunk with its cost in seconds (a class may shrink its next chunk)."""

    def _stopped_by(self, exc):
        step = getattr(self, "step_count", None)
        if step is not None:
            message = tr("Training stopped: {error}: {message} (raised while training at step {step}). Fix the cause, "
                         "then press Play again (or Reset).", error=type(exc).__name__, message=exc, step=step)
        else:
            message = tr("Training stopped: {error}: {message} (raised while training). Fix the cause, then press "
                         "Play again (or Reset).", error=type(exc).__name__, message=exc)
        self._say(message)

    async def _wait_for_page(self):
        """When the page is more than MAX_LAG seconds behind, wait (handling events meanwhile) until it has taken in
        every frame sent so far: waiting only until it is less behind would keep a queue of frames, and every
        slider move would wait behind it. After MAX_WAIT seconds go on anyway."""
        acks = self._frame_acks
        if acks is None or acks.lag() <= MAX_LAG:
            return
        acks.ask_now()
        waited_since = time.perf_counter()
        while self.playing and acks.lag() > 0 and time.perf_counter() - waited_since < MAX_WAIT:
            await asyncio.sleep(0.002)

    async def _play_loop(self, frame_time, max_frames=None):
        frames = 0
        while self.playing and not self._finished():
            await self._wait_for_page()
            if not self.playing:
                break
            started = time.perf_counter()
            try:
                self._advance()
            except Exception as exc:  # said in the status line; the loop stops instead of freezing the widget
                self.playing = False
                self._stopped_by(exc)
                break
            spent = time.perf_counter() - started
            self._adapt_chunk(spent)
            frames += 1
            if max_frames is not None and frames >= max_frames:
                break
            # Yield to the kernel so slider events are handled between two chunks.
            await asyncio.sleep(max(0.001, frame_time - spent))
        self.pause()


def _close_tree(widget):
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()
