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
                    "0.3이 나온다면 반올림이 아니라 버그입니다(많은 입력이 ReLU의 꺾이는 점에 정확히 놓인 "
                    "경우는 예외).",
    ),
    "04-double-mean": OpenQuestion(
        question="평균 손실에는 1/m이 들어 있습니다. dZ2에서 m으로 나누고(course_lib처럼) dW와 db에서 다시 m으로 "
                 "나누면(노트의 식처럼) 무엇이 잘못될까요?",
        answer="가중치와 편향의 기울기가 모두 m배 작아집니다. 기본 경사하강법에서는 학습률을 m배 줄인 것과 같아서"
               "(m = 1000이면 천 배) 훈련이 기어가듯 느려집니다. 프로그램이 멈추지도 않고 모양도 모두 맞으므로, 기울기 "
               "검증(또는 수상할 만큼 느린 손실 곡선)으로만 드러납니다. course_lib에서 1/m은 손실의 backward() 안에만 "
               "있고, 층은 m으로 나누지 않습니다. (05강의 Adam은 기울기의 크기를 다시 맞추므로 이 버그를 일부 가려 "
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
    "07-he-std": MultipleChoice(
        question="ReLU를 쓰는 은닉층에 입력이 64개, 뉴런이 32개 있습니다. He 초기화는 이 층의 가중치에 어떤 표준편차를 "
                 "쓸까요?",
        options=["2 / 64 ≈ 0.031", "√(2 / 64) ≈ 0.177", "√(2 / 32) = 0.25", "√(2 / (64 + 32)) ≈ 0.144"],
        answer=1,
        explanation="He 초기화의 분산은 2 / fan_in = 2 / 64이고, 표준편차는 그 제곱근입니다.",
    ),
    "07-symmetry": MultipleChoice(
        question="신경망의 모든 가중치를 같은 값 0.3으로 초기화하고 오래 훈련합니다. 은닉층의 뉴런들은 어떻게 될까요?",
        options=[
            "데이터가 무작위이므로 몇 스텝 뒤에는 서로 달라진다.",
            "계속 똑같다. 입력도, 가중치도, 기울기도, 업데이트도 같다.",
            "0.3이 너무 작아서 모두 죽는다.",
            "편향만 같게 남고 가중치는 서로 달라진다.",
        ],
        answer=1,
        explanation="시작 가중치가 같으면 기울기도 같으므로, 대칭성은 끝내 깨지지 않습니다.",
    ),
    "07-saturated-tanh": MultipleChoice(
        question="10층짜리 tanh 신경망의 히스토그램을 보니 출력이 거의 모두 -1 또는 +1에 있습니다. 가장 그럴듯한 "
                 "원인은 무엇일까요?",
        options=[
            "가중치가 너무 작다.",
            "가중치가 너무 크다. 뉴런이 포화되었다.",
            "학습률이 너무 작다.",
            "편향이 0이다.",
        ],
        answer=1,
        explanation="가중치가 크면 |z|가 커지고, 그러면 tanh(z)는 ±1에 가까워지고 미분값은 0에 가까워집니다.",
    ),
    "07-he-variance": OpenQuestion(
        question="He 초기화는 왜 1/fan_in 규칙의 두 배인 분산을 쓸까요? 또 그것이 ReLU에는 맞고 tanh에는 맞지 않는 "
                 "이유는 무엇일까요?",
        answer="ReLU는 (대칭인) 입력의 음수 쪽 절반을 0으로 만들므로 E[a²]가 Var(z)의 절반이 됩니다. 가중치의 분산을 "
               "두 배로 하면 그 절반을 되찾아, Var(z)가 층에서 층으로 일정하게 유지됩니다. tanh는 양쪽 절반을 모두 "
               "남기고 0 근처에서 항등 함수처럼 동작하므로 2배가 필요 없습니다(Xavier의 2 / (fan_in + fan_out)은 "
               "순방향 조건 1 / fan_in과 역방향 조건 1 / fan_out을 평균한 것입니다).",
    ),

    # --- lesson 08 -------------------------------------------------------------------------------------------------

    # --- lesson 09 -------------------------------------------------------------------------------------------------

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
