"""The learner's own data for the playground: 2-D points with classes (or numbers), from arrays or a CSV file.

    data = check_points(X, y)                    # X (m, 2) numbers; y: classes (0..k-1, any two values, text)
    data = check_points(X, heights, task="regression")
    data = load_points_csv("my_points.csv")      # header row; the last column is the label, the others x1, x2
    data = load_points_csv("iris.csv", x_columns=["petal_length", "petal_width"], label_column="species")
    print(data.describe())                       # what was found, and any labels that were renamed

Every mistake gets a message that says what is wrong and how to fix it: a wrong shape (or a transposed X), too
few points, NaN, labels that are neither classes nor numbers, a class with a single point, a missing file, a
column name that is not in the header, a cell that is not a number (naming its line and column).

Labels: integers 0..k-1 are used as they are. Any other set of values (two values such as -1 / 1 or "cat" / "dog",
up to MAX_CLASSES of them) becomes the classes 0..k-1 in sorted order, and `notes` says which became which. Numbers
with more distinct values than that are a regression target (task="regression" says so explicitly).
Points far outside the playground's square [-1.5, 1.5]² (beyond ±3, e.g. in centimetres or pixels) or squeezed
into a tiny part of it are rescaled, each column to [-1, 1], so the network trains well and the picture shows
them; `to_original(P)` maps back, and `notes` says so.

How the playground plugs it in (course_lib/widgets, engine):

    # Playground.__init__(..., data=None): data=(X, y) or an OwnData (e.g. from load_points_csv)
    self.own_data = None if data is None else (data if isinstance(data, OwnData) else check_points(*data))
    # settings: dataset="own" when own data are given (add "own" to DATASETS; validate_settings accepts it only
    # when self.own_data is set; n_samples / noise / n_classes do not apply to it)
    # task property:  if self.own_data is not None: return self.own_data.task
    # _make_data():   X, y = self.own_data.X, self.own_data.y        # instead of make_dataset(...)
    #                 then the same train_test_split(X, y, test_fraction=s.test_fraction, seed=s.data_seed, ...)
    # _make_model():  multiclass output units = self.own_data.n_classes (instead of s.n_classes)
    # status line:    " ".join(self.own_data.notes), once, after the first reset
    # regression with 2-D points: draw the prediction as a heat map over the square (1 column: the curve panel)
    # saving:         extra={"own_data": {"X": data.X, "y": data.y, "task": data.task, ...}} (see course_lib.saving)
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import CourseError, CourseTypeError, describe, unknown_name_error

MIN_POINTS = 10  # fewer cannot be split into training and test points that say anything
MAX_POINTS = 10_000  # the playground's limit: beyond it a frame takes seconds
MAX_CLASSES = 10
SQUARE = 1.5  # the playground draws [-1.5, 1.5]²
TASKS = {"classes": "classes", "classification": "classes", "binary": "classes", "multiclass": "classes",
         "regression": "regression"}


@dataclass(frozen=True)
class OwnData:
    """Checked points for the playground. Unpacks like a pair: X, y = data.

    X            (m, 2) float points (rescaled to [-1, 1] per column when they lay far outside [-1.5, 1.5]²)
    y            (m,) int classes 0..k-1, or (m, 1) float targets for regression
    task         "binary", "multiclass" or "regression"
    class_names  the name of each class, as text ("0", "1" or your labels); () for regression
    labels       the original label of each class (class i was labels[i]); () for regression
    offset, scale  X = (X_original - offset) / scale, per column (0 and 1 when nothing was rescaled)
    feature_names  the columns' names (x1, x2 or the CSV header's)
    notes        sentences for the learner: labels renamed, points rescaled
    source       "arrays" or the CSV file's name
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    class_names: tuple = ()
    labels: tuple = ()
    offset: np.ndarray = field(default_factory=lambda: np.zeros(2))
    scale: np.ndarray = field(default_factory=lambda: np.ones(2))
    feature_names: tuple = ("x1", "x2")
    notes: tuple = ()
    source: str = "arrays"

    def __iter__(self):
        return iter((self.X, self.y))

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def to_original(self, P):
        """Points in the playground's square -> the units of the data you gave (undoes the rescaling)."""
        return np.asarray(P, float) * self.scale + self.offset

    def describe(self) -> str:
        m = len(self.X)
        if self.task == "regression":
            what = tr("regression: a number per point, from {low:.3g} to {high:.3g}", low=self.y.min(),
                      high=self.y.max())
        else:
            counts = np.bincount(self.y, minlength=self.n_classes)
            what = tr("{n_classes} classes: {counts}", n_classes=self.n_classes,
                      counts=", ".join(f"{name} ({c})" for name, c in zip(self.class_names, counts, strict=True)))
        summary = tr("{m} points from {source} ({features}); {what}.", m=m,
                     source=tr("arrays") if self.source == "arrays" else self.source,
                     features=", ".join(self.feature_names), what=what)
        return " ".join([summary, *self.notes])


