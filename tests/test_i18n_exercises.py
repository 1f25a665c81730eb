"""The exercises' feedback in Korean (course_lib/locale/ko/LC_MESSAGES/exercises.po), English unchanged, and
SOLUTIONS.ko.md, the Korean edition of SOLUTIONS.md."""

from pathlib import Path

import numpy as np
import pytest

from course_lib.exercises.core import all_solutions
from course_lib.exercises.lesson00 import check_count_layers, check_layer_shapes
from course_lib.exercises.lesson01 import check_gd_step, check_nand_weights
from course_lib.exercises.lesson03 import check_sigmoid
from course_lib.exercises.lesson04 import train_with_backward
from course_lib.exercises.lesson06 import check_clip_by_global_norm
from course_lib.exercises.lesson07 import check_xavier_std
from course_lib.exercises.lesson08 import check_early_stopping
from course_lib.i18n import get_language, set_language
from tests.exercise_helpers import stub

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english_afterwards():
    set_language("en")
    yield
    set_language("en")


def both(check, candidate):
    """(English message, Korean message) of one check on one wrong answer."""
    english = check(candidate)
    set_language("ko")
    korean = check(candidate)
    set_language("en")
    assert english.status == korean.status == "fail", (english, korean)
    return english.message, korean.message


def test_a_plain_mistake_in_both_languages():
    en, ko = both(check_gd_step, lambda w, grad, lr: w + lr * grad)
    assert en == ("you added the gradient: that walks uphill and makes the loss larger. The gradient points to "
                  "where the loss grows fastest.")
    assert ko == ("기울기를 더했습니다. 그러면 오르막으로 가서 손실이 커집니다. "
                  "기울기는 손실이 가장 빨리 커지는 방향을 가리킵니다.")


def test_computed_values_fill_the_korean_sentence():
    en, ko = both(check_xavier_std, lambda fan_in, fan_out: 2.0 / (fan_in + fan_out))
    assert en.startswith("xavier_std(100, 50) returned 0.01333, the variance.")
    assert ko.startswith("xavier_std(100, 50)의 반환값이 분산 0.01333입니다.")
    en, ko = both(check_sigmoid, lambda z: np.full(np.shape(z), 0.3))
    assert en == "sigmoid(0) should be exactly 0.5, yours gives 0.3. Check the formula at z = 0."
    assert ko == "sigmoid(0)은 정확히 0.5여야 하는데 작성한 함수의 값은 0.3입니다. z = 0에서 식을 확인하세요."


def test_a_sentence_with_a_translated_piece_inside():
    en, ko = both(check_count_layers, lambda sizes: len(sizes))
    assert en == ("you counted the input layer. It only holds the features (no weights, no computation), so the "
                  "course does not count it. (for layer_sizes = [3, 4, 1])")
    assert ko.endswith("이 강의에서는 세지 않습니다. (layer_sizes = [3, 4, 1]일 때)")
    en, ko = both(check_layer_shapes, lambda m, n_prev, n_units: {"X": (n_prev, m), "W": (n_units, n_prev),
                                                                  "b": (n_units,), "Z": (m, n_units)})
    assert en.endswith("In code one example is one row. (with m=5, n_prev=3, n_units=4)")
    assert ko.endswith("코드에서는 샘플 하나가 행 하나입니다. (m=5, n_prev=3, n_units=4일 때)")


def test_messages_built_from_cases_are_whole_korean_sentences():
    en, ko = both(check_nand_weights, lambda: (1.0, 1.0, -1.5))
    assert en == ("these weights compute AND. NAND is its opposite: what happens to the output if you flip the "
                  "sign of z?")
    assert ko == "이 가중치는 AND를 계산합니다. NAND는 그 반대입니다. z의 부호를 뒤집으면 출력은 어떻게 될까요?"
    en, ko = both(check_nand_weights, lambda: (-1.0, -1.0, 2.5))
    assert en == ("wrong at (1,1) should give 0. Try these numbers in the gate explorer above.")
    assert ko == "틀린 곳: (1,1)의 정답은 0. 위의 게이트 탐색기에 이 숫자들을 넣어 보세요."


def test_hints_are_translated_when_shown():
    def clip_each_entry(grads, max_norm):
        return [np.clip(g, -max_norm, max_norm) for g in grads]

    en, ko = both(check_clip_by_global_norm, clip_each_entry)
    assert en.endswith(" Hint: compute ONE norm over all arrays; if it is too long, multiply every array by the same "
                       "factor.")
    assert ko.startswith("숫자 하나하나를 따로 잘랐습니다(np.clip).")
    assert ko.endswith(" 힌트: 모든 배열에 대해 노름 하나(ONE)를 계산하세요. "
                       "너무 길면 모든 배열에 같은 인수를 곱하세요.")


