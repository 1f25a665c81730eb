"""Small learner widgets: a matplotlib figure driven by controls, quiz questions, answers and solutions on demand.

No module-level ipywidgets import (each widget imports it when first shown).
"""

from __future__ import annotations

import base64

import numpy as np

from course_lib import raster
from course_lib.i18n import tr
from course_lib.validation import CourseError, CourseTypeError, describe
from course_lib.widgets.presenter import _fit_descriptions, show_png


class InteractiveFigure:
    """A matplotlib drawing redrawn whenever one of its controls moves.

        view = InteractiveFigure(draw, {"w1": W.FloatSlider(...), "b": W.FloatSlider(...)}, figsize=(6, 4))
        view              # live: controls + picture + a text line; elsewhere: a still PNG and that text line

    draw(fig, **values) draws on a cleared matplotlib Figure (values: each control's current value under its
    name) and may return a one-line text. It runs once when the object is made, so a notebook's stored output
    is the real picture at the default values; the text is the plain-text output nbval compares. An error
    inside draw is shown in the text line (the controls keep working) instead of vanishing into a log.
    """

    def __init__(self, draw, controls: dict, figsize=None):
        from matplotlib.figure import Figure

        if not callable(draw):
            raise CourseTypeError(tr("InteractiveFigure needs a drawing function draw(fig, **values), got {what}.",
                                     what=describe(draw)))
        if not isinstance(controls, dict) or not all(hasattr(c, "value") for c in controls.values()):
            raise CourseTypeError(tr("controls must be a dict {{name: widget}}, e.g. {{'w': "
                                     "ipywidgets.FloatSlider(...)}}, got {what}.", what=describe(controls)))
        from course_lib import plots

        self.draw_fn = draw
        self.controls = dict(controls)
        scale = plots.FONT_SCALE["value"]  # presenter mode: the figure grows with its fonts
        self.figure = Figure(figsize=None if figsize is None else (figsize[0] * scale, figsize[1] * scale),
                             layout="constrained")
        self.text, self.png = "", b""
        self._view = None
        self.redraw()

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self):
        """Draw again from the controls' current values (what a slider move does)."""
        import io

        self.figure.clear()
        try:
            text = self.draw_fn(self.figure, **self.values)
            self.text = "" if text is None else str(text)
        except Exception as exc:  # keep the widget alive and say what went wrong
            self.figure.clear()
            self.text = tr("Could not draw: {error}: {message}", error=type(exc).__name__, message=exc)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self.png = buffer.getvalue()
        if self._view is not None:
            import html

            show_png(self._image, self.png)
            self._text.value = html.escape(self.text)
        return self

    @property
    def widget(self):
        if self._view is None:
            import html

            import ipywidgets as W

            self._image = W.Image(format="png", layout=W.Layout(max_width="100%"))
            show_png(self._image, self.png)
            width = self.figure.get_figwidth() * self.figure.dpi
            self._text = W.HTML(html.escape(self.text), layout=W.Layout(max_width=f"{width:.0f}px"))
            for control in self.controls.values():
                control.observe(lambda _change: self.redraw(), "value")
            controls = list(self.controls.values())
            _fit_descriptions(controls, W)
            if width <= 860 * raster.DEFAULT_SCALE:
                # a narrow figure: the controls in a column beside it (a slide is wide, not tall)
                self._view = W.HBox([W.VBox(controls), W.VBox([self._image, self._text])],
                                    layout=W.Layout(flex_flow="row wrap", align_items="flex-start"))
            else:
                self._view = W.VBox([W.HBox(controls, layout=W.Layout(flex_flow="row wrap")), self._image,
                                     self._text])
        return self._view

    def __repr__(self):
        return self.text or "InteractiveFigure"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