# =================================================================================================
# Arrays
# =================================================================================================
def check_points(X, y, task=None, feature_names=None, source="arrays", rescale=True) -> OwnData:
    """Check a learner's points X (m, 2) and labels y (m,) for the playground; returns an OwnData.

    task  None: guessed (text, or up to MAX_CLASSES distinct whole numbers, are classes; other numbers are a
          regression target); "classes" or "regression" to say it.
    rescale  True: points beyond ±3 (or within a span under 0.1) are rescaled per column to [-1, 1] (see
             OwnData.to_original); False keeps them as they are.
    """
    task = _check_task(task)
    X = _check_X(X, task)
    m = len(X)
    y = _label_array(y, m)
    names = tuple(feature_names) if feature_names is not None else ("x1", "x2")[: X.shape[1]]
    notes = []
    if task is None:
        task = _guess_task(y)
    if task == "regression":
        targets = _regression_targets(y)
        y_out, class_names, labels = targets.reshape(-1, 1), (), ()
    else:
        y_out, class_names, labels, note = _classes(y)
        if note:
            notes.append(note)
    X, offset, scale, note = _rescaled(X, names) if rescale else (X, np.zeros(X.shape[1]), np.ones(X.shape[1]), "")
    if note:
        notes.append(note)
    kind = "regression" if task == "regression" else ("binary" if len(class_names) == 2 else "multiclass")
    return OwnData(X, y_out, kind, class_names, labels, offset, scale, names, tuple(notes), source)


def _check_task(task):
    if task is None:
        return None
    if not isinstance(task, str) or task.strip().lower() not in TASKS:
        raise unknown_name_error("task", task, TASKS)
    return TASKS[task.strip().lower()]


