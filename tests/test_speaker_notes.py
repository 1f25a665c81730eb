"""docs/speaker_notes.md, the presenter's handout, lists the notebooks' speaker notes as they are."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_speaker_notes_file_is_up_to_date():
    result = subprocess.run([sys.executable, "tools/speaker_notes.py", "--check"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_lesson_has_speaker_notes():
    text = (ROOT / "docs" / "speaker_notes.md").read_text(encoding="utf-8")
    for n in range(10):
        assert f"`notebooks/{n:02d}_" in text
    assert "(no notes)" not in text


def test_the_korean_edition_has_its_handout():
    if not (ROOT / "notebooks" / "ko").is_dir():
        return
    text = (ROOT / "docs" / "speaker_notes.ko.md").read_text(encoding="utf-8")
    for n in range(10):
        assert f"`notebooks/ko/{n:02d}_" in text
    assert "(no notes)" not in text and "(continued)" not in text
