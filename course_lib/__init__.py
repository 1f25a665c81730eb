"""course_lib: the small numpy library behind the neural-networks course.

Modules, from the bottom up (a module imports only from those above it in this list):
    i18n, fonts                                  the language switch (set_language) and message catalogs; the
                                                 Korean font shipped with the package
    validation, palette                          clear errors for wrong input; the colour-blind-safe colours
    portable_numbers                             printing results that hold on every CPU (bounds, powers of ten)
    activations, losses, init, regularization    pure numpy functions and their derivatives
    compgraph, perceptron                        scalar autodiff + graph drawing (04); gates and lines (01)
    layers, model, optimizers                    Dense / Dropout / PReLU, Sequential, SGD ... Adam
    datasets, augment, metrics                   toy and real data, jitter / flips, accuracy and confusion matrix
    diagnosis                                    why a training run diverged, judged from its state
    training, gradcheck, surfaces                fit / Trainer / History, gradient checks and their thresholds,
                                                 2-D loss surfaces with optimizer paths (05)
    history_store, own_data, saving              long histories in bounded memory, the learner's own points (arrays
                                                 or CSV), one .npz format (no pickle) for models and runs
    plots, figures, raster, widgets,             figures (each lesson figure a named function in `figures`), fast
    questions, exercises                         live pictures, the playground, quiz questions, learners' checks
                                                 (widgets/ is a package: settings, painting, engine - headless,
                                                 no ipywidgets - then controls, live, view, race, learner,
                                                 presenter; see its docstring)

Import what you use by name, e.g. `from course_lib.layers import Dense`. `course_lib.set_language("ko")` switches
the library's messages to Korean (한국어); "en" is the default.

There is one implementation of each idea, and it is the one the lessons show: `fit` and the playground train
with the same `Trainer.step`, `Dense.forward` / `Dense.backward` and optimizer `update` methods a learner reads.
Data are checked once where a learner hands them in (fit, Trainer.train_step, Sequential.forward / predict);
inside a training step nothing is checked again.

On import, BLAS is limited to one thread (set COURSE_LIB_BLAS_THREADS to change it): the course's networks
are tiny, where extra BLAS threads only add overhead and stalls, and one thread makes every run give
bit-identical numbers, which the notebooks' stored outputs rely on.
"""

import os as _os

import numpy as _np  # noqa: F401 - load numpy's BLAS so the limit below applies to it
from threadpoolctl import threadpool_limits as _threadpool_limits

from course_lib.i18n import get_language, set_language

__version__ = "0.1.0"
__all__ = ["get_language", "set_language"]

_threadpool_limits(int(_os.environ.get("COURSE_LIB_BLAS_THREADS", "1")), user_api="blas")
