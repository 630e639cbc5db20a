#!/usr/bin/env python3
"""Reads a `crh dump` directory with numpy alone and checks it against the paper's conventions.

Usage: check_dump.py DIR [ALIGNMENT_CSV]
Per site: W is d_out x d_in with h_b = W h_a (+ a bias, the same for every row) and g_a = W^T g_b;
with ALIGNMENT_CSV (columns layer_name, relation, stat, alignment: the point's last step, e.g. from
`crh sql --format csv`), the six alignments of both statistics recomputed here match the stored ones to 1e-4.
"""
import csv
import json
import sys

import numpy as np


def moment(x, stat):
    x = x.astype(np.float64)
    if stat == "normalized":
        x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), np.finfo(float).tiny)
        x = x - x.mean(axis=0)
    return x.T @ x / x.shape[0]


def pearson(a, b):
    a = a.ravel() - a.mean()
    b = b.ravel() - b.mean()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def alignments(z, stat):
    w = z["W"].astype(np.float64)
    m = {"Z_a": w.T @ w, "Z_b": w @ w.T}
    for k in ("h_a", "g_a", "h_b", "g_b"):
        m[k[0].upper() + k[1:]] = moment(z[k], stat)
    pairs = {"f-RWA": ("Z_a", "H_a"), "f-GWA": ("Z_a", "G_a"), "f-RGA": ("H_a", "G_a"),
             "b-RWA": ("Z_b", "H_b"), "b-GWA": ("Z_b", "G_b"), "b-RGA": ("H_b", "G_b")}
    return {rel: pearson(m[a], m[b]) for rel, (a, b) in pairs.items()}


def main(argv):
    out = argv[1]
    manifest = json.load(open(f"{out}/manifest.json"))
    stored = {}
    if len(argv) > 2:
        for row in csv.DictReader(open(argv[2])):
            stored[(row["layer_name"], row["relation"], row["stat"])] = float(row["alignment"])
    compared = 0
    for site in manifest["sites"]:
        z = np.load(f"{out}/{site['file']}")
        w, ha, hb, ga, gb = (z[k].astype(np.float64) for k in ("W", "h_a", "h_b", "g_a", "g_b"))
        n, d_in, d_out = site["observations"], site["d_in"], site["d_out"]
        assert w.shape == (d_out, d_in), (site["layer_name"], w.shape)
        assert ha.shape == ga.shape == (n, d_in) and hb.shape == gb.shape == (n, d_out), site["layer_name"]
        bias = hb - ha @ w.T
        scale = np.abs(hb).max() + 1e-12
        assert np.abs(bias - bias[0]).max() <= 1e-3 * scale, (site["layer_name"], "h_b != W h_a + b")
        assert np.abs(ga - gb @ w).max() <= 1e-3 * (np.abs(ga).max() + 1e-12), (site["layer_name"], "g_a != W^T g_b")
        for stat in ("raw", "normalized"):
            for rel, alpha in alignments(z, stat).items():
                key = (site["layer_name"], rel, stat)
                if key in stored:
                    assert abs(alpha - stored[key]) <= 1e-4, (key, alpha, stored[key])
                    compared += 1
    print(f"check_dump: {len(manifest['sites'])} sites ok, {compared} stored alignments matched")
    if stored and compared != len(stored):
        sys.exit(f"check_dump: {len(stored) - compared} stored alignments have no dumped site")


if __name__ == "__main__":
    main(sys.argv)
