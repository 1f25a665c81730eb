"""Every lesson keeps the lesson contract (docs/writing_lessons.md), checked without a kernel.

Objectives and prerequisites at the top, a summary and a link to the next lesson at the end, slide metadata the
slideshow reads, at least three exercises with checks, quiz questions, explicit imports only, every Korean term
in the glossary, and no outputs that leak machine paths.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb"))
ALL_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def markdown(path):
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def code(path):
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "code")


def test_there_are_ten_lessons_and_a_playground():
    names = [p.name[:2] for p in ALL_NOTEBOOKS if p.name[0].isdigit()]
    assert names == [f"{i:02d}" for i in range(10)]
    assert (ROOT / "notebooks" / "playground.ipynb").exists()


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_slide_metadata_is_what_the_slideshow_reads(path):
    """A cell that continues the slide has no slide_type: jupyterlab-slideshow never shows a cell marked "-"
    (nbconvert, RISE and Voila read a missing key as "-" too)."""
    for i, cell in enumerate(cells(path)):
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert slide is None or slide in SLIDE_TYPES, f"{path.name} cell {i}: slide_type {slide!r}"
    assert cells(path)[0]["metadata"]["slideshow"]["slide_type"] == "slide"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_imports_are_explicit(path):
    text = code(path)
    assert "import *" not in text, f"{path.name}: use explicit imports"
    assert "sys.path" not in text, f"{path.name}: no sys.path edits; course_lib is installed by requirements.txt"
    assert "np.random.seed" not in text, f"{path.name}: use seeds / default_rng, never the global numpy seed"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_opens_with_objectives_and_ends_with_summary_and_next(path):
    text = markdown(path)
    first = source(cells(path)[0])
    assert re.search(r"learning objectives", first, re.I), f"{path.name}: objectives belong in the first cell"
    assert re.search(r"already know|before you start|prerequisite", text, re.I), f"{path.name}: prerequisites"
    assert re.search(r"^#+ .*summary", text, re.I | re.M), f"{path.name}: no summary section"
    assert "GLOSSARY.md" in text, f"{path.name}: link the glossary"
    number = int(path.name[:2])
    if number < 9:
        assert re.search(rf"\]\({number + 1:02d}_\w+\.ipynb\)", text), f"{path.name}: link to the next lesson"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_has_three_checked_exercises_quiz_and_a_widget(path):
    text = code(path)
    checks = set(re.findall(r"^check_(\w+)\(", text, re.M))
    assert len(checks) >= 3, f"{path.name}: only {len(checks)} exercise checks"
    assert "solution_button(" in text or "show_solution(" in text, f"{path.name}: solutions on demand"
    assert "Quiz(" in text or "Reveal(" in text, f"{path.name}: check-your-understanding questions"
    assert re.search(r"Playground|InteractiveFigure|Race|interactive|LiveCurves", text), f"{path.name}: no widget"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_every_korean_term_is_in_the_glossary(path):
    glossary = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    for term in re.findall(r"\[([^\]\n]*)\](?!\()", markdown(path)):
        if HANGUL.search(term):
            for part in re.split(r"\s*[,/;]\s*", term):
                if HANGUL.search(part):
                    assert part.strip() in glossary, f"{path.name}: [{part}] is missing from GLOSSARY.md"