def _check_X(X, task):
    if X is None:
        raise CourseTypeError(tr(
            "X is None: pass your points as an array of shape (m, 2), one row (x1, x2) per point."))
    try:
        arr = np.asarray(X)
    except ValueError:
        raise CourseError(tr(
            "X could not be turned into an array: every point must have the same number of coordinates, e.g. [[0.1, "
            "0.5], [0.3, -0.2], ...].")) from None
    if arr.dtype == object or arr.dtype.kind in "USVmMc":
        raise CourseTypeError(tr(
            "X must hold numbers, got {dtype} values (e.g. {flat_0}). Convert text to numbers first (float(...)), or "
            "read a CSV with load_points_csv.",
            dtype=arr.dtype, flat_0=describe(arr.flat[0])))
    if arr.dtype.kind == "b":
        arr = arr.astype(float)
    arr = arr.astype(np.float64, copy=False)
    widths = "1 or 2" if task == "regression" else "2"
    if arr.ndim != 2:
        hint = (tr(" For one number per point (a regression curve) use X.reshape(-1, 1) and task='regression'.")
                if arr.ndim == 1 else "")
        raise CourseError(tr(
            "X has shape {shape}, but points must be a 2-D array (m, 2): one row (x1, x2) per point.{hint}",
            shape=arr.shape, hint=hint))
    if arr.shape[1] not in ((1, 2) if task == "regression" else (2,)):
        if arr.shape[0] in (1, 2) and arr.shape[1] >= MIN_POINTS:
            raise CourseError(tr(
                "X has shape {shape}; it looks transposed (points must be rows). Pass X.T, of shape {shape2}.",
                shape=arr.shape, shape2=arr.shape[::-1]))
        raise CourseError(tr(
            "X has {shape_1} columns (shape {shape}), but the playground draws points in a plane: it needs {widths} "
            "columns (x1, x2). Choose two, e.g. X[:, [0, 1]].",
            shape_1=arr.shape[1], shape=arr.shape, widths=widths))
    m = arr.shape[0]
    if m < MIN_POINTS:
        raise CourseError(tr(
            "X has only {m} point(s); the playground needs at least {MIN_POINTS} (some are held out to test on). Add "
            "more points.",
            m=m, MIN_POINTS=MIN_POINTS))
    if m > MAX_POINTS:
        raise CourseError(tr(
            "X has {m:,} points; the playground draws at most {MAX_POINTS:,} (more would make every frame take "
            "seconds). Take a sample, e.g. X[:{MAX_POINTS}], y[:{MAX_POINTS}].",
            m=m, MAX_POINTS=MAX_POINTS))
    bad = ~np.isfinite(arr)
    if bad.any():
        rows = np.flatnonzero(bad.any(axis=1))
        shown = ", ".join(str(r) for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
        raise CourseError(tr(
            "X has NaN or infinite coordinates in {n_rows} point(s), rows {shown} (X[{rows_0}] = "
            "{values}). Remove those points (and their labels), e.g. keep = np.isfinite(X).all(axis=1); "
            "X, y = X[keep], y[keep].",
            n_rows=len(rows), shown=shown, rows_0=rows[0], values=arr[rows[0]].tolist()))
    return arr


def _label_array(y, m):
    if y is None:
        raise CourseTypeError(tr(
            "y is None: pass one label per point (a class such as 0 / 1 or 'cat', or a number)."))
    if isinstance(y, str) or not hasattr(y, "__len__"):
        raise CourseTypeError(tr("y must be a list or array of labels, one per point, got {y}.", y=describe(y)))
    try:
        arr = np.asarray(y)
    except ValueError:
        raise CourseError(tr(
            "y could not be turned into an array: give one label per point, e.g. [0, 1, 1, 0, ...] or ['cat', 'dog', "
            "...].")) from None
    if arr.ndim == 2 and 1 in arr.shape and arr.size == m:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        if arr.ndim == 2 and arr.shape[1] > 1 and arr.shape[0] == m:
            raise CourseError(tr(
                "y has shape {shape}: one row of {shape_1} values per point. Give one label per point; for one-hot "
                "rows use y.argmax(axis=1).",
                shape=arr.shape, shape_1=arr.shape[1]))
        raise CourseError(tr(
            "y has shape {shape}, but it needs one label per point, shape ({m},).",
            shape=arr.shape, m=m))
    if len(arr) != m:
        raise CourseError(tr(
            "X has {m} points but y has {n_arr} labels: they must be the same number (one label per point, in the "
            "same order).",
            m=m, n_arr=len(arr)))
    return arr


def _is_number(v) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool | np.bool_)


def _guess_task(y) -> str:
    if y.dtype.kind in "biu" or y.dtype.kind in "USO":
        if y.dtype.kind == "O" and all(_is_number(v) for v in y):
            return _guess_task(np.asarray(y.tolist(), dtype=float))
        return "classes"
    if y.dtype.kind == "f":
        finite = y[np.isfinite(y)]
        if np.all(finite == np.round(finite)) and len(np.unique(finite)) <= MAX_CLASSES:
            return "classes"
        return "regression"
    raise CourseTypeError(tr(
        "y holds {dtype} values; labels must be classes (whole numbers or text) or numbers.",
        dtype=y.dtype))


def _missing_rows(y):
    if y.dtype.kind == "f":
        return np.flatnonzero(~np.isfinite(y))
    if y.dtype.kind == "O":
        return np.array([i for i, v in enumerate(y) if v is None or (isinstance(v, float) and not np.isfinite(v))
                         or (isinstance(v, str) and not v.strip())], dtype=int)
    if y.dtype.kind == "U":
        return np.flatnonzero(np.char.strip(y) == "")
    return np.array([], dtype=int)


def _regression_targets(y):
    if y.dtype.kind == "O" and all(_is_number(v) for v in y):
        y = np.asarray(y.tolist(), dtype=float)
    if y.dtype.kind not in "biuf":
        example = next((v for v in y if not _is_number(v)), y[0])
        raise CourseTypeError(tr(
            "task='regression' needs a number per point, but y holds {example}. For labels such as 'cat' / 'dog' "
            "leave task out (they are classes).",
            example=describe(example)))
    y = y.astype(np.float64)
    bad = _missing_rows(y)
    if bad.size:
        raise CourseError(tr(
            "y has NaN or infinite values in {size} row(s), e.g. y[{bad_0}]. Remove those points: keep = "
            "np.isfinite(y); X, y = X[keep], y[keep].",
            size=bad.size, bad_0=bad[0]))
    return y


