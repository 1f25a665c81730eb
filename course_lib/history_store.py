"""ThinnedHistory: training records for hours of Play in bounded memory, read like a dict of arrays.

    history = ThinnedHistory(recent=1000, older=1000)
    history.append(step=10, epoch=0.8, train_loss=0.61, test_loss=0.64, train_acc=0.7, test_acc=0.68)
    history["step"], history["train_loss"]          # numpy arrays of the same length, oldest first
    history.envelope("train_loss")                  # (low, high) of the records each point stands for

The most recent `recent` records are kept exactly. Older records are kept at a stride that is a power of two:
record 0, s, 2s, ... (so the first record is always there, exactly). When the older part would exceed `older`
points, the stride doubles and every other older point is dropped. The lowest and highest value of the records
each older point stands for are kept with it (`envelope`), so a spike in the loss stays visible as a band even
after its own record was thinned away. The last value is always exact (it is in the recent part).

Memory is fixed when the history is made (arrays of `recent + older` rows per key), so after 40,000 records it
is what it was after 4,000; a chart drawn from it never has more than `recent + older` points.

Values: numbers (None becomes NaN, e.g. the accuracy of a regression) or fixed-length lists of numbers (e.g. one
gradient norm per layer: history["norms"] is then an array of shape (n_points, n_layers)). Integer columns
(such as "step") stay integers.

How the playground plugs it in (course_lib/widgets, engine):

    from course_lib.history_store import ThinnedHistory
    # reset():
    self.history = ThinnedHistory()                          # was: {"step": [], "epoch": [], ...}
    self.grad_history = ThinnedHistory()                     # was: {"step": [], "norms": []}
    # _record():
    self.history.append(step=self.step_count, epoch=self.epoch, train_loss=train_loss, test_loss=test_loss,
                        train_acc=train_acc, test_acc=test_acc)
    self.grad_history.append(step=self.step_count, norms=np.mean(self._chunk_norms, axis=0))
    # _curves_frame(): the series are numpy arrays now, so join them with np.concatenate, not +:
    log_y = loss_axis_is_log(np.concatenate([h["train_loss"], h["test_loss"]]))
    # and draw at most two points per pixel column (same picture, flat cost): instead of h["step"], h["train_loss"]
    steps, train = h.series("train_loss", columns=300 * sc)      # 300 = the chart's width
    # summary(): h["train_loss"][-1] works as before (history.last("train_loss") also does).

Saving: `course_lib.saving.save_model(..., history=self.history)` stores it (to_arrays / from_arrays), and a
loaded history continues to thin exactly as the original would have.
"""

from __future__ import annotations

import difflib

import numpy as np

from course_lib.i18n import tr
from course_lib.validation import CourseError, CourseKeyError, CourseTypeError, check_positive_int, describe

DEFAULT_RECENT, DEFAULT_OLDER = 1000, 1000


class _Column:
    """One key: a ring buffer of the recent records and the strided older points with their low / high."""

    def __init__(self, shape, dtype, recent, older):
        self.shape, self.dtype = shape, dtype
        self.recent = np.zeros((recent, *shape), dtype)
        self.older = np.zeros((older, *shape), dtype)
        self.low = np.zeros((older, *shape), dtype)
        self.high = np.zeros((older, *shape), dtype)

    @property
    def nbytes(self):
        return self.recent.nbytes + self.older.nbytes + self.low.nbytes + self.high.nbytes


