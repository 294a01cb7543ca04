#!/usr/bin/env python3
"""Numpy peer of Barron's trainer: full-batch GD on the closed-form Gaussian population loss
of a two-layer ReLU student against a ReLU teacher (docs/MATH.md section 3), plain scaling.

Used two ways:
  * time per step of the same problem as the JMH trainer benchmark (d=20, k=3, m=9):
        python3 bench/peers/teacher_student_numpy.py --time
  * a reference trajectory (loss at log-spaced steps) for comparison with `barron`:
        python3 bench/peers/teacher_student_numpy.py --steps 100000
"""
import argparse
import time

import numpy as np

TWO_PI = 2.0 * np.pi


def kernel(W, V):
    """kappa, alpha, beta per pair (rows of W against rows of V): grad_w kappa = alpha w + beta v."""
    nw = np.linalg.norm(W, axis=1)[:, None]
    nv = np.linalg.norm(V, axis=1)[None, :]
    u = W / nw
    e = V / nv.T
    # stable angle: theta = 2 atan2(|u - e|, |u + e|)
    diff = np.sqrt(np.maximum(np.sum(u * u, 1)[:, None] + np.sum(e * e, 1)[None, :] - 2 * u @ e.T, 0))
    summ = np.sqrt(np.maximum(np.sum(u * u, 1)[:, None] + np.sum(e * e, 1)[None, :] + 2 * u @ e.T, 0))
    theta = 2 * np.arctan2(diff, summ)
    s, c = np.sin(theta), np.cos(theta)
    kappa = nw * nv * (s + (np.pi - theta) * c) / TWO_PI
    alpha = nv * s / (TWO_PI * nw)
    beta = (np.pi - theta) / TWO_PI
    return kappa, alpha, beta


def loss_grad(W, a, V, b, const):
    ks, als, bes = kernel(W, W)
    np.fill_diagonal(als, 0.0)
    np.fill_diagonal(bes, 0.5)      # g(w, w) = w / 2
    np.fill_diagonal(ks, 0.5 * np.sum(W * W, 1))
    kt, alt, bet = kernel(W, V)
    loss = 0.5 * a @ ks @ a - a @ kt @ b + const
    ga = ks @ a - kt @ b
    # grad_{w_i} = a_i (sum_i' a_i' (alpha w_i + beta w_i') - sum_j b_j (alpha w_i + beta v_j))
    coef_self = als @ a - alt @ b
    gW = a[:, None] * (coef_self[:, None] * W + (bes * a[None, :]) @ W - (bet * b[None, :]) @ V)
    return loss, gW, ga


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=20)
    p.add_argument("--k", type=int, default=3)
    p.add_argument("--m", type=int, default=9)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--init", type=float, default=1e-3)
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time", action="store_true", help="report time per step (best of 5 x 2000 steps)")
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    V = np.eye(args.k, args.d)
    b = np.ones(args.k)
    const = 0.5 * b @ (np.eye(args.k) * 0.5 + (1 - np.eye(args.k)) / TWO_PI) @ b
    W = args.init * rng.standard_normal((args.m, args.d))
    a = args.init * np.ones(args.m) * np.sqrt(args.d)
    if args.time:
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(2000):
                loss, gW, ga = loss_grad(W, a, V, b, const)
                W = W - args.lr * gW
                a = a - args.lr * ga
            best = min(best, (time.perf_counter() - t0) / 2000)
        print(f"numpy {np.__version__}: d={args.d} k={args.k} m={args.m}: {best * 1e6:.2f} us/step "
              f"({1 / best:.0f} steps/s)")
        return
    nxt = 1
    for t in range(args.steps + 1):
        loss, gW, ga = loss_grad(W, a, V, b, const)
        if t == nxt or t == args.steps:
            print(t, loss, np.max(np.linalg.norm(gW, axis=1)))
            nxt = max(nxt + 1, int(nxt * 1.25))
        W = W - args.lr * gW
        a = a - args.lr * ga


if __name__ == "__main__":
    main()