def _classes(y):
    """Labels -> (classes 0..k-1, class names, original labels, note) or a message."""
    bad = _missing_rows(y)
    if bad.size:
        raise CourseError(tr(
            "y has {size} missing label(s) (NaN, None or empty), e.g. y[{bad_0}]. Every point needs a class: remove "
            "the unlabelled points or give them one.",
            size=bad.size, bad_0=bad[0]))
    if y.dtype.kind == "O":
        kinds = {type(v).__name__ for v in y if not _is_number(v)}
        if kinds - {"str", "str_"} or (kinds and any(_is_number(v) for v in y)):
            example = next(v for v in y if not _is_number(v))
            raise CourseTypeError(tr(
                "y mixes numbers and {example}; classes must all be numbers or all be text. Write them one way, e.g. "
                "all as text: [str(v) for v in y].",
                example=describe(example)))
        y = np.asarray([str(v) for v in y]) if kinds else np.asarray(y.tolist())
    if y.dtype.kind == "f":
        if not np.all(y == np.round(y)):
            example = y[np.flatnonzero(y != np.round(y))[0]]
            raise CourseError(tr(
                "Classes must be whole numbers or text, but y holds {example!r}. If y is a measured number (a "
                "height, a price), say so: task='regression'.",
                example=example))
        y = y.astype(np.int64)
    values, classes = np.unique(y, return_inverse=True)
    k = len(values)
    if k < 2:
        raise CourseError(tr(
            "Every label in y is {values_0!r}: there is only one class, so there is nothing to tell apart. Give "
            "points of at least two classes.",
            values_0=values[0]))
    if k > MAX_CLASSES:
        hint = (tr(" If y is a measured number, say so: task='regression'.") if y.dtype.kind in "iu" else "")
        raise CourseError(tr(
            "y has {k} different labels; the playground tells apart at most {MAX_CLASSES} classes (each gets a "
            "colour).{hint}",
            k=k, MAX_CLASSES=MAX_CLASSES, hint=hint))
    counts = np.bincount(classes, minlength=k)
    if counts.min() < 2:
        lonely = values[int(np.argmin(counts))].item()
        raise CourseError(tr(
            "The class {lonely!r} has a single point; every class needs at least 2 (one may be held out to test on). "
            "Add points of that class or remove it.",
            lonely=lonely))
    labels = tuple(v.item() if hasattr(v, "item") else v for v in values)
    names = tuple(str(v) for v in labels)
    if y.dtype.kind == "b":
        note = tr("Labels False / True became classes 0 / 1.")
    elif y.dtype.kind in "iu" and np.array_equal(values, np.arange(k)):
        note = ""
    else:
        pairs = ", ".join(f"{v!r} → {i}" for i, v in enumerate(labels))
        note = tr("Labels became classes (sorted): {pairs}.", pairs=pairs)
    return classes.astype(np.int64), names, labels, note


def _rescaled(X, names):
    low, high = X.min(axis=0), X.max(axis=0)
    n = X.shape[1]
    if np.abs(X).max() <= 2 * SQUARE and (high - low).max() >= 0.1:  # the playground widens its square a little
        return X, np.zeros(n), np.ones(n), ""
    center = (low + high) / 2
    half = np.where(high > low, (high - low) / 2, 1.0)
    ranges = "; ".join(tr("{name} from {lo:.4g} to {hi:.4g}", name=name, lo=lo, hi=hi)
                       for name, lo, hi in zip(names, low, high, strict=True))
    if np.abs(X).max() > 2 * SQUARE:
        note = tr("The points lie far outside the playground's square [-{square}, {square}]² ({ranges}), so each "
                  "column was rescaled to [-1, 1]; data.to_original(points) maps back.", square=SQUARE, ranges=ranges)
    else:
        note = tr("The points lie in a tiny part of the playground's square [-{square}, {square}]² ({ranges}), so "
                  "each column was rescaled to [-1, 1]; data.to_original(points) maps back.", square=SQUARE,
                  ranges=ranges)
    return (X - center) / half, center, half, note


