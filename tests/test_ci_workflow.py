"""The GitHub Actions workflow for an instructor's fork (.github/workflows/tests.yml) is valid and runs what the
README promises. It cannot run here; its syntax is checked against GitHub's workflow schema (check-jsonschema ships
a copy, so no network is needed)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"


def test_workflow_matches_githubs_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_the_readme_command_on_linux_and_the_notebooks_on_apple_silicon():
    from ruamel.yaml import YAML

    jobs = YAML(typ="safe").load(WORKFLOW.read_text())["jobs"]
    by_runner = {job["runs-on"]: [step.get("run", "") for step in job["steps"]] for job in jobs.values()}
    assert "pytest" in by_runner["ubuntu-latest"]
    assert any("tools/check_portability.py" in run for run in by_runner["ubuntu-latest"])
    assert "pytest notebooks" in by_runner["macos-latest"]
    for runs in by_runner.values():
        assert any("pip install -r requirements.txt" in run for run in runs)
