"""Check-your-understanding questions live in course_lib.questions; a lesson shows them by id, never their answers.

Also: instructor notes are speaker-notes cells, collapsed under "For instructors" in the learner's notebook.
"""

import ast
import json
import re
from pathlib import Path

import pytest

from course_lib.questions import ID_PATTERN, QUESTIONS, MultipleChoice, OpenQuestion, answers_markdown, get_question
from course_lib.validation import CourseError
from course_lib.widgets import Quiz, Reveal

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def code_cells(path):
    return ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]


def squash(text):
    """Whitespace-insensitive and quote-insensitive form, so a string split over lines is still found."""
    return re.sub(r"[\s\"'+()\\]", "", text)


def question_prefix(path):
    """The id prefix of a notebook's questions: its lesson number, or "pg" for the playground notebook."""
    return "pg" if path.stem == "playground" else path.name[:2]


def quiz_calls(source):
    """(function name, positional arguments, keyword names) of every Quiz(...) / Reveal(...) call in a cell."""
    return [(node.func.id, node.args, [k.arg for k in node.keywords])
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Quiz", "Reveal")]


def answers_of(question):
    if isinstance(question, MultipleChoice):
        return [question.explanation]
    return [question.answer]


def test_the_bank_is_well_formed():
    assert len(QUESTIONS) >= 40
    for qid, q in QUESTIONS.items():
        assert ID_PATTERN.match(qid), qid
        assert q.question.strip()
        if isinstance(q, MultipleChoice):
            assert len(q.options) >= 2 and 0 <= q.answer < len(q.options), qid
            assert q.explanation.strip(), f"{qid}: say why the answer is right"
        else:
            assert isinstance(q, OpenQuestion) and q.answer.strip(), qid


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_contains_a_quiz_answer(path):
    """Every Quiz / Reveal in a lesson names a question of the bank by id; no code cell holds an answer."""
    sources = code_cells(path)
    for source in sources:
        for name, args, keywords in quiz_calls(source):
            assert not keywords, f"{path.name}: {name}(...) with {keywords}: give only the question's id"
            assert len(args) == 1 and isinstance(args[0], ast.Constant), f"{path.name}: {name} takes one id"
            qid = args[0].value
            kind = MultipleChoice if name == "Quiz" else OpenQuestion
            assert isinstance(get_question(qid), kind), f"{path.name}: {qid} is not shown with {name}"
            assert qid.startswith(question_prefix(path) + "-"), f"{path.name} asks {qid}, a question of another lesson"
    text = squash("\n".join(sources))
    for qid, q in QUESTIONS.items():
        for answer in answers_of(q):
            assert squash(answer) not in text, f"{path.name}: a code cell holds the answer of {qid}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_output_shows_an_answer(path):
    outputs = json.dumps([c.get("outputs", []) for c in cells(path)], ensure_ascii=False)
    text = squash(json.loads(json.dumps(outputs)))
    for qid, q in QUESTIONS.items():
        for answer in answers_of(q):
            assert squash(answer)[:60] not in text, f"{path.name}: an output shows the answer of {qid}"


def test_every_question_is_asked_in_its_lesson_once():
    asked = []
    for path in NOTEBOOKS:
        for source in code_cells(path):
            asked += [args[0].value for _, args, _ in quiz_calls(source)]
    assert sorted(asked) == sorted(QUESTIONS), "every question of the bank appears exactly once in the lessons"


def test_quiz_and_reveal_by_id_show_the_question_and_keep_the_answer():
    quiz = Quiz("00-count-layers")
    stored = QUESTIONS["00-count-layers"]
    assert quiz.id == "00-count-layers" and quiz.question == stored.question
    assert stored.explanation not in repr(quiz) and repr(quiz).startswith(stored.question)
    assert quiz.check(stored.answer).startswith("✅") and stored.explanation in quiz.check(stored.answer)
    assert quiz.check((stored.answer + 1) % len(stored.options)).startswith("❌")
    reveal = Reveal("05-minibatch")
    assert QUESTIONS["05-minibatch"].answer not in repr(reveal)
    assert reveal.answer == QUESTIONS["05-minibatch"].answer


def test_own_questions_still_work():
    quiz = Quiz("2 + 2?", ["3", "4"], answer=1, explanation="Arithmetic.")
    assert quiz.id is None and quiz.check(1).startswith("✅")
    assert Reveal("Why?", "Because.").answer == "Because."


def test_wrong_ids_get_clear_errors():
    with pytest.raises(CourseError, match="Questions of lesson 05: 05-zero-gradient"):
        Quiz("05-no-such-question")
    with pytest.raises(CourseError, match=r"Reveal\('05-minibatch'\)"):
        Quiz("05-minibatch")
    with pytest.raises(CourseError, match=r"Quiz\('05-zero-gradient'\)"):
        Reveal("05-zero-gradient")
    with pytest.raises(CourseError, match="question id"):
        Quiz("Is this a question?", ["yes", "no"])


def test_solutions_file_gives_every_answer():
    solutions = (ROOT / "SOLUTIONS.md").read_text(encoding="utf-8")
    for qid, q in QUESTIONS.items():
        assert f"`{qid}`" in solutions
        for answer in answers_of(q):
            assert answer in solutions, f"SOLUTIONS.md lacks the answer of {qid}"
    assert answers_markdown("00").startswith("### Check your understanding")
    assert answers_markdown("99") == ""


NOTE_WORDS = re.compile(r"^\W*(teaching tip|speaker notes?|instructor|live demo idea|on the projector)", re.I)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_instructor_notes_are_notes_cells_collapsed_for_learners(path):
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        is_note = cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"
        if is_note:
            assert text.startswith("<details><summary><b>For instructors</b>") and text.rstrip().endswith(
                "</details>"), f"{path.name} cell {i}: wrap the note in a collapsed 'For instructors' block"
        else:
            assert not NOTE_WORDS.search(text), f"{path.name} cell {i}: an instructor note outside a notes cell"
