"""check-regression's peer: the same paired bootstraps with scipy.stats.bootstrap.

Usage: python3 bootstrap_scipy.py <dir> <resamples>

<dir> holds the data bench/benchmarks/check-regression.ts writes (little-endian binaries):
correct_a.f64 / correct_b.f64 (0/1 outcomes), score_a.f64 / score_b.f64 (a continuous score)
and truth.u8 / pred_a.u8 / pred_b.u8 (class indices). Each case is
scipy.stats.bootstrap(paired=True, vectorized=True, method='percentile', 95%), the statistic
being the difference candidate - baseline of the metric: the mean for accuracy and the score, and
macro F1 (as scikit-learn's f1_score(average='macro')) computed with numpy for a batch of
resamples at once. Prints `BENCH_RESULT {...}`: each call's time in ms (accuracyMs, ...) and
each interval (accuracyLow, accuracyHigh, ...).
"""
import json
import sys
import time

import numpy as np
from scipy import stats

directory, resamples = sys.argv[1], int(sys.argv[2])
load = lambda name, dtype: np.fromfile(f"{directory}/{name}", dtype=dtype)
correct_a, correct_b = load("correct_a.f64", "<f8"), load("correct_b.f64", "<f8")
score_a, score_b = load("score_a.f64", "<f8"), load("score_b.f64", "<f8")
truth, pred_a, pred_b = (load(f, "u1").astype(np.int64) for f in ("truth.u8", "pred_a.u8", "pred_b.u8"))
classes = int(max(truth.max(), pred_a.max(), pred_b.max())) + 1
BATCH = 50  # resamples per vectorized call: (50, 100k) index arrays, ~40 MB each


def mean_difference(a, b, axis):
    return np.mean(b, axis=axis) - np.mean(a, axis=axis)


def macro_f1(y, p, axis):
    # y, p: (..., n) class indices; confusion counts per resample by one bincount.
    y = np.atleast_2d(y)
    p = np.atleast_2d(p)
    rows = y.shape[0]
    offset = (np.arange(rows) * classes * classes)[:, None]
    cm = np.bincount((offset + y * classes + p).ravel(), minlength=rows * classes * classes)
    cm = cm.reshape(rows, classes, classes)
    tp = np.einsum("rii->ri", cm)
    fp = cm.sum(axis=1) - tp
    fn = cm.sum(axis=2) - tp
    denom = 2 * tp + fp + fn
    present = denom > 0
    f1 = np.where(present, 2 * tp / np.where(present, denom, 1), 0.0)
    return f1.sum(axis=1) / present.sum(axis=1)


def f1_difference(y, a, b, axis):
    return macro_f1(y, b, axis) - macro_f1(y, a, axis)


def run(data, statistic):
    t0 = time.perf_counter()
    result = stats.bootstrap(
        data,
        statistic,
        n_resamples=resamples,
        batch=BATCH,
        vectorized=True,
        paired=True,
        method="percentile",
        confidence_level=0.95,
        random_state=np.random.default_rng(42),
    )
    ms = (time.perf_counter() - t0) * 1000
    ci = result.confidence_interval
    return ms, [float(ci.low), float(ci.high)]


accuracy_ms, accuracy_ci = run((correct_a, correct_b), mean_difference)
f1_ms, f1_ci = run((truth, pred_a, pred_b), f1_difference)
mean_ms, mean_ci = run((score_a, score_b), mean_difference)
print(
    "BENCH_RESULT "
    + json.dumps(
        {
            "accuracyMs": accuracy_ms,
            "accuracyLow": accuracy_ci[0],
            "accuracyHigh": accuracy_ci[1],
            "f1MacroMs": f1_ms,
            "f1MacroLow": f1_ci[0],
            "f1MacroHigh": f1_ci[1],
            "meanMs": mean_ms,
            "meanLow": mean_ci[0],
            "meanHigh": mean_ci[1],
        }
    )
)
