"""The course's Korean font, shipped inside the package: Korean text renders with no system font (Colab too).

CourseGothicKR.ttf is "Course Gothic KR", a renamed subset of NanumGothic (NAVER, SIL Open Font Licence 1.1;
see OFL.txt here and tools/build_korean_font.py): every Hangul syllable and Jamo, Latin, Greek and the symbols
the lessons use, including the minus sign U+2212.

It is a *fallback*: Latin text keeps the course's usual font (DejaVu Sans in matplotlib, Pillow's default font
in `raster`), and only characters that font lacks - Hangul above all - are drawn with Course Gothic KR.

    use_in_matplotlib()    register the font and append it to rcParams["font.family"] (idempotent)
    covers(text)           True when the Korean font has a glyph for every character of `text`
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

KOREAN_FONT_PATH = Path(__file__).with_name("CourseGothicKR.ttf")
KOREAN_FAMILY = "Course Gothic KR"


@lru_cache(maxsize=1)
def korean_codepoints() -> frozenset[int]:
    """Every code point the Korean font has a glyph for (read from its cmap table)."""
    from fontTools.ttLib import TTFont

    with TTFont(KOREAN_FONT_PATH, lazy=True) as font:
        return frozenset(font.getBestCmap())


def covers(text: str) -> bool:
    """True when the Korean font draws every character of `text` (whitespace always counts as covered)."""
    codepoints = korean_codepoints()
    return all(ch.isspace() or ord(ch) in codepoints for ch in text)


def is_hangul(ch: str) -> bool:
    """Hangul syllables, Jamo and compatibility Jamo."""
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


def with_korean_fallback(families) -> list[str]:
    """A font.family list with the Korean font appended (once): earlier fonts draw what they can."""
    families = [families] if isinstance(families, str) else list(families)
    return [f for f in families if f != KOREAN_FAMILY] + [KOREAN_FAMILY]


_REGISTERED = [False]


def register_matplotlib() -> None:
    """Make matplotlib's font manager know the shipped font (once per process)."""
    if _REGISTERED[0]:
        return
    from matplotlib import font_manager

    if not any(entry.name == KOREAN_FAMILY for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(KOREAN_FONT_PATH))
    # Only the regular weight ships, so a bold title makes matplotlib log "Failed to find font weight bold for
    # Course Gothic KR" on stderr (a stray output in every notebook cell with a bold title, which strict nbval
    # reports). Bold Hangul is drawn in the regular weight; that one message, and no other, is dropped.
    logging.getLogger("matplotlib.font_manager").addFilter(_drop_missing_weight_message)
    _REGISTERED[0] = True


def _drop_missing_weight_message(record) -> bool:
    message = record.getMessage()
    return not (KOREAN_FAMILY in message and "Failed to find font weight" in message)


def use_in_matplotlib() -> None:
    """Register the font and put it last in rcParams["font.family"], so glyphs the usual font lacks fall back to it.

    Latin text, digits and the minus sign are still drawn by the first font of the list (DejaVu Sans by
    default), so English figures look exactly as before; axes.unicode_minus is left alone (True by default).
    """
    import matplotlib as mpl

    register_matplotlib()
    mpl.rcParams["font.family"] = with_korean_fallback(mpl.rcParams["font.family"])
