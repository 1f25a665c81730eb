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
    "04-paths-add": MultipleChoice(
        question="계산 그래프에서 값 x를 뒤쪽 노드 두 개가 사용합니다. backward()를 실행한 뒤 x.grad는 ...",
        options=[
            "마지막으로 계산된 경로의 기울기",
            "두 경로를 따라 도착한 기울기의 합",
            "두 경로를 따라 온 기울기의 곱",
            "값이 커지지 않도록 두 기울기를 평균한 값",
        ],
        answer=1,
        explanation="경로가 합쳐지는 곳에서는 기울기가 더해집니다(다변수 연쇄 법칙). 그래서 backward()는 +=를 씁니다.",
    ),
    "04-dw-shape": MultipleChoice(
        question="W1의 모양이 (4, 2)이고 배치 X의 모양이 (100, 2)입니다. dW1의 모양은 무엇일까요?",
        options=["(100, 4)", "(2, 4)", "(4, 2)", "(100, 2)"],
        answer=2,
        explanation="기울기는 언제나 그 대상과 모양이 같습니다. dW1 = dZ1ᵀ X는 (4, 100) @ (100, 2)입니다.",
    ),
    "04-gradcheck-error": MultipleChoice(
        question="float64에서 h = 1e-5로 기울기 검증을 했더니 모든 가중치의 상대 오차가 0.3으로 나옵니다. 가장 "
                 "그럴듯한 원인은 ...",
        options=[
            "float64의 정밀도가 부족하다. float32로 바꿔야 한다",
            "역전파에 버그가 있다",
            "h가 너무 작다",
            "층이 둘 이상인 신경망에서는 흔한 일이다",
        ],
        answer=1,
        explanation="float64에서 h = 1e-5이면 올바른 역전파의 오차는 1e-7 정도이거나 그보다 작습니다. 모든 곳에서 "
                    "0.3이 나온다면 반올림이 아니라 버그입니다(입력이 많이 ReLU의 꺾이는 점에 정확히 놓인 "
                    "경우는 예외).",
    ),
    "04-double-mean": OpenQuestion(
        question="평균 손실에는 1/m이 들어 있습니다. dZ2에서 m으로 나누고(course_lib처럼) dW와 db에서 다시 m으로 "
                 "나누면(노트의 식처럼) 무엇이 잘못될까요?",
        answer="가중치와 편향의 기울기가 모두 m배 작아집니다. 기본 경사하강법에서는 학습률을 m배 줄인 것과 같아서"
               "(m = 1000이면 천 배) 훈련이 기어가듯 느려집니다. 프로그램이 멈추지도 않고 모양도 모두 맞으므로, 기울기 "
               "검증(또는 수상할 만큼 느린 손실 곡선)으로만 드러납니다. course_lib에서 1/m은 손실의 backward() 안에만 "
               "있고, 층은 m으로 나누지 않습니다. (05강의 아담은 기울기의 크기를 다시 맞추므로 이 버그를 일부 가려 "
               "버립니다. 기울기를 직접 검증해야 하는 또 하나의 이유입니다.)",
    ),
    "04-hidden-size": OpenQuestion(
        question="은닉 뉴런 수를 바꿔 가는 실험에서, 층이 커질수록 훈련 데이터에서는 좋아지는데 테스트 데이터에서는 "
                 "좋아지지 않는 이유는 무엇일까요?",
        answer="뉴런이 많을수록 경계가 더 많이 휠 수 있습니다. 꽃의 큰 모양을 그리는 데는 뉴런 몇 개면 충분하고, 그 "
               "이상의 자유도는 잡음 섞인 훈련 데이터 점 하나하나를 경계로 감싸는 데 쓰입니다. 이것은 새 데이터에 "
               "도움이 되지 않습니다(과적합). 뉴런이 너무 적으면 그 모양을 아예 그리지 못합니다(과소적합).",
    ),

    # --- lesson 05 -------------------------------------------------------------------------------------------------

    # --- lesson 06 -------------------------------------------------------------------------------------------------

    # --- lesson 07 -------------------------------------------------------------------------------------------------

    # --- lesson 08 -------------------------------------------------------------------------------------------------

    # --- lesson 09 -------------------------------------------------------------------------------------------------

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