def test_early_stopping_explains_the_case_in_korean():
    def compares_with_previous(val_losses, patience):
        best, wait = 0, 0
        for epoch in range(1, len(val_losses)):
            if val_losses[epoch] < val_losses[epoch - 1]:
                best, wait = epoch + 1, 0
            else:
                wait += 1
                if wait >= patience:
                    return best, epoch + 1
        return best, None

    en, ko = both(check_early_stopping, compares_with_previous)
    assert en.startswith("for val_losses=[1.0, 0.8, 0.9, 0.85, 0.95, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0] with patience=3 "
                         "you returned (")
    assert "Compare each loss with the BEST loss so far" in en
    assert ko.startswith("val_losses=[1.0, 0.8, 0.9, 0.85, 0.95, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0], patience=3에 대해 (")
    assert "맞지 않습니다. 각 손실을 직전 에포크의 손실이 아니라 지금까지의 최고(BEST) 손실과 비교하세요." in ko


def test_what_train_with_backward_prints(capsys):
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([1, 1, 0, 0])
    assert train_with_backward(stub, X, y, steps=2) is None
    assert capsys.readouterr().out == ("⏳ two_layer_backward: not done yet: finish the exercise above, then run this "
                                       "cell again.\n")
    set_language("ko")
    assert train_with_backward(stub, X, y, steps=2) is None
    assert capsys.readouterr().out.startswith("⏳ two_layer_backward: 아직 작성하지 않았습니다.")
    assert train_with_backward(lambda X, Y, params: {"W1": 0}, X, y, steps=2) is None
    assert capsys.readouterr().out.startswith("✗ two_layer_backward가 아직 확인을 통과하지 못했습니다. 먼저 고치세요: ")


# ---------------------------------------------------------------------------------------------
# SOLUTIONS.ko.md
# ---------------------------------------------------------------------------------------------
def test_korean_solutions_file_is_up_to_date():
    stored = (ROOT / "SOLUTIONS.ko.md").read_text(encoding="utf-8")
    assert stored == all_solutions("ko") + "\n", \
        "run `python -m course_lib.exercises --language ko` to regenerate SOLUTIONS.ko.md"


def test_the_korean_edition_has_the_same_solutions_under_korean_headings():
    english, korean = all_solutions("en"), all_solutions("ko")
    assert get_language() == "en"  # all_solutions puts the language back
    assert korean.startswith("# 연습 문제 풀이와 퀴즈 정답 (강사용)\n")
    assert "## 03강\n" in korean and "## Lesson 03\n" in english
    assert "### 이해도 점검\n" in korean and "## 플레이그라운드 노트북\n\n### 해 볼 만한 아이디어\n" in korean
    code = [block.split("```")[0] for block in english.split("```python")[1:]]
    assert code == [block.split("```")[0] for block in korean.split("```python")[1:]]
    assert english.count("\n- `") == korean.count("\n- `")  # every question answered in both


def test_korean_solutions_follow_the_language_switch():
    set_language("ko")
    assert all_solutions().startswith("# 연습 문제 풀이와 퀴즈 정답")
    assert all_solutions("en").startswith("# Exercise solutions and quiz answers")
    assert get_language() == "ko"


# ---------------------------------------------------------------------------------------------
# Plot text (course_lib/locale/ko/LC_MESSAGES/figures.po)
# ---------------------------------------------------------------------------------------------
def _texts(ax) -> list[str]:
    return [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts),
            *(t.get_text() for t in (ax.get_legend().get_texts() if ax.get_legend() else []))]


