"""The core library's messages in Korean (course_lib/locale/ko/LC_MESSAGES/core.po): errors, summaries, training
output, divergence diagnoses and gradient-check verdicts, after set_language("ko"); English unchanged after "en"."""

import numpy as np
import pytest

from course_lib import set_language
from course_lib.datasets import Standardizer
from course_lib.diagnosis import diagnose
from course_lib.gradcheck import GradCheckReport, relative_error
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.optimizers import SGD
from course_lib.training import History, TrainingDiverged, fit
from course_lib.validation import CourseError, check_2d_inputs, check_number, describe, unknown_name_error


@pytest.fixture(autouse=True)
def english_afterwards():
    set_language("en")
    yield
    set_language("en")


def message(call):
    with pytest.raises(CourseError) as info:
        call()
    return str(info.value)


def both(call):
    """(English message, Korean message) of the CourseError `call` raises."""
    english = message(call)
    set_language("ko")
    korean = message(call)
    set_language("en")
    return english, korean


def test_input_checks_in_korean_keep_the_names_and_numbers():
    en, ko = both(lambda: check_2d_inputs(np.zeros(3)))
    assert en.startswith("X has shape (3,), but a batch of examples must be 2-D (m, n_features).")
    assert ko == ("X의 모양(shape)이 (3,)이지만, 샘플 배치는 2차원 (m, n_features)이어야 합니다. 특성이 하나라면 "
                  "X.reshape(-1, 1), 샘플이 하나라면 X.reshape(1, -1)을 쓰세요.")
    en, ko = both(lambda: check_number("0.1", "lr"))
    assert en == "lr must be a number (without quotes), got '0.1'."
    assert ko == "lr에는 숫자가 와야 합니다 (따옴표 없이). 받은 값: '0.1'."


def test_unknown_names_translate_the_kind_and_keep_the_hint():
    en, ko = both(lambda: (_ for _ in ()).throw(unknown_name_error("activation", "rleu", ["relu", "tanh"])))
    assert en == "Unknown activation 'rleu'. Did you mean 'relu'? Choose one of: relu, tanh."
    assert ko == "알 수 없는 활성화 함수 이름입니다: 'rleu'. 혹시 'relu' 말인가요? 다음 중에서 고르세요: relu, tanh."


def test_describe_of_an_array_in_both_languages():
    assert describe(np.zeros((2, 3))) == "an array of shape (2, 3) (float64)"
    set_language("ko")
    assert describe(np.zeros((2, 3))) == "모양(shape)이 (2, 3)인 배열 (float64)"


def test_keras_words_get_the_course_name_in_korean():
    X, y = np.zeros((4, 2)), np.zeros(4)
    model = Sequential([Dense(1, input_dim=2, activation="sigmoid")])
    en, ko = both(lambda: fit(model, X, y, learning_rate=0.1))
    assert en == "fit(...) has no setting 'learning_rate'; course_lib calls it lr: write lr=... instead."
    assert ko == "fit(...)에는 'learning_rate' 설정이 없습니다. course_lib에서는 lr라고 합니다: 대신 lr=...라고 쓰세요."
    en, ko = both(lambda: fit(model, X, y, shuffle=True))
    assert "there is no shuffle= setting" in en
    assert ko == ("fit(...)에는 'shuffle' 설정이 없습니다: fit은 매 에포크마다 `seed`로 미니배치를 다시 섞습니다. "
                  "shuffle= 설정은 없습니다.")


def test_layer_and_model_errors_in_korean():
    en, ko = both(lambda: Sequential([Dense(1, input_dim=2)]).predict(np.zeros((3, 5))))
    assert "but the model expects 2" in en
    assert ko.startswith("X의 샘플마다 특성이 5개(모양 (3, 5))이지만, 모델은 2개를 기대합니다.")
    en, ko = both(lambda: Standardizer().transform(np.zeros((2, 2))))
    assert en == "Call Standardizer().fit(X_train) before transform."
    assert ko == "transform 전에 Standardizer().fit(X_train)을 호출하세요."


