"""course_lib.own_data: the learner's own points (arrays or CSV), good input accepted, every mistake explained."""

import numpy as np
import pytest

from course_lib.own_data import MIN_POINTS, OwnData, check_points, load_points_csv
from course_lib.validation import CourseError


def points(m=30, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, size=(m, 2))


def write(tmp_path, text, name="points.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def csv_text(rows, header="x1,x2,label", sep=","):
    return "\n".join([header, *(sep.join(str(v) for v in row) for row in rows)]) + "\n"


GOOD_ROWS = [(round(0.1 * i - 1, 2), round(0.05 * i, 2), "dog" if i % 3 else "cat") for i in range(20)]


# -- arrays: good input ---------------------------------------------------------------------------------
def test_classes_zero_to_k_minus_one_are_used_as_they_are():
    X, y = points(), np.arange(30) % 3
    data = check_points(X, y)
    assert isinstance(data, OwnData) and data.task == "multiclass" and data.n_classes == 3
    np.testing.assert_array_equal(data.y, y)
    np.testing.assert_array_equal(data.X, X)
    assert data.class_names == ("0", "1", "2") and data.notes == ()
    X2, y2 = data  # unpacks like a pair
    assert X2 is data.X and y2 is data.y


@pytest.mark.parametrize(("labels", "names", "note"), [
    ([-1, 1], ("-1", "1"), "-1 → 0, 1 → 1"),
    ([1.0, 2.0], ("1", "2"), "1 → 0, 2 → 1"),
    (["spam", "ham"], ("ham", "spam"), "'ham' → 0, 'spam' → 1"),
    ([True, False], ("False", "True"), "False / True became classes 0 / 1"),
])
def test_two_other_values_become_classes_and_the_mapping_is_reported(labels, names, note):
    y = np.array(labels * 15)
    data = check_points(points(), list(y) if isinstance(labels[0], str) else y)
    assert data.task == "binary" and data.class_names == names and note in " ".join(data.notes)
    assert set(data.y.tolist()) == {0, 1} and data.y.dtype == np.int64
    assert data.labels[data.y[0]] == y[0]
    assert note in data.describe()


def test_text_classes_in_a_list_and_a_column_vector():
    y = ["setosa", "versicolor", "virginica"] * 10
    data = check_points(points().tolist(), y)
    assert data.task == "multiclass" and data.class_names == ("setosa", "versicolor", "virginica")
    col = check_points(points(), np.array([0, 1] * 15).reshape(-1, 1))
    assert col.y.shape == (30,)


def test_regression_targets_guessed_or_named():
    X = points()
    heights = X[:, 0] * 3.7 + 0.25
    data = check_points(X, heights)
    assert data.task == "regression" and data.y.shape == (30, 1) and data.class_names == ()
    np.testing.assert_array_equal(data.y.ravel(), heights)
    named = check_points(X, np.arange(30) % 3, task="regression")  # whole numbers, but a measurement
    assert named.task == "regression"
    one_d = check_points(X[:, :1], heights, task="regression")
    assert one_d.X.shape == (30, 1)


def test_far_away_points_are_rescaled_and_can_be_mapped_back():
    X = points() * [300, 20] + [1000, -50]  # pixels, say
    data = check_points(X, [0, 1] * 15)
    assert np.abs(data.X).max() == pytest.approx(1.0) and "rescaled to [-1, 1]" in data.notes[-1]
    np.testing.assert_allclose(data.to_original(data.X), X)
    kept = check_points(X, [0, 1] * 15, rescale=False)
    np.testing.assert_array_equal(kept.X, X)
    near = check_points(points() * 2.5, [0, 1] * 15)  # a little outside the square: the playground widens it
    assert near.notes == ()


# -- arrays: mistakes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("X", "y", "message"), [
    (np.zeros((30, 3)), [0, 1] * 15, r"3 columns .* needs 2 columns"),
    (np.zeros((2, 30)), [0, 1] * 15, r"looks transposed .* Pass X\.T"),
    (np.zeros(30), [0, 1] * 15, r"2-D array \(m, 2\)"),
    (np.zeros((MIN_POINTS - 1, 2)), [0, 1] * 4 + [0], rf"only {MIN_POINTS - 1} point\(s\).*at least {MIN_POINTS}"),
    (np.array([[0.0, 1.0]] * 12 + [[np.nan, 0.0]]), [0, 1] * 6 + [1], r"NaN or infinite .* rows 12"),
    (np.array([["a", "b"]] * 20), [0, 1] * 10, "must hold numbers"),
    ([[0.0, 1.0]] * 19 + [[1.0]], [0, 1] * 10, "same number of coordinates"),
    (None, [0, 1], "X is None"),
    (np.zeros((30, 2)), [0, 1] * 10, "30 points but y has 20 labels"),
    (np.zeros((30, 2)), np.zeros((30, 3)), r"one-hot rows use y\.argmax"),
    (np.zeros((30, 2)), None, "y is None"),
    (np.zeros((30, 2)), 5, "one per point"),
    (np.zeros((30, 2)), [0] * 30, "only one class"),
    (np.zeros((30, 2)), [0] * 29 + [1], "The class 1 has a single point"),
    (np.zeros((30, 2)), np.arange(30) % 12, r"12 different labels.*task='regression'"),
    (np.zeros((30, 2)), [0, 1] * 14 + [None, 1], r"missing label.*y\[28\]"),
    (np.zeros((30, 2)), ["a", "b"] * 14 + ["", "a"], r"missing label.*y\[28\]"),
    (np.zeros((30, 2)), np.array([0, "a"] * 15, dtype=object), "mixes numbers and 'a'"),
])
def test_array_mistakes_are_explained(X, y, message):
    with pytest.raises(CourseError, match=message):
        check_points(X, y)


