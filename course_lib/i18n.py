"""The library's language: English (the default) or Korean, for the whole process.

    import course_lib
    course_lib.set_language("ko")     # feedback, errors (and later widgets, plots) in Korean
    course_lib.get_language()         # 'ko'

Messages are written in English in the code, wrapped in `tr`, and looked up in a gettext catalog:

    tr("correct, well done!")
    tr("pass your function itself, e.g. check_{name}({name}).", name=name)

Placeholders are Python format fields ({name}, {value!r}, {x:.3g}); the Korean text may put them in another
order but must use the same ones (tests/test_i18n.py checks). In English `tr` returns exactly what the old
f-string gave, so stored notebook outputs do not change. A message without placeholders is returned as is
(its braces are not format fields).

Catalogs: course_lib/locale/ko/LC_MESSAGES/*.po, one per area (course_lib.po: feedback, core.po: the core
library's errors and printed text, exercises.po, widgets.po, figures.po), in the ecosystem's gettext format
(msgid = the English text, msgstr = the Korean), edited with any PO editor or a text editor. They are read at run
time by the small parser below, so there is no compiled .mo file to keep in step and no build step (Colab installs
from git). tests/test_i18n.py lists any message of the code without a Korean entry, entries no longer used, and
entries whose placeholders differ.

Korean particles after a value are written with both forms in the catalog ("{name!r}은(는)") and chosen by
`with_particles` once the value is in ("'relu'는", "'adam'은").

Quiz and reveal texts are long, structured course content rather than short messages: they live in
course_lib/questions_ko.py (same ids, options and answers as questions.py), picked by questions.get_question.
"""

from __future__ import annotations

import ast
import re
import string
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "course_lib"

_STATE = {"language": DEFAULT_LANGUAGE}


def set_language(language: str) -> None:
    """Switch the library's messages to "ko" (Korean) or "en" (English, the default) for the whole process.

    Korean text renders in figures and live pictures in either language (the Korean font ships with the
    package); switching to Korean makes sure matplotlib's font list still ends with it.
    """
    from course_lib.validation import CourseError

    if not isinstance(language, str) or language.lower() not in LANGUAGES:
        raise CourseError(tr("set_language takes 'ko' (한국어) or 'en' (English), got {language!r}.",
                             language=language))
    _STATE["language"] = language.lower()
    if _STATE["language"] != "en":
        from course_lib import fonts

        fonts.use_in_matplotlib()


def get_language() -> str:
    """'en' or 'ko'."""
    return _STATE["language"]


def tr(msgid: str, /, **fields) -> str:
    """`msgid` (English) in the current language, with `fields` filled into its {placeholders}.

    A message missing from the catalog falls back to English (the tests make sure none is missing).
    """
    text = msgid
    if _STATE["language"] != "en":
        text = catalog(_STATE["language"]).get(msgid) or msgid
    if not fields:
        return text
    text = text.format(**fields)
    return with_particles(text) if _STATE["language"] == "ko" else text