def test_summary_table_in_both_languages():
    model = Sequential([Dense(3, input_dim=2, activation="relu"), Dense(1)])
    lines = []
    model.summary(print_fn=lines.append)
    assert "Layer" in lines[0] and "Total parameters: 13" in lines[0]
    set_language("ko")
    lines = []
    model.summary(print_fn=lines.append)
    assert "층" in lines[0] and "출력 모양" in lines[0] and "입력: (m, 2)   전체 파라미터 수: 13" in lines[0]
    assert "Dense(3, activation='relu')" in lines[0]  # code stays code
    rows = lines[0].splitlines()
    wide = [sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in row) for row in rows]
    assert wide[1] == wide[3] == len(rows[0])  # Korean letters take two columns: the columns still line up


def test_training_progress_and_history_in_korean(capsys):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    set_language("ko")
    history = fit(Sequential([Dense(1, input_dim=2, activation="sigmoid")]), X, y, epochs=2, verbose=1)
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("에포크 1/2  loss ")
    assert repr(history).startswith("History(에포크 2개, loss=")
    set_language("en")
    assert repr(history).startswith("History(2 epochs, loss=")
    assert repr(History()) == "History(0 epochs, )"


def test_divergence_message_and_diagnosis_in_korean():
    assert str(TrainingDiverged(7, float("nan"))).startswith("loss became NaN at step 7.")
    set_language("ko")
    assert str(TrainingDiverged(7, float("nan"))) == (
        "스텝 7에서 손실이 NaN이 되었습니다. "
        "학습률을 10배 작게 하거나 기울기 클리핑을 쓴 다음, 다시 학습해 보세요.")
    params = {"layer0.W": np.array([[1e5, 2.0]]), "layer0.b": np.zeros(1)}
    verdict = diagnose("infinite", 3, float("inf"), first_loss=0.7, params=params, before=None, grads=None,
                       X=np.ones((2, 2)), dtype=np.float64, optimizer=SGD(lr=0.5))
    text = str(verdict)
    assert text.startswith("스텝 3에서 손실이 무한대가 되었습니다. "
                           "예상 원인: 가중치가 스텝마다 커져서 1e+05에 이르렀습니다")
    assert "lr=0.05(10배 작은 값)로 해 보세요. 또는 기울기를 클리핑하세요 (clip_norm=1.0)." in text
    assert "(상태: 가장 큰 |가중치| 1e+05 (layer0.W), 가장 큰 |입력| 1, dtype float64, 학습률 0.5 (SGD).)" in text
    set_language("en")  # a verdict is worded when it is made: a new one is English again
    verdict = diagnose("infinite", 3, float("inf"), first_loss=0.7, params=params, before=None, grads=None,
                       X=np.ones((2, 2)), dtype=np.float64, optimizer=SGD(lr=0.5))
    assert str(verdict).startswith("loss became infinite at step 3. Likely cause: the weights have grown to 1e+05")


def test_gradient_check_texts_in_korean():
    report = GradCheckReport({"layer0.W": 1e-9, "layer0.b": 2e-3}, "layer0.b", 2e-3)
    assert str(report).splitlines() == ["    layer0.W: relative error 1.00e-09",
                                        "    layer0.b: relative error 2.00e-03", "worst: layer0.b (2.00e-03)"]
    set_language("ko")
    assert str(report).splitlines()[-1] == "최대: layer0.b (2.00e-03)"
    assert str(report).splitlines()[0] == "    layer0.W: 상대 오차 1.00e-09"
    with pytest.raises(CourseError, match="relative_error: 모양"):
        relative_error(np.zeros((3, 1)), np.zeros(3))


def test_questions_and_language_errors_in_korean():
    from course_lib.questions import get_question

    en, ko = both(lambda: get_question("99-none"))
    assert en == "No question with id '99-none' in course_lib.questions."
    assert ko == "course_lib.questions에 id가 '99-none'인 질문이 없습니다."
    en, ko = both(lambda: set_language("fr"))
    assert en == "set_language takes 'ko' (한국어) or 'en' (English), got 'fr'."
    assert ko == "set_language에는 'ko'(한국어)나 'en'(English)을 넘기세요. 받은 값: 'fr'."
