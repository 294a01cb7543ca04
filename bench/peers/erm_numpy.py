#!/usr/bin/env python3
"""Numpy peer of one full-batch step of `barron erm` (docs/MATH.md section 11.1): the empirical
loss and gradient of a two-layer ReLU network on n samples (docs/MATH.md section 4), the update,
and the projection onto the path-norm ball {||theta||_P <= R} by prox-bisection (section 5.2),
plain scaling; beside it numpy's GEMM parts of that step (Z = X W^T, grad W = P^T X) and numpy's
own GEMM rate on 2048 x 2048 operands.

    python3 bench/peers/erm_numpy.py [--n 100000 --d 20 --m 256 --reps 20]

Prints one line per precision (f64, f32) in the format of ErmStepSpeed.
"""
import argparse
import time

import numpy as np


class SortedNeurons:
    """|w0| of every neuron sorted decreasingly, with prefix sums, once per projection (as Barron's
    NeuronProx.Sorted): each lambda then costs O(m d) vectorised operations."""

    def __init__(self, W, a):
        self.A = np.abs(a)
        Ws = -np.sort(-np.abs(W), axis=1)
        self.Ws = Ws
        self.S = np.cumsum(Ws, axis=1)
        sq = Ws * Ws
        self.T = sq.sum(1)[:, None] - np.cumsum(sq, axis=1)
        self.s = np.arange(1, W.shape[1] + 1, dtype=W.dtype)[None, :]
        self.next = np.concatenate([Ws[:, 1:], np.full((W.shape[0], 1), -np.inf, W.dtype)], axis=1)

    def support(self, lam):
        """The exact prox of lam |a| ||w||_1 per neuron (docs/MATH.md section 5.1): the chosen |a| and ||w||_1."""
        A, S, T, s = self.A[:, None], self.S, self.T, self.s
        denom = 1 - s * lam * lam
        with np.errstate(divide="ignore", invalid="ignore"):
            a_s = (A - lam * S) / denom
            valid = (denom > 0) & (a_s >= 0) & (self.Ws - lam * a_s > 0) & (self.next <= lam * a_s)
            obj = (a_s - A) ** 2 / 2 + s * (lam * a_s) ** 2 / 2 + T / 2 + lam * a_s * (S - s * lam * a_s)
        obj = np.where(valid, obj, np.inf)
        best = np.argmin(obj, axis=1)
        rows = np.arange(obj.shape[0])
        best_obj = obj[rows, best]
        zero_a = self.A ** 2 / 2
        zero_w = (self.Ws ** 2).sum(1) / 2
        a_best = np.where(best_obj < np.minimum(zero_a, zero_w), a_s[rows, best], 0.0)
        l1 = np.where(a_best > 0, S[rows, best] - (best + 1) * lam * a_best, 0.0)
        return a_best, l1


def path_norm(W, a):
    return np.sum(np.abs(a) * np.abs(W).sum(1))


def project(W, a, radius):
    """Prox-bisection (docs/MATH.md section 5.2): the smallest lambda whose prox is in the ball."""
    if path_norm(W, a) <= radius:
        return W, a
    sn = SortedNeurons(W, a)
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        a_m, l1 = sn.support(mid)
        if np.sum(a_m * l1) <= radius:
            hi = mid
        else:
            lo = mid
    a_h, _ = sn.support(hi)
    Wn = np.sign(W) * np.maximum(np.abs(W) - hi * a_h[:, None], 0.0)
    return Wn, np.sign(a) * a_h


def step(X, y, W, a, lr, radius):
    n = X.shape[0]
    Z = X @ W.T
    H = np.maximum(Z, 0)
    e = H @ a - y
    loss = 0.5 * np.dot(e, e) / n
    ga = H.T @ e / n
    P = (e[:, None] * a[None, :]) * (Z > 0) / n
    gW = P.T @ X
    W = W - lr * gW
    a = a - lr * ga
    W, a = project(W, a, radius)
    return loss, W, a


def best(f, reps):
    f()
    f()
    t = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t


def turns(reps, *ops):
    """Each op's times over reps turns (after two untimed ones), the ops taking turns."""
    times = [[] for _ in ops]
    for r in range(reps + 2):
        for i, op in enumerate(ops):
            t0 = time.perf_counter()
            op()
            if r >= 2:
                times[i].append(time.perf_counter() - t0)
    return times


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100000)
    p.add_argument("--d", type=int, default=20)
    p.add_argument("--m", type=int, default=256)
    p.add_argument("--reps", type=int, default=20)
    args = p.parse_args()
    n, d, m = args.n, args.d, args.m
    rng = np.random.default_rng(1)
    for dtype, label in ((np.float64, "f64"), (np.float32, "f32")):
        X = rng.standard_normal((n, d)).astype(dtype)
        y = rng.standard_normal(n).astype(dtype)
        W = (rng.standard_normal((m, d)) / np.sqrt(d)).astype(dtype)
        a = rng.standard_normal(m).astype(dtype)
        radius = 0.5 * path_norm(W, a)
        state = {"W": W, "a": a}

        def one_step():
            _, state["W"], state["a"] = step(X, y, state["W"], state["a"], dtype(1e-3), radius)

        t_step = best(one_step, args.reps)
        Z = np.empty((n, m), dtype)
        G = np.empty((m, d), dtype)

        def parts():
            np.matmul(X, W.T, out=Z)
            np.matmul(Z.T, X, out=G)

        k = 2048
        A = rng.standard_normal((k, k)).astype(dtype)
        B = rng.standard_normal((k, k)).astype(dtype)
        C = np.empty((k, k), dtype)
        # the parts and the GEMM take turns, as on Barron's side (ErmStepSpeed.turns)
        t_parts, t_gemm = turns(args.reps, parts, lambda: np.matmul(A, B, out=C))
        parts_flops, gemm_flops = 4.0 * n * d * m, 2.0 * k ** 3
        parts_gflops = parts_flops / min(t_parts) * 1e-9
        gemm_gflops = gemm_flops / min(t_gemm) * 1e-9
        paired = float(np.median([(parts_flops / tp) / (gemm_flops / tg) for tp, tg in zip(t_parts, t_gemm)]))
        print(f"erm_step_numpy precision={label} n={n} d={d} m={m} step_ms={t_step * 1e3:.3f} "
              f"gemm_parts_ms={min(t_parts) * 1e3:.3f} gemm_parts_gflops={parts_gflops:.2f} "
              f"library_gemm_gflops={gemm_gflops:.2f} parts_of_library={parts_gflops / gemm_gflops:.3f} "
              f"parts_of_library_paired={paired:.3f}", flush=True)


if __name__ == "__main__":
    main()