# ---------------------------------------------------------------------------------------------
# Korean particles after a value: "{name}은(는)" becomes "relu는" or "adam은"
# ---------------------------------------------------------------------------------------------
# Which form a particle takes depends on the sound the word before it ends in (a final consonant or not), and a
# message does not know its values in advance. The catalog writes both forms, 이(가), and they are chosen here once
# the values are in. A value ending in something unreadable (a symbol) keeps both forms, which is always correct.
PARTICLES = {  # written form: (after a final consonant, after a vowel)
    "이(가)": ("이", "가"), "가(이)": ("이", "가"), "을(를)": ("을", "를"), "를(을)": ("을", "를"),
    "은(는)": ("은", "는"), "는(은)": ("은", "는"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
    "으로(로)": ("으로", "로"), "(으)로": ("으로", "로"), "(이)라": ("이라", "라"), "(이)다": ("이다", "다"),
}
_PARTICLE = re.compile("|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True)))
_CLOSING = "'\"`)]}>’”"
_DIGIT_FINALS = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}  # 영 일 삼 육 칠 팔; 이 사 오 구
_LATIN_FINALS = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ"}  # adam, spiral, tanh's n... read as 아담, 스파이럴


def final_sound(text: str) -> str | None:
    """'' when `text` ends in a vowel sound, a consonant ('ㄹ' matters for (으)로), None when it cannot be told."""
    stripped = text.rstrip(_CLOSING + " ")
    if not stripped:
        return None
    last = stripped[-1]
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        return "" if final == 0 else ("ㄹ" if final == 8 else "ㅇ")
    if last.isdigit():
        return _DIGIT_FINALS.get(last, "")
    if last.isascii() and last.isalpha():
        if stripped.lower().endswith("ng"):
            return "ㅇ"
        return _LATIN_FINALS.get(last.lower(), "")
    return None


def with_particles(text: str) -> str:
    """Resolve every "이(가)"-style particle in `text` by the sound before it."""
    def choose(match):
        sound = final_sound(text[:match.start()])
        if sound is None:
            return match.group(0)
        consonant, vowel = PARTICLES[match.group(0)]
        if consonant == "으로" and sound == "ㄹ":  # 로 after ㄹ: 모델로, 1로 (일로)
            return vowel
        return consonant if sound else vowel
    return _PARTICLE.sub(choose, text)


# ---------------------------------------------------------------------------------------------
# Reading .po files
# ---------------------------------------------------------------------------------------------
def catalog_path(language: str) -> Path:
    """The main catalog file of a language (feedback and general messages)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_paths(language: str) -> list[Path]:
    """Every catalog file of a language: course_lib.po plus one file per area (errors.po, widgets.po, ...).

    Several files so that messages of different parts of the library are easy to find and can be edited in
    parallel; a msgid must appear in only one of them (tests/test_i18n.py checks).
    """
    return sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"))


def catalog_entries(language: str) -> list[Entry]:
    """The entries of all of a language's catalog files, in file order."""
    return [e for path in catalog_paths(language) for e in parse_po(path.read_text(encoding="utf-8"))]


@lru_cache(maxsize=4)
def catalog(language: str) -> dict[str, str]:
    """msgid -> msgstr of a language's catalogs (untranslated and fuzzy entries left out)."""
    return {e.msgid: e.msgstr for e in catalog_entries(language) if e.msgstr and not e.fuzzy}


class Entry:
    """One message of a .po file."""

    __slots__ = ("flags", "line", "msgctxt", "msgid", "msgstr", "references")

    def __init__(self, line: int):
        self.line, self.msgid, self.msgstr, self.msgctxt = line, "", "", None
        self.flags: set[str] = set()
        self.references: list[str] = []

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def __repr__(self):
        return f"Entry(line={self.line}, msgid={self.msgid!r}, msgstr={self.msgstr!r})"


class POError(ValueError):
    """A .po file that does not follow the format (the message names the line)."""


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file, header (msgid "") excluded.

    Handles what the course's catalogs use: '#' comments, '#:' references, '#,' flags, msgctxt, msgid and
    msgstr with strings continued over several lines, and C escapes (\\n, \\t, \\", \\\\). Plural forms
    (msgid_plural) are rejected: write the number into the sentence with a placeholder instead.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    field = None
    pending_flags: set[str] = set()
    pending_refs: list[str] = []

    def finish():
        if current is not None and current.msgid:
            entries.append(current)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#:"):
                pending_refs += line[2:].split()
            elif line.startswith("#~"):
                field = None  # obsolete entry: ignored
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid"):
            if keyword == "msgctxt" or current is None or field != "msgctxt":
                finish()
                current = Entry(number)
                current.flags, current.references = pending_flags, pending_refs
                pending_flags, pending_refs = set(), []
            field = keyword
            setattr(current, keyword, _po_string(rest, number))
        elif keyword == "msgstr":
            if current is None or field not in ("msgid", "msgctxt"):
                raise POError(f"line {number}: msgstr without a msgid before it")
            field = "msgstr"
            current.msgstr = _po_string(rest, number)
        elif keyword.startswith("msgid_plural") or keyword.startswith("msgstr["):
            raise POError(f"line {number}: plural forms are not used in the course's catalogs")
        elif line.startswith('"'):
            if current is None or field is None:
                raise POError(f"line {number}: a string continues no msgid / msgstr")
            setattr(current, field, getattr(current, field) + _po_string(line, number))
        else:
            raise POError(f"line {number}: cannot read {raw!r}")
    finish()
    return entries


def _po_string(token: str, number: int) -> str:
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise POError(f"line {number}: expected a quoted string, got {token!r}")
    try:
        # A PO string is a C string literal; for the escapes PO uses, Python's literal syntax agrees.
        value = ast.literal_eval(token)
    except (SyntaxError, ValueError):
        raise POError(f"line {number}: bad string {token!r}") from None
    return value


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The format fields of a message, sorted: (name, conversion, format spec) each. Raises on bad braces."""
    return sorted((name, conversion or "", spec or "")
                  for _, name, spec, conversion in string.Formatter().parse(text) if name is not None)
