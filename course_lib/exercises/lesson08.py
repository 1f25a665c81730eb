"""Lesson 08 (overfitting): checks for the learners' L2 penalty, proximal L1 step, inverted dropout and
early-stopping rule."""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr
from course_lib.regularization import L2
from course_lib.training import EarlyStopping


# ---------------------------------------------------------------------------------------------
# 1. The L2 penalty and its gradient
# ---------------------------------------------------------------------------------------------
def _l2_penalty_solution(params, lam):
    penalty = 0.0
    grads = {}
    for name, p in params.items():
        if name.endswith(".W"):  # weight matrices only; biases are not penalised
            penalty += lam / 2 * np.sum(p**2)
            grads[name] = lam * p
        else:
            grads[name] = np.zeros_like(p)
    return penalty, grads


def _l2_cases():
    rng = np.random.default_rng(8)
    params = {"layer0.W": rng.normal(size=(4, 2)), "layer0.b": rng.normal(size=4),
              "layer2.W": rng.normal(size=(1, 4)), "layer2.b": rng.normal(size=1)}
    return [(params, 0.1), (params, 0.03)]


@exercise("l2_penalty", lesson="08", solution=_l2_penalty_solution,
          hint=lambda: tr("penalty = λ/2 · Σ W² over the weight matrices; its gradient is λ · W."))
def check_l2_penalty(candidate):
    """l2_penalty(params, lam) -> (penalty, grads): λ/2·ΣW² over weight matrices ('.W'), and its gradient."""
    for params, lam in _l2_cases():
        result = call(candidate, {k: v.copy() for k, v in params.items()}, lam)
        if not (isinstance(result, tuple | list) and len(result) == 2 and isinstance(result[1], dict)):
            raise Mistake(tr("return a pair (penalty, grads): a number and a dict with the same keys as params."))
        penalty, grads = result
        if set(grads) != set(params):
            raise Mistake(tr("grads must have exactly the keys of params ({keys}), got {got_keys}. Give biases a "
                             "gradient of zeros.", keys=', '.join(params), got_keys=', '.join(map(str, grads))))
        weights = {k: v for k, v in params.items() if k.endswith(".W")}
        expected = L2(lam).penalty(params)
        sum_sq_all = sum(float(np.sum(v**2)) for v in params.values())
        penalty = as_array(penalty, tr("the penalty"))
        if penalty.size != 1:
            raise Mistake(tr("the penalty has shape {penalty_shape}; it must be ONE number, the sum over all "
                             "weight matrices.", penalty_shape=penalty.shape))
        penalty = float(penalty)
        if close(penalty, lam / 2 * sum_sq_all) and not close(penalty, expected):
            raise Mistake(tr("the penalty includes the biases. Only weight matrices (names ending in '.W') are "
                             "penalised: a bias shifts the boundary but does not make it wigglier."))
        if close(penalty, 2 * expected):
            raise Mistake(tr("the penalty is twice too large: the course's L2 penalty has a factor 1/2 in front, "
                             "so that its gradient comes out as λ·W with no 2."))
        if close(penalty, lam * np.sqrt(sum(float(np.sum(v**2)) for v in weights.values()))):
            raise Mistake(tr("that is λ times the L2 norm; the penalty uses the SQUARED norm, Σ W²."))
        if not close(penalty, expected):
            raise Mistake(tr("the penalty should be {expected:.4f} for this example (λ = {lam}), got {penalty:.4f}.",
                             expected=expected, lam=lam, penalty=penalty))
        for name, p in params.items():
            g = as_array(grads[name], f"grads[{name!r}]")
            if g.shape != p.shape:
                raise Mistake(tr("grads[{name!r}] has shape {g_shape}; it must have the shape of the parameter, "
                                 "{p_shape}.", name=name, g_shape=g.shape, p_shape=p.shape))
            if not name.endswith(".W"):
                if not close(g, np.zeros_like(p)):
                    raise Mistake(tr("grads[{name!r}] is not zero: biases are not penalised, so the penalty's "
                                     "gradient for them is 0.", name=name))
                continue
            if close(g, 2 * lam * p):
                raise Mistake(tr("grads[{name!r}] is twice too large: the derivative of λ/2·W² is λ·W.", name=name))
            if close(g, lam * np.sign(p)):
                raise Mistake(tr("grads[{name!r}] is λ·sign(W): that is the gradient of the L1 penalty, not L2.",
                                 name=name))
            if not close(g, lam * p):
                raise Mistake(tr("grads[{name!r}] is not the derivative of the penalty with respect to that weight.",
                                 name=name))


# ---------------------------------------------------------------------------------------------
# 1b. One proximal L1 step (gradient step, then soft thresholding)
# ---------------------------------------------------------------------------------------------
def _l1_proximal_step_solution(W, grad, lr, lam):
    W = W - lr * grad  # the plain gradient step on the data loss
    return np.sign(W) * np.maximum(np.abs(W) - lr * lam, 0.0)  # then lr·λ towards 0, stopping AT 0


