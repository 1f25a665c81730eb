"""tools/translation_status.py keeps the Korean notebooks in step with the English ones."""

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("translation_status", ROOT / "tools" / "translation_status.py")
ts = importlib.util.module_from_spec(_spec)
sys.modules["translation_status"] = ts  # its dataclasses look their module up there
_spec.loader.exec_module(ts)


def test_the_course_notebooks_are_in_step():
    """Passes trivially until notebooks/ko/ exists; from then on every stale or missing translation fails here."""
    problems = ts.status(ROOT / "notebooks")
    assert not problems, "re-translate (then tools/translation_status.py --stamp):\n" + "\n".join(map(str, problems))


def cell(kind, cell_id, text, **metadata):
    return {"cell_type": kind, "id": cell_id, "metadata": metadata, "source": text.splitlines(keepends=True),
            **({"outputs": [], "execution_count": None} if kind == "code" else {})}


ENGLISH = {"cells": [
    cell("markdown", "intro", "# 01 · The perceptron\n\nA unit computes a weighted sum."),
    cell("code", "setup", "import numpy as np\nimport course_lib"),
    cell("markdown", "lr", "The **learning rate** sets the step size."),
    cell("code", "train", "w = w - 0.1 * grad"),
], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def translated(english):
    """A Korean notebook that is fully in step with `english`."""
    korean = copy.deepcopy(english)
    text = {"intro": "# 01 · 퍼셉트론\n\n유닛은 가중합을 계산합니다.",
            "lr": "**학습률** [learning rate]은 보폭을 정합니다."}
    for ko, en in zip(korean["cells"], english["cells"], strict=True):
        ko["id"] = "ko-" + en["id"]
        if ko["cell_type"] == "markdown":
            ko["source"] = text[en["id"]]
            ko["metadata"]["translation"] = {"source_id": en["id"], "source_sha": ts.source_sha(en)}
    korean["cells"][1]["source"] = 'import numpy as np\nimport course_lib\ncourse_lib.set_language("ko")'
    return korean


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "ko").mkdir()

    def write(english, korean, name="01_perceptron.ipynb"):
        (tmp_path / name).write_text(json.dumps(english), encoding="utf-8")
        (tmp_path / "ko" / name).write_text(json.dumps(korean), encoding="utf-8")
        return tmp_path

    return write


def kinds(problems):
    return [(p.cell, p.kind) for p in problems]


def test_a_notebook_in_step_has_no_problems(pair):
    assert ts.status(pair(ENGLISH, translated(ENGLISH))) == []


def test_a_changed_english_cell_is_stale_and_named(pair, capsys):
    english = copy.deepcopy(ENGLISH)
    korean = translated(english)
    english["cells"][2]["source"] = ["The **learning rate** η sets the step size."]
    folder = pair(english, korean)
    problems = ts.status(folder)
    assert kinds(problems) == [("lr", "stale")]
    assert "The **learning rate** η" in str(problems[0])
    assert ts.main(["--notebooks", str(folder)]) == 1
    assert "01_perceptron.ipynb cell lr: stale" in capsys.readouterr().out


def test_stamping_after_retranslation_clears_the_problem(pair):
    english = copy.deepcopy(ENGLISH)
    korean = translated(english)
    english["cells"][2]["source"] = ["The **learning rate** η sets the step size."]
    folder = pair(english, korean)
    assert ts.stamp(folder / "ko" / "01_perceptron.ipynb", ["ko-lr"], folder) == ["ko-lr"]
    assert ts.status(folder) == []


def test_missing_translations_are_listed(pair):
    korean = translated(ENGLISH)
    del korean["cells"][2]["metadata"]["translation"]  # a Korean cell that records no source
    korean["cells"].pop()  # and the last English cell has no Korean cell
    assert kinds(ts.status(pair(ENGLISH, korean))) == [("lr", "unrecorded"), ("train", "missing")]


def test_a_notebook_without_its_korean_edition_is_listed(pair):
    folder = pair(ENGLISH, translated(ENGLISH))
    (folder / "02_why_nonlinearity.ipynb").write_text(json.dumps(ENGLISH), encoding="utf-8")
    assert kinds(ts.status(folder)) == [("-", "no-korean")]


def test_code_may_differ_only_by_the_language_line(pair):
    korean = translated(ENGLISH)
    korean["cells"][3]["source"] = "w = w - 0.2 * grad"
    assert kinds(ts.status(pair(ENGLISH, korean))) == [("train", "code")]


def test_the_first_code_cell_must_select_korean(pair):
    korean = translated(ENGLISH)
    korean["cells"][1]["source"] = ENGLISH["cells"][1]["source"]
    assert kinds(ts.status(pair(ENGLISH, korean))) == [("setup", "language-line")]


def test_the_first_code_cell_may_add_the_import_it_needs_for_the_language_line(pair):
    english = copy.deepcopy(ENGLISH)
    english["cells"][1]["source"] = "import numpy as np"
    korean = translated(english)
    korean["cells"][1]["source"] = 'import numpy as np\nimport course_lib\n\ncourse_lib.set_language("ko")'
    assert kinds(ts.status(pair(english, korean))) == []
    korean["cells"][3]["source"] = "import course_lib\nw = w - 0.1 * grad"  # only in the first code cell
    assert kinds(ts.status(pair(english, korean))) == [("train", "code")]


def test_the_colab_cells_stamped_into_both_editions_are_not_translations(pair):
    english, korean = copy.deepcopy(ENGLISH), translated(ENGLISH)
    for nb in (english, korean):
        nb["cells"][:0] = [cell("markdown", "badge", "[![Open In Colab](...)](...)", tags=["colab-setup"]),
                           cell("code", "install", "import sys", tags=["colab-setup"])]
    assert kinds(ts.status(pair(english, korean))) == []


def test_moved_and_extra_cells_are_reported(pair):
    korean = translated(ENGLISH)
    korean["cells"][0]["metadata"]["translation"]["source_id"] = "lr"
    korean["cells"].append(cell("markdown", "ko-more", "추가 설명"))
    assert kinds(ts.status(pair(ENGLISH, korean))) == [("intro", "moved"), ("ko-more", "extra")]


def test_no_korean_folder_means_nothing_to_check(tmp_path, capsys):
    (tmp_path / "00.ipynb").write_text(json.dumps(ENGLISH), encoding="utf-8")
    assert ts.status(tmp_path) == []
    assert ts.main(["--notebooks", str(tmp_path)]) == 0
    assert "does not exist yet" in capsys.readouterr().out
