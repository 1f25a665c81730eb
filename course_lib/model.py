"""Sequential: a stack of layers run one after another, Keras-style.

    model = Sequential([
        Dense(8, input_dim=4, activation="relu"),
        Dense(8, activation="relu"),
        Dense(3, activation="softmax"),
    ])

`forward(X)` runs the layers in order; `backward(dL/dOutput)` runs them in reverse and fills every
layer's grads. `parameters()` / `gradients()` return dicts keyed "layer0.W", "layer0.b", ... whose arrays
ARE the layers' arrays, so an optimizer that updates them in place updates the model.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.layers import ActivationLayer, Dense, Layer
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    as_float_array,
    check_2d_inputs,
    describe,
    explain_arguments,
)


def _display_width(text: str) -> int:
    """Columns `text` takes in a monospaced font: Korean (wide) characters take two, so summary() lines up."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Sequential:
    """A feed-forward network. Sequential(layers=None, seed=0, dtype=np.float64).

    seed  fixes the initial weights (and dropout masks), so the same code gives the same network.
    dtype float64 by default (gradient checks need it); float32 is faster for big batches.
    """

    @explain_arguments()
    def __init__(self, layers=None, seed=0, dtype=np.float64):
        self.layers: list[Layer] = []
        self.seed = seed
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise CourseTypeError(tr(
                "dtype must be a float type such as np.float64 or np.float32, got {dtype}.",
                dtype=describe(dtype))) from None
        if self.dtype.kind != "f":
            raise CourseError(tr(
                "dtype must be a float type such as np.float64 or np.float32, got {dtype}.",
                dtype=dtype))
        make_rng(seed)  # validates the seed now, not at the first forward
        self.input_dim: int | None = None
        self.built_from = None  # the shape of the data that built the model, when no input_dim was declared
        self.training = True
        if layers is not None and not isinstance(layers, list | tuple):
            raise CourseError(
                tr(
                    "Sequential takes a list of layers, got {name}. Put the layers in square brackets: "
                    "Sequential([Dense(8, input_dim=4, activation='relu'), Dense(1)]).",
                    name=type(layers).__name__)
            )
        layers = list(layers or [])
        for i, layer in enumerate(layers):  # before any layer is built, so a mistake changes none of them
            if any(other is layer for other in layers[:i]):
                raise CourseError(tr(
                    "The same {layer!r} object appears twice in the list of layers; a layer can sit in one place "
                    "only. Make a new layer for each place: Dense(8) twice, not the same object twice.",
                    layer=layer))
        for layer in layers:
            self.add(layer)

    # -- building -------------------------------------------------------------------------------
    def add(self, layer: Layer):
        """Append a layer (Keras's model.add). The first layer may declare input_dim to build at once."""
        if not isinstance(layer, Layer):
            hint = (tr(" Did you pass the class instead of an instance (Dense instead of Dense(8))?")
                    if isinstance(layer, type) else tr(" For an activation on its own use a layer such as ReLU()."))
            raise CourseError(tr(
                "Sequential takes layers such as Dense(8, activation='relu'), got {layer!r}.{hint}",
                layer=layer, hint=hint))
        if any(existing is layer for existing in self.layers):
            raise CourseError(
                tr(
                    "This {layer} layer is already in the model; a layer can sit in one place only (its "
                    "weights and its cache for backward would be shared). Make a new layer for each place: Dense(8) "
                    "twice, not the same object twice.",
                    layer=layer.describe())
            )
        if isinstance(layer, Dense) and layer._requested_input_dim is not None and self.layers:
            prev = self.output_dim
            if prev is not None and prev != layer._requested_input_dim:
                raise CourseError(
                    tr(
                        "Layer {index} declares input_dim={requested_input_dim}, but the previous layer outputs "
                        "{prev} values. Only the first layer needs input_dim; remove it here.",
                        index=len(self.layers), requested_input_dim=layer._requested_input_dim, prev=prev)
                )
        was_built = self.built
        self.layers.append(layer)
        if was_built:
            # Keep the trained weights of the layers already there (as Keras does); build only the new one,
            # with the generator build() would have given it.
            rng = make_rng(self.seed)
            for _ in range(len(self.layers)):
                child = np.random.default_rng(rng.integers(2**63))
            layer.build(self.layers[-2].output_dim, rng=child, dtype=self.dtype)
            return self
        first_dim = self._declared_input_dim()
        if first_dim is not None:
            self.build(first_dim)
        return self

    def _declared_input_dim(self):
        if self.layers and isinstance(self.layers[0], Dense):
            return self.layers[0]._requested_input_dim
        return None

    def build(self, input_dim: int):
        """Create every layer's parameters for inputs with `input_dim` features, seeded by the model's seed."""
        if not self.layers:
            raise CourseError(tr("This Sequential model has no layers yet: add some with model.add(Dense(...))."))
        rng = make_rng(self.seed)
        width = input_dim
        for layer in self.layers:
            # One child generator per layer keeps each layer's numbers independent of the others' sizes.
            width = layer.build(width, rng=np.random.default_rng(rng.integers(2**63)), dtype=self.dtype)
        self.input_dim = input_dim
        self.built_from = None  # an explicit build; _ensure_built records the data when it builds
        return self

    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    @property
    def output_dim(self):
        """Units of the output, known before the model is built: the width of the last layer that sets one
        (activation, Dropout and PReLU layers keep the width of their input)."""
        widths = [w for w in (getattr(layer, "units", None) or layer.output_dim for layer in self.layers) if w]
        return widths[-1] if widths else None

    @property
    def output_activation(self) -> str:
        """Name of the activation applied last: 'softmax', 'sigmoid', 'linear', ..."""
        if not self.layers:
            return "linear"
        last = self.layers[-1]
        if isinstance(last, Dense | ActivationLayer):
            return last.activation.name
        return "linear"

    def _ensure_built(self, X):
        if not self.layers:
            raise CourseError(tr("This Sequential model has no layers yet: add some with model.add(Dense(...))."))
        if not self.built:
            self.build(X.shape[1])
            self.built_from = X.shape

    def check_inputs(self, X, name="X"):
        """X as a float array of shape (m, input_dim), or a message that says what is wrong (transposed, wrong
        width, and, for a model built by an earlier call, which data built it)."""
        if self.built and self.built_from is not None:
            arr = check_2d_inputs(X, name, dtype=self.dtype)
            if arr.shape[1] != self.input_dim:
                transposed = f" ({name}.T)" if arr.shape[0] == self.input_dim else ""
                raise CourseError(tr(
                    "{name} has shape {shape} ({n_features} features per example), but this model was built for "
                    "{input_dim} features by an earlier call with data of shape {built_from}. One of the two may be "
                    "transposed (examples must be rows). If this {name} is right, rebuild the model for it: "
                    "model.build({n_features}) (new random weights); otherwise pass data with {input_dim} "
                    "columns{transposed}.",
                    name=name, shape=arr.shape, n_features=arr.shape[1], input_dim=self.input_dim,
                    built_from=self.built_from, transposed=transposed))
            return arr
        return check_2d_inputs(X, name, n_features=self.input_dim if self.built else None, dtype=self.dtype)

    # -- running --------------------------------------------------------------------------------
    def forward(self, X, return_logits=False, check=True):
        """X (m, n_features) -> the last layer's output A (m, n_outputs).

        return_logits=True stops before the output activation and returns the scores Z (the logits): for a loss
        that applies that activation itself, such as BCEWithLogitsLoss (sigmoid) or CrossEntropyLoss (softmax).
        The last layer remembers it, so the next backward starts from dL/dZ. This is the only place where the
        model decides it; pair_loss (course_lib.training) says which losses want logits.
        check=False skips the check of X (its shape, type and NaN / inf): for callers that checked it once
        already, such as fit and Trainer.
        """
        if check:
            X = self.check_inputs(X)
            self._ensure_built(X)
        A = X
        for layer in self.layers[:-1]:
            A = layer.forward(A)
        last = self.layers[-1]
        if return_logits and isinstance(last, Dense | ActivationLayer):
            return last.forward(A, logits=True)
        return last.forward(A)

    __call__ = forward

    def backward(self, dA):
        """dA = dL/d(output of forward) (m, n_outputs) -> dL/dX (m, n_features); fills every layer's grads.

        After forward(X, return_logits=True), dA is dL/dZ, the gradient with respect to the logits.
        """
        for layer in reversed(self.layers):
            dA = layer.backward(dA)
        return dA

    @explain_arguments()
    def predict(self, X):
        """Outputs in evaluation mode (dropout off): probabilities for sigmoid / softmax outputs. (m, n_outputs)."""
        was_training = self.training
        self.eval()
        try:
            return self.forward(X)
        finally:
            self.train(was_training)

    def layer_outputs(self, X) -> list:
        """Every layer's output for X in evaluation mode: a list of arrays (m, n_l), one per layer.

        Used to draw activation histograms and per-unit heatmaps.
        """
        was_training = self.training
        self.eval()
        try:
            X = self.check_inputs(X)
            self._ensure_built(X)
            outputs, out = [], X
            for layer in self.layers:
                out = layer.forward(out)
                outputs.append(out)
            return outputs
        finally:
            self.train(was_training)

    def predict_classes(self, X):
        """Predicted labels (m,): argmax for several outputs, output > 0.5 (sigmoid) or > 0 otherwise for one."""
        out = self.predict(X)
        if out.shape[1] > 1:
            return np.argmax(out, axis=1)
        threshold = 0.5 if self.output_activation == "sigmoid" else 0.0
        return (out[:, 0] > threshold).astype(int)

    # -- parameters -----------------------------------------------------------------------------
    def parameters(self) -> dict:
        """{"layer0.W": W, "layer0.b": b, ...}: the layers' own arrays (not copies)."""
        return {f"layer{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    def gradients(self) -> dict:
        """Same keys and shapes as parameters(): the gradients of the last backward."""
        return {f"layer{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    def get_weights(self) -> dict:
        """A copy of every parameter (for early stopping / restoring)."""
        return {k: v.copy() for k, v in self.parameters().items()}

    def set_weights(self, weights: dict):
        """Copy values into the existing arrays (in place, so optimizers keep pointing at them)."""
        if not isinstance(weights, dict):
            raise CourseError(
                tr(
                    "set_weights takes the dict that get_weights() returns ({{'layer0.W': ..., 'layer0.b': ...}}), "
                    "got {name}.",
                    name=type(weights).__name__)
            )
        params = self.parameters()
        if not params and self.layers and not self.built:
            raise CourseError(tr(
                "set_weights: this model has no weights yet (it is not built). Give the first layer input_dim=..., "
                "or call model.build(n_features) first."))
        missing = set(params) - set(weights)
        if missing:
            raise CourseError(tr(
                "set_weights is missing {missing}; pass a dict from get_weights().",
                missing=sorted(missing)))
        extra = set(weights) - set(params)
        if extra:
            raise CourseError(tr(
                "set_weights got {extra}, which this model does not have (it has {params}). Pass the weights from "
                "get_weights() of a model with the same layers.",
                extra=sorted(extra, key=str), params=', '.join(params)))
        checked = {}
        for k, v in params.items():  # check every entry before writing any, so a bad one changes nothing
            value = as_float_array(weights[k], f"set_weights: {k}", allow_nonfinite=True)
            if value.shape != v.shape:
                raise CourseError(
                    tr(
                        "set_weights: {k} has shape {shape}, expected {shape2}. Pass the weights from get_weights() "
                        "of a model with the same layer sizes.",
                        k=k, shape=value.shape, shape2=v.shape)
                )
            bad = int(np.sum(~np.isfinite(value)))
            if bad:
                raise CourseError(tr(
                    "set_weights: {k} contains {bad} NaN or infinite value(s). Weights must be finite numbers; if "
                    "they came from a diverged run, build the model again instead.",
                    k=k, bad=bad))
            checked[k] = value
        for k, v in params.items():
            v[...] = checked[k]

    def zero_grad(self):
        for layer in self.layers:
            layer.zero_grad()

    def n_params(self) -> int:
        return int(sum(layer.n_params() for layer in self.layers))

    def train(self, mode: bool = True):
        self.training = mode
        for layer in self.layers:
            layer.train(mode)
        return self

    def eval(self):
        return self.train(False)

    # -- saving -----------------------------------------------------------------------------------
    def save(self, path, optimizer=None, history=None, extra=None) -> str:
        """Write the model (architecture and weights; optionally its optimizer, history, extra) to an .npz file.

        model.save("iris.npz"); later Sequential.load("iris.npz"). No pickle: see course_lib.saving.
        Returns the name of the file written (".npz" is added when missing).
        """
        from course_lib.saving import save_model  # saving builds on this module

        return save_model(path, self, optimizer=optimizer, history=history, extra=extra)

    @classmethod
    def load(cls, path, custom_objects=None) -> Sequential:
        """The model saved by model.save(path) or save_model(path, ...), with its weights. (An optimizer or history
        in the file is left out: course_lib.saving.load_model gives them.)"""
        from course_lib.saving import read_saved

        return read_saved(path).model(custom_objects)

    # -- display --------------------------------------------------------------------------------
    def summary(self, print_fn=print):
        """Print a table of layers, output shapes and parameter counts (like Keras's model.summary())."""
        if not self.built:
            raise CourseError(tr(
                "summary() needs the input size: give the first layer input_dim=..., or call build(n)."))
        rows = [(tr("Layer"), tr("Output shape"), tr("Params"))]
        for i, layer in enumerate(self.layers):
            rows.append((f"{i}: {layer.describe()}", f"(m, {layer.output_dim})", f"{layer.n_params():,}"))
        widths = [max(_display_width(r[c]) for r in rows) for c in range(3)]
        line = "-" * (sum(widths) + 6)
        text = [line]
        for j, r in enumerate(rows):
            pads = [" " * (widths[c] - _display_width(r[c])) for c in range(3)]
            text.append(f"{r[0]}{pads[0]}   {r[1]}{pads[1]}   {pads[2]}{r[2]}")
            if j == 0:
                text.append(line)
        text += [line, tr("Input: (m, {input_dim})   Total parameters: {n_params:,}", input_dim=self.input_dim,
                          n_params=self.n_params()), line]
        print_fn("\n".join(text))

    def __getattr__(self, name):
        # Learners coming from Keras type model.compile(...) / model.fit(...): point them to the course's way.
        if name in ("fit", "compile", "evaluate", "fit_generator"):
            raise CourseError(
                tr(
                    "course_lib's Sequential has no .{name}(). Train with the function fit from course_lib.training: "
                    "fit(model, X, y, optimizer='adam', lr=0.01, epochs=100) — it does what Keras's "
                    "model.compile(...) followed by model.fit(...) does; evaluate(model, X, y) gives (loss, "
                    "accuracy).",
                    name=name)
            )
        raise AttributeError(f"'Sequential' object has no attribute {name!r}")

    def __repr__(self):
        inner = ", ".join(layer.describe() for layer in self.layers)
        return f"Sequential([{inner}])"
