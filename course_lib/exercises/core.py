"""The machinery behind every exercise: checks that name the likely mistake, and solutions on demand.

An exercise is a function the learner writes in a notebook cell. Its check cell calls e.g.
`check_sigmoid(sigmoid)` and shows one of three results:

    ✅ pass      everything the check tried was right
    ❌ fail      a message naming the likely mistake, without giving the answer away
    ⏳ not done  the stub is untouched (it raises NotImplementedError or returns None / ...)

so the notebook as shipped (with stubs) still runs top to bottom. `show_solution("sigmoid")` prints the
reference solution; `all_solutions()` lists them all for instructors (also written to SOLUTIONS.md).

Writing a check (in course_lib/exercises/lessonNN.py):

    @exercise("sigmoid", lesson="03", solution=_sigmoid_solution)
    def check_sigmoid(candidate):
        out = call(candidate, np.array([0.0]))
        if not np.allclose(out, 0.5):
            raise Mistake("sigmoid(0) should be 0.5 ...")

Inside a check, `call(...)` runs the learner's function and turns "not written yet" into NotDone;
raise `Mistake(message)` to report a specific error.
"""

from __future__ import annotations

import inspect
import re
import textwrap
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import tr


class Mistake(Exception):
    """Raised by a check: the learner's answer is wrong in the way the message describes."""


class NotDone(Exception):
    """Raised when the learner's function is still the stub."""


