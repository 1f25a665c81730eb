"""Execute notebooks top to bottom in a fresh kernel and save them with their outputs.

    python tools/run_notebooks.py notebooks/03_activation_functions.ipynb [...]
    python tools/run_notebooks.py            # every notebook in notebooks/

This is how committed outputs are produced (never by hand): `pytest` then re-executes each notebook with
nbval and compares against exactly these outputs. Prints how long each notebook took (target: <= 15 s).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks into one output. How a print is split into chunks depends on
    timing, not on the code; nbval joins them before comparing, and joined outputs keep the stored diff small."""
    joined = []
    for out in outputs:
        previous = joined[-1] if joined else None
        if (out.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == out.get("name")):
            previous["text"] += out["text"]
        else:
            joined.append(out)
    return joined


def run(path: Path, timeout: int = 300) -> float:
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    # Widget state is not stored: it would embed every image in the file; the playground adds a still PNG instead.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    elapsed = time.perf_counter() - started
    for cell in nb.cells:  # keep diffs small: execution timestamps change on every run
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(nb, path)
    return elapsed


def main(args: list[str]) -> int:
    paths = [Path(a) for a in args] or (sorted((ROOT / "notebooks").glob("*.ipynb"))
                                         + sorted((ROOT / "notebooks").glob("ko/*.ipynb")))
    for path in paths:
        print(f"{path.name}: {run(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