class Quiz:
    """A multiple-choice "check your understanding" question, checked when the learner presses Check.

    Quiz("05-zero-gradient")                      — a question of the course, by its id (course_lib.questions)
    Quiz(question, options, answer, explanation="")  — your own question; answer is the index of the right option
    Without a front end it shows as plain text (question and options, never the answer), so the output is stable.
    """

    def __init__(self, question: str, options: list | None = None, answer: int | None = None,
                 explanation: str = ""):
        self.id = None
        if options is None and answer is None:
            from course_lib.questions import MultipleChoice, get_question

            stored = get_question(question, MultipleChoice)
            self.id = question
            question, options, answer, explanation = (stored.question, stored.options, stored.answer,
                                                      stored.explanation)
        if options is None or answer is None:
            raise CourseError(tr("Quiz needs a question id (Quiz('05-zero-gradient')), or a question, its options "
                                 "and the index of the right answer."))
        if not isinstance(options, list | tuple) or len(options) < 2:
            raise CourseTypeError(tr("options must be a list of at least two answers, e.g. ['yes', 'no'], got "
                                     "{what}.", what=describe(options)))
        if isinstance(answer, bool) or not isinstance(answer, int | np.integer) or not 0 <= answer < len(options):
            if isinstance(answer, str):
                raise CourseError(tr("answer must be an index into options (0..{last}) (the position of the right "
                                     "option, counting from 0), got {what}.", last=len(options) - 1,
                                     what=describe(answer)))
            raise CourseError(tr("answer must be an index into options (0..{last}), got {what}.",
                                 last=len(options) - 1, what=describe(answer)))
        self.question, self.options, self.answer, self.explanation = question, list(options), answer, explanation
        self._view = None

    def check(self, choice: int) -> str:
        """Feedback for option `choice` (what the Check button shows)."""
        if choice is None:
            return tr("Pick an answer first.")
        if choice == self.answer:
            return tr("✅ Correct. {explanation}", explanation=self.explanation)
        return tr("❌ Not quite — think again, then try another option.")

    def _build(self):
        import ipywidgets as W

        radio = W.RadioButtons(options=[(o, i) for i, o in enumerate(self.options)], value=None,
                               layout=W.Layout(width="auto"))
        button = W.Button(description=tr("Check"), button_style="primary")
        feedback = W.HTML()
        button.on_click(lambda _: setattr(feedback, "value", self.check(radio.value)))
        self._radio, self._feedback = radio, feedback
        self._view = W.VBox([W.HTML(f"<b>{self.question}</b>"), radio, W.HBox([button, feedback])])
        return self._view

    def __repr__(self):
        lines = [self.question] + [f"  ({chr(97 + i)}) {o}" for i, o in enumerate(self.options)]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = (self._view or self._build())._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle


class Reveal:
    """A question whose answer stays hidden until the learner clicks "Show answer".

    Reveal("05-minibatch")       — a question of the course, by its id (course_lib.questions)
    Reveal(question, answer)     — your own question and its answer (may hold simple HTML)
    """

    def __init__(self, question: str, answer: str | None = None, button_label: str | None = None):
        self.id = None
        if answer is None:
            from course_lib.questions import OpenQuestion, get_question

            stored = get_question(question, OpenQuestion)
            self.id = question
            question, answer = stored.question, stored.answer
        if button_label is None:
            button_label = tr("Show answer")
        self.question, self.answer, self.button_label = question, answer, button_label
        self._view = None

    def _build(self):
        import ipywidgets as W

        answer = W.HTML(f"<div style='padding:4px 8px;border-left:3px solid #0072B2'>{self.answer}</div>")
        answer.layout.display = "none"
        button = W.Button(description=self.button_label)

        def toggle(_):
            hidden = answer.layout.display == "none"
            answer.layout.display = None if hidden else "none"
            button.description = tr("Hide answer") if hidden else self.button_label

        button.on_click(toggle)
        self._view = W.VBox([W.HTML(f"<b>{self.question}</b>"), button, answer])
        return self._view

    def __repr__(self):
        return f"{self.question}\n  [{self.button_label}]"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = (self._view or self._build())._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle


def solution_button(name: str) -> Reveal:
    """A button that reveals the reference solution of exercise `name` (for a learner who is stuck)."""
    import html

    from course_lib.exercises.core import solution_source

    code = html.escape(solution_source(name))
    return Reveal(tr("Stuck on {name}? Try for a few minutes first.", name=name), f"<pre>{code}</pre>",
                  tr("Show solution"))


