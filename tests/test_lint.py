"""ruff (settings in pyproject.toml) finds nothing in the library, the tests and the notebooks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["course_lib", "tests", "notebooks", "tools", "benchmarks"]


def test_ruff_check_is_clean():
    targets = [t for t in TARGETS if (ROOT / t).exists()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"ruff check {' '.join(targets)} found problems:\n{result.stdout}{result.stderr}"
