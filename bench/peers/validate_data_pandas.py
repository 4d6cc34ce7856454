"""The pandas + scipy peer of bench/benchmarks/validate-data.ts: the same schema and drift checks.

    python3 bench/peers/validate_data_pandas.py REFERENCE.csv DATA.csv

Reads both CSVs with pandas, checks the schema of bench/validate-data.schema.yml (types, nulls,
ranges, regex, duplicate rows), the reference checks (unseen categories, mean shift of 3 std,
null-rate increase), and Evidently's default drift tests (more than 1000 reference rows:
normed Wasserstein for numeric columns, Jensen-Shannon base 2 for categorical ones), plus
describe() and quantiles. Prints one JSON line: seconds, peak RSS (getrusage) and the results.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

SCHEMA = {
    "delay": {"min": -1440, "max": 2880},
    "distance": {"min": 0, "max": 6000},
    "origin": {"regex": "^[A-Z]{3}$"},
    "destination": {"regex": "^[A-Z]{3}$"},
}


def check(df):
    out = {"rows": int(len(df)), "nulls": {c: int(n) for c, n in df.isna().sum().items()}}
    v = 0
    for col, rule in SCHEMA.items():
        s = df[col]
        if "min" in rule:
            if not pd.api.types.is_integer_dtype(s):
                v += int(pd.to_numeric(s, errors="coerce").isna().sum())
            v += int((s < rule["min"]).sum()) + int((s > rule["max"]).sum())
        if "regex" in rule:
            v += int((~s.astype(str).str.fullmatch(rule["regex"][1:-1])).sum())
    out["violations"] = v
    out["duplicate_rows"] = int(df.duplicated().sum())
    return out


def main():
    ref_path, cur_path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    ref = pd.read_csv(ref_path, parse_dates=["date"])
    cur = pd.read_csv(cur_path, parse_dates=["date"])
    result = {"reference": check(ref), "data": check(cur), "drift": {}, "describe": {}}
    for col in ["delay", "distance"]:
        r, c = ref[col].dropna(), cur[col].dropna()
        result["drift"][col] = float(stats.wasserstein_distance(r, c) / max(np.std(r), 0.001))
        d = c.describe()
        result["describe"][col] = {k: float(d[k]) for k in ["mean", "std", "min", "25%", "50%", "75%", "max"]}
        result["describe"][col]["q05"] = float(np.quantile(c, 0.05))
        result["describe"][col]["q95"] = float(np.quantile(c, 0.95))
        result.setdefault("mean_shift", {})[col] = bool(abs(c.mean() - r.mean()) > 3 * r.std())
    for col in ["origin", "destination"]:
        r, c = ref[col].dropna(), cur[col].dropna()
        keys = list(set(r.unique()) | set(c.unique()))
        rv, cv = r.value_counts(), c.value_counts()
        rp = np.array([rv.get(k, 0) / len(r) for k in keys])
        cp = np.array([cv.get(k, 0) / len(c) for k in keys])
        result["drift"][col] = float(distance.jensenshannon(rp, cp, 2))
        result.setdefault("unseen", {})[col] = int((~c.isin(set(r.unique()))).sum())
    null_rate = {}
    for col in cur.columns:
        null_rate[col] = bool(cur[col].isna().mean() - ref[col].isna().mean() > 0.1)
    result["null_rate_exploded"] = null_rate
    seconds = time.perf_counter() - start
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "maxrss_mb": maxrss_mb, "result": result}))


if __name__ == "__main__":
    main()
