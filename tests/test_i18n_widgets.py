"""The widgets in Korean (course_lib.set_language("ko")): labels, buttons, the status line, summaries, pictures and
errors; and the same widgets in English, unchanged, after set_language("en")."""

import numpy as np
import pytest

import course_lib
from course_lib import network_view
from course_lib.validation import CourseError
from course_lib.widgets import LiveCurves, Playground, Quiz, Race, Reveal, presenter_mode, solution_button


@pytest.fixture(autouse=True)
def english_afterwards():
    course_lib.set_language("en")
    yield
    course_lib.set_language("en")


def small(**kw):
    kw.setdefault("n_samples", 60)
    kw.setdefault("hidden", (4,))
    return Playground(panels=("boundary", "curves", "network"), **kw)


def korean(text) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in str(text))


def buttons(dash):
    return [b.description for b in dash.widget.children[0].children]


# -- the playground ---------------------------------------------------------------------------------------------
def test_the_playground_status_line_and_summary_in_korean():
    course_lib.set_language("ko")
    dash = small()
    assert dash.status_line() == "준비: 재생(또는 한 스텝)을 누르세요."
    dash.run(10)
    assert dash.status_line() == "스텝 10에서 일시정지했습니다."
    dash.set(lr=0.3)
    assert dash.status_line() == ("스텝 10에서 일시정지했습니다. 바뀐 설정: lr (lr=0.3). "
                                  "초기화하지 않고 훈련을 이어 갑니다.")
    dash.set(hidden=(5,))
    assert dash.status == "신경망이 바뀌었습니다(hidden). 신경망을 스텝 0으로 초기화했습니다."
    dash.playing = True
    assert dash.status_line().startswith("훈련 중: 스텝 0.")
    dash.playing = False
    summary = dash.run(5).summary()
    assert summary.startswith("플레이그라운드: moons, 2-5-1 tanh, adam lr=0.3 · 스텝 5 (에포크 ")
    assert " · 손실 훈련 " in summary and " · 정확도 훈련 " in summary


def test_the_same_playground_in_english_is_unchanged_after_switching_back():
    course_lib.set_language("ko")
    small().run(5)
    course_lib.set_language("en")
    dash = small()
    assert dash.status_line() == "Ready: press Play (or Step)."
    dash.run(10).set(lr=0.3)
    assert dash.status_line() == "Paused at step 10. lr changed (lr=0.3): training continues (no reset)."
    assert dash.summary().startswith("Playground: moons, 2-4-1 tanh, adam lr=0.3 · step 10 (epoch ")
    assert buttons(dash) == ["Play", "Step", "Reset", "New data"]
    assert dash.controls["lr"].slider.description == "learning rate"
    assert dash.controls["regularization"].options == ("none", "L1", "L1 (proximal)", "L2")
    assert dash._tabs.titles == ("data", "network", "training", "regularisation", "view")


def test_buttons_labels_menus_and_tabs_in_korean():
    course_lib.set_language("ko")
    dash = small()
    assert buttons(dash) == ["재생", "한 스텝", "처음부터", "새 데이터"]
    dash.playing = True
    dash._show_state()
    assert dash._play_button.description == "일시정지"
    dash.playing = False
    dash._show_state()
    assert dash._play_button.description == "재생"
    controls = dash.controls
    assert controls["lr"].slider.description == "학습률"
    assert controls["layers"].description == "은닉층 수" and controls["batch_size"].description == "배치 크기"
    assert dash._tabs.titles == ("데이터", "신경망", "훈련", "규제", "화면")
    # a menu shows Korean words for descriptions, while its values stay the API's names
    regularization = controls["regularization"]
    assert list(regularization.options[:3]) == [("없음", "none"), ("L1", "L1"), ("L1 (근접)", "L1 (proximal)")]
    assert regularization.value == "none"
    regularization.value = "L2"
    assert dash.settings.regularization == "L2"
    assert controls["init"].options[0] == ("모두 0", "zeros") and ("xavier", "xavier") in controls["init"].options
    assert controls["batch_size"].options[-1] == ("전체", 0)
    assert controls["dataset"].options == ("xor", "circles", "moons", "gaussians", "spiral", "blobs", "flower",
                                           "regression")  # names the code uses: shown as they are
    # the neuron menu
    menu = dash._neuron_menu
    assert menu.value == "없음" and "h1 · 뉴런 3 (tanh)" in menu.options and "입력 x1" in menu.options
    menu.value = "h1 · 뉴런 3 (tanh)"
    assert dash.selected_neuron == (1, 3)


