#!/usr/bin/env python3
"""scikit-learn peer of `tools/bench forests` (Apps/bench/Sources/FacetBench/ForestsBench.swift).

Prints the same `name: value` lines for RandomForestClassifier / RandomForestRegressor
(100 trees, n_jobs=2, sklearn's default max_features: sqrt for the classifier, 1.0 for
the regressor).

Same data as the Swift side:
- digits: Packages/NN/Sources/NN/Resources/digits/digits.csv (64 pixels 0..16, label),
  pixels / 16; the test rows are the indices the Swift bench writes with
  `--split-out PATH` (NN's stratified split, seed 0, 75/25); pass that file as --split.
- regression: Friedman #1 from the same 64-bit LCG (see ForestsBench.lcgFriedman1),
  2000 train / 1000 test rows.

Usage: forests.py --split test_indices.txt [--trees 100] [--jobs 2]
"""
import argparse
import math
import os
import pickle
import statistics

import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import r2_score
from timing import median_time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGITS = os.path.join(ROOT, "Packages/NN/Sources/NN/Resources/digits/digits.csv")
MASK = (1 << 64) - 1


def lcg_friedman1(count, seed):
    state = seed
    def nxt():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return (state >> 11) * 2.0 ** -53
    xs, ys = [], []
    for _ in range(count):
        row = [nxt() for _ in range(10)]
        xs.append(row)
        ys.append(10 * math.sin(math.pi * row[0] * row[1]) + 20 * (row[2] - 0.5) ** 2
                  + 10 * row[3] + 5 * row[4] + (nxt() - 0.5))
    # Float32 like the Swift side.
    return np.asarray(xs, dtype=np.float32), np.asarray(ys, dtype=np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True, help="test indices written by `facet-bench forests --split-out PATH`")
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    data = np.loadtxt(DIGITS, delimiter=",", dtype=np.float32)
    x, y = data[:, :64] / 16, data[:, 64].astype(int)
    test_idx = np.loadtxt(args.split, dtype=int)
    mask = np.zeros(len(y), dtype=bool)
    mask[test_idx] = True
    xtr, ytr, xte, yte = x[~mask], y[~mask], x[mask], y[mask]

    accuracies = []
    for seed in range(5):
        clf = RandomForestClassifier(n_estimators=args.trees, max_features="sqrt", n_jobs=args.jobs, random_state=seed)
        clf.fit(xtr, ytr)
        accuracies.append(float((clf.predict(xte) == yte).mean()))
    clf = RandomForestClassifier(n_estimators=args.trees, max_features="sqrt", n_jobs=args.jobs, random_state=0)
    fit = median_time(lambda: clf.fit(xtr, ytr), 1, 5)
    predict = median_time(lambda: clf.predict_proba(xte), 2, 11)
    model_bytes = len(pickle.dumps(clf))

    rx, ry = lcg_friedman1(3000, 1)
    reg = RandomForestRegressor(n_estimators=args.trees, max_features=1.0, n_jobs=args.jobs, random_state=0)
    reg_fit = median_time(lambda: reg.fit(rx[:2000], ry[:2000]), 1, 3)
    r2 = r2_score(ry[2000:], reg.predict(rx[2000:]))

    print(f"rf_fit_ms: {fit * 1e3:.3f}")
    print(f"rf_predict_ms: {predict * 1e3:.3f}")
    print(f"rf_accuracy: {statistics.mean(accuracies):.4f}")
    print(f"rf_regression_r2: {r2:.4f}")
    print(f"rf_regression_fit_ms: {reg_fit * 1e3:.3f}")
    print(f"model_bytes: {model_bytes}")


if __name__ == "__main__":
    main()