# =================================================================================================
# CSV files
# =================================================================================================
def load_points_csv(path, x_columns=None, label_column=None, task=None, delimiter=None, rescale=True) -> OwnData:
    """Read points and labels from a CSV file with a header row; returns check_points(...) of them.

    x_columns     the two columns of the points, by name (or 0-based index); default: all but the label column
    label_column  the column of the labels; default: the last column
    task          as for check_points: None (guess), "classes" or "regression"
    delimiter     "," ";" or "\\t"; default: guessed from the header row
    """
    shown = _csv_path(path)
    text = _csv_text(shown)
    lines = text.splitlines()
    header_line = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_line is None:
        raise CourseError(tr(
            "{shown!r} is empty. A CSV file needs a header row (e.g. x1,x2,label) and one row per point.",
            shown=shown))
    if delimiter is None:
        header_text = lines[header_line]
        delimiter = max(",;\t", key=header_text.count) if any(c in header_text for c in ",;\t") else ","
    rows = [(i + 1, row) for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter))
            if any(cell.strip() for cell in row)]
    (_, header), body = rows[0], rows[1:]
    header = [cell.strip() for cell in header]
    if len(header) < 2:
        raise CourseError(tr(
            "{shown!r} has a single column ({header_0!r}); it needs columns for x1, x2 and the label, separated by "
            "commas (or give delimiter=';').",
            shown=shown, header_0=header[0]))
    if all(_parse(cell) is not None for cell in header):
        raise CourseError(tr(
            "The first row of {shown!r} holds numbers ({header}), but it must name the columns. Add a header row "
            "such as x1,x2,label at the top.",
            shown=shown, header=', '.join(header)))
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise CourseError(tr(
            "{shown!r} names the column {duplicates_0!r} twice; give every column its own name.",
            shown=shown, duplicates_0=duplicates[0]))
    label_index = _column_index(label_column, header, shown, "label_column") if label_column is not None \
        else len(header) - 1
    if x_columns is None:
        x_index = [i for i in range(len(header)) if i != label_index]
        if len(x_index) > 2:
            raise CourseError(tr(
                "{shown!r} has {n_header} columns ({header}); say which two are the points and which is the label, "
                "e.g. load_points_csv({shown!r}, x_columns=[{header_0!r}, {header_1!r}], label_column={header2!r}).",
                shown=shown, n_header=len(header), header=', '.join(header), header_0=header[0], header_1=header[1],
                header2=header[-1]))
    else:
        if isinstance(x_columns, str | int):
            x_columns = [x_columns]
        x_index = [_column_index(c, header, shown, "x_columns") for c in x_columns]
        if label_index in x_index:
            raise CourseError(tr(
                "The column {header!r} is both a point column and the label column; choose different columns.",
                header=header[label_index]))
    if len(body) < MIN_POINTS:
        raise CourseError(tr(
            "{shown!r} has only {n_body} data row(s) under its header; the playground needs at least {MIN_POINTS} "
            "points.",
            shown=shown, n_body=len(body), MIN_POINTS=MIN_POINTS))
    X = np.empty((len(body), len(x_index)))
    labels = []
    for r, (line, row) in enumerate(body):
        if len(row) != len(header):
            raise CourseError(tr(
                "Line {line} of {shown!r} has {n_row} cells, but the header has {n_header} ({header}). Fix that row "
                "(a missing or extra {delimiter!r}?).",
                line=line, shown=shown, n_row=len(row), n_header=len(header), header=', '.join(header),
                delimiter=delimiter))
        for c, i in enumerate(x_index):
            X[r, c] = _number(row[i], line, header[i], shown, delimiter)
        cell = row[label_index].strip()
        if not cell:
            raise CourseError(tr(
                "Line {line} of {shown!r}: the label ({header!r}) is empty. Give every point a label, or remove that "
                "row.",
                line=line, shown=shown, header=header[label_index]))
        labels.append(cell)
    numbers = [_parse(cell) for cell in labels]
    if all(v is not None for v in numbers):
        bad = next((i for i, v in enumerate(numbers) if not np.isfinite(v)), None)
        if bad is not None:
            raise CourseError(tr(
                "Line {body_0} of {shown!r}: the label ({header!r}) is {labels!r}, not a finite number. Fix or "
                "remove that row.",
                body_0=body[bad][0], shown=shown, header=header[label_index], labels=labels[bad]))
        y = np.asarray(numbers)
        if np.all(y == np.round(y)) and all("." not in cell and "e" not in cell.lower() for cell in labels):
            y = y.astype(np.int64)
    else:
        if _check_task(task) == "regression":
            bad = next(i for i, v in enumerate(numbers) if v is None)
            raise CourseError(tr(
                "Line {body_0} of {shown!r}: the target ({header!r}) is {labels!r}, not a number; task='regression' "
                "needs a number in every row.",
                body_0=body[bad][0], shown=shown, header=header[label_index], labels=labels[bad]))
        y = np.asarray(labels)
    return check_points(X, y, task=task, feature_names=[header[i] for i in x_index],
                        source=os.path.basename(shown), rescale=rescale)


