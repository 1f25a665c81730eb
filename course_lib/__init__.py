"""course_lib: the small numpy library behind the neural-networks course.

Modules, from the bottom up (a module imports only from those above it in this list):
    validation                                   clear errors for wrong input
    activations, losses, init, regularization    pure numpy functions and their derivatives
    layers, model, optimizers                    Dense / Dropout / PReLU, Sequential, SGD ... Adam
    datasets, training, gradcheck                toy and real data, fit / Trainer / History, gradient checks
    plots, widgets, exercises                    figures, the live playground, checks for learners' exercises

Import what you use by name, e.g. `from course_lib.layers import Dense`.
"""

__version__ = "0.1.0"
