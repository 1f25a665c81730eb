"""Why did training diverge? A verdict judged from the state of the network, not a fixed guess.

Training diverges when the loss becomes NaN or infinite, or runs away: grows more than a million-fold above
where it started. `divergence_kind` says which; `diagnose` looks at what is actually there and names the
likely cause and the fix:

    the model computes in float16      -> too coarse for training (Adam's eps=1e-8 rounds to 0)
    the initial weights are not finite -> the initializer made them
    the inputs are huge                -> standardise them
    the optimizer made NaN from finite weights and gradients -> its update (a custom one, or eps)
    the gradients overflowed or exploded -> clip the gradients, smaller initial weights, a lower learning rate
    the last update was larger than the weights, or the weights grew huge -> the learning rate is too high

fit, Trainer and the playground use it; its verdict is what their messages say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import tr

RUNAWAY_FACTOR = 1e6  # a loss this many times above its first value (or above 1, if larger) has run away
LARGE_INPUT = 1e3  # inputs of the course's data sets are about -1..1 (at most 16 for raw digit pixels)
LARGE_WEIGHT = 1e3
LARGE_GRADIENT = 1e3  # the mean loss's gradients are usually below 10; far above, they have exploded


def divergence_kind(value: float, first_loss: float | None) -> str | None:
    """'NaN', 'infinite', 'runaway' or None (still fine). `first_loss` is the loss of the first step."""
    value = float(value)  # math, not numpy: this runs at every training step
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "infinite"
    if first_loss is not None and value > RUNAWAY_FACTOR * max(first_loss, 1.0):
        return "runaway"
    return None


@dataclass
class Verdict:
    """What went wrong (headline), the likely cause, the fix, and the state it was judged from (facts)."""

    headline: str
    cause: str
    fix: str
    facts: str

    def __str__(self):
        return tr("{headline}. Likely cause: {cause}. {fix} (State: {facts}.)", headline=self.headline,
                  cause=self.cause, fix=self.fix, facts=self.facts)

    def short(self) -> str:
        """Without the state: for a status line."""
        return f"{self.headline}: {self.cause}. {self.fix}"


def _num(v: float) -> str:
    """A number for a message, rounded to what is meaningful in a diverging run."""
    if not np.isfinite(v):
        return "inf" if np.isinf(v) else "nan"
    return f"{v:.2g}" if v == 0 or 1e-3 <= abs(v) < 1e4 else f"{v:.0e}"


def _largest(arrays: dict) -> tuple[float, str]:
    """(largest |entry| over all arrays, its name); inf / NaN count as infinitely large."""
    best, where = 0.0, ""
    for name, a in arrays.items():
        a = np.asarray(a)
        if a.size == 0:
            continue
        with np.errstate(invalid="ignore"):
            value = float(np.max(np.abs(a))) if np.all(np.isfinite(a)) else np.inf
        if value > best or not where:
            best, where = value, name
    return best, where


def _not_finite(arrays: dict) -> list[str]:
    return [name for name, a in arrays.items() if not np.all(np.isfinite(a))]


def headline(kind: str, step: int, value: float, first_loss: float | None, after: bool = False) -> str:
    if kind == "runaway":
        first, now, factor = _num(first_loss), _num(value), f"{RUNAWAY_FACTOR:.0e}"
        if after:
            return tr("the loss ran away after step {step}: it grew from {first} to {now}, more than {factor} times",
                      step=step, first=first, now=now, factor=factor)
        return tr("the loss ran away at step {step}: it grew from {first} to {now}, more than {factor} times",
                  step=step, first=first, now=now, factor=factor)
    if kind == "NaN":
        if after:
            return tr("loss became NaN after step {step}", step=step)
        return tr("loss became NaN at step {step}", step=step)
    if kind == "infinite":
        if after:
            return tr("loss became infinite after step {step}", step=step)
        return tr("loss became infinite at step {step}", step=step)
    when = f"after step {step}" if after else f"at step {step}"
    return f"loss became {kind} {when}"


def diagnose(kind: str, step: int, value: float, *, first_loss, params: dict, before: dict | None,
             grads: dict | None, X, dtype, optimizer, init_names: dict | None = None, clip_norm=None,
             after: bool = False) -> Verdict:
    """The verdict for a diverged run.

    params   the weights now (name -> array); before: the weights before the last update (None before the
             first update); grads: the gradients that update used; X: the batch; optimizer: its lr, eps, name;
    init_names  {parameter name: the initializer that made it}, to name it when the initial weights are broken.
    """
    dtype = np.dtype(dtype)
    lr = getattr(optimizer, "lr", None)
    opt_name = type(optimizer).__name__
    eps = getattr(optimizer, "eps", None)
    w_max, w_where = _largest(params)
    x_max = float(np.max(np.abs(X))) if np.size(X) and np.all(np.isfinite(X)) else np.inf
    bad_now = _not_finite(params)
    facts = [tr("largest |weight| {w_max} ({w_where})", w_max=_num(w_max), w_where=w_where),
             tr("largest |input| {x_max}", x_max=_num(x_max)), f"dtype {dtype}"]
    if lr is not None:
        facts.append(tr("learning rate {lr} ({optimizer})", lr=_num(lr), optimizer=opt_name))
    update = None
    if before is not None and not _not_finite(before):
        with np.errstate(all="ignore"):
            update, _ = _largest({k: params[k] - before[k] for k in params if k in before})
        facts.append(tr("last update {update}", update=_num(update)))
    smaller_lr = tr("Try lr={lr:g} (10x smaller)", lr=lr / 10) if lr else tr("Try a 10x smaller learning rate")
    verdict = None

    if dtype.itemsize <= 2:
        eps_note = ""
        if eps is not None and dtype.type(eps) == 0:
            eps_note = tr("; {optimizer}'s eps={eps:g} rounds to 0 there, so a zero gradient divides 0 by 0",
                          optimizer=opt_name, eps=eps)
        verdict = (tr("the model computes in {dtype}, which holds numbers only up to {largest:g} and loses anything "
                      "below {smallest:.0e}{eps_note}", dtype=dtype, largest=float(np.finfo(dtype).max),
                      smallest=float(np.finfo(dtype).smallest_subnormal), eps_note=eps_note),
                   tr("Build the model with dtype=np.float32 (or the default float64)."))
    elif bad_now and before is None:
        made_by = (init_names or {}).get(bad_now[0])
        if made_by:
            cause = tr("the weights were not finite before the first update ({names}: NaN or inf; initializer "
                       "{made_by!r})", names=", ".join(bad_now), made_by=made_by)
        else:
            cause = tr("the weights were not finite before the first update ({names}: NaN or inf)",
                       names=", ".join(bad_now))
        verdict = (cause,
                   tr("Check the initializer (it must return finite numbers) and any code that wrote into the "
                      "weights; then build the model again."))
    elif before is not None and _not_finite(before):
        verdict = (tr("the weights were already not finite before the last update ({names})",
                      names=", ".join(_not_finite(before))),
                   tr("Something wrote NaN or inf into the weights; build the model again."))
    elif x_max > LARGE_INPUT:
        verdict = (tr("the inputs are huge (the largest |x| is {x_max}, where about 1 is usual), so the scores and "
                      "gradients overflow", x_max=_num(x_max)),
                   tr("Standardise the inputs: scaler = Standardizer().fit(X_train), then scaler.transform(X)."))
    elif grads is not None and _not_finite(grads):
        verdict = (tr("the gradients overflowed ({names}): exploding gradients, with weights up to {w_max}",
                      names=", ".join(_not_finite(grads)), w_max=_num(w_max)),
                   tr("{smaller_lr}, or clip the gradients: clip_norm=1.0.", smaller_lr=smaller_lr))
    elif bad_now and before is not None:
        built_in = type(optimizer).__module__ == "course_lib.optimizers"
        eps_note = tr(" (with eps={eps:g})", eps=eps) if eps is not None else ""
        if built_in:
            verdict = (tr("{optimizer}'s update{eps_note} turned finite weights and finite gradients into NaN or inf",
                          optimizer=opt_name, eps_note=eps_note),
                       f"{smaller_lr}.")
        else:
            verdict = (tr("your optimizer's update{eps_note} turned finite weights and finite gradients into NaN or "
                          "inf", eps_note=eps_note),
                       tr("Check that your update returns finite numbers, e.g. p - lr * g."))
    elif grads is not None and _largest(grads)[0] > LARGE_GRADIENT and (lr is None or lr <= 0.1):
        g_max, g_where = _largest(grads)
        verdict = (tr("the gradients exploded (the largest |gradient| was {g_max}, in {g_where}), as they do in a "
                      "deep network whose weights are too large (largest |weight| now {w_max})",
                      g_max=_num(g_max), g_where=g_where, w_max=_num(w_max)),
                   tr("Clip the gradients (clip_norm=1.0), start from smaller weights (He or Xavier initialisation), "
                      "or lower the learning rate."))
    elif update is not None and update > max(_largest(before)[0], 1e-3):
        verdict = (tr("the last update moved a weight by {update}, more than the size of the weights themselves: "
                      "learning rate {lr} is too high for {optimizer} here",
                      update=_num(update), lr=_num(lr), optimizer=opt_name),
                   f"{smaller_lr}." if clip_norm else
                   tr("{smaller_lr}, or clip the gradients with clip_norm=1.0.", smaller_lr=smaller_lr))
    elif w_max > LARGE_WEIGHT:
        verdict = (tr("the weights have grown to {w_max} ({w_where}) step by step: learning rate {lr} is too high "
                      "for {optimizer} here", w_max=_num(w_max), w_where=w_where, lr=_num(lr), optimizer=opt_name),
                   tr("{smaller_lr}, or clip the gradients (clip_norm=1.0).", smaller_lr=smaller_lr))
    else:
        verdict = (tr("the weights (up to {w_max}) and inputs (up to {x_max}) look ordinary, so the step size is "
                      "the suspect: learning rate {lr} with {optimizer}",
                      w_max=_num(w_max), x_max=_num(x_max), lr=_num(lr), optimizer=opt_name),
                   f"{smaller_lr}.")
    return Verdict(headline(kind, step, value, first_loss, after), verdict[0], verdict[1], ", ".join(facts))
