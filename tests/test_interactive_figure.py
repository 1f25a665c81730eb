"""InteractiveFigure: a matplotlib drawing that follows its controls, with a still picture for nbval / GitHub."""

import ipywidgets as W
import pytest

from course_lib.validation import CourseError
from course_lib.widgets import InteractiveFigure


def draw_line(fig, slope, label):
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, slope])
    if slope > 5:
        raise ValueError("slope too steep")
    return f"{label}: slope {slope:.1f}"


def make():
    controls = {"slope": W.FloatSlider(value=1.0, min=0, max=10), "label": W.Dropdown(options=["a", "b"], value="a")}
    return InteractiveFigure(draw_line, controls, figsize=(3, 2)), controls


def test_draws_once_at_the_default_values():
    view, _ = make()
    assert view.text == "a: slope 1.0"
    assert view.png.startswith(b"\x89PNG")
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == "a: slope 1.0"
    assert "image/png" in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_moving_a_control_redraws_picture_and_text():
    view, controls = make()
    view.widget  # noqa: B018 - builds the view, wiring the controls
    before = view.png
    controls["slope"].value = 3.0
    controls["label"].value = "b"
    assert view.text == "b: slope 3.0"
    assert view._text.value == "b: slope 3.0"
    assert view._image.value == view.png != before


def test_an_error_in_draw_is_shown_not_raised():
    view, controls = make()
    view.widget  # noqa: B018
    controls["slope"].value = 8.0
    assert view.text.startswith("Could not draw: ValueError: slope too steep")
    controls["slope"].value = 2.0
    assert view.text == "a: slope 2.0"


def test_needs_a_function():
    with pytest.raises(CourseError):
        InteractiveFigure("not a function", {})
