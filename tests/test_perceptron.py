"""course_lib.perceptron: gate truth tables, the brute-force search, and the two drawings at every slider corner."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib.perceptron import (
    GATES,
    W_STAR,
    best_gate_score,
    draw_gate,
    draw_perceptron,
    draw_step_sizes,
    gate_outputs,
    gd_path,
    step_size_verdict,
)
from course_lib.validation import CourseError


def test_hand_set_weights_compute_the_gates():
    assert list(gate_outputs(1, 1, -1.5)) == list(GATES["AND"])
    assert list(gate_outputs(1, 1, -0.5)) == list(GATES["OR"])
    assert list(gate_outputs(-1, -1, 1.5)) == list(GATES["NAND"])
    assert list(gate_outputs(1, 1, -1.0)) == [0, 0, 0, 1]  # z = 0 counts as 0


def test_no_line_computes_xor_and_a_bias_is_needed_for_and():
    assert [best_gate_score(g) for g in ("AND", "OR", "NAND", "XOR")] == [4, 4, 4, 3]
    assert best_gate_score("AND", b_values=[0.0]) == 3
    with pytest.raises(CourseError):
        best_gate_score("XNOR")


@pytest.mark.parametrize("gate", list(GATES))
def test_draw_gate_at_slider_corners(gate):
    corners = list(itertools.product([-3.0, 0.0, 3.0], repeat=3)) if gate == "AND" else [(0.0, 0.0, 0.0), (3, -3, 3)]
    for w1, w2, b in corners:
        text = draw_gate(Figure(), gate, w1, w2, b)
        right = int((gate_outputs(w1, w2, b) == GATES[gate]).sum())
        assert text.startswith(f"{gate} with w1={w1:.1f}") and f"{right}/4 right" in text


def test_gd_path_and_verdicts():
    assert np.isclose(gd_path(0.5, steps=1)[-1], W_STAR)  # lr = 1/curvature jumps to the minimum in one step
    assert step_size_verdict(0.05) == "crawls"
    assert step_size_verdict(0.3) == "converges"
    assert step_size_verdict(0.9) == "oscillates slowly"
    assert step_size_verdict(0.7) == "oscillates, converges"
    assert step_size_verdict(1.0) == "bounces forever"
    assert step_size_verdict(1.05) == "diverges"


def test_draw_step_sizes_at_slider_corners():
    for lrs in [(0.01, 0.01, 0.01), (1.5, 1.5, 1.5), (0.05, 0.3, 1.05)]:
        for steps in (1, 50):
            text = draw_step_sizes(Figure(), *lrs, steps=steps)
            assert text.count("after") == 3


def test_draw_step_sizes_with_an_oscillating_panel():
    fig = Figure()
    text = draw_step_sizes(fig, 0.05, 0.3, 1.05, steps=20, lr_oscillating=0.85)
    assert text.count("after") == 4 and len(fig.axes) == 8
    assert [part.split("(")[-1].rstrip(")") for part in text.split(" · ")] == [
        "crawls", "converges", "oscillates, converges", "diverges"]
    for lr in (0.01, 1.0, 1.5):
        assert draw_step_sizes(Figure(), lr, lr, lr, steps=50, lr_oscillating=lr).count("after") == 4


def test_draw_perceptron_labels_its_parts():
    ax = Figure().add_subplot()
    draw_perceptron(ax, n_inputs=3)
    texts = {t.get_text() for t in ax.texts}
    assert {"$x_1$", "$x_3$", "$w_2$", "bias $b$", "$\\hat y$"} <= texts


def test_draw_step_sizes_neutral_titles_and_step_zero():
    # predict first: without verdicts neither the titles nor the summary name the behaviour
    fig = Figure()
    text = draw_step_sizes(fig, 0.05, 0.3, 1.05, steps=20, lr_oscillating=0.85, show_verdicts=False)
    words = ("crawls", "converges", "oscillates", "diverges", "bounces")
    assert not any(word in text for word in words)
    assert not any(word in ax.get_title() for ax in fig.axes for word in words)
    start = draw_step_sizes(Figure(), 0.05, 0.3, 1.05, steps=0, lr_oscillating=0.85, show_verdicts=False)
    assert start.count("after 0 steps") == 4
