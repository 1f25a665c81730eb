"""`python -m course_lib.exercises [--language en|ko] [PATH]`: write all solutions for instructors.

English (the default) goes to SOLUTIONS.md, Korean (`--language ko`) to SOLUTIONS.ko.md, unless PATH is given;
`--language all` writes both files.
"""

import argparse
from pathlib import Path

from course_lib.exercises.core import SOLUTIONS_FILES, all_solutions

parser = argparse.ArgumentParser(prog="python -m course_lib.exercises", description=__doc__.splitlines()[0])
parser.add_argument("--language", default="en", choices=[*SOLUTIONS_FILES, "all"],
                    help="en: SOLUTIONS.md (default), ko: SOLUTIONS.ko.md, all: both")
parser.add_argument("path", nargs="?", help="the file to write (default: SOLUTIONS.md / SOLUTIONS.ko.md)")
args = parser.parse_args()
languages = list(SOLUTIONS_FILES) if args.language == "all" else [args.language]
if args.path and len(languages) > 1:
    parser.error("give no PATH with --language all")
for language in languages:
    target = Path(args.path or SOLUTIONS_FILES[language])
    target.write_text(all_solutions(language) + "\n", encoding="utf-8")
    print(f"wrote {target}")
