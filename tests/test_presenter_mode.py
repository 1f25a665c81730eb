"""presenter_mode(): one scale for text, code, widget fonts *and* widget boxes, figures and live pictures.

The browser tests (test_browser_slides.py) check the result on screen: nothing clipped at 1920x1080 or 1366x768.
"""

import ipywidgets as W
import pytest

from course_lib import plots, raster
from course_lib.validation import CourseError
from course_lib.widgets import (
    PRESENTER_SIZES,
    InteractiveFigure,
    Playground,
    Race,
    presenter_css,
    presenter_mode,
    scaled_px,
    show_png,
)


@pytest.fixture
def presenting():
    mode = presenter_mode()
    yield mode
    presenter_mode(False)


def test_every_size_grows_by_the_same_scale():
    css = presenter_css(1.4)
    assert "--course-scale: 1.4 !important" in css
    for name, base in PRESENTER_SIZES.items():
        assert f"{name}: calc({base} * 1.4) !important;" in css
    assert {"--jp-widgets-font-size", "--jp-widgets-inline-width", "--jp-widgets-inline-label-width",
            "--jp-content-font-size1", "--jp-code-font-size"} <= set(PRESENTER_SIZES)


def test_presenter_mode_scales_figures_and_pictures_and_turns_off(presenting):
    assert presenting.scale == 1.4 == raster.DEFAULT_SCALE == plots.FONT_SCALE["value"]
    html = presenting._repr_html_()
    assert html.startswith('<style class="course-presenter-mode">') and "1.4x" in html
    off = presenter_mode(False)
    assert raster.DEFAULT_SCALE == 1.0 and "--course-scale: 1 !important" in off._repr_html_()
    with pytest.raises(CourseError, match=r"scale must be in \[1.0, 3.0\]"):
        presenter_mode(scale=5)


def test_course_widget_boxes_are_measured_in_the_presenter_scale():
    assert scaled_px(266) == "calc(266px * var(--course-scale, 1))"
    dash = Playground(controls=["lr", "units", "dataset"])
    lr = dash.controls["lr"]
    assert lr.layout.width == scaled_px(280) and lr.slider.style.description_width == scaled_px(100)
    assert dash.controls["dataset"].layout.width == scaled_px(280)
    assert dash.controls["units"].sliders[0].layout.height == scaled_px(140)
    race = Race(["sgd", "adam"], dataset="xor", hidden=(4,))
    race.widget  # noqa: B018 - builds the view
    assert race._lr_control.layout.width == scaled_px(340)


def test_interactive_figure_grows_with_presenter_mode_and_fits_its_labels(presenting):
    def draw(fig, learning_rate, depth):
        fig.add_subplot().plot([0, 1], [0, learning_rate])

    view = InteractiveFigure(draw, {"learning_rate": W.FloatSlider(value=0.5, description="learning rate"),
                                    "depth": W.IntSlider(value=2, description="depth")}, figsize=(5, 3))
    assert view.figure.get_figwidth() == pytest.approx(5 * 1.4)
    view.widget  # noqa: B018 - builds the view
    widths = {c.style.description_width for c in view.controls.values()}
    assert widths == {scaled_px(8 * len("learning rate") + 8)}
    assert view._image.layout.width == f"{int(view.figure.get_figwidth() * view.figure.dpi)}px"


def test_show_png_shows_a_picture_at_its_own_width():
    image = W.Image(format="png")
    png = raster.png_bytes(raster.Image.new("RGB", (123, 45), "white"))
    show_png(image, png)
    assert image.layout.width == "123px" and image.value == png
