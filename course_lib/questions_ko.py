"""The Korean edition of the question bank (course_lib/questions.py): the same ids, the same options in the same
order, the same right answer; only the words are Korean.

`get_question` in questions.py picks from here when `course_lib.set_language("ko")` is on, so Quiz("05-zero-gradient")
and Reveal("05-minibatch") ask in Korean, and `answers_markdown(lesson)` writes SOLUTIONS.ko.md's answers.
tests/test_questions_ko.py checks that every question has a Korean version with the same shape.

Write as a teacher asks a class (합니다/하세요 style); terms follow GLOSSARY.md; numbers, formulas and code names
stay as they are in English.
"""

from __future__ import annotations

from course_lib.questions import MultipleChoice, OpenQuestion

QUESTIONS_KO: dict[str, MultipleChoice | OpenQuestion] = {
    # --- lesson 00 -------------------------------------------------------------------------------------------------
    "00-count-layers": MultipleChoice(
        question="입력 4개, 뉴런 8개짜리 은닉층 2개, 출력 3개로 이루어진 신경망이 있습니다. 이 강좌의 방식으로 "
                 "세면 층은 몇 개인가요?",
        options=["2", "3", "4", "5"],
        answer=1,
        explanation="은닉층, 은닉층, 출력층으로 3개입니다. 입력층은 데이터를 담기만 하고 가중치가 없습니다.",
    ),
    "00-weight-shape": MultipleChoice(
        question="층 [2]는 뉴런이 8개이고 층 [1]의 출력 16개를 입력으로 받습니다. course_lib에서 W[2]의 모양은 "
                 "무엇인가요?",
        options=["(m, 8)", "(16, 8)", "(8,)", "(8, 16)"],
        answer=3,
        explanation="층의 뉴런마다 행이 하나, 입력마다 열이 하나이므로 (n_2, n_1) = (8, 16)입니다.",
    ),
    "00-output-shape": MultipleChoice(
        question="X에 특성이 5개인 샘플 m = 100개가 코드 방식으로 들어 있습니다. 뉴런 3개짜리 층에서 X @ W.T + b의 "
                 "모양은 무엇인가요?",
        options=["(100, 5)", "(3, 100)", "(100, 3)", "(5, 3)"],
        answer=2,
        explanation="(100, 5) @ (5, 3)은 (100, 3)이고, 모양이 (3,)인 b는 100개의 행 각각에 더해집니다.",
    ),
    "00-notes-to-code": OpenQuestion(
        question="노트에서는 샘플을 열로 놓고 층을 Z = W X + b로 씁니다. 노트의 Z에서 코드의 Z를 어떻게 얻을 수 "
                 "있을까요?",
        answer="전치하면 됩니다. Z_code = Z_notesᵀ입니다. 코드의 X는 노트의 X를 전치한 것이고, (W X + b)ᵀ = Xᵀ Wᵀ + "
               "bᵀ이기 때문입니다.",
    ),

    # --- lesson 01 -------------------------------------------------------------------------------------------------

    # --- lesson 02 -------------------------------------------------------------------------------------------------

    # --- lesson 03 -------------------------------------------------------------------------------------------------

    # --- lesson 04 -------------------------------------------------------------------------------------------------

    # --- lesson 05 -------------------------------------------------------------------------------------------------

    # --- lesson 06 -------------------------------------------------------------------------------------------------

    # --- lesson 07 -------------------------------------------------------------------------------------------------

    # --- lesson 08 -------------------------------------------------------------------------------------------------

    # --- lesson 09 -------------------------------------------------------------------------------------------------

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