def test_figure_text_in_both_languages():
    import matplotlib.pyplot as plt

    from course_lib.figures import plot_loss_curves
    from course_lib.plots import plot_confusion_matrix, plot_network

    history = {"loss": [1.0, 0.6], "val_loss": [1.1, 0.9]}
    try:
        _, axes = plt.subplots(1, 3)
        plot_network((2, 4, 1), ax=axes[0])
        plot_confusion_matrix(np.array([[3, 1], [0, 4]]), ax=axes[1])
        plot_loss_curves(history, ax=axes[2])
        english = [_texts(ax) for ax in axes]
        set_language("ko")
        _, axes = plt.subplots(1, 3)
        plot_network((2, 4, 1), ax=axes[0])
        plot_confusion_matrix(np.array([[3, 1], [0, 4]]), ax=axes[1])
        plot_loss_curves(history, ax=axes[2])
        korean = [_texts(ax) for ax in axes]
    finally:
        plt.close("all")
    assert english[0][0] == "a 2-layer network: 1 hidden layer + output"
    assert korean[0][0] == "2층 신경망: 은닉층 1개 + 출력층"
    assert "input layer\n$n_0 = 2$\n(not counted)" in english[0] and "입력층\n$n_0 = 2$\n(세지 않음)" in korean[0]
    assert "hidden layer\nlayer [1], $n_{1} = 4$" in english[0] and "은닉층 [1]\n$n_{1} = 4$" in korean[0]
    assert english[1][:3] == ["confusion matrix (rows: true, columns: predicted)", "predicted class", "true class"]
    assert korean[1][:3] == ["혼동 행렬 (행: 실제, 열: 예측)", "예측 클래스", "실제 클래스"]
    assert english[2][:3] == ["loss per epoch", "epoch", "binary cross-entropy"]
    assert korean[2][:3] == ["에포크별 손실", "에포크", "이진 교차 엔트로피"]
    assert korean[2][-2:] == ["훈련 손실", "검증 손실"]


def test_interactive_figure_lines_and_graph_labels_in_korean():
    import matplotlib.pyplot as plt

    from course_lib.compgraph import Value, draw_graph
    from course_lib.figures import draw_bump

    try:
        english = draw_bump(plt.figure())
        set_language("ko")
        korean = draw_bump(plt.figure())
        a, b = Value(2.0, "a"), Value(-3.0, "b")
        c = a * b + a
        c.backward()
        texts = [t.get_text() for t in draw_graph(c).texts]
    finally:
        plt.close("all")
    assert english == "bump from -0.5 to 1, steepness 10: value 0.999 at x = 0.25"
    assert korean == "bump: -0.5에서 1까지, 가파르기 10: x = 0.25에서 값 0.999"
    assert "값 2" in texts and "기울기 -2" in texts and "2번 쓰임: 기울기를 더함" in texts


def test_the_network_picture_follows_the_language():
    from course_lib.layers import Dense
    from course_lib.model import Sequential
    from course_lib.network_view import network_panel, neuron_choices

    model = Sequential([Dense(3, input_dim=2, activation="tanh"), Dense(1, activation="sigmoid")], seed=0)
    grid = np.linspace(-1.5, 1.5, 16)
    gx, gy = np.meshgrid(grid, grid)
    features = np.c_[gx.ravel(), gy.ravel()]

    def picture():
        return np.asarray(network_panel(model, features, (16, 16))["network"])

    english = picture()
    assert [label for label, _ in neuron_choices(model, ("x1", "x2"))][:3] == ["input x1", "input x2",
                                                                              "h1 · unit 1 (tanh)"]
    set_language("ko")
    assert not np.array_equal(picture(), english)  # the cached background is per language
    assert [label for label, _ in neuron_choices(model, ("x1", "x2"))][:3] == ["입력 x1", "입력 x2",
                                                                              "h1 · 뉴런 1 (tanh)"]
    set_language("en")
    assert np.array_equal(picture(), english)


def test_perceptron_figures_and_lines_in_both_languages():
    import matplotlib.pyplot as plt

    from course_lib.perceptron import draw_gate, draw_perceptron

    def draw():
        ax = plt.figure().add_subplot()
        draw_perceptron(ax)
        gate_fig = plt.figure()
        line = draw_gate(gate_fig, "AND", 1.0, 1.0, -0.5)
        gate_ax = gate_fig.axes[0]
        return [t.get_text() for t in ax.texts], _texts(gate_ax), gate_ax.get_legend().get_title().get_text(), line

    try:
        english = draw()
        set_language("ko")
        korean = draw()
        blank = draw_gate(plt.figure(), "XOR", 0.0, 0.0, 0.0)
        title = plt.gcf().axes[0].get_title()
    finally:
        plt.close("all")
    assert {"bias $b$", "activation\n(step)"} <= set(english[0])
    assert {"편향\n$b$", "활성화 함수\n(계단 함수)", "$x_1$", "$\\hat y$"} <= set(korean[0])
    assert english[1][0] == "AND: 2/4 right" and korean[1][0] == "AND: 4개 중 2개 맞힘"
    assert english[1][-3:] == ["target 0", "target 1", "wrong (✗)"]
    assert korean[1][-3:] == ["목표 0", "목표 1", "틀림 (✗)"]
    assert (english[2], korean[2]) == ("shaded blue: output 1", "파랗게 칠한 쪽: 출력 1")
    assert english[3] == "AND with w1=1.0, w2=1.0, b=-0.5: 2/4 right; wrong at (0,1), (1,0)"
    assert korean[3] == "AND, w1=1.0, w2=1.0, b=-0.5: 4개 중 2개 맞힘; 틀린 곳: (0,1), (1,0)"
    assert blank == "XOR, w1=0.0, w2=0.0, b=0.0: 4개 중 2개 맞힘; 틀린 곳: (0,1), (1,0)"
    assert title == "XOR: 4개 중 2개 맞힘   (w = 0: 직선이 없고 어디서나 출력이 같음)"