def test_a_refused_value_is_said_in_korean():
    course_lib.set_language("ko")
    dash = small()
    dash.controls["lr"].box.value = "50"
    assert dash.status.startswith("적용하지 않았습니다. 학습률은 1e-05 이상 10 이하여야 합니다. 받은 값: 50.")
    assert dash.settings.lr == 0.03
    with pytest.raises(CourseError, match=r"^lr의 값은 1e-05 이상 10 이하여야 합니다. 받은 값: 50"):
        dash.set(lr=50)
    with pytest.raises(CourseError, match=r"^n_samples의 값은 10 이상 10000 이하여야 합니다. 받은 값: 5\."):
        dash.set(n_samples=5)
    with pytest.raises(CourseError, match=r"clip_norm의 값은 0 이상이어야 합니다\(0은 클리핑하지 않는다는 뜻입니다\)"):
        Playground(clip_norm=-1)
    with pytest.raises(CourseError, match=r"받은 값은 숫자 하나\(4\)입니다. .* hidden=\(4,\), 두 개는"):
        Playground(hidden=4)
    with pytest.raises(CourseError, match=r"작성한 옵티마이저 함수가 .*None을 반환했습니다"):
        Playground(optimizer="custom", custom_optimizer=lambda p, g, lr: None)
    course_lib.set_language("en")
    with pytest.raises(CourseError, match=r"^n_samples must be between 10 and 10000, got 5\.$"):
        dash.set(n_samples=5)
    with pytest.raises(CourseError, match=r"^clip_norm must be at least 0 \(0 means no clipping\), got -1\.0\.$"):
        Playground(clip_norm=-1)


def test_the_pictures_are_drawn_in_the_language_in_force():
    dash = small().run(5)
    english = {name: np.asarray(image) for name, image in dash.frames().items()}
    course_lib.set_language("ko")
    hangul = {name: np.asarray(image) for name, image in dash.frames().items()}
    assert not np.array_equal(english["curves"], hangul["curves"])  # titles, legend and axis label
    assert not np.array_equal(english["network"], hangul["network"])  # column titles and legend (cached per language)
    assert np.array_equal(english["boundary"], hangul["boundary"])  # no words in it
    course_lib.set_language("en")
    assert np.array_equal(np.asarray(dash.frames()["network"]), english["network"])


def test_network_view_labels_in_both_languages():
    dash = small(hidden=(3, 2))
    assert dash.neuron_choices()[:4] == [("none", None), ("input x1", (0, 1)), ("input x2", (0, 2)),
                                         ("h1 · unit 1 (tanh)", (1, 1))]
    assert dash.neuron_choices()[-1] == ("output: P(class 1) (sigmoid)", (3, 1))
    course_lib.set_language("ko")
    assert dash.neuron_choices()[:4] == [("없음", None), ("입력 x1", (0, 1)), ("입력 x2", (0, 2)),
                                         ("h1 · 뉴런 1 (tanh)", (1, 1))]
    assert dash.neuron_choices()[-1] == ("출력: P(클래스 1) (sigmoid)", (3, 1))
    assert network_view.network_layout((2, 3, 1), (560, 320), 1.0) is not None


