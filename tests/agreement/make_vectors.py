#!/usr/bin/env python3
"""Reference vectors for Werkbank's agreement statistics (src/core/agreement.rs).

Writes tests/agreement/vectors.json: datasets (units x coders, integer labels, null = missing)
with reference figures from
  * krippendorff.alpha(level_of_measurement="nominal")   (package `krippendorff`)
  * sklearn.metrics.cohen_kappa_score                    (package `scikit-learn`)
  * irrCAC.raw.CAC(...).bp() / .fleiss()  -> pa, Brennan-Prediger, Fleiss' kappa  (package `irrCAC`)
A reference that raises or returns NaN is written as null (= undefined, `None` in Rust).

Run:  pip install krippendorff scikit-learn irrCAC && python3 tests/agreement/make_vectors.py
"""
import json
import math
import os
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd
import krippendorff
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score

warnings.filterwarnings("ignore")


def clean(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def safe(f):
    try:
        return clean(f())
    except (ValueError, ZeroDivisionError, FloatingPointError):
        return None


def references(data):
    """data: list of units, each a list (one per coder) of int or None."""
    m = max(len(r) for r in data)
    rows = [list(r) + [None] * (m - len(r)) for r in data]
    # krippendorff wants coders x units with NaN for missing
    rel = np.array([[np.nan if v is None else float(v) for v in row] for row in rows]).T
    alpha = safe(lambda: krippendorff.alpha(reliability_data=rel, level_of_measurement="nominal"))

    df = pd.DataFrame([[np.nan if v is None else v for v in row] for row in rows])

    def cac(frame, method):
        # digits=20: irrCAC rounds its outputs to `digits`; keep full precision.
        # irrCAC also computes a variance and raises for n = 1 subject or no pairable unit; that
        # error is recorded and the Rust test then skips that method's figures for this data set.
        try:
            return getattr(CAC(frame.copy(), digits=20), method)()["est"], None
        except (ValueError, ZeroDivisionError, FloatingPointError, KeyError, IndexError) as e:
            return None, f"{type(e).__name__}: {e}"

    bp, err_bp = cac(df, "bp")
    fl, err_fl = cac(df, "fleiss")
    out = {
        "krippendorff_alpha": alpha,
        "percent_agreement": clean(bp["pa"]) if bp else None,
        "brennan_prediger": clean(bp["coefficient_value"]) if bp else None,
        "fleiss_kappa": clean(fl["coefficient_value"]) if fl else None,
        "bp_error": err_bp,
        "fleiss_error": err_fl,
        "pairs": [],
    }
    for i in range(m):
        for j in range(i + 1, m):
            pairs = [(r[i], r[j]) for r in rows if r[i] is not None and r[j] is not None]
            y1 = [a for a, _ in pairs]
            y2 = [b for _, b in pairs]
            kappa = safe(lambda: cohen_kappa_score(y1, y2)) if pairs else None
            est, err = cac(df[[i, j]].dropna(how="all"), "bp")
            pa = clean(est["pa"]) if est else None
            out["pairs"].append({"coders": [i, j], "n": len(pairs), "cohen_kappa": kappa, "percent_agreement": pa, "bp_error": err})
    return out


def random_nominal(rng, units, coders, categories, p_missing, agree=0.6):
    data = []
    for _ in range(units):
        truth = int(rng.integers(categories))
        row = []
        for _ in range(coders):
            if rng.random() < p_missing:
                row.append(None)
            elif rng.random() < agree:
                row.append(truth)
            else:
                row.append(int(rng.integers(categories)))
        data.append(row)
    # the reference packages drop units nobody rated; keep every unit rated by someone
    return [r for r in data if any(v is not None for v in r)]


def main():
    rng = np.random.default_rng(20240611)
    sets = []

    def add(name, data, note=""):
        sets.append({"name": name, "note": note, "data": data, "expected": references(data)})

    add("nominal_2coders_3cat", random_nominal(rng, 40, 2, 3, 0.0))
    add("nominal_2coders_missing", random_nominal(rng, 40, 2, 4, 0.15))
    add("nominal_3coders_missing", random_nominal(rng, 50, 3, 4, 0.2))
    add("nominal_4coders_missing", random_nominal(rng, 30, 4, 5, 0.25, agree=0.5))
    add("nominal_4coders_dense", random_nominal(rng, 60, 4, 3, 0.05, agree=0.8))
    add("binary_2coders", random_nominal(rng, 100, 2, 2, 0.0, agree=0.7))
    add("binary_3coders_missing", random_nominal(rng, 80, 3, 2, 0.1, agree=0.7))
    add("binary_skewed", [[1, 1]] * 3 + [[0, 0]] * 90 + [[1, 0]] * 4 + [[0, 1]] * 3,
        "high agreement, rare code: kappa low although percent agreement high")
    add("one_category_only", [[1, 1]] * 12, "kappa/alpha/Fleiss undefined (p_e = 1); irrCAC BP returns 1")
    add("one_category_3coders_missing", [[2, 2, None], [2, None, 2], [2, 2, 2], [None, 2, 2]])
    add("perfect_agreement", [[0, 0], [1, 1], [2, 2], [1, 1], [0, 0], [2, 2], [2, 2]])
    add("perfect_agreement_4coders", [[3, 3, 3, 3], [1, 1, 1, 1], [1, 1, None, 1], [2, 2, 2, None]])
    add("total_disagreement", [[0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0]], "kappa = -1")
    add("no_overlap", [[0, None], [1, None], [None, 0], [None, 1], [None, 1]],
        "no unit rated by both coders: everything undefined")
    add("kappa_and_alpha_undefined_fleiss_defined", [[1, 1], [1, 1], [1, 1], [0, None], [None, 1]],
        "paired values all one category (kappa, alpha undefined); an unpaired 0 makes irrCAC's Fleiss p_e < 1")
    add("krippendorff_2011_example", [
        [1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None],
    ], "Krippendorff (2011) 4-coder example; published nominal alpha 0.743")
    add("single_unit_pair", [[1, 0]])

    out = {
        "generator": "tests/agreement/make_vectors.py",
        "packages": {p: version(p) for p in ["krippendorff", "scikit-learn", "irrCAC", "numpy", "pandas"]},
        "datasets": sets,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(sets)} datasets to {path}")


if __name__ == "__main__":
    main()