def test_regression_mistakes_are_explained():
    with pytest.raises(CourseError, match=r"NaN or infinite values in 1 row\(s\), e\.g\. y\[3\]"):
        check_points(points(), [0.5, 1.5, 2.5, np.nan] + [1.0] * 26, task="regression")
    with pytest.raises(CourseError, match=r"needs a number per point.*'tall'"):
        check_points(points(), ["tall", "short"] * 15, task="regression")
    with pytest.raises(CourseError, match=r"Unknown task 'regresion'. Did you mean 'regression'"):
        check_points(points(), [0, 1] * 15, task="regresion")
    with pytest.raises(CourseError, match=r"2-D array.*X\.reshape\(-1, 1\) and task='regression'"):
        check_points(np.zeros(30), np.zeros(30), task="regression")
    with pytest.raises(CourseError, match=r"whole numbers or text.*task='regression'"):
        check_points(points(), [0.5, 1.0] * 15, task="classes")
    assert check_points(points(), [0.5, 1.0] * 15).task == "regression"  # guessed: fractions are measurements


# -- CSV: good input ----------------------------------------------------------------------------------------
def test_csv_with_text_labels(tmp_path):
    data = load_points_csv(write(tmp_path, csv_text(GOOD_ROWS)))
    assert data.task == "binary" and data.class_names == ("cat", "dog") and data.feature_names == ("x1", "x2")
    assert data.source == "points.csv" and data.X.shape == (20, 2)
    assert data.X[3].tolist() == [GOOD_ROWS[3][0], GOOD_ROWS[3][1]] and data.labels[data.y[3]] == GOOD_ROWS[3][2]


def test_csv_chosen_columns_semicolons_bom_blank_lines_and_numbers(tmp_path):
    rows = [(i, f"{0.1 * i:.1f}", i % 2, round(i * 0.2, 1)) for i in range(15)]
    text = "\ufeff" + csv_text(rows, header="id;height;class;width", sep=";").replace("\n", "\n\n", 2)
    data = load_points_csv(write(tmp_path, text), x_columns=["height", "width"], label_column="class")
    assert data.feature_names == ("height", "width") and data.task == "binary" and data.y.dtype == np.int64
    assert data.class_names == ("0", "1") and data.notes == ()
    by_index = load_points_csv(write(tmp_path, text), x_columns=[1, 3], label_column=2)
    np.testing.assert_array_equal(by_index.X, data.X)
    reg = load_points_csv(write(tmp_path, text), x_columns=["height", "class"], label_column="width")
    assert reg.task == "regression" and reg.y[5, 0] == 1.0


