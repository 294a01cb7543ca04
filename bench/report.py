#!/usr/bin/env python3
"""Turns one run's JMH JSON and numpy peer lines into the table of ratios and GFLOP/s.
Usage: report.py jmh.json numpy.jsonl"""
import json
import re
import sys


def flops(op, shape):
    s = [int(x) for x in re.split("[,x]", shape)]
    if op in ("population", "lossAndGradient", "trainingStep", "gemmParts"):
        # The useful flops of the four products of one evaluation (GemmPartsBench): the
        # symmetric Gram's m (m + 1) / 2 distinct entries at 2 d each, W V^T, Bww W, Bwv V.
        m, k, d = s
        return (3.0 * m * m + m + 4.0 * m * k) * d
    if op in ("forward", "forward_f32"):
        n, d, m = s
        return 2.0 * n * d * m
    if op in ("dgemm", "sgemm"):
        n = s[0]
        return 2.0 * n ** 3
    return None


def main():
    jmh = json.load(open(sys.argv[1]))
    peer = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
    peer_ms = {(r["op"], r["shape"]): r["ms"] for r in peer}
    dgemm_ms = {}
    rows = []
    for r in jmh:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        shape = params.get("shape", params.get("n", ""))
        backend = params.get("backend", "blas")
        prec = params.get("precision", "")
        ms = r["primaryMetric"]["score"]
        err = r["primaryMetric"].get("scoreError", float("nan"))
        if name in ("dgemm", "sgemm"):
            dgemm_ms[name] = ms
        rows.append((name, backend, prec, shape, ms, err))
    dg = dgemm_ms.get("dgemm")
    dg_rate = flops("dgemm", "1024") / (dg * 1e6) if dg else None
    sg = dgemm_ms.get("sgemm")
    sg_rate = flops("sgemm", "1024") / (sg * 1e6) if sg else None
    print("| benchmark | backend | precision | shape | ms (±err) | GFLOP/s of GEMM parts | % of dgemm (f32: sgemm) rate | numpy ms | Barron/numpy |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, backend, prec, shape, ms, err in rows:
        f = flops(name, str(shape))
        rate = f / (ms * 1e6) if f else None
        peer_key = {"lossAndGradient": "population", "forward": "forward_f32", "dgemm": "dgemm"}.get(name)
        pm = peer_ms.get((peer_key, str(shape).replace("x", ","))) if peer_key else None
        # float32 work is measured against the sgemm rate, float64 against dgemm.
        yard = sg_rate if prec == "f32" or name == "sgemm" else dg_rate
        pct = 100 * rate / yard if (rate and yard) else None
        print(f"| {name} | {backend} | {prec} | {shape} | {ms:.3f} (±{err:.3f}) | "
              f"{'' if rate is None else f'{rate:.1f}'} | {'' if pct is None else f'{pct:.0f}%'} | "
              f"{'' if pm is None else f'{pm:.3f}'} | {'' if pm is None else f'{ms / pm:.2f}'} |")
    if dg_rate:
        print(f"\nMeasured dgemm rate (netlib BLAS, n=1024): {dg_rate:.1f} GFLOP/s")
    npd = peer_ms.get(("dgemm", "1024"))
    if npd:
        print(f"numpy dgemm rate (n=1024): {flops('dgemm', '1024') / (npd * 1e6):.1f} GFLOP/s")


if __name__ == "__main__":
    main()
