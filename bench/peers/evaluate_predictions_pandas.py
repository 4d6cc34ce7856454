"""The pandas + scikit-learn peer of bench/benchmarks/evaluate-predictions.ts: the same job.

    python3 bench/peers/evaluate_predictions_pandas.py EVAL.jsonl PREDS.jsonl OUT_DIR SLICE,COLUMNS

Hashes both files (sha256, as modelgate fingerprints its inputs), reads both JSONL files with
pandas, merges the predictions on id (eval rows without a prediction and unknown ids counted),
takes the predicted label from `prediction` (else the arg-max of `probabilities`), and computes
what modelgate's report holds for this task: accuracy, balanced accuracy, precision / recall / F1
(macro, micro, weighted), the confusion matrix, ROC AUC (binary, or one-vs-rest macro), log loss,
the Brier score (binary only, as modelgate), the expected calibration error (15 bins), latency
p50 / p95 / p99 / mean / max, and per slice column and value: n, accuracy, balanced accuracy, F1
macro and error rate. Writes the per-example JSONL (id, index, expected, slices, latencyMs,
probabilities, predicted, correct, status; pandas writes at most 15 significant digits, so the
probabilities are rounded where modelgate writes them exactly) and its sha256. Labels are coded
as integers once, as an informed user would: scikit-learn re-sorts string labels on every call.
Prints one JSON line (seconds, peak RSS from getrusage, the results), then
`BENCH_RESULT {"inScriptMs": …}`: the time inside the script, without interpreter start and
imports.
"""
import hashlib
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn import metrics


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ece(y_true, probs, bins=15):
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y_true
    b = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    total = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def main():
    eval_path, preds_path, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    slice_by = [c for c in (sys.argv[4] if len(sys.argv) > 4 else "").split(",") if c]
    start = time.perf_counter()
    inputs = {"dataset": sha256(eval_path), "predictions": sha256(preds_path)}
    ev = pd.read_json(eval_path, lines=True, dtype={"id": str})
    pr = pd.read_json(preds_path, lines=True, dtype={"id": str})
    if ev["id"].duplicated().any() or pr["id"].duplicated().any():
        raise SystemExit("duplicate ids")
    ev["index"] = np.arange(len(ev))
    df = ev.merge(pr, on="id", how="left", indicator=True, suffixes=("", "_pred"))
    unknown = int((~pr["id"].isin(ev["id"])).sum())
    found = (df["_merge"] == "both").to_numpy()

    labels = np.unique(df["label"].astype(str))
    probs_frame = pd.DataFrame(list(df.loc[found, "probabilities"]), index=df.index[found])
    probs_frame = probs_frame.reindex(columns=labels)
    predicted = df["prediction"].where(df["prediction"].notna(), None)
    no_label = found & predicted.isna().to_numpy()
    if no_label.any():
        predicted[no_label] = probs_frame.loc[no_label].idxmax(axis=1)
    df["predicted"] = predicted
    df["correct"] = df["predicted"].astype(str) == df["label"].astype(str)
    df["status"] = np.where(found, "ok", "error")

    # Labels as integer codes once: sklearn sorts the labels on every call (np.unique), which is
    # slow on strings; codes give the same metrics.
    labels = np.unique(np.concatenate([labels, df.loc[found, "predicted"].astype(str).unique()]))
    df["y"] = np.searchsorted(labels, df["label"].astype(str).to_numpy())
    df["yhat"] = np.searchsorted(labels, df["predicted"].astype(str).to_numpy())
    ok = df[found]
    y, yhat = ok["y"].to_numpy(), ok["yhat"].to_numpy()
    p = probs_frame.loc[found].reindex(columns=labels, fill_value=0.0).to_numpy()
    y_code = y
    res = {"inputs": inputs, "examples": {"total": len(df), "evaluated": len(ok),
           "missing": int((~found).sum()), "unknown": unknown}}
    res["accuracy"] = metrics.accuracy_score(y, yhat)
    res["balanced_accuracy"] = metrics.balanced_accuracy_score(y, yhat)
    for avg in ["macro", "micro", "weighted"]:
        pr_, rc, f1, _ = metrics.precision_recall_fscore_support(y, yhat, average=avg, zero_division=0)
        res[f"precision_{avg}"], res[f"recall_{avg}"], res[f"f1_{avg}"] = pr_, rc, f1
    res["confusion_matrix"] = metrics.confusion_matrix(y, yhat).tolist()
    if len(labels) == 2:
        res["roc_auc"] = metrics.roc_auc_score(y_code, p[:, 1])
        res["brier"] = metrics.brier_score_loss(y_code, p[:, 1])
    else:
        res["roc_auc"] = metrics.roc_auc_score(y_code, p, multi_class="ovr", average="macro",
                                               labels=np.arange(len(labels)))
    res["log_loss"] = metrics.log_loss(y_code, p, labels=np.arange(len(labels)))
    res["ece"] = ece(y_code, p)
    lat = ok["latency_ms"].dropna().to_numpy(dtype=float)
    res["latency"] = {f"p{q}": float(np.quantile(lat, q / 100)) for q in (50, 95, 99)}
    res["latency"].update(mean=float(lat.mean()), max=float(lat.max()))
    res["error_rate"] = float((~found).mean())

    slices = []
    for col in slice_by:
        for value, group in df.groupby(col, sort=True):
            g = group[group["status"] == "ok"]
            gy, gp = g["y"].to_numpy(), g["yhat"].to_numpy()
            slices.append({"column": col, "value": str(value), "n": len(group),
                           "accuracy": metrics.accuracy_score(gy, gp),
                           "balanced_accuracy": metrics.balanced_accuracy_score(gy, gp),
                           "f1_macro": metrics.f1_score(gy, gp, average="macro", zero_division=0),
                           "error_rate": float((group["status"] != "ok").mean())})
    res["slices"] = slices

    out = pd.DataFrame({"id": df["id"], "index": df["index"], "expected": df["label"]})
    if slice_by:
        out["slices"] = df[slice_by].astype(str).to_dict(orient="records")
    out["latencyMs"] = df["latency_ms"]
    out["probabilities"] = df["probabilities"]
    out["predicted"] = df["predicted"]
    out["correct"] = df["correct"]
    out["status"] = df["status"]
    os.makedirs(out_dir, exist_ok=True)
    out_path = os.path.join(out_dir, "examples.jsonl")
    out.to_json(out_path, orient="records", lines=True, double_precision=15)
    res["per_example_sha256"] = sha256(out_path)

    seconds = time.perf_counter() - start
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "maxrss_mb": maxrss_mb, "result": res}, default=float))
    # The time inside the script (interpreter start and imports excluded), for the harness.
    print("BENCH_RESULT " + json.dumps({"inScriptMs": seconds * 1000}))


if __name__ == "__main__":
    main()
