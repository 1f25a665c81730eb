"""Do the stored notebook outputs hold under other numeric environments?

    python tools/check_portability.py                       # every notebook, the CI set of environments
    python tools/check_portability.py --all                 # every environment this CPU can run
    python tools/check_portability.py notebooks/06_*.ipynb  # some notebooks
    python tools/check_portability.py --list                # which environments, and exit

Why: numpy's BLAS (OpenBLAS) picks a matrix-product kernel for the CPU it runs on, and numpy picks SIMD code
paths for `exp`, `tanh` and friends. Different kernels round the last bit differently. A learner's laptop
(Apple Silicon, an AMD or Intel laptop, Windows) therefore computes slightly different floats than the
machine that stored the outputs, and an experiment on a knife edge turns that bit into a different printed
result. This tool imitates other CPUs on this one:

- `OPENBLAS_CORETYPE` forces an OpenBLAS kernel (Prescott: SSE3, Sandybridge: AVX, Haswell: AVX2 + FMA,
  SkylakeX: AVX-512), and
- `NPY_DISABLE_CPU_FEATURES` turns off numpy's AVX-512 or AVX2 code paths,

and re-runs the README's notebook comparison (strict nbval, the same sanitisers as `pytest`) in each. Only
environments that this CPU supports are run (read from its flags); the list is printed first. Exit status 0
means every cell matched its stored output in every environment that ran.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"(\x1b|#x1B)\[[0-9;]*m")  # colour codes; pytest's XML report writes ESC as #x1B

# OpenBLAS kernels from oldest to newest, each with the CPU flags it needs.
OPENBLAS_KERNELS = {
    "Prescott": {"sse3"},
    "Sandybridge": {"avx"},
    "Haswell": {"avx2", "fma"},
    "SkylakeX": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"},
}
# numpy SIMD levels to turn off (numpy >= 2.4 names; older numpy ignores unknown names with a warning).
NUMPY_LEVELS = {
    "numpy-all": ("", set()),
    "numpy-no-avx512": ("X86_V4 AVX512_ICL AVX512_SPR", {"avx512f"}),
    "numpy-no-avx2": ("X86_V3 X86_V4 AVX512_ICL AVX512_SPR", {"avx2"}),
}
# What CI runs besides the native environment: the oldest and a middle kernel with numpy's widest code
# paths, the AVX2-class machine most laptops are, and the same with numpy limited to AVX-level code.
CI_SET = [
    ("Prescott", "numpy-all"),
    ("Sandybridge", "numpy-no-avx2"),
    ("Haswell", "numpy-no-avx512"),
    ("Haswell", "numpy-all"),
]


# Prints the OpenBLAS kernel that loaded and numpy's widest SIMD level left on: proof that the variables took effect.
WHAT_RAN = """
import numpy, threadpoolctl
from numpy._core._multiarray_umath import __cpu_features__ as on
blas = ','.join(i.get('architecture') or i['internal_api'] for i in threadpoolctl.threadpool_info())
groups = ('AVX512_SPR', 'AVX512_ICL', 'X86_V4', 'X86_V3', 'X86_V2')  # numpy >= 2.4 switches these groups
levels = groups if any(g in on for g in groups) else ('AVX512_SKX', 'AVX512F', 'AVX2', 'AVX', 'ASIMD')
simd = next((f for f in levels if on.get(f)), 'baseline')
print(f'OpenBLAS kernel {blas}, numpy up to {simd}')
"""


@dataclass
class Environment:
    name: str
    variables: dict = field(default_factory=dict)

    def describe(self) -> str:
        if not self.variables:
            return f"{self.name} (no variables set)"
        return f"{self.name} (" + " ".join(f"{k}={v!r}" for k, v in self.variables.items()) + ")"


@dataclass
class Mismatch:
    notebook: str
    cell: str
    detail: str


def cpu_flags() -> set[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo); empty where they cannot be read."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def supported_environments(flags: set[str]) -> list[Environment]:
    """Every OpenBLAS kernel x numpy SIMD level this CPU can run, plus the native one (nothing forced)."""
    envs = [Environment("native")]
    if platform.machine().lower() not in ("x86_64", "amd64") or not flags:
        return envs  # OPENBLAS_CORETYPE and these numpy levels only mean something on x86-64
    flags = flags | ({"sse3"} if "pni" in flags else set())  # Linux calls SSE3 "pni"
    for kernel, needs in OPENBLAS_KERNELS.items():
        if not needs <= flags:
            continue
        for level, (disabled, level_needs) in NUMPY_LEVELS.items():
            if not level_needs <= flags:
                continue  # turning off a feature the CPU lacks is the same as numpy-all
            variables = {"OPENBLAS_CORETYPE": kernel}
            if disabled:
                variables["NPY_DISABLE_CPU_FEATURES"] = disabled
            envs.append(Environment(f"{kernel}/{level}", variables))
    return envs


def choose(envs: list[Environment], run_all: bool) -> list[Environment]:
    if run_all:
        return envs
    by_name = {e.name: e for e in envs}
    chosen = [by_name["native"]]
    chosen += [by_name[f"{k}/{lvl}"] for k, lvl in CI_SET if f"{k}/{lvl}" in by_name]
    return chosen


def clean_environment(extra: dict) -> dict:
    """The current environment without any inherited OpenBLAS/numpy CPU setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBLAS_", "NPY_"))}
    env.update(extra)
    return env


