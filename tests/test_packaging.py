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


def test_the_korean_font_and_the_message_catalogs_are_package_data():
    data, listed = PYPROJECT["tool"]["setuptools"]["package-data"], PYPROJECT["tool"]["setuptools"]["packages"]
    for path in (ROOT / "course_lib" / "fonts").iterdir():
        if path.suffix != ".py" and path.name != "__pycache__":
            assert any(fnmatch.fnmatch(path.name, p) for p in data["course_lib.fonts"]), f"{path.name} not packaged"
    catalogs = list((ROOT / "course_lib" / "locale").rglob("*.po"))
    assert catalogs
    for path in catalogs:
        package = ".".join(path.parent.relative_to(ROOT).parts)
        assert package in listed, f"add {package!r} to [tool.setuptools] packages"
        assert any(fnmatch.fnmatch(path.name, p) for p in data.get(package, [])), f"{path.name}: add to package-data"


def test_the_built_package_holds_the_font_its_licence_and_the_catalogs(tmp_path):
    """Run setuptools' build_py (what a wheel is made of) on a copy of the sources, offline, and look inside."""
    import shutil
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    for name in ("course_lib", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "build"
    done = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py",
                           "--build-lib", str(out)], cwd=src, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Package would be ignored" not in done.stderr, done.stderr
    for expected in ("fonts/CourseGothicKR.ttf", "fonts/OFL.txt", "fonts/__init__.py", "i18n.py",
                     "locale/ko/LC_MESSAGES/course_lib.po", "data/iris.csv"):
        assert (out / "course_lib" / expected).is_file(), f"course_lib/{expected} is not packaged"
