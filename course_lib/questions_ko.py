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

    # --- lesson 06 -------------------------------------------------------------------------------------------------

    # --- lesson 07 -------------------------------------------------------------------------------------------------

    # --- lesson 08 -------------------------------------------------------------------------------------------------
    "08-gap": MultipleChoice(
        question="어떤 신경망이 훈련 정확도 100 %, 테스트 정확도 72 %에 이르렀습니다. 다음 중 격차를 줄일 가능성이 "
                 "가장 낮은 변화는 무엇일까요?",
        options=[
            "훈련 데이터를 더 모은다",
            "은닉층 뒤에 드롭아웃을 넣는다",
            "은닉 뉴런을 늘린다",
            "검증 손실이 가장 낮은 에포크에서 학습을 멈춘다",
        ],
        answer=2,
        explanation="뉴런이 늘면 모델 용량이 커져 외우기가 더 쉬워집니다. 나머지 셋은 외우기를 억제합니다.",
    ),
    "08-dropout-output": MultipleChoice(
        question="Dropout 층의 rate = 0.2입니다. 학습 중에 입력이 3.0인 뉴런의 출력은 ...",
        options=[
            "확률 0.8로 0, 아니면 3.0",
            "확률 0.2로 0, 아니면 3.75",
            "확률 0.2로 0, 아니면 2.4",
            "항상 2.4",
        ],
        answer=1,
        explanation="rate는 떨어뜨릴 확률입니다. 살아남은 뉴런은 1 − 0.2 = 0.8로 나누므로 3.0 / 0.8 = 3.75입니다.",
    ),
    "08-l1-vs-l2": MultipleChoice(
        question="근접 L1 페널티로 학습했더니 대부분의 가중치가 정확히 0입니다. 비슷한 강도의 L2 페널티라면 ...",
        options=[
            "마찬가지로 정확히 0이 된다",
            "모든 가중치가 작아지지만 정확히 0인 것은 거의 없다",
            "이를 보상하려고 가중치가 커진다",
            "편향만 줄어든다",
        ],
        answer=1,
        explanation="L2가 당기는 힘 λW는 W가 작아질수록 약해지므로, 가중치는 0에 다가가기만 할 뿐 닿지 않습니다. "
                    "L1이 당기는 힘 λ·sign(W)는 약해지지 않고, 근접 스텝은 가중치를 정확히 0에서 멈춰 세웁니다.",
    ),
    "08-test-set-tuning": OpenQuestion(
        question="테스트 정확도를 보고 드롭아웃 비율을 고르면 왜 잘못일까요?",
        answer="그러면 테스트 데이터가 모델을 고르는 데 쓰인 셈이 되어, 그 점수가 낙관적으로 나오기 때문입니다. "
               "하필 그 테스트 점 300개에 가장 잘 맞는 비율을 고르게 됩니다. 설정은 검증 데이터로 고르고, 테스트 "
               "데이터는 마지막에 한 번만 쓰세요.",
    ),
    "08-flip-augment": OpenQuestion(
        question="누군가 moons 데이터 세트를 좌우로 뒤집어 증강하면서 레이블은 그대로 둡니다. 무엇이 잘못될까요?",
        answer="moons는 좌우 뒤집기에 대해 대칭이 아닙니다. 위쪽 반달의 거울상은 어느 클래스의 반달도 아니므로, "
               "신경망은 모양이 틀린 점과, 실제 데이터 어디에도 없는 레이블로 학습하게 됩니다. 두 축을 모두 뒤집으면"
               "(반 바퀴 회전) 한 반달이 다른 반달에 겹치지만, 그때는 레이블을 바꿔야 합니다. 증강에는 답을 바꾸지 "
               "않는 변형(또는 알려진 규칙대로 답을 바꾸는 변형)만 쓰세요.",
    ),

    # --- lesson 09 -------------------------------------------------------------------------------------------------
    "09-standardise": MultipleChoice(
        question="표준화에 쓰는 평균과 표준편차를 왜 훈련 데이터에서만 계산할까요?",
        options=[
            "훈련 데이터가 가장 크기 때문에",
            "어느 데이터를 쓰든 차이가 없다",
            "테스트 데이터에는 표준편차가 없기 때문에",
            "검증 꽃과 테스트 꽃의 정보가 모델로 조금도 새지 않도록",
        ],
        answer=3,
        explanation="검증 데이터와 테스트 데이터는 앞으로 만날 데이터를 대신합니다. 그런 데이터의 통계는 학습할 때 "
                    "알 수 없습니다. 그 통계를 쓰면 점수가 낙관적으로 나옵니다(데이터 누수).",
    ),
    "09-dense-params": MultipleChoice(
        question="입력 특성이 10개일 때 Dense(16, activation='relu')의 파라미터는 몇 개일까요?",
        options=["160", "26", "176", "170"],
        answer=2,
        explanation="가중치 10 · 16개 + 편향 16개 = 176개입니다.",
    ),
    "09-confusion-row": MultipleChoice(
        question="혼동 행렬(행: 실제 클래스, 열: 예측 클래스)에서 i번째 행의 합은 무엇을 셀까요?",
        options=[
            "실제 클래스가 i인 샘플",
            "클래스 i로 예측된 샘플",
            "클래스 i에서 틀린 샘플",
            "맞힌 예측",
        ],
        answer=0,
        explanation="실제 클래스가 i인 샘플은 모두 i번째 행의 어딘가에 들어갑니다. 그중 맞힌 것은 대각선 칸에 "
                    "있습니다.",
    ),
    "09-early-stopping": MultipleChoice(
        question="EarlyStopping(patience=20, restore_best_weights=True)이 126번째 에포크에서 학습을 멈춥니다. 검증 "
                 "손실은 106번째 에포크에서 가장 낮았습니다. fit이 끝난 뒤 모델에는 어떤 가중치가 들어 있을까요?",
        options=["126번째 에포크의 가중치", "106~126번째 에포크의 평균", "1번째 에포크의 가중치",
                 "106번째 에포크의 가중치"],
        answer=3,
        explanation="마지막으로 나아진 뒤 20 에포크가 지나면 멈추고, 가장 좋았던 에포크인 106번째에 저장해 둔 "
                    "가중치를 되돌려 놓습니다. restore_best_weights가 없으면(Keras의 기본값) 126번째 에포크의 "
                    "가중치가 남습니다.",
    ),
    "09-pytorch-linear": MultipleChoice(
        question="PyTorch 층 nn.Linear(4, 8)의 가중치 텐서는 모양이 어떨까요?",
        options=["(4, 8), Keras의 kernel처럼", "(8, 4), course_lib의 W처럼", "(8,)", "(4,)"],
        answer=1,
        explanation="PyTorch는 (out_features, in_features)로 저장합니다. 노트, course_lib와 같은 배열 방식입니다. "
                    "Keras는 그 전치를 저장합니다.",
    ),
    "09-test-difference": OpenQuestion(
        question="테스트 꽃 45송이에서 모델 A는 95.6 %, 모델 B는 97.8 %를 받았습니다. B가 더 좋은 모델일까요?",
        answer="이 결과만으로는 알 수 없습니다. 차이는 꽃 한 송이(2.2%p)이고, 6절에서 본 것처럼 같은 레시피도 분할이 "
               "바뀌면 그만큼 움직입니다. 모델은 검증 데이터에서, 여러 시드나 분할에 걸쳐(또는 교차 검증으로) "
               "비교하고, 테스트 데이터는 최종으로 고른 모델에 한 번만 쓰세요.",
    ),

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