def _csv_path(path) -> str:
    if not isinstance(path, str | os.PathLike):
        raise CourseTypeError(tr("The file name must be text such as 'points.csv', got {path}.", path=describe(path)))
    p = Path(path)
    if p.is_dir():
        raise CourseError(tr(
            "{p!r} is a folder; give the CSV file's name, e.g. {p2!r}.",
            p=str(p), p2=str(p / 'points.csv')))
    if not p.exists():
        here = sorted(q.name for q in p.parent.glob("*.csv"))[:10] if p.parent.is_dir() else []
        listing = tr(" The CSV files there: {files}.", files=", ".join(here)) if here else ""
        raise CourseError(tr(
            "No file {p!r} was found (relative names start in {os_getcwd!r}). Check the name and the folder.{listing}",
            p=str(p), os_getcwd=os.getcwd(), listing=listing))
    return str(p)


def _csv_text(path) -> str:
    data = Path(path).read_bytes()
    if data[:2] == b"PK":
        raise CourseError(tr(
            "{path!r} is a zip archive (an Excel .xlsx file?), not a CSV file. In Excel use File > Save As > CSV, "
            "then load that file.",
            path=path))
    try:
        return data.decode("utf-8-sig")  # -sig: the byte-order mark Excel writes is not part of the first name
    except UnicodeDecodeError:
        try:
            return data.decode("cp949")  # Korean Windows' encoding
        except UnicodeDecodeError:
            raise CourseError(tr(
                "{path!r} is not a text (CSV) file in UTF-8. Save it as CSV (UTF-8) and try again.",
                path=path)) from None


def _parse(cell):
    try:
        return float(cell.strip())
    except ValueError:
        return None


def _number(cell, line, column, path, delimiter):
    text = cell.strip()
    if not text:
        raise CourseError(tr(
            "Line {line} of {path!r}: the cell in column {column!r} is empty. Every point needs both coordinates: "
            "fill it in or remove that row.",
            line=line, path=path, column=column))
    value = _parse(text)
    if value is None:
        hint = (tr(" Write decimals with a point (1.5, not 1,5).") if "," in text and delimiter != ","
                else "")
        raise CourseError(tr(
            "Line {line} of {path!r}, column {column!r}: {text!r} is not a number.{hint}",
            line=line, path=path, column=column, text=text, hint=hint))
    if not np.isfinite(value):
        raise CourseError(tr(
            "Line {line} of {path!r}, column {column!r}: {text!r} is not a finite number. Fill in the value or "
            "remove that row.",
            line=line, path=path, column=column, text=text))
    return value


def _column_index(column, header, path, what):
    if isinstance(column, int) and not isinstance(column, bool):
        if not 0 <= column < len(header):
            raise CourseError(tr(
                "{what}: column {column} does not exist; {path!r} has columns 0..{n_header} ({header}).",
                what=what, column=column, path=path, n_header=len(header) - 1, header=', '.join(header)))
        return column
    if not isinstance(column, str):
        raise CourseTypeError(tr(
            "{what} must name a column (text such as 'x1') or give its number, got {column}.",
            what=what, column=describe(column)))
    name = column.strip()
    if name in header:
        return header.index(name)
    lower = [h.lower() for h in header]
    if name.lower() in lower:
        return lower.index(name.lower())
    close = difflib.get_close_matches(name, header, n=1)
    hint = tr(" Did you mean {close!r}?", close=close[0]) if close else ""
    raise CourseError(tr(
        "{path!r} has no column {column!r}.{hint} Its columns are: {header}.",
        path=path, column=column, hint=hint, header=', '.join(header)))
