"""Give every notebook an "Open in Colab" badge and a first cell that installs the course, only on Colab.

    python tools/stamp_colab.py            # uses [project.urls] Repository from pyproject.toml
    python tools/stamp_colab.py --check    # exit 1 if a notebook lacks the current badge / install cell

Colab ignores requirements.txt, so on Colab the first code cell installs course_lib from the repository with a
normal (not editable) pip install — an editable install would need a kernel restart there. Everywhere else the
cell does nothing. The public repository address lives in one place, pyproject.toml:

    [project.urls]
    Repository = "https://github.com/OWNER/REPO"

Until it is set this tool refuses to run (a badge pointing nowhere would be worse than none).
Re-run it after adding a notebook, then refresh outputs with tools/run_notebooks.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import tomllib

ROOT = Path(__file__).resolve().parent.parent
MARK = "colab-setup"  # cell metadata tag that identifies the stamped cells


def repository() -> str | None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("urls", {})
    url = urls.get("Repository")
    return url.rstrip("/") if url and re.match(r"https://github\.com/[\w.-]+/[\w.-]+$", url.rstrip("/")) else None


def badge_cell(repo: str, name: str):
    """name: the notebook's path under notebooks/, e.g. 03_activation_functions.ipynb or ko/03_....ipynb."""
    path = repo.replace("https://github.com/", "")
    text = (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"(https://colab.research.google.com/github/{path}/blob/main/notebooks/{name})")
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": [MARK], "slideshow": {"slide_type": "skip"}})


def install_cell(repo: str):
    text = ("# On Google Colab only: install the course library (elsewhere this cell does nothing).\n"
            "import sys\n"
            "\n"
            "if \"google.colab\" in sys.modules:\n"
            "    import subprocess\n"
            "\n"
            f"    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"-q\", \"git+{repo}\"], check=True)")
    return nbformat.v4.new_code_cell(text, metadata={"tags": [MARK], "slideshow": {"slide_type": "skip"}})


def stamp(path: Path, repo: str, check: bool) -> bool:
    nb = nbformat.read(path, as_version=4)
    body = [c for c in nb.cells if MARK not in c.metadata.get("tags", [])]
    wanted = [badge_cell(repo, path.relative_to(ROOT / "notebooks").as_posix()), install_cell(repo)]
    current = [c for c in nb.cells if MARK in c.metadata.get("tags", [])]
    up_to_date = [c.source for c in current] == [c.source for c in wanted] and nb.cells[:2] == current
    if check or up_to_date:
        return up_to_date
    nb.cells = wanted + body
    nbformat.write(nb, path)
    return True


def main(args) -> int:
    repo = repository()
    if repo is None:
        print("Set [project.urls] Repository = \"https://github.com/OWNER/REPO\" in pyproject.toml first.")
        return 2
    check = "--check" in args
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks").glob("ko/*.ipynb"))
    stale = [p.name for p in notebooks if not stamp(p, repo, check)]
    if check and stale:
        print("missing or outdated Colab cells:", ", ".join(stale))
        return 1
    print("stamped" if not check else "all notebooks carry the Colab badge and install cell")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
