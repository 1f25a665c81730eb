"""tools/check_portability.py: which environments a CPU can run, and how nbval's report is read.

The tool itself (every notebook under several numeric environments) runs in .ci/run beside `pytest`."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_portability", ROOT / "tools" / "check_portability.py")
check_portability = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = check_portability  # dataclasses look their module up there
spec.loader.exec_module(check_portability)

AVX512 = {"pni", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"}


def names(flags):
    return [e.name for e in check_portability.supported_environments(flags)]


def test_an_avx512_cpu_runs_every_kernel_and_simd_level(monkeypatch):
    monkeypatch.setattr(check_portability.platform, "machine", lambda: "x86_64")
    envs = names(AVX512)
    assert envs[0] == "native"
    assert len(envs) == 1 + 4 * 3
    assert "SkylakeX/numpy-no-avx2" in envs


def test_an_avx2_laptop_runs_no_avx512_kernel_and_no_pointless_level(monkeypatch):
    monkeypatch.setattr(check_portability.platform, "machine", lambda: "x86_64")
    envs = names({"pni", "avx", "avx2", "fma"})
    assert not any("SkylakeX" in e or "no-avx512" in e for e in envs)
    assert "Haswell/numpy-no-avx2" in envs and "Prescott/numpy-all" in envs


def test_other_processors_run_only_the_native_environment(monkeypatch):
    monkeypatch.setattr(check_portability.platform, "machine", lambda: "arm64")
    assert names(AVX512) == ["native"]
    monkeypatch.setattr(check_portability.platform, "machine", lambda: "x86_64")
    assert names(set()) == ["native"]  # flags unreadable


def test_the_ci_set_has_at_least_three_environments_beyond_native(monkeypatch):
    monkeypatch.setattr(check_portability.platform, "machine", lambda: "x86_64")
    chosen = check_portability.choose(check_portability.supported_environments(AVX512), run_all=False)
    assert chosen[0].name == "native" and len(chosen) >= 4
    assert len({tuple(sorted(e.variables.items())) for e in chosen}) == len(chosen)  # no two alike


def test_inherited_cpu_variables_are_dropped(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "AVX512F")
    env = check_portability.clean_environment({"OPENBLAS_CORETYPE": "Prescott"})
    assert env["OPENBLAS_CORETYPE"] == "Prescott" and "NPY_DISABLE_CPU_FEATURES" not in env


NBVAL_FAILURE = """#x1B[91mNotebook cell execution failed#x1B[0m
 assert reference_output == test_output failed:
  Skipping 684 identical leading characters in diff, use -v to show
  -  MSE 0.0000   (593 p
  ?           ^
  +  MSE 0.0005   (593 p
  ?           ^
"""


def test_an_nbval_failure_is_reported_as_stored_against_here(tmp_path):
    report = tmp_path / "report.xml"
    report.write_text(
        '<?xml version="1.0"?><testsuites><testsuite>'
        '<testcase classname="notebooks.02_why_nonlinearity.ipynb" file="notebooks/02_why_nonlinearity.ipynb" '
        'name="Cell 12"><failure message="cell outputs differ">'
        + NBVAL_FAILURE.replace("<", "&lt;").replace(">", "&gt;")
        + '</failure></testcase><testcase file="notebooks/02_why_nonlinearity.ipynb" name="Cell 13"/>'
        "</testsuite></testsuites>"
    )
    (mismatch,) = check_portability.parse_report(report)
    assert mismatch.notebook == "notebooks/02_why_nonlinearity.ipynb" and mismatch.cell == "Cell 12"
    assert "stored:   MSE 0.0005" in mismatch.detail and "here:   MSE 0.0000" in mismatch.detail
