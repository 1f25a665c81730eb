"""ThinnedHistory: bounded memory and drawing cost over hours of Play, curve shape kept, reads like a dict."""

import numpy as np
import pytest

from course_lib.history_store import ThinnedHistory
from course_lib.validation import CourseError


def loss_at(i):
    """A falling, wiggling loss; no sin or exp, so one record and the whole array give the same bits."""
    return 2.0 / (1.0 + 0.01 * i) + 0.05 * ((i * 37) % 11)


def filled(n, **kwargs):
    h = ThinnedHistory(**kwargs)
    for i in range(n):
        h.append(step=5 * (i + 1), epoch=i / 10, train_loss=loss_at(i), test_loss=loss_at(i) + 0.1,
                 train_acc=min(1.0, i / 1000), test_acc=None, norms=[1.0 / (1 + i), 2.0])
    return h


@pytest.fixture(scope="module")
def long_runs():
    return {n: filled(n) for n in (2_000, 4_000, 40_000)}


def test_memory_is_bounded_and_the_same_after_4000_and_40000_records(long_runs):
    h4, h40 = long_runs[4_000], long_runs[40_000]
    assert h40.n_records == 40_000
    assert h4.nbytes == h40.nbytes  # fixed arrays, allocated once
    assert len(h40) <= h40.capacity == 2_000 and len(h4) <= 2_000
    assert all(len(h40[key]) == len(h40) for key in h40)


def test_drawing_cost_after_40000_records_is_at_most_1_5_times_that_after_2000(long_runs):
    points_2k = sum(len(long_runs[2_000][k]) for k in long_runs[2_000])
    points_40k = sum(len(long_runs[40_000][k]) for k in long_runs[40_000])
    assert points_40k <= 1.5 * points_2k


def test_first_and_last_values_are_exact_and_steps_increase(long_runs):
    h = long_runs[40_000]
    assert h["step"][0] == 5 and h["step"][-1] == 200_000 and h["step"].dtype == np.int64
    assert h["train_loss"][0] == loss_at(0) and h["train_loss"][-1] == loss_at(39_999)
    assert h.last("test_loss") == loss_at(39_999) + 0.1
    assert np.all(np.diff(h["step"]) > 0)
    # the newest 1,000 records are all there, one per record
    np.testing.assert_array_equal(h["step"][-1000:], 5 * np.arange(39_001, 40_001))


def test_every_point_is_a_real_record_and_the_envelope_holds_its_bucket(long_runs):
    h = long_runs[40_000]
    index = h["step"] // 5 - 1
    np.testing.assert_array_equal(h["train_loss"], loss_at(index))  # thinning drops records, never invents values
    low, high = h.envelope("train_loss")
    assert np.all(low <= h["train_loss"]) and np.all(h["train_loss"] <= high)
    all_losses = loss_at(np.arange(40_000))
    assert low.min() == all_losses.min() and high.max() == all_losses.max()  # no extreme is lost
    older = len(h) - 1000
    stride = h.stride
    for j in (0, older // 2, older - 1):  # each older point stands for `stride` records
        bucket = all_losses[j * stride:min((j + 1) * stride, 40_000 - 1000)]  # the last one may be partly filled
        assert (low[j], high[j]) == (bucket.min(), bucket.max())


def test_a_spike_survives_thinning_in_the_envelope():
    h = ThinnedHistory(recent=100, older=100)
    for i in range(20_000):
        h.append(step=i, loss=50.0 if i == 777 else 1.0)
    assert 50.0 not in h["loss"] and h.envelope("loss")[1].max() == 50.0


def test_vectors_none_and_short_histories():
    h = filled(10)
    assert len(h) == 10 and h["norms"].shape == (10, 2) and np.isnan(h["test_acc"]).all()
    np.testing.assert_array_equal(h.envelope("epoch")[0], h["epoch"])
    assert h.keys() == ["step", "epoch", "train_loss", "test_loss", "train_acc", "test_acc", "norms"]
    assert "step" in h and list(h) == h.keys() and dict(h.items()).keys() == set(h.keys())
    assert ThinnedHistory().last("step") is None and len(ThinnedHistory()) == 0


def test_arrays_are_read_only_views_and_reading_is_cached():
    h = filled(50)
    with pytest.raises(ValueError):
        h["train_loss"][0] = 0.0
    assert h["train_loss"] is h["train_loss"]
    h.append(step=999, train_loss=0.0)
    assert h["train_loss"][-1] == 0.0 and np.isnan(h["test_loss"][-1])  # a missing key is NaN for that record


def test_keys_added_later_and_ints_that_become_floats():
    h = ThinnedHistory(recent=4, older=4)
    for i in range(10):
        h.append(step=i)
    h.append(step=10, lr=0.5)
    assert np.isnan(h["lr"][:-1]).all() and h["lr"][-1] == 0.5
    h.append(step=10.5)
    assert h["step"].dtype == np.float64 and h["step"][-1] == 10.5 and h["step"][0] == 0


def test_mistakes_get_messages():
    h = filled(3)
    with pytest.raises(KeyError, match="Did you mean 'train_loss'"):
        h["train_los"]
    with pytest.raises(CourseError, match=r"shape \(3,\), but earlier records had \(2,\)"):
        h.append(step=1, norms=[1, 2, 3])
    with pytest.raises(CourseError, match="number or a list of numbers"):
        h.append(step=1, train_loss="low")
    with pytest.raises(CourseError, match="earlier records had as whole numbers"):
        h.append(train_loss=0.1)
    with pytest.raises(CourseError, match="even number"):
        ThinnedHistory(older=7)
    with pytest.raises(CourseError, match="at least one value"):
        h.append()


def test_series_for_drawing_keeps_at_most_two_points_per_pixel_column(long_runs):
    for n, h in long_runs.items():
        xs, ys = h.series("train_loss", columns=300)
        assert len(xs) <= 602 and np.all(np.diff(xs) > 0)
        assert (xs[0], ys[0]) == (h["step"][0], h["train_loss"][0])
        assert (xs[-1], ys[-1]) == (h["step"][-1], h["train_loss"][-1])
        assert ys.min() == h["train_loss"].min() and ys.max() == h["train_loss"].max(), n
    xs, ys = long_runs[2_000].series("train_loss")
    assert len(xs) == 2_000  # columns=None: every stored point


def test_thin_for_drawing_keeps_each_columns_extremes_and_skips_nan():
    from course_lib.history_store import thin_for_drawing

    x = np.arange(1000)
    y = np.where(x % 97 == 0, np.nan, np.cos(x * 0.37))
    xs, ys = thin_for_drawing(x, y, columns=10)
    assert len(xs) <= 22
    for c in range(10):
        part = y[c * 100:(c + 1) * 100]
        inside = ys[(xs >= c * 100) & (xs < (c + 1) * 100)]
        assert np.nanmin(part) in inside and np.nanmax(part) in inside
    assert np.isnan(ys[0])  # the first point is kept as it is
    short_x, short_y = thin_for_drawing(x[:5], y[:5], columns=10)
    assert len(short_x) == 5 and np.array_equal(short_y, y[:5], equal_nan=True)
