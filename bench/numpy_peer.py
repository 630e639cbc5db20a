#!/usr/bin/env python3
"""The numpy peer of the performance issue (bench/Bench.java runs it; not part of the tests).

A plain numpy MLP as the issue describes it: 4 weight layers, width 64, tanh, MSE, minibatch SGD with
weight decay W <- W - lr (grad + wd W) on weights, on a teacher-student task (16 inputs, 4 outputs,
4096 training samples); every `--probe-every` steps (and at step 0) it measures the six CRH alignments
per layer (Pearson correlation of H_a~Z_a, G_a~Z_a, H_a~G_a, H_b~Z_b, G_b~Z_b, H_b~G_b, raw second
moments, per-sample gradients) on 512 probe samples. float32, one thread (the caller sets
OPENBLAS_NUM_THREADS=1). Prints one line: `seconds <s> steps <n> probes <m>`.

It measures less per probe than crh does (one statistic instead of raw and normalized, no random-rotation
nulls, no exponent fits or norms): the bench states that next to the ratio.
"""
import argparse
import time

import numpy as np


def pearson(a, b):
    a = a.ravel() - a.mean()
    b = b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--probe-every", type=int, default=500)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--wd", type=float, default=1e-3)
    # A short run that stands for a longer one (the bench scales it) must probe at the longer run's density:
    # without the final probe, 1000 steps probe twice, as 1000 steps of a 20000-step point do on average.
    ap.add_argument("--no-final-probe", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    f32 = np.float32
    d_in, d_out, n, n_probe = 16, 4, 4096, 512
    t1 = rng.standard_normal((d_in, 32)).astype(f32) / np.sqrt(d_in)
    t2 = rng.standard_normal((32, d_out)).astype(f32) / np.sqrt(32)
    x = rng.standard_normal((n + n_probe, d_in)).astype(f32)
    y = (np.tanh(x @ t1) @ t2 + 0.1 * rng.standard_normal((n + n_probe, d_out))).astype(f32)
    x, px, y, py = x[:n], x[n:], y[:n], y[n:]
    dims = [d_in, args.width, args.width, args.width, d_out]
    ws = [(rng.standard_normal((dims[i], dims[i + 1])) / np.sqrt(dims[i])).astype(f32) for i in range(4)]
    bs = [np.zeros(dims[i + 1], f32) for i in range(4)]

    def forward(inp):
        hs, pres = [inp], []
        for i in range(4):
            pre = hs[-1] @ ws[i] + bs[i]
            pres.append(pre)
            hs.append(np.tanh(pre) if i < 3 else pre)
        return hs, pres

    def backward(hs, pres, target, scale):
        """Gradients of scale * sum of per-sample 1/2 ||f - y||^2 w.r.t. each pre-activation."""
        g = (hs[-1] - target) * scale
        gpres = [None] * 4
        for i in range(3, -1, -1):
            gpres[i] = g
            if i > 0:
                g = (g @ ws[i].T) * (1 - hs[i] ** 2)
        return gpres

    def probe():
        hs, pres = forward(px)
        gpres = backward(hs, pres, py, 1.0)
        out = []
        m = len(px)
        for i in range(4):
            ha, hb, gb = hs[i], pres[i], -gpres[i]
            ga = gb @ ws[i].T
            w = ws[i].T  # d_out x d_in
            mats = dict(ha=ha.T @ ha / m, ga=ga.T @ ga / m, za=w.T @ w,
                        hb=hb.T @ hb / m, gb=gb.T @ gb / m, zb=w @ w.T)
            out.append([pearson(mats["ha"], mats["za"]), pearson(mats["ga"], mats["za"]),
                        pearson(mats["ha"], mats["ga"]), pearson(mats["hb"], mats["zb"]),
                        pearson(mats["gb"], mats["zb"]), pearson(mats["hb"], mats["gb"])])
        return out

    start = time.perf_counter()
    order = rng.permutation(n)
    cursor = 0
    probes = 0
    for step in range(args.steps + 1):
        if step % args.probe_every == 0 and (step < args.steps or not args.no_final_probe) \
                or step == args.steps and not args.no_final_probe:
            probe()
            probes += 1
        if step == args.steps:
            break
        if cursor + args.batch > n:
            order = rng.permutation(n)
            cursor = 0
        idx = order[cursor:cursor + args.batch]
        cursor += args.batch
        hs, pres = forward(x[idx])
        gpres = backward(hs, pres, y[idx], f32(1.0 / args.batch))
        for i in range(4):
            gw = hs[i].T @ gpres[i]
            ws[i] -= f32(args.lr) * (gw + f32(args.wd) * ws[i])
            bs[i] -= f32(args.lr) * gpres[i].sum(0)
    print(f"seconds {time.perf_counter() - start:.4f} steps {args.steps} probes {probes}")


if __name__ == "__main__":
    main()
