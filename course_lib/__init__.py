"""course_lib: the small numpy library behind the neural-networks course.

Modules, from the bottom up (a module imports only from those above it in this list):
    validation, palette                          clear errors for wrong input; the colour-blind-safe colours
    portable_numbers                             printing results that hold on every CPU (bounds, powers of ten)
    activations, losses, init, regularization    pure numpy functions and their derivatives
    compgraph, perceptron                        scalar autodiff + graph drawing (04); gates and lines (01)
    layers, model, optimizers                    Dense / Dropout / PReLU, Sequential, SGD ... Adam
    datasets, augment, metrics                   toy and real data, jitter / flips, accuracy and confusion matrix
    training, gradcheck, fastpath, surfaces      fit / Trainer / History, gradient checks, the speed path,
                                                 2-D loss surfaces with optimizer paths (05)
    plots, figures, raster, widgets,             figures (each lesson figure a named function in `figures`), fast
    questions, exercises                         live pictures, the playground, quiz questions, learners' checks

Import what you use by name, e.g. `from course_lib.layers import Dense`.

On import, BLAS is limited to one thread (set COURSE_LIB_BLAS_THREADS to change it): the course's networks
are tiny, where extra BLAS threads only add overhead and stalls, and one thread makes every run give
bit-identical numbers, which the notebooks' stored outputs rely on.
"""

import os as _os

import numpy as _np  # noqa: F401 - load numpy's BLAS so the limit below applies to it
from threadpoolctl import threadpool_limits as _threadpool_limits

__version__ = "0.1.0"

_threadpool_limits(int(_os.environ.get("COURSE_LIB_BLAS_THREADS", "1")), user_api="blas")
