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
    "01-perceptron-output": MultipleChoice(
        question="퍼셉트론의 가중치가 w = (2, -1), 편향이 b = -0.5입니다. x = (1, 1)에 대한 출력은 무엇인가요?",
        options=["0", "1", "0.5", "학습률에 따라 다르다"],
        answer=1,
        explanation="z = 2·1 - 1·1 - 0.5 = 0.5 > 0이므로 계단 함수는 1을 출력합니다.",
    ),
    "01-xor": MultipleChoice(
        question="퍼셉트론 하나로 XOR을 계산할 수 없는 이유는 무엇인가요?",
        options=[
            "가중치가 3보다 커야 하기 때문에",
            "계단 함수는 미분할 수 없기 때문에",
            "민스키와 페퍼트가 어떤 신경망도 XOR을 계산할 수 없다고 증명했기 때문에",
            "(0,1)과 (1,0)을 한쪽에, (0,0)과 (1,1)을 다른 쪽에 두는 직선이 없기 때문에",
        ],
        answer=3,
        explanation="네 부등식이 서로 모순입니다. (그리고 민스키와 페퍼트의 결과는 단층 퍼셉트론에 관한 것입니다. "
                    "두 층이면 XOR을 계산할 수 있습니다.)",
    ),
    "01-step-size": MultipleChoice(
        question="L(w) = (w - 3)²에서 w = -1부터 학습률 0.9로 경사하강법을 실행합니다. 어떻게 될까요?",
        options=[
            "발산한다",
            "왼쪽에서 3을 향해 기어간다",
            "3의 양쪽을 오가며 수렴한다",
            "한 걸음 만에 3에 도달한다",
        ],
        answer=2,
        explanation="걸음마다 3까지의 거리에 1 - 2·0.9 = -0.8이 곱해집니다. 부호는 뒤집히고 크기는 줄어듭니다.",
    ),
    "01-loss-goes-up": OpenQuestion(
        question="학습률을 아주 작게 해도 경사하강법을 한 단계 할 때마다 손실이 올라갑니다. 가장 그럴듯한 버그는 "
                 "무엇일까요?",
        answer="업데이트에서 기울기를 빼지 않고 더하고 있습니다(w + lr·grad). 오르막으로 걸어가는 셈입니다. "
               "기울기가 맞고 학습률이 충분히 작다면 손실은 반드시 내려가야 합니다.",
    ),

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
