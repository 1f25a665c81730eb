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
"""

from __future__ import annotations

import asyncio
import time
import warnings
import weakref

from course_lib.i18n import tr
from course_lib.validation import CourseError

_LIVE: dict = {}  # cell id -> [(execution count, weak reference to a live widget)]


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


class LivePlay:
    """Play / Pause for a widget that trains (see the module docstring).

    The class using it provides `_advance()`, `_finished()`, `_say(message)`, `playing`, `_view` and, once the
    view exists, a `_play_button` ToggleButton; it may override `_show_state()` and `_adapt_chunk(seconds)`.
    """

    max_fps = 40.0
    _task = None

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

    async def _play_loop(self, frame_time, max_frames=None):
        frames = 0
        while self.playing and not self._finished():
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
