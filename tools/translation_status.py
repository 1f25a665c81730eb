"""Which cells of the Korean notebooks need (re-)translation: notebooks/ko/NAME.ipynb against notebooks/NAME.ipynb.

    python tools/translation_status.py                 # list problems; exit status 1 if there are any
    python tools/translation_status.py --stamp notebooks/ko/03_activation_functions.ipynb CELL_ID ...
                                                       # record that these Korean cells translate the
                                                       # current English cells (after translating them)

The Korean notebook has the English notebook's cells in the same order. Each Korean markdown cell records what
it translates in its metadata:

    "translation": {"source_id": "<id of the English cell>", "source_sha": "<sha256 of the English source>"}

A problem is reported when
- an English markdown cell changed after its translation (stale: the hash differs) - named by cell id,
- a Korean markdown cell has no translation record, or records another English cell (cells moved),
- cells are missing or extra, or a cell's type differs,
- a code cell differs from the English one other than by the line that selects the language
  (`course_lib.set_language("ko")`, which the first code cell must have; that cell may also add
  `import course_lib` among its imports if the English one lacks it),
- a notebook has no Korean counterpart (only once notebooks/ko/ exists) or vice versa.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_LINE = "import course_lib"
COLAB_TAG = "colab-setup"  # tools/stamp_colab.py's MARK
LANGUAGE_LINE = re.compile(r"""^\s*(course_lib\.)?set_language\(\s*["']ko["']\s*\)\s*(#.*)?$""")


@dataclass(frozen=True)
class Problem:
    notebook: str
    cell: str  # the English cell id (or the Korean one when there is no English cell)
    kind: str  # stale, missing, unrecorded, moved, extra, type, code, language-line, no-korean, no-english
    detail: str

    def __str__(self):
        return f"{self.notebook} cell {self.cell}: {self.kind}: {self.detail}"


def source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def source_sha(cell) -> str:
    return hashlib.sha256(source(cell).encode("utf-8")).hexdigest()


def first_line(cell, width=60) -> str:
    text = source(cell).strip().splitlines()[0] if source(cell).strip() else ""
    return text if len(text) <= width else text[:width - 1] + "…"


def without_language_line(code: str) -> tuple[str, bool]:
    lines = code.split("\n")
    kept = [line for line in lines if not LANGUAGE_LINE.match(line)]
    if len(kept) != len(lines):  # a blank line left at the end by the language line is not a difference
        return "\n".join(kept).rstrip("\n"), True
    return code, False


def without_one_import(code: str, english: str) -> str:
    """`code` without the `import course_lib` line the first Korean code cell may add for the language line,
    if the English cell does not import course_lib itself (anything else stays, so other changes still show)."""
    lines = code.split("\n")
    if IMPORT_LINE in lines and IMPORT_LINE not in english.split("\n"):
        lines.remove(IMPORT_LINE)
    return "\n".join(lines)


def compare(english: dict, korean: dict, name: str) -> list[Problem]:
    """The problems of one Korean notebook against its English source (both as loaded JSON)."""
    problems = []
    # The Colab badge and install cells (tools/stamp_colab.py) are stamped into both editions: not translated.
    en_cells, ko_cells = ([c for c in nb["cells"] if COLAB_TAG not in c.get("metadata", {}).get("tags", [])]
                          for nb in (english, korean))
    seen_code = False
    for i, en in enumerate(en_cells):
        en_id = en.get("id", f"#{i}")
        if i >= len(ko_cells):
            problems.append(Problem(name, en_id, "missing", f"no Korean cell for '{first_line(en)}'"))
            continue
        ko = ko_cells[i]
        if ko["cell_type"] != en["cell_type"]:
            problems.append(Problem(name, en_id, "type", f"English {en['cell_type']}, Korean {ko['cell_type']}"))
            continue
        if en["cell_type"] == "code":
            code, had_line = without_language_line(source(ko))
            if not seen_code and not had_line:
                problems.append(Problem(name, en_id, "language-line",
                                        'the first code cell must call course_lib.set_language("ko")'))
            if not seen_code and code != source(en):
                code = without_one_import(code, source(en))
            seen_code = True
            if code != source(en):
                problems.append(Problem(name, en_id, "code", "the Korean code cell differs from the English one"))
            continue
        record = ko.get("metadata", {}).get("translation")
        if not isinstance(record, dict) or "source_sha" not in record:
            problems.append(Problem(name, en_id, "unrecorded",
                                    f"Korean cell {ko.get('id', i)} records no English source ('{first_line(en)}')"))
        elif record.get("source_id") != en.get("id"):
            problems.append(Problem(name, en_id, "moved", f"Korean cell {ko.get('id', i)} translates "
                                    f"{record.get('source_id')!r}, but sits where {en_id!r} is"))
        elif record["source_sha"] != source_sha(en):
            problems.append(Problem(name, en_id, "stale",
                                    f"the English cell changed after its translation ('{first_line(en)}')"))
    for j in range(len(en_cells), len(ko_cells)):
        problems.append(Problem(name, ko_cells[j].get("id", f"#{j}"), "extra", "a Korean cell with no English cell"))
    return problems


def status(notebooks: Path = ROOT / "notebooks") -> list[Problem]:
    """Every problem of notebooks/ko/ against notebooks/ (none when notebooks/ko/ does not exist yet)."""
    ko_dir = notebooks / "ko"
    if not ko_dir.is_dir():
        return []
    problems = []
    english = {p.name: p for p in notebooks.glob("*.ipynb")}
    korean = {p.name: p for p in ko_dir.glob("*.ipynb")}
    for name in sorted(english.keys() - korean.keys()):
        problems.append(Problem(name, "-", "no-korean", f"notebooks/ko/{name} does not exist"))
    for name in sorted(korean.keys() - english.keys()):
        problems.append(Problem(name, "-", "no-english", f"notebooks/{name} does not exist"))
    for name in sorted(english.keys() & korean.keys()):
        problems += compare(load(english[name]), load(korean[name]), name)
    return problems


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def stamp(korean_path: Path, cell_ids: list[str], notebooks: Path = ROOT / "notebooks") -> list[str]:
    """Record that the given Korean markdown cells translate the English cells at their positions, as they are now."""
    korean = load(korean_path)
    english = load(notebooks / korean_path.name)
    stamped = []
    for i, ko in enumerate(korean["cells"]):
        if ko.get("id") in cell_ids and ko["cell_type"] == "markdown" and i < len(english["cells"]):
            en = english["cells"][i]
            ko.setdefault("metadata", {})["translation"] = {"source_id": en.get("id"), "source_sha": source_sha(en)}
            stamped.append(ko["id"])
    korean_path.write_text(json.dumps(korean, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return stamped


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--stamp", nargs="+", metavar=("KOREAN_NOTEBOOK", "CELL_ID"))
    args = parser.parse_args(argv)
    if args.stamp:
        done = stamp(Path(args.stamp[0]), args.stamp[1:], args.notebooks)
        print(f"stamped {len(done)} cell(s): {' '.join(done)}")
        return 0
    problems = status(args.notebooks)
    for problem in problems:
        print(problem)
    if not (args.notebooks / "ko").is_dir():
        print("notebooks/ko/ does not exist yet: nothing to check.")
    elif not problems:
        print("Every Korean notebook is in step with the English one.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