def _soft(W, t):
    return np.sign(W) * np.maximum(np.abs(W) - t, 0.0)


@exercise("l1_proximal_step", lesson="08", solution=_l1_proximal_step_solution,
          hint=lambda: tr("first W - lr·grad; then shrink every entry by lr·λ towards 0, and set it to 0 if it "
                           "would cross 0."))
def check_l1_proximal_step(candidate):
    """l1_proximal_step(W, grad, lr, lam) -> new W: a gradient step on the data loss, then soft thresholding."""
    rng = np.random.default_rng(81)
    W = rng.normal(scale=0.3, size=(6, 5))
    W[0, :3] = [0.0, 0.01, -0.02]
    grad = rng.normal(size=(6, 5))
    for lr, lam in ((0.1, 0.5), (0.05, 2.0)):
        out = as_array(call(candidate, W, grad, lr, lam), "l1_proximal_step")
        if out.shape != W.shape:
            raise Mistake(tr("the result has shape {out_shape}; it must have W's shape {W_shape}.",
                             out_shape=out.shape, W_shape=W.shape))
        expected = _l1_proximal_step_solution(W, grad, lr, lam)
        if close(out, expected, tol=1e-10):
            continue
        half = W - lr * grad
        # sign(h)·(|h| - t) is the same as h - t·sign(h): a shrink that is not clipped is the subgradient step
        if close(out, half - lr * lam * np.sign(W), 1e-10) or close(out, half - lr * lam * np.sign(half), 1e-10):
            raise Mistake(tr("that is the subgradient step, W - lr·(grad + λ·sign(W)): weights near 0 jump across "
                             "0 instead of stopping there, so none ends up exactly 0. An entry smaller than the "
                             "threshold must become exactly 0: clip the shrunken size at 0 (np.maximum(..., 0))."))
        if close(out, _soft(half, lam), 1e-10):
            raise Mistake(tr("the threshold is λ; it should be lr·λ (the size of one step on the penalty λ·Σ|W|)."))
        if close(out, _soft(W, lr * lam) - lr * grad, 1e-10):
            raise Mistake(tr("you thresholded first and took the gradient step afterwards: take the gradient step "
                             "W - lr·grad first, then threshold, so that the result can be exactly 0."))
        if close(out, _soft(W, lr * lam), 1e-10):
            raise Mistake(tr("the gradient step on the data loss (W - lr·grad) is missing: only the threshold was "
                             "applied."))
        raise Mistake(tr("for lr={lr}, λ={lam} the result is not W - lr·grad shrunk by lr·λ towards 0.",
                         lr=lr, lam=lam))


# ---------------------------------------------------------------------------------------------
# 2. Inverted dropout, forward pass
# ---------------------------------------------------------------------------------------------
def _dropout_forward_solution(x, rate, training, rng):
    if not training or rate == 0:
        return x  # evaluation: every unit, unscaled
    keep = 1 - rate  # rate is the probability of DROPPING a unit
    mask = rng.random(x.shape) < keep
    return x * mask / keep  # survivors scaled up, so the expected output equals x


@exercise("dropout_forward", lesson="08", solution=_dropout_forward_solution,
          hint=lambda: tr("drop each entry with probability rate; divide the survivors by (1 - rate); change "
                           "nothing in eval."))
def check_dropout_forward(candidate):
    """dropout_forward(x, rate, training, rng) -> array like x: inverted dropout."""
    x = np.random.default_rng(1).uniform(0.5, 2.0, size=(400, 250))
    for rate in (0.2, 0.6):
        out = as_array(call(candidate, x, rate, True, np.random.default_rng(2)), "dropout_forward")
        if out.shape != x.shape:
            raise Mistake(tr("the output has shape {out_shape}; it must have the input's shape {x_shape}.",
                             out_shape=out.shape, x_shape=x.shape))
        dropped = np.isclose(out, 0.0)
        share = float(dropped.mean())
        if abs(share - (1 - rate)) < 0.02 and abs(share - rate) > 0.05:
            raise Mistake(tr("with rate={rate} you dropped {share:.0%} of the units: `rate` is the probability of "
                             "DROPPING a unit, not of keeping it.", rate=rate, share=share))
        if abs(share - rate) > 0.02:
            raise Mistake(tr("with rate={rate} about {rate:.0%} of the entries should be 0, but {share:.0%} are.",
                             rate=rate, share=share))
        kept = ~dropped
        ratio = out[kept] / x[kept]
        if np.allclose(ratio, 1 - rate):
            raise Mistake(tr("the survivors were multiplied by (1 - rate), which shrinks the layer's output. "
                             "Inverted dropout scales them UP so the expected output stays equal to the input."))
        if np.allclose(ratio, 1.0):
            raise Mistake(tr("the survivors are not rescaled, so the output's mean shrinks to (1 - rate) of the "
                             "input's. Inverted dropout rescales the survivors during training."))
        if not np.allclose(ratio, 1 / (1 - rate)):
            raise Mistake(tr("the kept entries are scaled by the wrong factor: the expected output must equal x."))
    for rate in (0.2, 0.6):
        out = as_array(call(candidate, x, rate, False, np.random.default_rng(3)), "dropout_forward")
        if out.shape != x.shape or not np.allclose(out, x):
            raise Mistake(tr("in evaluation mode (training=False) dropout must return x unchanged: every unit is "
                             "used, and thanks to the scaling during training no rescaling is needed now."))
    out = as_array(call(candidate, x, 0.0, True, np.random.default_rng(4)), "dropout_forward")
    if not np.allclose(out, x):
        raise Mistake(tr("with rate=0 nothing should be dropped and nothing rescaled."))


