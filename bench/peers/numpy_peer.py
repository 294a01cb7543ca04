#!/usr/bin/env python3
"""The numpy peer of Barron's benchmarks: the same closed-form population loss and gradient
(docs/MATH.md section 3, ReLU, plain scaling, the same stable-angle rule), the batched forward and a
dgemm, timed the same way as the JMH runs (warm-up, then the mean of timed repetitions).

Writes one JSON object per line: {"op", "shape", "ms", "reps"}.
Usage: python3 numpy_peer.py [--quick] > numpy.jsonl
"""
import json
import sys
import time

import numpy as np

GRAM_COS_LIMIT = 0.99


def stable_theta(W, nw, Y, ny, G):
    """theta from the Gram where |cos| <= 0.99, else 2 atan2(|u-e|, |u+e|) from the rows."""
    with np.errstate(divide="ignore", invalid="ignore"):
        c = G / np.outer(nw, ny)
    zero = (nw[:, None] == 0) | (ny[None, :] == 0)
    c = np.where(zero, 0.0, np.clip(c, -1.0, 1.0))
    theta = np.arccos(c)
    near = np.argwhere(np.abs(c) > GRAM_COS_LIMIT)
    if near.size:
        U = W[near[:, 0]] / nw[near[:, 0], None]
        E = Y[near[:, 1]] / ny[near[:, 1], None]
        t = 2 * np.arctan2(np.linalg.norm(U - E, axis=1), np.linalg.norm(U + E, axis=1))
        theta[near[:, 0], near[:, 1]] = t
    return theta


def pair_terms(nw, ny, theta):
    """kappa, alpha, beta of the ReLU kernel, grad_w kappa = alpha w + beta v."""
    s, c = np.sin(theta), np.cos(theta)
    pm = np.pi - theta
    kappa = np.outer(nw, ny) * (s + pm * c) / (2 * np.pi)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(nw[:, None] > 0, ny[None, :] * s / (2 * np.pi * nw[:, None]), 0.0)
    beta = pm / (2 * np.pi)
    return kappa, alpha, beta


def population(W, a, V, b, s=1.0):
    nw = np.linalg.norm(W, axis=1)
    nv = np.linalg.norm(V, axis=1)
    Gww = W @ W.T
    Gwv = W @ V.T
    tww = stable_theta(W, nw, W, nw, Gww)
    np.fill_diagonal(tww, 0.0)
    twv = stable_theta(W, nw, V, nv, Gwv)
    kww, aww, bww = pair_terms(nw, nw, tww)
    kwv, awv, bwv = pair_terms(nw, nv, twv)
    Gvv = V @ V.T
    tvv = stable_theta(V, nv, V, nv, Gvv)
    np.fill_diagonal(tvv, 0.0)
    kvv, _, _ = pair_terms(nv, nv, tvv)
    loss = 0.5 * s * s * a @ kww @ a - s * a @ kwv @ b + 0.5 * b @ kvv @ b
    grad_a = s * s * kww @ a - s * kwv @ b
    r = s * a * (s * aww @ a - awv @ b)
    Bww = s * s * np.outer(a, a) * bww
    Bwv = -s * np.outer(a, b) * bwv
    grad_W = r[:, None] * W + Bww @ W + Bwv @ V
    return loss, grad_W, grad_a


def forward(X, W, a, s=1.0):
    return s * np.maximum(X @ W.T, 0) @ a


def timed(fn, reps, warmup):
    for _ in range(warmup):
        fn()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps * 1e3


def main():
    quick = "--quick" in sys.argv
    rng = np.random.default_rng(1)
    out = []
    for (m, k, d) in [(256, 16, 256), (1024, 16, 1024), (4096, 16, 1024)]:
        if quick and m > 256:
            continue
        W = rng.standard_normal((m, d)) / np.sqrt(d)
        V = rng.standard_normal((k, d)) / np.sqrt(d)
        a, b = np.ones(m), np.ones(k)
        reps = 20 if m <= 1024 else 3
        out.append({"op": "population", "shape": f"{m},{k},{d}", "ms": timed(lambda: population(W, a, V, b), reps, 2), "reps": reps})
    for (n, d, m) in [(4096, 256, 1024), (16384, 1024, 1024)]:
        if quick and n > 4096:
            continue
        X = rng.standard_normal((n, d)).astype(np.float32)
        W = (rng.standard_normal((m, d)) / np.sqrt(d)).astype(np.float32)
        a = np.ones(m, dtype=np.float32)
        reps = 10 if n <= 4096 else 3
        out.append({"op": "forward_f32", "shape": f"{n},{d},{m}", "ms": timed(lambda: forward(X, W, a), reps, 2), "reps": reps})
    for n in (1024, 2048):
        A = rng.standard_normal((n, n))
        B = rng.standard_normal((n, n))
        out.append({"op": "dgemm", "shape": str(n), "ms": timed(lambda: A @ B, 10, 2), "reps": 10})
        A32, B32 = A.astype(np.float32), B.astype(np.float32)
        out.append({"op": "sgemm", "shape": str(n), "ms": timed(lambda: A32 @ B32, 10, 2), "reps": 10})
    for row in out:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