# -- the race ---------------------------------------------------------------------------------------------------
def test_the_race_in_korean():
    course_lib.set_language("ko")
    race = Race({"SGD": {"optimizer": "sgd"}, "Adam": {"optimizer": "adam"}}, lr=0.05, dataset="xor", hidden=(4,),
                n_samples=60)
    assert race.status == "준비: 재생(또는 한 스텝)을 누르세요."
    lines = race.run(10).summary().splitlines()
    assert lines[0] == "경주: xor, 2-4-1, lr=0.05, 스텝 10"
    assert lines[1].startswith("  SGD        손실 훈련 ") and " · 테스트 정확도 " in lines[1]
    assert lines[-1].startswith("  훈련 손실이 가장 낮은 참가자: ")
    race.set_lr(0.1)
    assert race.status == "모든 참가자의 학습률을 0.1로 바꿨습니다. 초기화하지 않고 훈련을 이어 갑니다."
    race.reset(course_lib.i18n.tr("Reset pressed."))
    assert race.status == "처음부터를 눌렀습니다. 모든 참가자가 스텝 0으로 돌아갔습니다."
    assert [b.description for b in race.widget.children[0].children[:3]] == ["재생", "한 스텝", "처음부터"]
    with pytest.raises(CourseError, match="참가자 'A': lr과 steps_per_frame은"):
        Race({"A": {"lr": 0.1}})


# -- the learner widgets ----------------------------------------------------------------------------------------
def test_quiz_reveal_and_solution_button_in_korean():
    course_lib.set_language("ko")
    quiz = Quiz("질문?", ["예", "아니요"], 1, explanation="설명.")
    assert quiz.check(None) == "먼저 답을 고르세요."
    assert quiz.check(1) == "✅ 정답입니다. 설명."
    assert quiz.check(0).startswith("❌ 아쉽지만 아닙니다.")
    view = quiz._build()
    assert view.children[2].children[0].description == "확인"
    reveal = Reveal("질문?", "답.")
    assert repr(reveal) == "질문?\n  [답 보기]"
    button = reveal._build().children[1]
    button.click()
    assert button.description == "답 숨기기"
    button.click()
    assert button.description == "답 보기"
    solution = solution_button("count_layers")
    assert solution.button_label == "풀이 보기" and solution.question.startswith("count_layers에서 막혔나요?")
    with pytest.raises(CourseError, match=r"answer에는 options의 인덱스\(0..1\)가 와야 합니다"):
        Quiz("질문?", ["예", "아니요"], 2)


def test_quiz_reveal_and_solution_button_in_english():
    quiz = Quiz("Q?", ["yes", "no"], 1, explanation="Why.")
    assert (quiz.check(None), quiz.check(1)) == ("Pick an answer first.", "✅ Correct. Why.")
    assert Quiz("Q?", ["yes", "no"], 1).check(1) == "✅ Correct. "
    assert repr(Reveal("Q?", "A.")) == "Q?\n  [Show answer]"
    assert solution_button("count_layers").button_label == "Show solution"


def test_presenter_mode_and_live_curves_say_it_in_korean():
    course_lib.set_language("ko")
    try:
        assert repr(presenter_mode(scale=1.5)).startswith("발표자 모드를 켰습니다. ")
        assert repr(presenter_mode(False)).startswith("발표자 모드를 껐습니다. ")
    finally:
        presenter_mode(False)
    curves = LiveCurves(show=False)
    assert repr(curves) == "실시간 곡선: fit(...)이 실행되는 동안 여기에 나타납니다."
    curves.on_epoch_end(3, {"loss": 0.5, "accuracy": 0.75}, None)
    assert repr(curves) == "실시간 곡선: 에포크 3회 · loss 0.5000 · accuracy 0.7500"
    course_lib.set_language("en")
    assert repr(curves) == "Live curves: 3 epochs · loss 0.5000 · accuracy 0.7500"


def test_an_interactive_figure_makes_room_for_korean_descriptions():
    import ipywidgets as W

    from course_lib.widgets import InteractiveFigure, scaled_px

    def draw(fig, units):
        fig.add_subplot().plot([0, 1], [0, units])

    view = InteractiveFigure(draw, {"units": W.IntSlider(value=2, description="은닉층의 뉴런 수")}, figsize=(4, 3))
    view.widget  # noqa: B018 - builds the view
    # 7 Hangul characters at 14 px and 2 spaces at 8 px, + 8: the English rule (8 px a character) would cut it
    assert view.controls["units"].style.description_width == scaled_px(7 * 14 + 2 * 8 + 8)
    course_lib.set_language("ko")
    broken = InteractiveFigure(lambda fig, units: 1 / 0, {"units": W.IntSlider(value=2, description="n")})
    assert repr(broken) == "그리지 못했습니다: ZeroDivisionError: division by zero"
