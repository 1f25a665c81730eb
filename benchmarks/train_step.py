"""Microseconds per full-batch training step (forward + backward + update) on the moons data set.

    python benchmarks/train_step.py                 # the full table (about a minute)
    python benchmarks/train_step.py --quick         # fewer repeats
    python benchmarks/train_step.py --stat min      # the fastest round of each cell (a busy machine)
    python benchmarks/train_step.py --cpu-time      # CPU time of one thread: a check that load cannot skew
    python benchmarks/train_step.py --optimizer adam

Compares, in one run and on the same data:
  course_lib course_lib.training.Trainer.train_step (what the lessons show and fit runs; the only path)
  torch 1T   PyTorch CPU, torch.set_num_threads(1)  \\ only if torch is installed; it is not a course
  torch NT   PyTorch CPU, its default thread count  / dependency (see benchmarks/README.md)
  sklearn    MLPClassifier.partial_fit, batch_size = all points (one step per call), if installed
Nets: 2-8-8-1 and 2-16-16-16-1, tanh hidden units, a sigmoid output with binary cross-entropy (from logits).
Each number is the median (or, with --stat min, the minimum) over rounds of the mean time per step, after a
warm-up; the last line gives the median and the worst of the eight course_lib / PyTorch ratios.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import sys
import time
import timeit

import numpy as np

from course_lib.datasets import make_moons
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adam
from course_lib.training import Trainer

SIZES = (200, 1000)
WARMUP = {"sklearn": 10}  # warm-up calls per step function (default 50)
TORCH, TORCH_DEFAULT_THREADS = None, None  # set in main() when torch is importable
NETS = ((8, 8), (16, 16, 16))
DTYPES = (np.float64, np.float32)
LR = {"sgd": 0.1, "adam": 0.01}


def time_per_step(steps: dict, repeats: int, stat=statistics.median, target_seconds=0.02,
                  clock=time.perf_counter) -> dict:
    """{name: step function} -> {name: µs per call}, the median (or `stat`) over rounds, timed with `clock`.

    Each step is warmed up, then timed in `repeats` rounds; every round times each step once (about
    target_seconds of calls), so a load spike on the machine hits all of them rather than one.
    """
    numbers, runs = {}, {name: [] for name in steps}
    for name, step in steps.items():
        for _ in range(WARMUP.get(name, 50)):
            step()
        numbers[name] = max(1, int(target_seconds / max(timeit.timeit(step, number=10) / 10, 1e-7)))
    for _ in range(repeats):
        for name, step in steps.items():
            if name.startswith("torch"):
                TORCH.set_num_threads(1 if name == "torch1" else TORCH_DEFAULT_THREADS)
            runs[name].append(timeit.Timer(step, timer=clock).timeit(number=numbers[name]) / numbers[name])
    return {name: stat(r) * 1e6 for name, r in runs.items()}


# -- course_lib ------------------------------------------------------------------------------------
def course_lib_step(X, y, hidden, dtype, optimizer):
    layers = [Dense(hidden[0], input_dim=2, activation="tanh")]
    layers += [Dense(units, activation="tanh") for units in hidden[1:]]
    layers.append(Dense(1, activation="sigmoid"))
    model = Sequential(layers, seed=0, dtype=dtype)
    opt = SGD(lr=LR["sgd"]) if optimizer == "sgd" else Adam(lr=LR["adam"])
    trainer = Trainer(model, optimizer=opt)  # loss: binary cross-entropy from logits (the default pair)
    X, y = X.astype(dtype), y.astype(dtype)  # the data as the learner holds them; train_step checks them every call
    return lambda: trainer.train_step(X, y)


# -- PyTorch -----------------------------------------------------------------------------------------
def torch_step(torch, X, y, hidden, dtype, optimizer):
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    torch.manual_seed(0)
    widths = (2, *hidden)
    layers = []
    for n_in, n_out in itertools.pairwise(widths):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Tanh()]
    layers.append(torch.nn.Linear(widths[-1], 1))
    net = torch.nn.Sequential(*layers).to(tdtype)
    Xt = torch.tensor(X, dtype=tdtype)
    yt = torch.tensor(y, dtype=tdtype).reshape(-1, 1)
    if optimizer == "sgd":
        opt = torch.optim.SGD(net.parameters(), lr=LR["sgd"])
    else:
        opt = torch.optim.Adam(net.parameters(), lr=LR["adam"])
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(Xt), yt)
        loss.backward()
        opt.step()
        return loss.item()  # course_lib's train_step returns the loss as a float too

    return step


# -- scikit-learn ------------------------------------------------------------------------------------
def sklearn_step(MLPClassifier, X, y, hidden, dtype, optimizer):
    kwargs = {"solver": "sgd", "learning_rate_init": LR["sgd"], "momentum": 0.0, "nesterovs_momentum": False}
    if optimizer == "adam":
        kwargs = {"solver": "adam", "learning_rate_init": LR["adam"]}
    clf = MLPClassifier(hidden_layer_sizes=hidden, activation="tanh", alpha=0.0, batch_size=len(X),
                        shuffle=False, random_state=0, **kwargs)
    X = X.astype(dtype)
    clf.partial_fit(X, y, classes=np.array([0.0, 1.0]))
    return lambda: clf.partial_fit(X, y)  # one epoch of one full batch = one step (plus sklearn's checks)


def optional_imports():
    try:
        import torch
    except ImportError:
        torch = None
    try:
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        warnings.filterwarnings("ignore", category=ConvergenceWarning)
    except ImportError:
        MLPClassifier = None
    return torch, MLPClassifier


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    parser.add_argument("--repeats", type=int, default=9, help="timed runs per cell; the median is shown")
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 9")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time the CPU time of this thread instead of the wall clock: unaffected by other "
                             "processes, but only fair for one thread (PyTorch's 2-thread column is left out)")
    parser.add_argument("--stat", choices=["median", "min"], default="median",
                        help="how rounds are summarised; min estimates an idle machine when others load it")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats

    global TORCH, TORCH_DEFAULT_THREADS
    torch, MLPClassifier = optional_imports()
    TORCH, TORCH_DEFAULT_THREADS = torch, (torch.get_num_threads() if torch else None)
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"optimizer {args.optimizer}, {args.stat} of {repeats} rounds, load average {os.getloadavg()[0]:.1f}"
          + (", CPU time of one thread" if args.cpu_time else ""))
    if torch:
        print(f"torch {torch.__version__} (default threads: {TORCH_DEFAULT_THREADS})")
    else:
        print("torch not installed: its columns are empty")
    if MLPClassifier:
        import sklearn

        print(f"scikit-learn {sklearn.__version__}")
    print("µs per full-batch step (forward + backward + update); ratio = course_lib time / best PyTorch time\n")

    header = (f"{'points':>6}  {'net':<13} {'dtype':<7} {'course_lib':>10} {'torch 1T':>9} {'torch NT':>9} "
              f"{'sklearn':>8}  {'course_lib/torch':>16}")
    print(header)
    print("-" * len(header))
    ratios = []
    for n in SIZES:
        X, y = make_moons(n, noise=0.1, seed=0)
        for hidden in NETS:
            for dtype in DTYPES:
                steps = {"course_lib": course_lib_step(X, y, hidden, dtype, args.optimizer)}
                if torch:
                    # one net per thread setting; time_per_step sets the thread count before timing each
                    steps["torch1"] = torch_step(torch, X, y, hidden, dtype, args.optimizer)
                    if not args.cpu_time:
                        steps["torchN"] = torch_step(torch, X, y, hidden, dtype, args.optimizer)
                if MLPClassifier:
                    steps["sklearn"] = sklearn_step(MLPClassifier, X, y, hidden, dtype, args.optimizer)
                cells = time_per_step(steps, repeats, stat=statistics.median if args.stat == "median" else min,
                                      clock=time.thread_time if args.cpu_time else time.perf_counter)
                best_torch = min(cells.get("torch1", np.inf), cells.get("torchN", np.inf))

                def fmt(key, width, cells=cells):
                    return f"{cells[key]:>{width}.0f}" if key in cells else f"{'-':>{width}}"

                def ratio(key, width, cells=cells, best=best_torch):
                    return f"{cells[key] / best:>{width}.2f}" if np.isfinite(best) else f"{'-':>{width}}"

                net = "2-" + "-".join(map(str, hidden)) + "-1"
                ratios.append(cells["course_lib"] / best_torch)
                print(f"{n:>6}  {net:<13} {np.dtype(dtype).name:<7} {fmt('course_lib', 10)} {fmt('torch1', 9)} "
                      f"{fmt('torchN', 9)} {fmt('sklearn', 8)}  {ratio('course_lib', 16)}", flush=True)
    if torch:
        print(f"\ncourse_lib / PyTorch: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (above ~0.5 other processes share the CPUs: rerun)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
