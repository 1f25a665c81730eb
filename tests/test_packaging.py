"""Packaging: what `pip install -r requirements.txt` (and Colab's plain `pip install git+...`) will install."""

import fnmatch
from importlib import resources
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_requirements_are_pinned_and_end_with_the_editable_course():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    assert lines[-1] == "-e ."
    unpinned = [line for line in lines[:-1] if "==" not in line]
    assert not unpinned, f"pin these with ==: {unpinned}"


def test_every_subpackage_of_course_lib_is_packaged():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {"course_lib"} | {
        "course_lib." + ".".join(p.parent.relative_to(ROOT / "course_lib").parts)
        for p in (ROOT / "course_lib").rglob("__init__.py") if p.parent != ROOT / "course_lib"
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert "course_lib.data" in listed
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["course_lib.data"] == "data"


def test_every_data_file_travels_with_the_package():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["course_lib.data"]
    for path in (ROOT / "data").iterdir():
        if path.name == "__init__.py" or path.name.startswith("."):
            continue
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{path.name} is not in package-data"


def test_shipped_data_is_found_through_the_package():
    assert resources.files("course_lib.data").joinpath("iris.csv").read_text().startswith("sepal_length_cm")
    assert resources.files("course_lib.data").joinpath("README.md").is_file()
