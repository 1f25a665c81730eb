"""The nbval sanitizers in tests/nbval_sanitize.cfg replace only what is truly volatile."""

import re
from pathlib import Path

from nbval.plugin import get_sanitize_patterns

CFG = Path(__file__).with_name("nbval_sanitize.cfg")


def sanitize(text):
    """What nbval does to an output before comparing it (its own parser of the file, then re.sub)."""
    patterns = get_sanitize_patterns(CFG.read_text())
    assert len(patterns) == 2
    for regex, replacement in patterns:
        text = re.sub(regex, replacement, text)
    return text


def test_memory_addresses_are_masked():
    assert sanitize("<function f at 0x7f3a2c1b9d50>") == "<function f at 0xADDRESS>"
    assert sanitize("<Figure object at 0x10a2b3c4d>, id 0xdeadbeef") == "<Figure object at 0xADDRESS>, id 0xADDRESS"


def test_figure_sizes_and_short_hex_are_kept():
    for text in ("<Figure size 720x420 with 1 Axes>", "<Figure size 1100x400 with 2 Axes>", "4x8 grid", "0x10",
                 "shape 640x480", "value 0x1f"):
        assert sanitize(text) == text


def test_timings_are_masked():
    assert sanitize("⏱ 12.3 ms per step") == "⏱ (timing varies)"
