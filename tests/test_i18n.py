"""The language switch and the Korean message catalog (course_lib/i18n.py, course_lib/locale/ko)."""

import ast
from pathlib import Path

import pytest

import course_lib
from course_lib import i18n
from course_lib.i18n import POError, catalog_path, get_language, parse_po, placeholders, set_language, tr
from course_lib.validation import CourseError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def messages_in_code() -> dict[str, list[str]]:
    """Every tr("...") message written in course_lib, with where it is used. A tr call must name a literal."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
                    f"{where}: tr() needs a literal English message (extracted for the catalog)"
                found.setdefault(first.value, []).append(where)
    return found


def korean_entries():
    return i18n.catalog_entries("ko")


# ---------------------------------------------------------------------------------------------
# The catalog is complete and consistent
# ---------------------------------------------------------------------------------------------
def test_every_message_in_the_code_has_a_korean_translation():
    translated = {e.msgid for e in korean_entries() if e.msgstr and not e.fuzzy}
    missing = {m: w for m, w in messages_in_code().items() if m not in translated}
    assert not missing, f"add to a catalog in {catalog_path('ko').parent.relative_to(ROOT)}: {missing}"


def test_the_catalog_has_no_entry_the_code_no_longer_uses():
    used = messages_in_code()
    obsolete = [e.msgid for e in korean_entries() if e.msgid not in used]
    assert not obsolete, f"remove (or use) these catalog entries: {obsolete}"


def test_no_entry_is_empty_fuzzy_or_duplicated():
    entries = korean_entries()
    assert entries
    assert [e.msgid for e in entries if not e.msgstr.strip()] == []
    assert [e.msgid for e in entries if e.fuzzy] == []
    ids = [e.msgid for e in entries]
    assert len(ids) == len(set(ids))


def test_placeholders_of_english_and_korean_agree():
    wrong = {e.msgid: e.msgstr for e in korean_entries() if placeholders(e.msgid) != placeholders(e.msgstr)}
    assert not wrong, f"the Korean text must use the same {{placeholders}}: {wrong}"


def test_korean_text_is_korean():
    untranslated = [e.msgid for e in korean_entries() if not any("\uac00" <= ch <= "\ud7a3" for ch in e.msgstr)]
    assert not untranslated, f"msgstr holds no Hangul: {untranslated}"


def test_placeholder_check_catches_a_renamed_or_missing_field():
    assert placeholders("{name} got {x!r}") == placeholders("받은 값 {x!r}: {name}")
    assert placeholders("{name} got {x!r}") != placeholders("{name} got {x}")
    assert placeholders("{name} got {x!r}") != placeholders("{name}")
    assert placeholders("{a:.3g}") != placeholders("{a}")


# ---------------------------------------------------------------------------------------------
# The switch
# ---------------------------------------------------------------------------------------------
def test_english_is_the_default_and_tr_returns_the_english_text_unchanged():
    assert get_language() == "en"
    assert tr("correct, well done!") == "correct, well done!"
    assert tr("pass your function itself, e.g. check_{name}({name}).", name="relu") == \
        "pass your function itself, e.g. check_relu(relu)."
    assert tr("a {brace} without fields stays") == "a {brace} without fields stays"


def test_korean_switch_translates_and_fills_placeholders():
    course_lib.set_language("ko")
    assert course_lib.get_language() == "ko"
    assert tr("correct, well done!") == "정답입니다. 잘했어요!"
    assert tr("{name} must be a number, got {x!r}.", name="x", x="a") == "x에는 숫자가 와야 합니다. 받은 값: 'a'."
    assert tr("not in the catalog {x}", x=1) == "not in the catalog 1"  # falls back to English
    set_language("EN")
    assert tr("correct, well done!") == "correct, well done!"


@pytest.mark.parametrize("bad", ["kr", "", None, 3, "korean"])
def test_an_unknown_language_is_a_course_error(bad):
    with pytest.raises(CourseError, match="'ko'"):
        set_language(bad)
    assert get_language() == "en"


def test_exercise_feedback_in_both_languages():
    from course_lib.exercises.core import Mistake, call, exercise

    def stub(x):
        raise NotImplementedError

    @exercise("i18n_demo", lesson="zz", solution=stub, hint="look at the sign.")
    def check_i18n_demo(candidate):
        if call(candidate, 1) != 2:
            raise Mistake("f(1) should be 2.")

    try:
        assert str(check_i18n_demo(stub)) == ("⏳ i18n_demo: not done yet: fill in the function above, run its cell, "
                                              "then run this check again.")
        assert str(check_i18n_demo(lambda x: x + 1)) == "✅ i18n_demo: correct, well done!"
        assert str(check_i18n_demo(lambda x: x)) == "❌ i18n_demo: f(1) should be 2. Hint: look at the sign."
        set_language("ko")
        assert str(check_i18n_demo(stub)).startswith("⏳ i18n_demo: 아직 작성하지 않았습니다.")
        assert str(check_i18n_demo(lambda x: x + 1)) == "✅ i18n_demo: 정답입니다. 잘했어요!"
        assert str(check_i18n_demo(lambda x: x)) == "❌ i18n_demo: f(1) should be 2. 힌트: look at the sign."
        crashed = str(check_i18n_demo(lambda x: 1 / 0))
        assert "ZeroDivisionError 오류가 났습니다: division by zero (" in crashed and "번째 줄: `" in crashed
    finally:
        from course_lib.exercises.core import REGISTRY

        REGISTRY.pop("i18n_demo", None)


def test_portable_numbers_errors_in_korean():
    from course_lib.portable_numbers import below

    with pytest.raises(CourseError, match="limit must be positive"):
        below(1.0, -1)
    set_language("ko")
    with pytest.raises(CourseError, match="limit에는 양수가 와야 합니다"):
        below(1.0, -1)


# ---------------------------------------------------------------------------------------------
# The .po reader
# ---------------------------------------------------------------------------------------------
PO = r'''# a comment
msgid ""
msgstr ""
"Language: ko\n"

#: here.py:1
msgid "one line"
msgstr "한 줄"

msgid ""
"continued "
"over lines with \"quotes\"\n"
msgstr "이어지는 \"따옴표\"\n"
"문자열"

#, fuzzy
msgid "unsure"
msgstr "확실하지 않음"

msgctxt "button"
msgid "Play"
msgstr "재생"

msgid "not translated yet"
msgstr ""

#~ msgid "old"
#~ msgstr "옛것"
'''


def test_parse_po_reads_entries_continuations_escapes_and_flags():
    entries = {e.msgid: e for e in parse_po(PO)}
    assert "" not in entries and "old" not in entries
    assert entries["one line"].msgstr == "한 줄" and entries["one line"].references == ["here.py:1"]
    assert entries['continued over lines with "quotes"\n'].msgstr == '이어지는 "따옴표"\n문자열'
    assert entries["unsure"].fuzzy
    assert entries["Play"].msgctxt == "button" and entries["Play"].msgstr == "재생"
    assert entries["not translated yet"].msgstr == ""


def test_the_loaded_catalog_leaves_out_fuzzy_and_untranslated(tmp_path, monkeypatch):
    (tmp_path / "ko" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ko" / "LC_MESSAGES" / "course_lib.po").write_text(PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalog.cache_clear()
    try:
        loaded = i18n.catalog("ko")
        assert loaded["one line"] == "한 줄"
        assert "unsure" not in loaded and "not translated yet" not in loaded
    finally:
        i18n.catalog.cache_clear()


def test_every_po_file_of_the_language_is_read(tmp_path, monkeypatch):
    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "course_lib.po").write_text('msgid "first"\nmsgstr "첫째"\n', encoding="utf-8")
    (folder / "widgets.po").write_text('msgid "Play"\nmsgstr "재생"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("ko") == {"first": "첫째", "Play": "재생"}
    finally:
        i18n.catalog.cache_clear()


@pytest.mark.parametrize("text, problem", [
    ('msgstr "no id"\n', "without a msgid"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', "plural"),
    ('msgid "a"\nmsgstr unquoted\n', "quoted string"),
    ('"stray"\n', "continues no"),
    ('msgid "a"\nmsgstr "b"\nnonsense\n', "cannot read"),
])
def test_parse_po_names_the_line_of_a_broken_file(text, problem):
    with pytest.raises(POError, match=problem):
        parse_po(text)


# ---------------------------------------------------------------------------------------------
# Korean particles after a value
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("written, read", [
    ("'relu'은(는) 없습니다", "'relu'는 없습니다"),          # a vowel sound: 렐루는
    ("'adam'을(를) 쓰세요", "'adam'을 쓰세요"),             # ends in m: 아담을
    ("학습률 0.5이(가) 큽니다", "학습률 0.5가 큽니다"),      # 오: no final consonant
    ("3이(가) 아니라", "3이 아니라"),                       # 삼
    ("0.1(으)로 바꿨습니다", "0.1로 바꿨습니다"),            # 일: ㄹ takes 로
    ("층 10개와(과) 모델(으)로", "층 10개와 모델로"),
    ("★은(는)", "★은(는)"),                                # cannot tell: both forms stay
])
def test_korean_particles_follow_the_value_before_them(written, read):
    from course_lib.i18n import with_particles

    assert with_particles(written) == read


def test_tr_chooses_the_particle_once_the_value_is_in(monkeypatch):
    monkeypatch.setitem(i18n.catalog("ko"), "{name!r} is unknown.", "{name!r}은(는) 없는 이름입니다.")
    set_language("ko")
    assert tr("{name!r} is unknown.", name="relu") == "'relu'는 없는 이름입니다."
    assert tr("{name!r} is unknown.", name="adam") == "'adam'은 없는 이름입니다."
    set_language("en")
    assert tr("{name!r} is unknown.", name="adam") == "'adam' is unknown."