# ---------------------------------------------------------------------------------------------
# 3. The early-stopping rule (patience)
# ---------------------------------------------------------------------------------------------
def _early_stopping_solution(val_losses, patience):
    best, best_epoch, wait = np.inf, None, 0
    for epoch, loss in enumerate(val_losses, start=1):  # epochs are counted from 1
        if loss < best:  # a new best: remember it, reset the counter
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch  # stop here; restore the weights of best_epoch
    return best_epoch, None  # never stopped


def _reference_stop(val_losses, patience):
    """What course_lib.training.EarlyStopping does with these losses: (best_epoch, stopped_epoch or None)."""
    es = EarlyStopping(patience=patience, restore_best_weights=False)
    es.on_train_begin(None)
    for epoch, loss in enumerate(val_losses, start=1):
        if es.on_epoch_end(epoch, {"val_loss": loss}, None):
            break
    return es.best_epoch, es.stopped_epoch


ES_CASES = [  # (validation losses, patience, what the case is about: a key of _es_point)
    ([1.0, 0.8, 0.9, 0.85, 0.95, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0], 3, "best so far"),
    ([1.0, 0.9, 0.8, 0.7, 0.6, 0.5], 2, "improving"),
    ([0.5, 0.6, 0.7, 0.8], 4, "first is best"),
    ([2.0, 1.0, 1.0, 1.0, 1.0, 1.2], 3, "equal"),
    ([1.0, 0.7, 0.8, 0.75, 0.6, 0.65, 0.66, 0.62, 0.64, 0.7], 3, "restart"),
]


def _es_point(case: str) -> str:
    """What an ES_CASES case is about, in the current language (said when the learner's rule gets it wrong)."""
    return {
        "best so far": tr("Compare each loss with the BEST loss so far, not with the previous epoch's: 0.85 after "
                          "0.9 is not an improvement when the best so far is 0.8."),
        "improving": tr("A loss that keeps improving never uses up the patience."),
        "first is best": tr("Four epochs, the first one the best: only three epochs without improvement."),
        "equal": tr("A loss EQUAL to the best is not an improvement (use <, not <=), so it does not reset the "
                    "count."),
        "restart": tr("The count restarts at 0 after every new best."),
    }[case]


@exercise("early_stopping", lesson="08", solution=_early_stopping_solution,
          hint=lambda: tr("keep the best loss so far and count epochs since it; only a loss BELOW the best resets "
                           "the count."))
def check_early_stopping(candidate):
    """early_stopping(val_losses, patience) -> (best_epoch, stop_epoch or None), epochs counted from 1."""
    for losses, patience, point in ES_CASES:
        expected_best, expected_stop = _reference_stop(losses, patience)
        result = call(candidate, list(losses), patience)
        if not (isinstance(result, tuple | list) and len(result) == 2):
            raise Mistake(tr("return a pair (best_epoch, stop_epoch), with stop_epoch None if training never stops."))
        best, stop = result
        if best == expected_best and stop == expected_stop:
            continue
        where = tr("for val_losses={losses} with patience={patience} you returned ({best}, {stop})", losses=losses,
                   patience=patience, best=best, stop=stop)
        if best == expected_best - 1 and stop is not None and expected_stop is not None and stop == expected_stop - 1:
            raise Mistake(tr("{where}: both one too small. Epochs are counted from 1 (the first epoch is epoch 1).",
                             where=where))
        if best == expected_best and stop is not None and expected_stop is not None and \
                abs(stop - expected_stop) == 1:
            raise Mistake(tr("{where}: the stop is one epoch off. Stop at the epoch where the number of epochs "
                             "WITHOUT improvement reaches patience.", where=where))
        raise Mistake(tr("{where}, which is not right. {point}", where=where, point=_es_point(point)))
