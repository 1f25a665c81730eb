"""Cost of the playground's network panel: evaluating every neuron on the grid, and painting the picture.

    python benchmarks/network_view.py                 # 2 x 8 and 10 x 32 units, 64 x 64 grid
    python benchmarks/network_view.py --repeat 200    # more rounds (steadier on a busy machine)
    python benchmarks/network_view.py --scale 1.4     # presenter mode
    python benchmarks/network_view.py --cpu-time      # CPU time of this thread: steadier when others load the machine

For each network (circles data, tanh, trained 100 steps) it prints the median and the fastest time of:
  unit_maps     the forward pass on the GRID x GRID mesh and the maps of every neuron (network_view.unit_maps)
  paint         the picture alone, from those maps (NetworkMaps.paint, with the training points)
  paint+detail  the picture and the selected neuron's large heatmap
  png           encoding the picture for an ipywidgets.Image (raster.png_bytes)
  panel         what the playground calls per frame: network_view.network_panel with the grid outputs it has already
Target: paint well under 15 ms at 2 x 8 on the 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from course_lib import network_view, raster
from course_lib.widgets import GRID, Playground


def timed(fn, repeat, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times) * 1e3, min(times) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50, help="timed rounds per measurement (default 50)")
    parser.add_argument("--scale", type=float, default=1.0, help="presenter scale (default 1)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="CPU time of this thread instead of the wall clock (unaffected by other processes)")
    parser.add_argument("--size", type=int, nargs=2, default=list(network_view.DEFAULT_SIZE),
                        metavar=("WIDTH", "HEIGHT"), help="picture size at scale 1")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, grid {GRID} x {GRID}, picture {args.size[0]} x {args.size[1]} at scale "
          f"{args.scale:g}, {args.repeat} rounds; median / min ms ({'CPU time' if args.cpu_time else 'wall clock'})")
    clock = time.thread_time if args.cpu_time else time.perf_counter
    for label, hidden in (("2 x 8", (8, 8)), ("10 x 32", (32,) * 10)):
        pg = Playground(dataset="circles", hidden=hidden)
        pg.run(100)
        model, grid, features = pg.model, pg._grid_inputs, pg.settings.features
        outputs = model.layer_outputs(grid)
        maps = network_view.unit_maps(model, grid, (GRID, GRID), features)
        points = (pg.X_train, pg.y_train)
        kw = dict(size=tuple(args.size), scale=args.scale, points=points, limit=pg.limit, selected=(1, 2))
        image = maps.paint(**kw)
        rows = {
            "unit_maps": lambda: network_view.unit_maps(model, grid, (GRID, GRID), features),  # noqa: B023
            "paint": lambda: maps.paint(**kw),  # noqa: B023
            "paint+detail": lambda: (maps.paint(**kw), maps.detail((1, 2), scale=args.scale)),  # noqa: B023
            "png": lambda: raster.png_bytes(image),  # noqa: B023
            "panel": lambda: network_view.network_panel(model, grid, (GRID, GRID), features, selected=(1, 2),  # noqa: B023
                                                        size=tuple(args.size), scale=args.scale, outputs=outputs,  # noqa: B023
                                                        points=points, limit=pg.limit),  # noqa: B023
        }
        cells = [f"{name} {med:6.2f} / {low:5.2f}" for name, (med, low) in
                 ((name, timed(fn, args.repeat, clock=clock)) for name, fn in rows.items())]
        print(f"{label:>8}:  " + "   ".join(cells))


if __name__ == "__main__":
    main()
