"""Save and load a model, its optimizer, its history and anything else, in one .npz file (no pickle).

    save_model("iris.npz", model, optimizer=trainer.optimizer, history=history, extra={"note": "lesson 09"})
    model, optimizer, history, extra = load_model("iris.npz")
    model.save("iris.npz");  model = Sequential.load("iris.npz")      # the same format, model only

A loaded model and optimizer continue training exactly where they stopped: the weights, the optimizer's state
(momentum buffers, Adam's m, v and step count), Dropout's random generators and, in `extra`, any random generator
of yours (e.g. the one that shuffles the mini-batches) are stored bit for bit.

The file is an ordinary numpy .npz archive written with np.savez and read with allow_pickle=False, so opening one
can never run code. It holds:
    format, format_version        "course_lib.saving" and 1
    model                         the architecture as JSON text (layers, units, activations, input_dim, dtype,
                                  dropout rates and their generators' states, PReLU, seed, ...)
    param/layer0.W, ...           every parameter array, in its own dtype
    optimizer                     JSON: the optimizer's class, settings (lr, betas, ...) and step count t
    optimizer/layer0.W/m, ...     its state arrays
    history, history/...          JSON and arrays of a ThinnedHistory, a fit History or a dict of lists
    extra, extra/0, ...           JSON of `extra`; each numpy array in it stored as an array

`extra` may hold JSON values (numbers, text, lists, dicts with text keys, None), numpy arrays and numpy random
Generators, nested as you like; load_model gives them back (tuples come back as lists).

How the playground plugs it in (course_lib/widgets, engine):

    from course_lib.saving import read_saved, save_model

    def save(self, path):                                    # dash.save("run.npz")
        return save_model(path, self.model, self.trainer.optimizer, history=self.history, extra={
            "settings": self.preset(),                       # the Settings as JSON
            "own_data": None if self.own_data is None else {"X": self.own_data.X, "y": self.own_data.y},
            "batch_rng": self._batch_rng, "batch_queue": self._batch_queue,   # exact continuation
            "step_count": self.step_count, "examples_seen": self._examples_seen,
            "first_loss": self.trainer.first_loss, "grad_history": self.grad_history.to_arrays()})

    @classmethod
    def load(cls, path, **kwargs):                           # Playground.load("run.npz")
        saved = read_saved(path)
        e = saved.extra
        dash = cls(preset=e["settings"], **kwargs)           # builds data, model, trainer from the settings
        saved.restore_model(dash.model)                      # weights, Dropout generators (checks the shapes)
        saved.restore_optimizer(dash.trainer.optimizer)      # state, t, settings (works for "custom" too)
        dash.history = saved.history
        dash._batch_rng, dash._batch_queue = e["batch_rng"], list(e["batch_queue"])
        dash.step_count, dash._examples_seen = e["step_count"], e["examples_seen"]
        dash.trainer.first_loss, dash.trainer.step_count = e["first_loss"], e["step_count"]
        dash.grad_history = ThinnedHistory.from_arrays(*e["grad_history"])
        dash.render()
        return dash
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from course_lib.activations import ACTIVATIONS, DEFAULT_LEAKY_SLOPE, Activation, get_activation
from course_lib.history_store import ThinnedHistory
from course_lib.i18n import tr
from course_lib.layers import ActivationLayer, Dense, Dropout, PReLU
from course_lib.model import Sequential
from course_lib.optimizers import OPTIMIZERS, Optimizer
from course_lib.training import History
from course_lib.validation import CourseError, CourseTypeError, describe

FORMAT_NAME = "course_lib.saving"
FORMAT_VERSION = 1
_ARRAY_TAG = "__course_lib_array__"
_RNG_TAG = "__course_lib_rng__"
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
_BUILTIN_OPTIMIZERS = {cls.__name__: cls for cls in OPTIMIZERS.values()}


class Loaded(NamedTuple):
    """What load_model returns; unpacks as model, optimizer, history, extra = load_model(path)."""

    model: Sequential
    optimizer: Optimizer | None
    history: object
    extra: dict


# =================================================================================================
# Random generators as JSON
# =================================================================================================
def rng_state(rng: np.random.Generator) -> dict:
    """The exact state of a numpy Generator as JSON-able numbers (bit_generator.state)."""
    if not isinstance(rng, np.random.Generator):
        raise CourseTypeError(tr(
            "rng_state takes a numpy Generator (np.random.default_rng(seed)), got {rng}.",
            rng=describe(rng)))
    return rng.bit_generator.state


def rng_from_state(state: dict) -> np.random.Generator:
    """A Generator that continues exactly where the one rng_state(...) was taken from stood."""
    name = state.get("bit_generator") if isinstance(state, dict) else None
    if name not in _BIT_GENERATORS:
        raise CourseError(tr(
            "Not a random generator's state (bit_generator {name!r}); expected one of {_BIT_GENERATORS}. The file is "
            "damaged.",
            name=name, _BIT_GENERATORS=', '.join(_BIT_GENERATORS)))
    bit_generator = getattr(np.random, name)()
    bit_generator.state = state
    return np.random.Generator(bit_generator)


# =================================================================================================
# Saving
# =================================================================================================
def save_model(path, model, optimizer=None, history=None, extra=None) -> str:
    """Write model (and optionally its optimizer, history and `extra`) to `path` (.npz). Returns the path written.

    path       a file name; ".npz" is added when it has another ending (np.savez does the same)
    model      a Sequential (built or not)
    optimizer  the Optimizer that trained it (trainer.optimizer), to continue training exactly
    history    a ThinnedHistory, the History that fit returned, or a dict of lists (the playground's history)
    extra      a dict of JSON values, numpy arrays and numpy Generators (e.g. settings, a shuffling generator)
    The file is written next to its final place first and then renamed, so a failed save never destroys an
    earlier file of the same name.
    """
    path = _save_path(path)
    if not isinstance(model, Sequential):
        raise CourseTypeError(tr(
            "save_model needs a Sequential model as its second argument, got {model}: save_model('model.npz', model).",
            model=describe(model)))
    if optimizer is not None and not isinstance(optimizer, Optimizer):
        hint = tr(" For a Trainer pass trainer.optimizer.") if hasattr(optimizer, "optimizer") else ""
        raise CourseTypeError(tr(
            "optimizer must be an optimizer object such as Adam(lr=0.01) (or None), got {optimizer}.{hint}",
            optimizer=describe(optimizer), hint=hint))
    if extra is not None and not isinstance(extra, dict):
        raise CourseTypeError(tr(
            "extra must be a dict such as {{'settings': {{...}}}}, got {extra}.",
            extra=describe(extra)))
    arrays = {"format": np.array(FORMAT_NAME), "format_version": np.array(FORMAT_VERSION)}
    arrays["model"] = _json_array(_architecture(model))
    for name, value in model.parameters().items():
        arrays[f"param/{name}"] = np.asarray(value)
    if optimizer is not None:
        config, state = _optimizer_config(optimizer)
        arrays["optimizer"] = _json_array(config)
        arrays.update({f"optimizer/{name}/{slot}": value for (name, slot), value in state.items()})
    if history is not None:
        config, state = _history_config(history)
        arrays["history"] = _json_array(config)
        arrays.update({f"history/{key}": value for key, value in state.items()})
    if extra is not None:
        stored: list = []
        arrays["extra"] = _json_array(_encode_extra(extra, stored, "extra"))
        arrays.update({f"extra/{i}": value for i, value in enumerate(stored)})
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(temporary, path)
    except OSError as exc:
        raise CourseError(tr(
            "Could not write {path!r}: {strerror}. Check that the folder is writable and the disk is not full.",
            path=str(path), strerror=exc.strerror or exc)) from None
    finally:
        if temporary.exists():
            temporary.unlink()
    return str(path)


def _save_path(path) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise CourseTypeError(tr("The file name must be text such as 'model.npz', got {path}.", path=describe(path)))
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    folder = path.parent
    if not folder.is_dir():
        raise CourseError(tr(
            "The folder {folder!r} does not exist, so {path!r} cannot be written. Create it first "
            "(os.makedirs({folder!r})) or save in the current folder.",
            folder=str(folder), path=str(path)))
    if path.is_dir():
        raise CourseError(tr("{path!r} is a folder; give a file name such as 'model.npz'.", path=str(path)))
    return path


def _json_array(value) -> np.ndarray:
    try:
        text = json.dumps(value, allow_nan=True)
    except (TypeError, ValueError) as exc:  # a bug in this module rather than a learner's mistake
        raise CourseError(tr("Could not store the description as JSON ({exc}).", exc=exc)) from None
    return np.array(text)


def _activation_spec(activation: Activation) -> dict:
    name = activation.name
    if name == "leaky_relu" and activation.derivative is not None:
        slope = float(np.asarray(activation.derivative(np.array([-1.0])), dtype=float)[0])
        return {"name": name, "slope": slope}
    if ACTIVATIONS.get(name) is activation:
        return {"name": name}
    return {"name": name, "custom": True}


def _architecture(model: Sequential) -> dict:
    layers = []
    for i, layer in enumerate(model.layers):
        kind = type(layer)
        if kind is Dense:
            init_kwargs = getattr(layer, "kernel_init_kwargs", {})
            spec = {"type": "Dense", "units": layer.units, "activation": _activation_spec(layer.activation),
                    "input_dim": layer._requested_input_dim, "kernel_init": layer.kernel_init_name,
                    "kernel_init_kwargs": init_kwargs}
        elif kind is ActivationLayer:
            spec = {"type": "Activation", "activation": _activation_spec(layer.activation)}
        elif kind is PReLU:
            spec = {"type": "PReLU", "alpha_init": layer.alpha_init}
        elif kind is Dropout:
            spec = {"type": "Dropout", "rate": layer.rate, "rng": rng_state(layer.rng)}
        else:
            raise CourseError(
                tr(
                    "save_model knows course_lib's layers (Dense, activation layers, PReLU, Dropout), but layer {i} "
                    "is {name}. Save its weights yourself: np.savez('weights.npz', **model.get_weights()).",
                    i=i, name=type(layer).__name__)
            )
        spec["training"] = bool(layer.training)
        layers.append(spec)
    seed = model.seed if isinstance(model.seed, int | np.integer) and not isinstance(model.seed, bool) else None
    return {"class": "Sequential", "layers": layers, "seed": None if seed is None else int(seed),
            "dtype": model.dtype.str, "input_dim": model.input_dim if model.built else None,
            "built_from": list(model.built_from) if model.built and model.built_from is not None else None,
            "training": bool(model.training)}


def _optimizer_config(optimizer: Optimizer):
    settings = {}
    for key, value in optimizer.settings().items():
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, np.generic):
            value = value.item()
        settings[key] = value
    state, slots = {}, {}
    for name, per_param in optimizer.state.items():
        slots[name] = list(per_param)
        for slot, value in per_param.items():
            state[(name, slot)] = np.array(value)
    builtin = _BUILTIN_OPTIMIZERS.get(type(optimizer).__name__) is type(optimizer)
    config = {"class": type(optimizer).__name__, "name": getattr(optimizer, "name", ""), "builtin": builtin,
              "settings": settings, "t": int(optimizer.t), "state": slots}
    try:
        json.dumps(config)
    except (TypeError, ValueError):
        raise CourseError(tr(
            "The settings of {name} ({optimizer_settings}) are not plain numbers or text, so they cannot be saved. "
            "Make settings() return numbers.",
            name=type(optimizer).__name__, optimizer_settings=optimizer.settings())) from None
    return config, state


def _column(values, key):
    """A list of numbers (None allowed) or of equal-length lists -> (array, mask of None or None)."""
    values = list(values)
    none = np.array([v is None for v in values], dtype=bool)
    filled = [np.nan if v is None else v for v in values]
    try:
        if values and not none.any() and all(isinstance(v, int | np.integer) and not isinstance(v, bool)
                                              for v in values):
            array = np.array(filled, dtype=np.int64)
        else:
            array = np.array(filled, dtype=np.float64)
    except (TypeError, ValueError):
        raise CourseError(tr(
            "The history's {key!r} holds {values}...; save_model stores numbers, None or lists of numbers of one "
            "length.",
            key=key, values=describe(values[:3]))) from None
    return array, (none if none.any() else None)


def _history_config(history):
    if isinstance(history, ThinnedHistory):
        meta, arrays = history.to_arrays()
        return {"kind": "ThinnedHistory", "meta": meta}, arrays
    if isinstance(history, History):
        records, kind = history.history, "History"
        config = {"kind": kind, "stopped_reason": history.stopped_reason, "steps": int(history.steps)}
        records = {**records, "__epochs__": history.epochs}
    elif isinstance(history, dict):
        records, config = history, {"kind": "dict"}
    else:
        raise CourseTypeError(tr(
            "history must be a ThinnedHistory, the History that fit returned, or a dict of lists, got {history}.",
            history=describe(history)))
    arrays, keys, masks = {}, [], []
    for i, (key, values) in enumerate(records.items()):
        if not isinstance(key, str):
            raise CourseTypeError(tr("History keys must be names (text), got {key}.", key=describe(key)))
        array, none = _column(values, key)
        arrays[f"{i}"] = array
        if none is not None:
            arrays[f"{i}/none"] = none
        keys.append(key)
        masks.append(none is not None)
    config.update(keys=keys, has_none=masks)
    return config, arrays


def _encode_extra(value, stored: list, where: str):
    """JSON for `extra`: arrays and Generators become tagged references, tuples lists, numpy scalars numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise CourseTypeError(tr(
                "{where} is an array of Python objects, which only pickle could store. Use an array of numbers, or "
                "plain lists and dicts.",
                where=where))
        stored.append(value)
        return {_ARRAY_TAG: len(stored) - 1}
    if isinstance(value, np.random.Generator):
        return {_RNG_TAG: rng_state(value)}
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_encode_extra(v, stored, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise CourseTypeError(tr(
                    "{where} has the key {key}; keys must be text to be saved. Write {key2!r} instead.",
                    where=where, key=describe(key), key2=str(key)))
            out[key] = _encode_extra(v, stored, f"{where}[{key!r}]")
        return out
    raise CourseTypeError(tr(
        "{where} is {value}, which cannot be saved without pickle. extra may hold numbers, text, None, lists, dicts, "
        "numpy arrays and numpy Generators.",
        where=where, value=describe(value)))


def _decode_extra(value, arrays: dict):
    if isinstance(value, dict):
        if set(value) == {_ARRAY_TAG}:
            return arrays[f"extra/{value[_ARRAY_TAG]}"]
        if set(value) == {_RNG_TAG}:
            return rng_from_state(value[_RNG_TAG])
        return {k: _decode_extra(v, arrays) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_extra(v, arrays) for v in value]
    return value


# =================================================================================================
# Loading
# =================================================================================================
@dataclass
class SavedRun:
    """Everything in a saved file, before any model is built. read_saved(path) makes one.

    model(custom_objects=None) / optimizer(custom_objects=None) build new objects; restore_model(model) /
    restore_optimizer(optimizer) copy the saved numbers into objects you built (the playground's way: it builds
    its model and optimizer from its settings, then restores them).
    """

    path: str
    version: int
    architecture: dict
    weights: dict
    optimizer_config: dict | None
    optimizer_state: dict
    history: object
    extra: dict = field(default_factory=dict)

    # -- the model --------------------------------------------------------------------------------
    def model(self, custom_objects=None) -> Sequential:
        """A new Sequential with the saved architecture and weights."""
        arch = self.architecture
        layers = [_make_layer(spec, i, custom_objects, self.path) for i, spec in enumerate(arch["layers"])]
        model = Sequential(layers, seed=arch["seed"], dtype=np.dtype(arch["dtype"]))
        if arch["input_dim"] is not None and not model.built:
            model.build(arch["input_dim"])
        if arch["built_from"] is not None:
            model.built_from = tuple(arch["built_from"])
        self.restore_model(model)
        return model

    def restore_model(self, model: Sequential):
        """Copy the saved weights, Dropout generators and train / eval modes into `model` (same architecture)."""
        if not isinstance(model, Sequential):
            raise CourseTypeError(tr("restore_model needs a Sequential model, got {model}.", model=describe(model)))
        params = model.parameters()
        if set(params) != set(self.weights):
            raise CourseError(
                tr(
                    "{path!r} holds a model with the weights {weights}, but this model has {params}. Load it into a "
                    "model with the same layers (or use load_model, which builds one).",
                    path=self.path, weights=', '.join(self.weights) or 'none (not built)',
                    params=', '.join(params) or 'none (not built)')
            )
        for name, p in params.items():
            saved = self.weights[name]
            if saved.shape != p.shape:
                raise CourseError(tr(
                    "{path!r}: {name} has shape {shape}, but this model's {name} has shape {shape2}. Load it into a "
                    "model with the same layer sizes.",
                    path=self.path, name=name, shape=saved.shape, shape2=p.shape))
        for name, p in params.items():  # all checked first: a mismatch changes nothing
            p[...] = self.weights[name]
        specs = self.architecture["layers"]
        if len(specs) == len(model.layers):
            for spec, layer in zip(specs, model.layers, strict=True):
                if isinstance(layer, Dropout) and spec["type"] == "Dropout":
                    layer.rng = rng_from_state(spec["rng"])
                layer.train(spec.get("training", True))
        model.training = bool(self.architecture.get("training", True))
        return model

    # -- the optimizer --------------------------------------------------------------------------------
    def optimizer(self, custom_objects=None) -> Optimizer | None:
        """A new optimizer with the saved settings, state and step count (None if none was saved).

        A learner's own optimizer class is looked up in custom_objects by its class name, e.g.
        custom_objects={"MyOptimizer": MyOptimizer(lr=0.1)} (an object, whose state is then restored).
        """
        config = self.optimizer_config
        if config is None:
            return None
        cls = _BUILTIN_OPTIMIZERS.get(config["class"]) if config.get("builtin") else None
        if cls is not None:
            settings = dict(config["settings"])
            if "betas" in settings:
                settings["betas"] = tuple(settings["betas"])
            optimizer = cls(**settings)
        else:
            optimizer = (custom_objects or {}).get(config["class"])
            if not isinstance(optimizer, Optimizer):
                raise CourseError(
                    tr(
                        "{path!r} was trained with your own optimizer {config_class}, which a file cannot hold (only "
                        "its numbers). Pass an object of it: load_model({path!r}, "
                        "custom_objects={{{config_class!r}: {config_class}(lr={lr!r})}}).",
                        path=self.path, config_class=config['class'], lr=config['settings'].get('lr', 0.01))
                )
        return self.restore_optimizer(optimizer)

    def restore_optimizer(self, optimizer: Optimizer):
        """Copy the saved settings (lr, momentum, betas, ...), step count t and state into `optimizer`."""
        config = self.optimizer_config
        if config is None:
            raise CourseError(tr(
                "{path!r} holds no optimizer: it was saved without one (save_model(path, model, optimizer=...)). "
                "Train on with a new optimizer instead.",
                path=self.path))
        if not isinstance(optimizer, Optimizer):
            raise CourseTypeError(tr(
                "restore_optimizer needs an optimizer object, got {optimizer}.",
                optimizer=describe(optimizer)))
        if type(optimizer).__name__ != config["class"]:
            raise CourseError(tr(
                "{path!r} holds the state of a {config_class} optimizer; this one is {name}. Use {config_class} "
                "(their states differ).",
                path=self.path, config_class=config['class'], name=type(optimizer).__name__))
        for key, value in config["settings"].items():
            if key in ("lr", "momentum", "nesterov", "alpha", "eps", "betas") and hasattr(optimizer, key):
                setattr(optimizer, key, tuple(value) if key == "betas" else value)
        optimizer.state = {name: {slot: np.array(value) for slot, value in slots.items()}
                           for name, slots in self.optimizer_state.items()}
        optimizer.t = int(config["t"])
        return optimizer


def _make_activation(spec, where, custom_objects, path):
    if spec.get("custom"):
        found = (custom_objects or {}).get(spec["name"])
        if not isinstance(found, Activation):
            raise CourseError(
                tr(
                    "{path!r}: {where} uses your own activation {spec_name!r}, which a file cannot hold (only its "
                    "name). Pass it when loading: load_model({path!r}, "
                    "custom_objects={{{spec_name!r}: Activation({spec_name!r}, g, g_derivative)}}).",
                    path=path, where=where, spec_name=spec['name'])
            )
        return found
    if spec["name"] == "leaky_relu" and spec.get("slope", DEFAULT_LEAKY_SLOPE) != DEFAULT_LEAKY_SLOPE:
        return get_activation("leaky_relu", slope=spec["slope"])
    return get_activation(spec["name"])


def _make_layer(spec, i, custom_objects, path):
    kind = spec.get("type")
    where = tr("layer {i}", i=i)
    if kind == "Dense":
        activation = _make_activation(spec["activation"], where, custom_objects, path)
        init, kwargs = spec.get("kernel_init", "auto"), spec.get("kernel_init_kwargs") or {}
        try:
            layer = Dense(spec["units"], activation=activation, input_dim=spec["input_dim"], kernel_init=init,
                          **kwargs)
        except CourseError:  # a learner's own initializer: the weights come from the file anyway
            layer = Dense(spec["units"], activation=activation, input_dim=spec["input_dim"])
            layer.kernel_init_name = init
        return layer
    if kind == "Activation":
        return ActivationLayer(_make_activation(spec["activation"], where, custom_objects, path))
    if kind == "PReLU":
        return PReLU(spec["alpha_init"])
    if kind == "Dropout":
        return Dropout(spec["rate"])
    raise CourseError(tr(
        "{path!r}: {where} has the unknown type {kind!r}. The file may come from a newer course_lib: update it (pip "
        "install -U -r requirements.txt).",
        path=path, where=where, kind=kind))


def _find(path) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise CourseTypeError(tr("The file name must be text such as 'model.npz', got {path}.", path=describe(path)))
    path = Path(path)
    if path.is_dir():
        raise CourseError(tr(
            "{path!r} is a folder, not a saved file. Give the file's name, e.g. {path2!r}.",
            path=str(path), path2=str(path / 'model.npz')))
    if not path.exists():
        with_suffix = path.with_name(path.name + ".npz")
        if path.suffix != ".npz" and with_suffix.is_file():
            return with_suffix
        here = sorted(p.name for p in path.parent.glob("*.npz"))[:10] if path.parent.is_dir() else []
        listing = tr(" The .npz files there: {files}.", files=", ".join(here)) if here else ""
        raise CourseError(tr(
            "No file {path!r} was found (relative names start in {os_getcwd!r}). Check the name and the "
            "folder.{listing}",
            path=str(path), os_getcwd=os.getcwd(), listing=listing))
    return path


def _read_archive(path: Path) -> dict:
    """Every array of the file, read with allow_pickle=False, or a message saying what the file is instead."""
    shown = str(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        raise CourseError(tr(
            "{shown!r} is a Python pickle file. Loading pickle can run any code hidden in it, so course_lib never "
            "does. Load only files written by save_model / model.save.",
            shown=shown))
    if head[:6] == b"\x93NUMPY":
        raise CourseError(tr(
            "{shown!r} is a single numpy array (.npy, written by np.save), not a saved model. Models are saved with "
            "save_model(path, model) or model.save(path).",
            shown=shown))
    if head[:2] != b"PK":
        raise CourseError(tr(
            "{shown!r} is not an .npz file (it starts with {head!r}). Give a file written by save_model(path, model) "
            "or model.save(path).",
            shown=shown, head=head[:8]))
    arrays = {}
    try:
        with np.load(path, allow_pickle=False) as npz:
            for key in npz.files:
                try:
                    arrays[key] = npz[key]
                except ValueError as exc:
                    if "pickle" in str(exc).lower() or "object" in str(exc).lower():
                        raise CourseError(
                            tr(
                                "{shown!r} holds Python objects (pickle) in {key!r}. Loading pickle can run any code "
                                "hidden in it, so course_lib never does. Load only files written by save_model / "
                                "model.save.",
                                shown=shown, key=key)
                        ) from None
                    raise
    except CourseError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise CourseError(tr(
            "{shown!r} could not be read as an .npz file ({exc}); it is damaged or cut short (a copy that did not "
            "finish?). Save the model again.",
            shown=shown, exc=exc)) from None
    return arrays


def _json(arrays, key, path):
    value = arrays.get(key)
    if value is None:
        return None
    if value.shape != () or value.dtype.kind != "U":
        raise CourseError(tr(
            "{path!r}: the entry {key!r} is not the text course_lib writes; the file is damaged.",
            path=path, key=key))
    try:
        return json.loads(str(value))
    except json.JSONDecodeError:
        raise CourseError(tr(
            "{path!r}: the entry {key!r} is not valid JSON; the file is damaged.",
            path=path, key=key)) from None


def read_saved(path) -> SavedRun:
    """Read a file written by save_model: a SavedRun (nothing built yet), or a CourseError saying what is wrong."""
    found = _find(path)
    shown = str(found)
    arrays = _read_archive(found)
    marker = arrays.get("format")
    if marker is None or marker.shape != () or marker.dtype.kind != "U" or str(marker) != FORMAT_NAME:
        names = ", ".join(sorted(arrays)[:8]) or "nothing"
        raise CourseError(tr(
            "{shown!r} is an .npz file, but not one written by course_lib's save_model (it holds: {names}). To load "
            "arrays of your own use np.load({shown!r}).",
            shown=shown, names=names))
    version = arrays.get("format_version")
    if version is None or version.shape != () or version.dtype.kind not in "iu":
        raise CourseError(tr(
            "{shown!r} has no format version; the file is damaged. Save the model again.",
            shown=shown))
    version = int(version)
    if version > FORMAT_VERSION:
        raise CourseError(tr(
            "{shown!r} was written by a newer course_lib (file format {version}; this course_lib reads format "
            "{FORMAT_VERSION} and older). Update the course: pip install -U -r requirements.txt.",
            shown=shown, version=version, FORMAT_VERSION=FORMAT_VERSION))
    if version < 1:
        raise CourseError(tr(
            "{shown!r} has the file format {version}, which never existed; the file is damaged.",
            shown=shown, version=version))
    architecture = _json(arrays, "model", shown)
    if not isinstance(architecture, dict) or "layers" not in architecture:
        raise CourseError(tr(
            "{shown!r} has no model description; the file is damaged. Save the model again.",
            shown=shown))
    weights = {key[len("param/"):]: value for key, value in arrays.items() if key.startswith("param/")}
    optimizer_config = _json(arrays, "optimizer", shown)
    optimizer_state: dict = {}
    if optimizer_config is not None:
        for name, slots in optimizer_config["state"].items():
            try:
                optimizer_state[name] = {slot: arrays[f"optimizer/{name}/{slot}"] for slot in slots}
            except KeyError as exc:
                raise CourseError(tr(
                    "{shown!r} lacks the optimizer state {exc}; the file is damaged.",
                    shown=shown, exc=exc)) from None
    history = _load_history(_json(arrays, "history", shown), arrays, shown)
    extra_json = _json(arrays, "extra", shown)
    extra = {} if extra_json is None else _decode_extra(extra_json, arrays)
    return SavedRun(shown, version, architecture, weights, optimizer_config, optimizer_state, history, extra)


def _load_history(config, arrays, path):
    if config is None:
        return None
    sub = {key[len("history/"):]: value for key, value in arrays.items() if key.startswith("history/")}
    try:
        if config["kind"] == "ThinnedHistory":
            return ThinnedHistory.from_arrays(config["meta"], sub)
        columns = {}
        for i, key in enumerate(config["keys"]):
            values = sub[f"{i}"].tolist()
            if config["has_none"][i]:
                values = [None if gone else v for v, gone in zip(values, sub[f"{i}/none"].tolist(), strict=True)]
            columns[key] = values
    except KeyError as exc:
        raise CourseError(tr("{path!r} lacks the history entry {exc}; the file is damaged.",
                              path=path, exc=exc)) from None
    if config["kind"] == "History":
        history = History()
        history.epochs = columns.pop("__epochs__")
        history.history.clear()
        history.history.update(columns)
        history.stopped_reason, history.steps = config["stopped_reason"], config["steps"]
        return history
    return columns


def load_model(path, custom_objects=None) -> Loaded:
    """(model, optimizer, history, extra) from a file written by save_model.

    optimizer is None and history None when the file holds none; extra is {} then.
    custom_objects  {name: object} for what a file cannot hold: your own Activation (by its name) or an object of
                    your own optimizer class (by the class name).
    """
    saved = read_saved(path)
    return Loaded(saved.model(custom_objects), saved.optimizer(custom_objects), saved.history, saved.extra)


__all__ = ["FORMAT_VERSION", "Loaded", "SavedRun", "load_model", "read_saved", "rng_from_state", "rng_state",
           "save_model"]