def test_step_size_panels_and_summary_in_both_languages():
    import matplotlib
    import matplotlib.pyplot as plt

    from course_lib.perceptron import draw_step_sizes, step_size_verdict

    def draw(**options):
        fig = plt.figure()
        line = draw_step_sizes(fig, 0.05, 0.3, 1.05, steps=20, lr_oscillating=0.85, **options)
        colour = matplotlib.colors.to_hex(fig.axes[3].title.get_color())  # the diverging panel's title
        return line, [_texts(ax)[:3] for ax in fig.axes], fig.axes[0].get_legend().get_texts()[0].get_text(), colour

    try:
        english, neutral_en = draw(), draw(show_verdicts=False)
        set_language("ko")
        korean, neutral_ko = draw(), draw(show_verdicts=False)
        verdicts = [step_size_verdict(lr) for lr in (0.05, 0.3, 0.9, 0.7, 1.0, 1.05)]
    finally:
        plt.close("all")
    assert english[0] == ("lr 0.05: w = 2.514 after 20 steps (crawls) · lr 0.30: w = 3 after 20 steps (converges) · "
                          "lr 0.85: w = 2.997 after 20 steps (oscillates, converges) · "
                          "lr 1.05: w = -23.91 after 20 steps (diverges)")
    assert korean[0] == ("lr 0.05: 20스텝 후 w = 2.514 (기어감) · lr 0.30: 20스텝 후 w = 3 (수렴) · "
                         "lr 0.85: 20스텝 후 w = 2.997 (진동하며 수렴) · lr 1.05: 20스텝 후 w = -23.91 (발산)")
    assert neutral_en[0].startswith("lr 0.05: w = 2.514 after 20 steps · ")
    assert neutral_ko[0].startswith("lr 0.05: 20스텝 후 w = 2.514 · ") and "(" not in neutral_ko[0]
    assert english[1][0] == ["lr = 0.05: crawls", "weight w", "loss $L(w)=(w-3)^2$"]
    assert korean[1][0] == ["lr = 0.05: 기어감", "가중치 w", "손실\n$L(w)=(w-3)^2$"]
    assert english[1][4] == ["", "step", "loss (log scale)"] and korean[1][4] == ["", "스텝", "손실 (로그 눈금)"]
    assert korean[1][3][0] == "lr = 1.05: 발산" and neutral_ko[1][3][0] == "lr = 1.05"
    assert (english[2], korean[2]) == ("start", "시작점")
    assert english[3] == korean[3] == "#d55e00"  # still marked in vermillion in Korean
    assert verdicts == ["기어감", "수렴", "진동하며 느리게 수렴", "진동하며 수렴", "끝없이 왔다 갔다 함", "발산"]


def _figure_entries():
    """The entries of the catalogs whose text matplotlib draws: figures.po and perceptron.po."""
    from course_lib.i18n import parse_po

    folder = ROOT / "course_lib" / "locale" / "ko" / "LC_MESSAGES"
    return [entry for name in ("figures.po", "perceptron.po")
            for entry in parse_po((folder / name).read_text(encoding="utf-8"))]


def test_no_korean_word_shares_a_line_with_mathtext():
    """matplotlib draws a line holding $...$ with its math fonts, which have no Hangul: keep them on separate lines."""
    mixed = [e.msgstr for e in _figure_entries() for line in e.msgstr.split("\n")
             if "$" in line and any("\uac00" <= ch <= "\ud7a3" for ch in line)]
    assert not mixed


def test_the_shipped_font_has_every_character_of_the_korean_figure_text():
    from course_lib import fonts

    drawn = {ch for e in _figure_entries() for ch in e.msgstr if "\uac00" <= ch <= "\ud7a3" or ch in "←→×·−≈"}
    assert not {ch for ch in drawn if ord(ch) not in fonts.korean_codepoints()}
