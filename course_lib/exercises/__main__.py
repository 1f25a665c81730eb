"""`python -m course_lib.exercises [PATH]`: write all solutions (default SOLUTIONS.md) for instructors."""

import sys
from pathlib import Path

from course_lib.exercises.core import all_solutions

target = Path(sys.argv[1] if len(sys.argv) > 1 else "SOLUTIONS.md")
target.write_text(all_solutions() + "\n", encoding="utf-8")
print(f"wrote {target}")
