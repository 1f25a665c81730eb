"""Korean text renders in both renderers with the font shipped in course_lib/fonts: no tofu, no font warning."""

import io
import logging
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from course_lib import fonts, plots, raster

LABEL = "손실 함수 (loss) −0.5"
COURSE_SYMBOLS = "−×·²ηλβεαμσ∂√≈≤≥→←‖…"


def cmap_of(path) -> set[int]:
    with TTFont(path, lazy=True) as font:
        return set(font.getBestCmap())


def test_the_font_ships_under_its_own_name_with_its_licence():
    assert fonts.KOREAN_FONT_PATH.is_file()
    with TTFont(fonts.KOREAN_FONT_PATH, lazy=True) as font:
        assert font["name"].getDebugName(1) == fonts.KOREAN_FAMILY
        assert "Nanum" not in font["name"].getDebugName(1)  # a Reserved Font Name of the OFL: not for a subset
        assert "NHN Corporation" in font["name"].getDebugName(0)  # the copyright notice stays
    licence = (fonts.KOREAN_FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "Copyright (c) 2010, NAVER Corporation" in licence and "SIL OPEN FONT LICENSE" in licence
    assert fonts.KOREAN_FONT_PATH.stat().st_size < 2.5e6


def test_the_font_covers_hangul_latin_and_the_course_symbols():
    cmap = fonts.korean_codepoints()
    assert all(cp in cmap for cp in range(0xAC00, 0xD7A4))  # all 11,172 syllables
    assert all(cp in cmap for cp in range(0x3131, 0x3164))  # compatibility Jamo ㄱ..ㅣ
    assert all(cp in cmap for cp in range(0x20, 0x7F))
    assert fonts.covers(COURSE_SYMBOLS + LABEL)
    assert not fonts.covers("\ue000")


# ---------------------------------------------------------------------------------------------
# matplotlib
# ---------------------------------------------------------------------------------------------
def render(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def test_matplotlib_draws_a_korean_label_without_missing_glyphs(caplog):
    assert fonts.KOREAN_FAMILY in matplotlib.rcParams["font.family"]
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"), plots.course_style():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
        fig, ax = plt.subplots()
        ax.plot([-1, 1], [-0.5, 0.5], label=LABEL)
        ax.set_title(LABEL)
        ax.set_xlabel("에포크 (epoch)")
        ax.legend()
        render(fig)
    assert not [r for r in caplog.records if "font" in r.getMessage().lower()]


def test_each_character_of_the_label_is_drawn_by_a_font_that_has_it():
    """matplotlib's fallback chain: the first font of font.family that has a glyph draws it."""
    prop = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    chain = font_manager.fontManager._find_fonts_by_props(prop)
    cmaps = [cmap_of(path) for path in chain]
    for ch in LABEL.replace(" ", ""):
        drawer = next((path for path, cmap in zip(chain, cmaps, strict=True) if ord(ch) in cmap), None)
        assert drawer is not None, f"{ch!r} has no font"
        if fonts.is_hangul(ch):
            assert drawer == str(fonts.KOREAN_FONT_PATH), f"{ch!r} drawn by {drawer}, not the shipped font"
        else:
            assert "DejaVuSans" in drawer, f"{ch!r} should keep the course's Latin font, got {drawer}"


def test_the_check_would_catch_a_missing_glyph():
    """Without the fallback a Hangul label gives the warning the test above turns into an error."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}), pytest.warns(UserWarning, match="missing from"):
        fig, ax = plt.subplots()
        ax.set_title("손실")
        render(fig)


def test_english_figures_are_unchanged_by_the_fallback():
    def figure(families):
        with matplotlib.rc_context({"font.family": families}):
            fig, ax = plt.subplots(figsize=(4, 3))
            ax.plot(np.linspace(-2, 2, 9), np.linspace(-2, 2, 9) ** 2, label="loss (η = 0.1) ×2")
            ax.set_title("Training loss − step · ²")
            ax.legend()
            return render(fig)

    assert figure(["sans-serif"]) == figure(["sans-serif", fonts.KOREAN_FAMILY])


# ---------------------------------------------------------------------------------------------
# raster (Pillow)
# ---------------------------------------------------------------------------------------------
def glyph_pixels(font, text) -> bytes:
    image = Image.new("L", (80, 40))
    ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
    return image.tobytes()


def test_raster_draws_a_korean_label_with_the_shipped_font():
    f = raster.font(14)
    chosen = f.font_for(LABEL)
    assert chosen.path == str(fonts.KOREAN_FONT_PATH)
    assert all(ch.isspace() or ord(ch) in cmap_of(chosen.path) for ch in LABEL)
    # A Hangul glyph is not the box of a missing one, and each syllable looks different.
    box = glyph_pixels(chosen, "\ue000")
    assert len({glyph_pixels(f, ch) for ch in "손실함수"} | {box}) == 5
    image = Image.new("RGB", (220, 30), "white")
    ImageDraw.Draw(image).text((2, 2), LABEL, font=f, fill=raster.TEXT)
    assert np.asarray(image).min() < 100  # something dark was drawn
    assert ImageDraw.Draw(image).textlength(LABEL, font=f) == chosen.getlength(LABEL)


def test_the_raster_check_would_catch_tofu():
    plain = ImageFont.load_default(size=14)
    assert glyph_pixels(plain, "손") == glyph_pixels(plain, "\ue000")  # Pillow's own font has no Hangul


def test_english_raster_text_is_drawn_exactly_as_before():
    plain, f = ImageFont.load_default(size=11), raster.font(11)
    for text in ("loss · test", "epoch", "-1.5", "h2 · unit 5 (tanh)", "2e+03"):
        assert f.font_for(text) is f
        assert glyph_pixels(f, text) == glyph_pixels(plain, text)
        assert f.getlength(text) == plain.getlength(text) and f.getbbox(text) == plain.getbbox(text)


def test_set_language_keeps_the_korean_font_in_matplotlib():
    from course_lib import set_language

    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        set_language("ko")
        try:
            assert matplotlib.rcParams["font.family"][-1] == fonts.KOREAN_FAMILY
        finally:
            set_language("en")


def test_a_bold_title_logs_nothing_about_the_missing_bold_korean_weight(caplog):
    """Only the regular weight ships: matplotlib's 'Failed to find font weight bold' must not reach stderr, where
    strict nbval would see it as a stray output of every cell with a bold title."""
    import io
    import logging

    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from course_lib.fonts import KOREAN_FAMILY
    from course_lib.plots import use_course_style

    use_course_style()
    font_manager.fontManager._findfont_cached.cache_clear()  # a fresh kernel: nothing found yet
    with caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
        fig, ax = plt.subplots()
        ax.set_title("bold title · 굵은 제목", fontweight="bold")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    assert not [r for r in caplog.records if KOREAN_FAMILY in r.getMessage() and "weight" in r.getMessage()]
