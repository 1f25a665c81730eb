"""Build course_lib/fonts/CourseGothicKR.ttf: the course's Korean font, a renamed subset of NanumGothic.

    python tools/build_korean_font.py path/to/NanumGothic.ttf

NanumGothic (NAVER, SIL Open Font Licence 1.1) draws Hangul well at small sizes and its Latin letters sit
well beside it. The original file is 4.7 MB; the course needs Hangul, Latin and the few symbols its lessons
use, so this keeps those (about a third of the size) and drops the rest (Hanja, most CJK symbols).

Licence: a subset is a "Modified Version" under the OFL, and "NanumGothic" is one of its Reserved Font
Names, so the subset must not be presented under that name: it is called "Course Gothic KR". It stays under
the OFL (course_lib/fonts/OFL.txt, which carries NAVER's copyright notice).

NanumGothic has no MINUS SIGN (U+2212), which matplotlib writes for negative tick labels and the course writes
in its text ("−0.5"). The build adds one: the horizontal bar of the font's own "+", with the width of "+", so a
Korean label with a minus sign needs no second font.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "course_lib" / "fonts" / "CourseGothicKR.ttf"
FAMILY = "Course Gothic KR"
POSTSCRIPT = "CourseGothicKR-Regular"

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 (×, ·, ², ±, ÷ ...)
    (0x0370, 0x03FF),  # Greek (η, λ, β, ε, α, μ, σ, Σ ...)
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2000, 0x206F),  # general punctuation (—, –, ‖, …, ′)
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (−, ∂, √, ≈, ≤, ≥, ⋮)
    (0x2460, 0x24FF),  # enclosed numbers (①)
    (0x25A0, 0x25FF),  # geometric shapes (▶, ■, ○)
    (0x3000, 0x303F),  # CJK punctuation (「」, 、, 。)
    (0x3130, 0x318F),  # Hangul compatibility Jamo (ㄱ, ㅏ)
    (0xAC00, 0xD7A3),  # all Hangul syllables
    (0xFF00, 0xFFEF),  # full-width forms (（ ）, ！)
]


def add_minus(font: TTFont) -> None:
    """Map U+2212 to a new glyph: the horizontal bar of '+' (same width, height and thickness)."""
    glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
    plus = glyf[cmap[ord("+")]]
    coords = plus.getCoordinates(glyf)[0]
    x_min, x_max = min(x for x, _ in coords), max(x for x, _ in coords)
    bar_ys = sorted({y for x, y in coords if x == x_min})  # the left end of the bar: its bottom and top
    y_low, y_high = bar_ys[0], bar_ys[-1]
    pen = TTGlyphPen(None)
    pen.moveTo((x_min, y_low))
    pen.lineTo((x_min, y_high))
    pen.lineTo((x_max, y_high))
    pen.lineTo((x_max, y_low))
    pen.closePath()
    glyph = pen.glyph()
    name = "uni2212"
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    glyf[name] = glyph
    glyph.recalcBounds(glyf)
    hmtx[name] = hmtx[cmap[ord("+")]]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x2212] = name
    font["maxp"].numGlyphs = len(font.getGlyphOrder())


def rename(font: TTFont) -> None:
    """The OFL's Reserved Font Name rule: a modified version gets its own name (the copyright stays)."""
    name = font["name"]
    original = name.getDebugName(5) or ""
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            name.removeNames(nameID=record.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{POSTSCRIPT};subset of NanumGothic {original}", 3, 3, 1, 0x409)
    name.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    name.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    name.setName("Modified Version of NanumGothic (NAVER Corporation): a subset (Hangul, Latin, the course's "
                 "symbols) with an added minus sign, renamed as the SIL Open Font Licence requires.", 10, 3, 1, 0x409)
    name.setName("This Font Software is licensed under the SIL Open Font License, Version 1.1.", 13, 3, 1, 0x409)
    name.setName("https://openfontlicense.org", 14, 3, 1, 0x409)
    for record in list(name.names):  # keep only the Windows English names (Mac and Korean copies still say Nanum)
        if record.platformID != 3 or record.langID != 0x409:
            name.removeNames(nameID=record.nameID, platformID=record.platformID, langID=record.langID)


def build(source: Path, out: Path = OUT, hinting: bool = True) -> Path:
    options = subset.Options()
    options.hinting = hinting
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # VTT hinting sources, not used to render
    options.layout_features = ["*"]
    font = TTFont(source)
    unicodes = [u for lo, hi in RANGES for u in range(lo, hi + 1)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    add_minus(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = build(Path(sys.argv[1]))
    print(f"{path}: {path.stat().st_size / 1e6:.2f} MB (from {Path(sys.argv[1]).stat().st_size / 1e6:.2f} MB)")