@dataclass
class CheckResult:
    """What a check cell displays. status is 'pass', 'fail' or 'not done'."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __repr__(self):
        icon = {"pass": "✅", "fail": "❌", "not done": "⏳"}[self.status]
        return f"{icon} {self.exercise}: {self.message}"

    __str__ = __repr__


@dataclass
class Exercise:
    name: str
    lesson: str
    check: Callable
    solution: Callable
    hint: str | Callable[[], str] = ""


REGISTRY: dict[str, Exercise] = {}
_LAST_RESULT: list = [None]  # what the learner's function returned last (named when a check cannot use it)


def call(candidate, *args, **kwargs):
    """Run the learner's function; a stub (NotImplementedError, None or Ellipsis result) becomes NotDone.

    Any other exception is reported as a Mistake with the exception and the line of the learner's code.
    Arguments are copied so a function that changes its input in place cannot corrupt the next try.
    """
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = candidate(*args, **kwargs)
    except NotImplementedError:
        raise NotDone() from None
    except Exception as exc:  # the learner's code failed: say how, briefly
        frames = traceback.extract_tb(exc.__traceback__)
        where = (tr(" (line {lineno}: `{line}`)", lineno=frames[-1].lineno, line=frames[-1].line)
                 if len(frames) > 1 and frames[-1].line else "")
        raise Mistake(tr("your function raised {error}: {message}{where}", error=type(exc).__name__, message=exc,
                         where=where)) from None
    if result is None or result is Ellipsis:
        raise NotDone()
    _LAST_RESULT[0] = result
    return result


def exercise(name: str, lesson: str, solution: Callable, hint: str | Callable[[], str] = ""):
    """Register a check function under `name`; the decorated function becomes the check learners call.

    `hint` (added after a mistake's message) is a text, or a function giving it in the current language,
    e.g. `hint=lambda: tr("look at the sign.")`: a tr(...) written directly would be translated once, at import.
    """

    def register(check_fn):
        def run_check(candidate=None) -> CheckResult:
            if candidate is None or not callable(candidate):
                return CheckResult(name, "not done", tr("pass your function itself, e.g. check_{name}({name}).",
                                                        name=name))
            _LAST_RESULT[0] = None
            try:
                with np.errstate(all="ignore"):  # inf / NaN in a wrong answer: the message says what is wrong
                    check_fn(candidate)
            except NotDone:
                return CheckResult(name, "not done", tr("not done yet: fill in the function above, run its cell, "
                                                        "then run this check again."))
            except Mistake as m:
                text = hint() if callable(hint) else hint
                return CheckResult(name, "fail", str(m) + (tr(" Hint: {hint}", hint=text) if text else ""))
            except Exception as exc:  # a result of a kind the check did not expect (a number for an array, ...)
                return CheckResult(name, "fail", unusable_result_message(_LAST_RESULT[0], exc))
            return CheckResult(name, "pass", tr("correct, well done!"))

        run_check.__name__ = check_fn.__name__
        run_check.__doc__ = check_fn.__doc__
        REGISTRY[name] = Exercise(name, lesson, run_check, solution, hint)
        return run_check

    return register


def unusable_result_message(result, exc) -> str:
    """The answer when a check could not even compare the learner's result: what came back, and what to look at."""
    from course_lib.validation import describe

    if isinstance(result, np.ndarray | list | tuple):
        shape = np.shape(result) if not isinstance(result, list | tuple) or _regular(result) else tr("ragged")
        what = tr("{kind} of shape {shape}", kind=type(result).__name__, shape=shape)
    else:
        what = describe(result)
    return tr("your function returned {what}, which the check could not use ({error}: {message}). Compare "
              "its type and shape with what the exercise asks for (print it), then run the check again.",
              what=what, error=type(exc).__name__, message=exc)


def _regular(items) -> bool:
    try:
        np.asarray(items, dtype=float)
        return True
    except (TypeError, ValueError):
        return False


def solution_source(name: str) -> str:
    """The reference solution's code as text."""
    if not isinstance(name, str) or name not in REGISTRY:
        _load_all()
    if not isinstance(name, str) or name not in REGISTRY:
        raise _unknown_exercise(name)
    source = textwrap.dedent(inspect.getsource(REGISTRY[name].solution))
    # The reference is stored as _name_solution; show it under the name the learner writes.
    return re.sub(r"^def \w+\(", f"def {name}(", source, count=1, flags=re.MULTILINE)


def _unknown_exercise(name):
    import difflib

    from course_lib.validation import CourseKeyError

    close = difflib.get_close_matches(str(name), REGISTRY, n=1)
    hint = tr(" Did you mean {close!r}?", close=close[0]) if close else ""
    return CourseKeyError(tr("No exercise called {name!r}.{hint} Exercises: {names}.", name=name, hint=hint,
                             names=", ".join(sorted(REGISTRY))))


def show_solution(name: str):
    """Print the reference solution of exercise `name` (try on your own first!)."""
    print(solution_source(name))


SOLUTIONS_FILES = {"en": "SOLUTIONS.md", "ko": "SOLUTIONS.ko.md"}  # what all_solutions(language) is written to


def all_solutions(language: str | None = None) -> str:
    """Every exercise's solution and every quiz answer, grouped by lesson, as Markdown (what SOLUTIONS.md contains).

    `language` "ko" gives the Korean edition (SOLUTIONS.ko.md): headings and fixed texts in Korean, the quiz
    answers from the Korean question bank (English where a question has no Korean version yet); the code of
    the solutions is the same. Default: the current language (course_lib.set_language), English unless switched.
    """
    from course_lib.i18n import get_language, set_language

    previous = get_language()
    if language is not None:
        set_language(language)
    try:
        return _all_solutions()
    finally:
        set_language(previous)


def _all_solutions() -> str:
    from course_lib.i18n import get_language
    from course_lib.questions import answers_markdown

    _load_all()
    command = "python -m course_lib.exercises" + ("" if get_language() == "en" else f" --language {get_language()}")
    parts = [tr("# Exercise solutions and quiz answers (for instructors)"), "",
             tr("Generated from course_lib/exercises and course_lib/questions.py by `{command}`; do not edit by hand.",
                command=command), ""]
    for lesson in sorted({ex.lesson for ex in REGISTRY.values()}):
        parts.append(tr("## Lesson {lesson}", lesson=lesson))
        parts.append("")
        for ex in sorted((e for e in REGISTRY.values() if e.lesson == lesson), key=lambda e: e.name):
            parts += [f"### `{ex.name}`", "", "```python", solution_source(ex.name).rstrip(), "```", ""]
        answers = answers_markdown(lesson)
        if answers:
            parts.append(answers)
    ideas = answers_markdown("pg", heading=tr("Ideas to try"))
    parts += [tr("## The playground notebook"), "", ideas]
    return "\n".join(parts)


def _load_all():
    """Import every lesson module so all exercises are registered."""
    import importlib
    import pkgutil

    import course_lib.exercises as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("lesson"):
            importlib.import_module(f"course_lib.exercises.{info.name}")


# ---------------------------------------------------------------------------------------------
# Small helpers for writing checks
# ---------------------------------------------------------------------------------------------
def as_array(value, what=None):
    """The learner's result as a float array, or a Mistake saying what came back instead."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(tr("{what} returned {kind}, not numbers.", what=tr("your function") if what is None else what,
                         kind=type(value).__name__)) from None
    return arr


def close(a, b, tol=1e-6):
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=tol, atol=tol)
