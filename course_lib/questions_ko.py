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

    # --- lesson 01 -------------------------------------------------------------------------------------------------

    # --- lesson 02 -------------------------------------------------------------------------------------------------

    # --- lesson 03 -------------------------------------------------------------------------------------------------

    # --- lesson 04 -------------------------------------------------------------------------------------------------

    # --- lesson 05 -------------------------------------------------------------------------------------------------
    "05-zero-gradient": MultipleChoice(
        question="기본 SGD가 기울기가 0인 점에 멈춰 섰습니다. 여기서 무엇을 결론 내릴 수 있을까요?",
        options=[
            "최솟값이나 최댓값, 안장점 중 하나에 있지만, 그곳이 가장 낮은 점이라는 보장은 없다.",
            "전역 최솟값을 찾았다.",
            "학습률이 너무 컸다.",
        ],
        answer=0,
        explanation="기울기가 0이라는 것은 그 자리의 땅이 평평하다는 뜻일 뿐입니다. "
                    "두 최솟값 곡면에는 그런 최솟값이 두 개 있습니다(그 사이에 언덕도 하나 있습니다).",
    ),
    "05-adagrad-rate": MultipleChoice(
        question="Adagrad가 잡음 섞인 미니배치 기울기로 오랫동안 학습합니다. 유효 학습률은 어떻게 될까요?",
        options=[
            "일정하게 유지된다.",
            "기울기가 작아지므로 커진다.",
            "대략 1/sqrt(t)처럼 0을 향해 계속 줄어든다.",
        ],
        answer=2,
        explanation="G는 기울기 제곱을 모두 더해 가므로 커지기만 합니다. RMSprop의 이동 평균이 이 문제를 해결합니다.",
    ),
    "05-adam-first-step": MultipleChoice(
        question="Adam의 첫 걸음(t = 1)에서 g = 0.5이면, 편향 보정을 한 m̂은 얼마일까요?",
        options=["0.5", "0.05", "0.45"],
        answer=0,
        explanation="m = (1 − 0.9)·0.5 = 0.05이고, 이를 1 − 0.9¹ = 0.1로 나누면 정확히 0.5가 됩니다.",
    ),
    "05-minibatch": OpenQuestion(
        question="크기 32인 미니배치가 예제 50 000개 전체를 쓰는 배치보다 대개 더 남는 장사인 이유는 무엇일까요?",
        answer="미니배치의 기울기는 잡음이 섞여 있지만 편향되지 않았고, 예제 50 000개 대신 32개만 들기 때문에 "
               "전체 배치 한 걸음 값으로 1 500걸음 넘게 갈 수 있습니다. 잡음이 도움이 될 때도 있습니다"
               "(파라미터를 작은 웅덩이에서 흔들어 꺼내 줄 수 있습니다). "
               "전체 기울기는 데이터셋이 작을 때만 그만한 값어치가 있습니다.",
    ),

    # --- lesson 06 -------------------------------------------------------------------------------------------------

    # --- lesson 07 -------------------------------------------------------------------------------------------------

    # --- lesson 08 -------------------------------------------------------------------------------------------------

    # --- lesson 09 -------------------------------------------------------------------------------------------------

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