def run_nbval(env: Environment, notebooks: list[Path]) -> tuple[list[Mismatch], float, str]:
    """Strict nbval (the project's pytest settings) on `notebooks` in `env`. Returns mismatches, seconds and
    the OpenBLAS kernel that actually ran."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
               "-o", "junit_family=xunit1", *[str(n) for n in notebooks]]
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=clean_environment(env.variables), capture_output=True, text=True)
        seconds = time.perf_counter() - started
        kernel = subprocess.run([sys.executable, "-c", WHAT_RAN], env=clean_environment(env.variables),
                                capture_output=True, text=True).stdout.strip()
        if not report.exists():
            return [Mismatch("(pytest)", "-", proc.stdout[-2000:] + proc.stderr[-2000:])], seconds, kernel
        return parse_report(report), seconds, kernel


def parse_report(report: Path) -> list[Mismatch]:
    mismatches = []
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            continue
        notebook = case.get("file") or case.get("classname", "?")
        text = (problem.get("message") or "") + "\n" + (problem.text or "")
        mismatches.append(Mismatch(notebook, case.get("name", "?"), first_difference(text)))
    return mismatches


def first_difference(text: str) -> str:
    """The first differing lines of an nbval failure, as 'stored: ... | here: ...'.

    nbval asserts `reference_output == test_output`; pytest's diff marks the stored (left) side with '+' and the
    output computed here with '-'."""
    lines = [ANSI.sub("", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    shown = [("stored: " + ln[1:] if ln.startswith("+") else "here: " + ln[1:])
             for ln in lines if ln.startswith(("-", "+")) and not ln.startswith(("---", "+++"))]
    return " | ".join((shown or lines)[:4])[:400]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to check (default: all of notebooks/)")
    parser.add_argument("--all", action="store_true", help="every environment this CPU can run, not the CI set")
    parser.add_argument("--list", action="store_true", help="list the environments and exit")
    parser.add_argument("--jobs", type=int, default=2, help="environments run at the same time (default 2)")
    args = parser.parse_args(argv)

    envs = choose(supported_environments(cpu_flags()), args.all)
    print("environments:", *(f"  {e.describe()}" for e in envs), sep="\n")
    if args.list:
        return 0
    notebooks = args.notebooks or sorted((ROOT / "notebooks").rglob("*.ipynb"))
    notebooks = [n for n in notebooks if ".ipynb_checkpoints" not in n.parts]
    print(f"notebooks: {len(notebooks)}", flush=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda e: (e, *run_nbval(e, notebooks)), envs))
    failed = 0
    for env, mismatches, seconds, kernel in results:
        verdict = "all cells match" if not mismatches else f"{len(mismatches)} cell(s) differ"
        print(f"\n{env.name}: {verdict} ({seconds:.0f} s; {kernel or 'numpy did not start'})")
        for m in mismatches:
            print(f"  {m.notebook} {m.cell}: {m.detail}")
        failed += bool(mismatches)
    print(f"\nportability: {len(envs) - failed} environments passed, {failed} failed "
          f"({time.perf_counter() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
