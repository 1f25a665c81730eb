"""The Korean question bank (course_lib/questions_ko.py) matches the English one question by question."""

import pytest

import course_lib
from course_lib.questions import QUESTIONS, MultipleChoice, get_question
from course_lib.questions_ko import QUESTIONS_KO


def hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    course_lib.set_language("en")


def test_every_question_has_its_korean_version_in_the_same_order():
    assert list(QUESTIONS_KO) == list(QUESTIONS), "add the Korean version of a new question to questions_ko.py"


@pytest.mark.parametrize("qid", list(QUESTIONS_KO))
def test_a_korean_question_has_the_english_shape_and_is_korean(qid):
    en, ko = QUESTIONS[qid], QUESTIONS_KO[qid]
    assert type(ko) is type(en)
    assert hangul(ko.question)
    if isinstance(en, MultipleChoice):
        assert len(ko.options) == len(en.options) and ko.answer == en.answer
        assert hangul(ko.explanation)
    else:
        assert hangul(ko.answer)


def test_the_language_switch_picks_the_korean_question():
    qid = next(iter(QUESTIONS_KO), None)
    if qid is None:
        pytest.skip("no Korean question yet")
    assert get_question(qid) is QUESTIONS[qid]
    course_lib.set_language("ko")
    assert get_question(qid) is QUESTIONS_KO[qid]
