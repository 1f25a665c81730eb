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
            "실제 클래스가 i인 예제",
            "클래스 i로 예측된 예제",
            "클래스 i에서 틀린 예제",
            "맞힌 예측",
        ],
        answer=0,
        explanation="실제 클래스가 i인 예제는 모두 i번째 행의 어딘가에 들어갑니다. 그중 맞힌 것은 대각선 칸에 "
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
        explanation="PyTorch는 (out_features, in_features)로 저장합니다. 노트와 course_lib의 배치와 같습니다. "
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
