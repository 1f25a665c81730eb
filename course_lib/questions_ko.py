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
        question="Adam의 첫 스텝(t = 1)에서 g = 0.5이면, 편향 보정을 한 m̂은 얼마일까요?",
        options=["0.5", "0.05", "0.45"],
        answer=0,
        explanation="m = (1 − 0.9)·0.5 = 0.05이고, 이를 1 − 0.9¹ = 0.1로 나누면 정확히 0.5가 됩니다.",
    ),
    "05-minibatch": OpenQuestion(
        question="크기 32인 미니배치가 샘플 50 000개를 모두 쓰는 전체 배치보다 대개 더 효율적인 이유는 무엇일까요?",
        answer="미니배치의 기울기는 잡음이 섞여 있지만 편향은 없고, 샘플 50 000개 대신 32개만 들기 때문에 "
               "전체 배치 한 스텝의 비용으로 1 500스텝 넘게 갈 수 있습니다. 잡음이 도움이 될 때도 있습니다"
               "(파라미터를 작은 웅덩이에서 흔들어 꺼내 줄 수 있습니다). "
               "전체 기울기는 데이터셋이 작을 때만 그만한 비용을 들일 가치가 있습니다.",
    ),

    # --- lesson 06 -------------------------------------------------------------------------------------------------
    "06-sigmoid-chain": MultipleChoice(
        question="뉴런 하나짜리 시그모이드 층 8개로 된 사슬이 있고, 가중치의 크기는 모두 1 이하입니다. "
                 "마지막 뉴런의 출력에 대한 기울기가 사슬의 입력에 닿을 때 곱해지는 인수는 최대 얼마일까요?",
        options=[
            "0.25 × 8 = 2",
            "0.25⁸ ≈ 1.5 × 10⁻⁵",
            "1 (시그모이드는 값을 0과 1 사이로 유지하므로)",
            "0.5⁸ ≈ 0.004",
        ],
        answer=1,
        explanation="역전파는 층마다 |w|·σ'(z) ≤ 0.25인 인수를 하나씩 곱하므로, 층 8개이면 많아야 0.25⁸입니다.",
    ),
    "06-clipping": MultipleChoice(
        question="어떤 신경망의 기울기가 한 배열은 [3, 4], 다른 배열은 [12]입니다. max_norm = 6.5로 클리핑하면 "
                 "무엇이 나올까요?",
        options=[
            "[3, 4]와 [6.5]",
            "[1.5, 2]와 [6]",
            "[3, 4]와 [12], 그대로",
            "배열마다 노름이 6.5가 되도록 조정된 값",
        ],
        answer=1,
        explanation="전체 노름은 √(9 + 16 + 144) = 13 > 6.5이므로, 모든 배열에 6.5 / 13 = 0.5를 곱합니다.",
    ),
    "06-true-statement": MultipleChoice(
        question="다음 중 옳은 것은 무엇일까요?",
        options=[
            "σ' ≤ 0.25이므로 시그모이드 신경망에서는 기울기 폭주가 일어날 수 없다.",
            "층마다의 인수 |w|·σ'(z)가 1보다 크면 시그모이드에서도 기울기가 입력 쪽으로 갈수록 커진다.",
            "ReLU의 미분값은 최대 1이므로 ReLU 신경망에서는 기울기 폭주가 일어날 수 없다.",
            "기울기 클리핑은 앞쪽 층이 배우도록 작은 기울기를 키운다.",
        ],
        answer=1,
        explanation="미분값에는 상한이 있어도 가중치에는 없습니다. w = 8, z = 0이면 시그모이드 층 하나가 "
                    "기울기를 두 배로 만듭니다.",
    ),
    "06-dead-units": OpenQuestion(
        question="ReLU 신경망의 정확도가 더 오르지 않고, dead_units()가 [0, 9, 14]를 보고합니다. "
                 "시도해 볼 변화 두 가지와 그 이유를 말해 보세요.",
        answer="Leaky ReLU로 바꿉니다. z < 0에서 미분값 0.01이 남아 있어 죽은 뉴런도 기울기를 받고 회복할 수 "
               "있습니다. 학습률을 낮춥니다(또는 기울기를 클리핑합니다). 뉴런들을 모든 샘플에서 z < 0인 쪽으로 "
               "밀어낸 것이 바로 큰 스텝이기 때문입니다. He 초기화는 학습을 시작할 때 z(활성화 함수에 들어가는 값)를 "
               "알맞은 크기로 유지해 줍니다.",
    ),

    # --- lesson 07 -------------------------------------------------------------------------------------------------

    # --- lesson 08 -------------------------------------------------------------------------------------------------

    # --- lesson 09 -------------------------------------------------------------------------------------------------

    # --- the playground notebook's ideas to try --------------------------------------------------------------------
}
