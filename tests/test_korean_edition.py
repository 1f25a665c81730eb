"""The Korean edition (notebooks/ko/, README.ko.md, SOLUTIONS.ko.md) as a Korean-only reader meets it, without a
kernel: every lesson keeps the lesson contract in Korean, no English sentence is left in the prose, every link
leads somewhere, every bold term renders. (Cell-by-cell step with the English edition: test_translation_status.py;
running, slides and presenter mode in JupyterLab with Korean menus: test_browser_slides.py; strict nbval: the plain
`pytest`, which collects notebooks/ko/ like notebooks/.)"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KO = ROOT / "notebooks" / "ko"
KOREAN = sorted(KO.glob("*.ipynb"))
KOREAN_LESSONS = [p for p in KOREAN if p.name[:2].isdigit()]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Six or more Latin words in a row: an English sentence (or most of one) left in the Korean prose.
LATIN_RUN = re.compile(r"(?:\b[A-Za-z][A-Za-z'’-]*\b[ ,;:]+){5,}[A-Za-z][A-Za-z'’-]*")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown_cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]


def source(cell):
    return "".join(cell["source"])


def prose(text: str) -> str:
    """The running text of a markdown cell: no code, maths, HTML tags, link targets or (English terms)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = LINK.sub("]", text)
    text = re.sub(r"https?://\S+", " ", text)
    return re.sub(r"\([^()]*\)", " ", text)


def english_sentences(text: str) -> list[str]:
    return [m.group(0) for m in LATIN_RUN.finditer(prose(text))]


def test_every_english_notebook_has_its_korean_edition():
    english = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert [p.name for p in KOREAN] == english


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_the_korean_prose_has_no_english_sentence(path):
    left = [(c.get("id"), s) for c in markdown_cells(path) for s in english_sentences(source(c))]
    assert not left, f"ko/{path.name}: English left in the Korean text: {left[:5]}"
    untranslated = [c.get("id") for c in markdown_cells(path)
                    if re.search(r"[A-Za-z]{3}", prose(source(c))) and not HANGUL.search(source(c))]
    assert not untranslated, f"ko/{path.name}: markdown cells without any Korean: {untranslated}"


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_every_link_of_a_korean_notebook_leads_somewhere(path):
    broken = []
    for cell in markdown_cells(path):
        for target in LINK.findall(source(cell)):
            if re.match(r"[a-z]+:|#", target):
                continue
            if not (KO / target.split("#")[0]).exists():
                broken.append(target)
    assert not broken, f"ko/{path.name}: links to nothing (notebooks/ko/ is one folder deeper): {broken}"


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_every_bold_term_renders(path):
    """`**학습률(learning rate)**은` stays as raw asterisks in CommonMark (a closing ** after ')' needs a space or
    punctuation after it): the Korean edition writes `**학습률**(learning rate)은`."""
    mistune = pytest.importorskip("mistune")
    render = mistune.create_markdown(plugins=["table", "strikethrough"])
    raw = []
    for cell in markdown_cells(path):
        text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", "X", source(cell), flags=re.S)
        html = re.sub(r"<(code|pre)>.*?</\1>", "", render(text), flags=re.S)
        if "**" in html:
            raw.append(cell.get("id"))
    assert not raw, f"ko/{path.name}: cells showing raw ** (bold that does not render): {raw}"


@pytest.mark.parametrize("path", KOREAN_LESSONS, ids=lambda p: p.name)
def test_a_korean_lesson_keeps_the_lesson_contract(path):
    cells = markdown_cells(path)
    text = "\n".join(source(c) for c in cells)
    assert "학습 목표" in source(cells[0]), f"ko/{path.name}: learning objectives (학습 목표) in the first cell"
    assert re.search(r"^#+ .*(정리|요약)", text, re.M), f"ko/{path.name}: no summary section (정리)"
    assert "../../GLOSSARY.md" in text, f"ko/{path.name}: link the glossary (../../GLOSSARY.md)"
    number = int(path.name[:2])
    if number < 9:
        assert re.search(rf"\]\({number + 1:02d}_\w+\.ipynb\)", text), f"ko/{path.name}: link to the next lesson"


def test_the_regex_for_english_sentences_catches_a_sentence_and_spares_terms():
    assert english_sentences("Restart the kernel and run all cells again.")
    assert not english_sentences("**학습률**(learning rate is the step size we take)을 정합니다.")
    assert not english_sentences("`Playground(panels=(\"network\", \"curves\", \"gradients\"))`를 실행합니다.")
    assert not english_sentences("$\\text{loss of the whole training set}$ 입니다.")


def test_readme_ko_links_lead_somewhere():
    text = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:|#", t)]
    assert targets
    assert [t for t in targets if not (ROOT / t.split("#")[0]).exists()] == []