class ThinnedHistory:
    """A dict of arrays with bounded memory. ThinnedHistory(recent=1000, older=1000) — see the module docstring.

    recent  how many of the newest records are kept exactly (at least 1)
    older   at most how many points stand for everything before them (an even number, at least 2)
    """

    def __init__(self, recent=DEFAULT_RECENT, older=DEFAULT_OLDER):
        self.recent_capacity = check_positive_int(recent, "recent")
        older = check_positive_int(older, "older", minimum=2)
        if older % 2:
            raise CourseError(tr(
                "older must be an even number (the older points are halved when full), got {older}. Use "
                "older={even}.",
                older=older, even=older + 1))
        self.older_capacity = older
        self.clear()

    def clear(self):
        """Forget every record (memory stays allocated once keys are known again)."""
        self._columns: dict[str, _Column] = {}
        self.n_records = 0  # every record ever appended
        self.stride = 1  # the older points are records 0, stride, 2·stride, ...
        self._n_older = 0  # older points in use
        self._cache: dict = {}
        return self

    # -- writing --------------------------------------------------------------------------------
    def append(self, record: dict | None = None, **values):
        """Add one record: append(step=10, train_loss=0.5, ...) or append({"step": 10, ...}).

        A key missing from a record gets NaN for this record; a key first seen later gets NaN for the earlier
        ones. A value is a number, None (NaN) or a fixed-length list of numbers.
        """
        if record is not None:
            if not isinstance(record, dict):
                raise CourseTypeError(tr(
                    "append takes a dict of values or keywords (append(step=1, loss=0.5)), got {record}.",
                    record=describe(record)))
            values = {**record, **values}
        if not values:
            raise CourseError(tr("append needs at least one value, e.g. append(step=1, train_loss=0.5)."))
        row = {}
        for key, value in values.items():
            if not isinstance(key, str):
                raise CourseTypeError(tr("History keys are names (strings), got {key}.", key=describe(key)))
            row[key] = self._as_value(key, value)
        for key, value in row.items():
            if key not in self._columns:
                self._add_column(key, value)
        slot = self.n_records % self.recent_capacity
        if self.n_records >= self.recent_capacity:
            self._fold(self.n_records - self.recent_capacity, slot)  # the oldest recent record leaves the window
        for key, column in self._columns.items():
            if key in row:
                column.recent[slot] = row[key]
            elif column.dtype.kind == "f":
                column.recent[slot] = np.nan
            else:
                raise CourseError(tr(
                    "This record has no {key!r}, which earlier records had as whole numbers (NaN cannot stand in for "
                    "a missing one); give every record a {key!r}.",
                    key=key))
        self.n_records += 1
        self._cache.clear()
        return self

    def _as_value(self, key, value):
        if value is None:
            value = np.nan
        try:
            arr = np.asarray(value)
        except ValueError:
            raise CourseError(tr(
                "History value {key!r}: {value} is not a number or a list of numbers of one length.",
                key=key, value=describe(value))) from None
        if arr.dtype == object:
            arr = np.asarray([np.nan if v is None else v for v in np.ravel(arr)], dtype=float).reshape(arr.shape)
        if arr.dtype.kind not in "biuf" or arr.ndim > 1:
            raise CourseTypeError(tr(
                "History value {key!r} must be a number or a list of numbers, got {value}.",
                key=key, value=describe(value)))
        column = self._columns.get(key)
        if column is not None and arr.shape != column.shape:
            raise CourseError(tr(
                "History value {key!r} has shape {shape}, but earlier records had {shape2}. Start a new history when "
                "the network changes (ThinnedHistory()).",
                key=key, shape=arr.shape, shape2=column.shape))
        if column is not None and column.dtype.kind in "iu" and arr.dtype.kind not in "biu":
            if np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
                return arr.astype(column.dtype)
            for part in ("recent", "older", "low", "high"):  # whole numbers so far, now a fraction: floats from here
                setattr(column, part, getattr(column, part).astype(np.float64))
            column.dtype = np.dtype(np.float64)
        return arr

    def _add_column(self, key, value):
        dtype = np.dtype(np.int64) if value.dtype.kind in "biu" and self.n_records == 0 else np.dtype(np.float64)
        column = _Column(value.shape, dtype, self.recent_capacity, self.older_capacity)
        if self.n_records:  # a key first seen now: NaN for the records before
            column.recent[...] = np.nan
            column.older[...] = column.low[...] = column.high[...] = np.nan
        self._columns[key] = column

    def _fold(self, index, slot):
        """Record number `index` (sitting in ring slot `slot`) leaves the recent window for the older part."""
        if index % self.stride == 0:
            if self._n_older == self.older_capacity:
                self._halve()
            n = self._n_older
            for column in self._columns.values():
                value = column.recent[slot]
                column.older[n] = column.low[n] = column.high[n] = value
            self._n_older = n + 1
        else:
            n = self._n_older - 1
            for column in self._columns.values():
                value = column.recent[slot]
                column.low[n] = np.fmin(column.low[n], value)  # fmin / fmax: a NaN record does not hide the others
                column.high[n] = np.fmax(column.high[n], value)

    def _halve(self):
        """Double the stride: keep older points 0, 2, 4, ...; each absorbs its neighbour's low / high."""
        half = self.older_capacity // 2
        for column in self._columns.values():
            column.older[:half] = column.older[0::2].copy()
            column.low[:half] = np.fmin(column.low[0::2], column.low[1::2])
            column.high[:half] = np.fmax(column.high[0::2], column.high[1::2])
        self._n_older = half
        self.stride *= 2

    # -- reading --------------------------------------------------------------------------------
    def _recent_order(self):
        n = min(self.n_records, self.recent_capacity)
        if self.n_records <= self.recent_capacity:
            return slice(0, n), None
        start = self.n_records % self.recent_capacity
        return slice(start, None), slice(0, start)

    def _series(self, key, part):
        cached = self._cache.get((key, part))
        if cached is not None:
            return cached
        column = self._column(key)
        first, second = self._recent_order()
        recent = column.recent[first] if second is None else np.concatenate([column.recent[first],
                                                                             column.recent[second]])
        older = {"value": column.older, "low": column.low, "high": column.high}[part][: self._n_older]
        out = np.concatenate([older, recent])
        out.flags.writeable = False  # a view of the history, not a place to write
        self._cache[(key, part)] = out
        return out

    def _column(self, key):
        column = self._columns.get(key)
        if column is None:
            close = difflib.get_close_matches(str(key), list(self._columns), n=1)
            hint = tr(" Did you mean {close!r}?", close=close[0]) if close else ""
            known = ", ".join(self._columns) or "nothing yet"
            raise CourseKeyError(tr(
                "The history has no record {key!r}.{hint} It records: {known}.",
                key=key, hint=hint, known=known))
        return column

    def __getitem__(self, key) -> np.ndarray:
        """The points of one key, oldest first: older (thinned) points, then the recent records exactly."""
        return self._series(key, "value")

    def envelope(self, key) -> tuple[np.ndarray, np.ndarray]:
        """(low, high): for each point of history[key], the lowest and highest value among the records it stands
        for (equal to the value itself in the recent part). Draw it as a band to keep spikes visible."""
        return self._series(key, "low"), self._series(key, "high")

    def series(self, key, columns=None, x="step") -> tuple[np.ndarray, np.ndarray]:
        """(history[x], history[key]) to draw; with columns=N (the chart's width in pixels) at most 2·N + 2 points:
        per pixel column the lowest and the highest point, in time order, plus the first and last point. A line
        through them looks the same as through all points, and costs the same after an hour as after a minute."""
        xs, ys = self[x], self[key]
        if columns is None:
            return xs, ys
        return thin_for_drawing(xs, ys, columns)

    def last(self, key):
        """The newest value of `key` (exact), or None before any record."""
        if not self.n_records:
            return None
        value = self[key][-1]
        return value.item() if value.ndim == 0 else value.copy()

    def __len__(self):
        """Points stored (what a chart draws): at most recent + older."""
        return self._n_older + min(self.n_records, self.recent_capacity)

    @property
    def capacity(self) -> int:
        return self.recent_capacity + self.older_capacity

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays: fixed once the keys are known."""
        return sum(column.nbytes for column in self._columns.values())

    def keys(self):
        return list(self._columns)

    def __iter__(self):
        return iter(self.keys())

    def __contains__(self, key):
        return key in self._columns

    def items(self):
        return [(key, self[key]) for key in self._columns]

    def as_dict(self) -> dict:
        """{key: array} of every key (copies)."""
        return {key: np.array(self[key]) for key in self._columns}

    def __repr__(self):
        return tr("ThinnedHistory({n_records:,} records in {n_points} points, stride {stride}; keys: {keys})",
                  n_records=self.n_records, n_points=len(self), stride=self.stride, keys=", ".join(self._columns))

    # -- saving ---------------------------------------------------------------------------------
    def to_arrays(self) -> tuple[dict, dict]:
        """(meta, arrays): JSON-able meta data and the arrays needed to continue exactly (course_lib.saving)."""
        meta = {"recent": self.recent_capacity, "older": self.older_capacity, "n_records": self.n_records,
                "stride": self.stride, "n_older": self._n_older, "keys": list(self._columns),
                "dtypes": [column.dtype.str for column in self._columns.values()]}
        arrays = {}
        first, second = self._recent_order()
        for i, column in enumerate(self._columns.values()):
            recent = column.recent[first] if second is None else np.concatenate([column.recent[first],
                                                                                 column.recent[second]])
            arrays[f"{i}/recent"] = recent
            for part in ("older", "low", "high"):
                arrays[f"{i}/{part}"] = getattr(column, part)[: self._n_older].copy()
        return meta, arrays

    @classmethod
    def from_arrays(cls, meta: dict, arrays: dict) -> ThinnedHistory:
        """The inverse of to_arrays: a history that continues exactly where the saved one stopped."""
        history = cls(meta["recent"], meta["older"])
        history.n_records, history.stride, history._n_older = meta["n_records"], meta["stride"], meta["n_older"]
        n_recent = min(history.n_records, history.recent_capacity)
        start = history.n_records % history.recent_capacity if history.n_records > history.recent_capacity else 0
        for i, (key, dtype) in enumerate(zip(meta["keys"], meta["dtypes"], strict=True)):
            recent = np.asarray(arrays[f"{i}/recent"], dtype=dtype)
            if len(recent) != n_recent:
                raise CourseError(tr(
                    "The saved history of {key!r} has {n_recent} recent records, expected {n_recent2}: the file is "
                    "damaged.",
                    key=key, n_recent=len(recent), n_recent2=n_recent))
            column = _Column(recent.shape[1:], np.dtype(dtype), history.recent_capacity, history.older_capacity)
            column.recent[(np.arange(n_recent) + start) % history.recent_capacity] = recent
            for part in ("older", "low", "high"):
                getattr(column, part)[: history._n_older] = arrays[f"{i}/{part}"]
            history._columns[key] = column
        return history


def thin_for_drawing(x, y, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Points (x, y) -> at most 2·columns + 2 of them that draw the same line at `columns` pixels wide: in each
    column the lowest and the highest finite point (in time order), and always the first and the last point.
    x must increase. Non-finite y values are dropped from the columns (the first / last point are kept as they are).
    """
    columns = check_positive_int(columns, "columns")
    x, y = np.asarray(x), np.asarray(y)
    if y.ndim != 1 or x.shape != y.shape:
        raise CourseError(tr(
            "thin_for_drawing takes x and y of one shape (n,), got {shape} and {shape2}.",
            shape=x.shape, shape2=y.shape))
    n = len(x)
    if n <= 2 * columns + 2:
        return x, y
    xf = x.astype(float)
    span = float(xf[-1] - xf[0]) or 1.0
    column = np.minimum(((xf - xf[0]) / span * columns).astype(np.int64), columns - 1)
    finite = np.flatnonzero(np.isfinite(y))
    keep = [np.array([0, n - 1])]
    if finite.size:
        order = finite[np.lexsort((y[finite], column[finite]))]  # by column, then by value
        cols = column[order]
        starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
        ends = np.r_[starts[1:], len(order)] - 1
        keep += [order[starts], order[ends]]  # the lowest and the highest of each column
    index = np.unique(np.concatenate(keep))  # sorted: time order
    return x[index], y[index]