def test_csv_in_korean_windows_encoding(tmp_path):
    rows = [(0.1 * i, 0.2, "고양이" if i % 2 else "개") for i in range(12)]
    data = load_points_csv(write(tmp_path, csv_text(rows), encoding="cp949"))
    assert set(data.class_names) == {"고양이", "개"}


# -- CSV: mistakes --------------------------------------------------------------------------------------------
def test_csv_missing_file_and_folder(tmp_path):
    write(tmp_path, csv_text(GOOD_ROWS), name="mine.csv")
    with pytest.raises(CourseError, match=r"No file .*points\.csv.* was found.*mine\.csv"):
        load_points_csv(tmp_path / "points.csv")
    with pytest.raises(CourseError, match="is a folder"):
        load_points_csv(tmp_path)
    with pytest.raises(CourseError, match="must be text"):
        load_points_csv(None)


@pytest.mark.parametrize(("text", "kwargs", "message"), [
    ("", {}, "is empty"),
    (csv_text(GOOD_ROWS, header="0.5,0.3,1"), {}, "first row .* holds numbers .* Add a header row"),
    (csv_text(GOOD_ROWS, header="x1,x1,label"), {}, "names the column 'x1' twice"),
    (csv_text(GOOD_ROWS), {"label_column": "lable"}, "no column 'lable'. Did you mean 'label'"),
    (csv_text(GOOD_ROWS), {"x_columns": ["x1", "y"]}, "no column 'y'.*Its columns are: x1, x2, label"),
    (csv_text(GOOD_ROWS), {"x_columns": ["x1", 7]}, r"column 7 does not exist.*0\.\.2"),
    (csv_text(GOOD_ROWS), {"x_columns": ["x1", "label"]}, "both a point column and the label column"),
    (csv_text([(1, 2, 3, 0)] * 12, header="a,b,c,label"), {}, r"4 columns .* x_columns=\['a', 'b'\]"),
    (csv_text(GOOD_ROWS[:5]), {}, r"only 5 data row\(s\)"),
    (csv_text([*GOOD_ROWS[:6], ("oops", 0.1, "cat"), *GOOD_ROWS[7:]]), {},
     r"Line 8 of .*points\.csv', column 'x1': 'oops' is not a number"),
    (csv_text([*GOOD_ROWS[:6], (0.2, "", "cat"), *GOOD_ROWS[7:]]), {}, r"Line 8 .*column 'x2' is empty"),
    (csv_text([*GOOD_ROWS[:6], (0.2, "nan", "cat"), *GOOD_ROWS[7:]]), {},
     r"Line 8 .*'nan' is not a finite number"),
    (csv_text([*GOOD_ROWS[:6], (0.2, 0.3, ""), *GOOD_ROWS[7:]]), {},
     r"Line 8 .*the label \('label'\) is empty"),
    (csv_text([*GOOD_ROWS[:6], (0.2, 0.3, "cat", 5), *GOOD_ROWS[7:]]), {},
     r"Line 8 .*has 4 cells.*header has 3"),
    (csv_text([(0.1 * i, 0.3, 0.5 * i) for i in range(11)] + [(0.2, 0.3, "inf")]), {},
     r"Line 13 .*'inf', not a finite number"),
    (csv_text([(0.1 * i, 0.3, "a") for i in range(11)] + [(0.2, 0.3, "b")]), {}, "class 'b' has a single point"),
    (csv_text(GOOD_ROWS), {"task": "regression"}, r"Line 2 .*target \('label'\) is 'cat', not a number"),
    (csv_text([("1,5", "2", "0")] * 12, header="x1;x2;label", sep=";"), {}, r"Write decimals with a point"),
    ("x1\n" + "0.5\n" * 12, {}, "has a single column"),
])
def test_csv_mistakes_are_explained(tmp_path, text, kwargs, message):
    with pytest.raises(CourseError, match=message):
        load_points_csv(write(tmp_path, text), **kwargs)


def test_an_excel_file_is_not_a_csv(tmp_path):
    (tmp_path / "points.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CourseError, match=r"zip archive \(an Excel \.xlsx file\?\).*Save As > CSV"):
        load_points_csv(tmp_path / "points.xlsx")
