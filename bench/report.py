#!/usr/bin/env python3
"""Turns one run's JMH JSON and numpy peer lines into the table of ratios and GFLOP/s, then
checks the speed targets (Barron/numpy ratios, GEMM parts against the library's GEMM rate).
Usage: report.py jmh.json numpy.jsonl
Exit status 0 whatever the figures: a benchmark reports, it does not fail a build."""
import json
import re
import sys

# Barron/numpy time ratios that Barron's default set-up must reach, per (benchmark, shape),
# and the share of the library's GEMM rate that the GEMM parts must reach.
RATIO_TARGETS = {
    ("lossAndGradient", "256,16,256"): 0.67,
    ("lossAndGradient", "1024,16,1024"): 0.67,
    ("lossAndGradient", "4096,16,1024"): 0.67,
    ("forward", "4096,256,1024"): 1.0,
    ("forward", "16384,1024,1024"): 1.0,
}
GEMM_SHARE_TARGET = 0.80


def flops(op, shape):
    s = [int(x) for x in re.split("[,x]", shape)]
    if op in ("population", "lossAndGradient", "trainingStep", "gemmParts"):
        # The useful flops of the four products of one evaluation (GemmPartsBench): the
        # symmetric Gram's m (m + 1) / 2 distinct entries at 2 d each, W V^T, Bww W, Bwv V.
        m, k, d = s
        return (3.0 * m * m + m + 4.0 * m * k) * d
    if op in ("forward", "forward_f32", "forwardParts"):
        n, d, m = s
        return 2.0 * n * d * m
    if op in ("dgemm", "sgemm"):
        n = s[0]
        return 2.0 * n ** 3
    return None


def fmt(x, spec):
    return "" if x is None else format(x, spec)


def main():
    jmh = json.load(open(sys.argv[1]))
    peer = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
    # run.sh runs the peer before and after Barron: the mean of its runs is compared.
    runs = {}
    for r in peer:
        runs.setdefault((r["op"], r["shape"]), []).append(r["ms"])
    peer_ms = {key: sum(v) / len(v) for key, v in runs.items()}
    rows = []
    lib_rate = {}
    size_rate = {}
    for r in jmh:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        shape = str(params.get("shape", params.get("n", ""))).replace("x", ",")
        backend = params.get("backend", "blas")
        prec = params.get("precision", "f32" if name == "sgemm" else "f64" if name == "dgemm" else "")
        ms = r["primaryMetric"]["score"]
        err = float(r["primaryMetric"].get("scoreError", "nan"))
        if name in ("dgemm", "sgemm"):
            # The library's rate: the best of the sizes measured.
            lib_rate[name] = max(lib_rate.get(name, 0), flops(name, shape) / (ms * 1e6))
            size_rate[(name, int(shape))] = flops(name, shape) / (ms * 1e6)
        rows.append((name, backend, prec, shape, ms, err))

    print("| benchmark | backend | precision | shape | ms (±err) | GFLOP/s of GEMM parts | % of dgemm (f32: sgemm) rate | numpy ms (mean of runs) | Barron/numpy |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    for name, backend, prec, shape, ms, err in rows:
        f = flops(name, shape)
        rate = f / (ms * 1e6) if f else None
        peer_key = {"lossAndGradient": "population", "forward": "forward_f32", "dgemm": "dgemm",
                    "sgemm": "sgemm"}.get(name)
        pm = peer_ms.get((peer_key, shape)) if peer_key else None
        # float32 work is measured against the sgemm rate, float64 against dgemm.
        yard = lib_rate.get("sgemm" if prec == "f32" else "dgemm")
        pct = 100 * rate / yard if (rate and yard) else None
        results[(name, shape)] = (ms, pm, pct)
        print(f"| {name} | {backend} | {prec} | {shape} | {ms:.3f} (±{err:.3f}) | {fmt(rate, '.1f')} | "
              f"{'' if pct is None else f'{pct:.0f}%'} | {fmt(pm, '.3f')} | {'' if pm is None else f'{ms / pm:.2f}'} |")

    print()
    spread = [f"{op} {shape}: " + " / ".join(f"{x:.1f}" for x in v) for (op, shape), v in runs.items() if len(v) > 1]
    if spread:
        print("numpy ms, run by run: " + "; ".join(spread))
    for op in ("dgemm", "sgemm"):
        if op in lib_rate:
            print(f"library {op} rate (Barron's BLAS, best of the sizes measured): {lib_rate[op]:.1f} GFLOP/s")
        np_rates = [flops(op, s) / (ms * 1e6) for (o, s), ms in peer_ms.items() if o == op]
        if np_rates:
            print(f"numpy {op} rate (best of the sizes measured): {max(np_rates):.1f} GFLOP/s")

    print("\n| target | measured | met |")
    print("|---|---|---|")
    for (name, shape), limit in RATIO_TARGETS.items():
        ms, pm, _ = results.get((name, shape), (None, None, None))
        if ms is None or pm is None:
            print(f"| {name} {shape}: Barron/numpy <= {limit:.2f} | not measured | - |")
            continue
        ratio = ms / pm
        print(f"| {name} {shape}: Barron/numpy <= {limit:.2f} | {ratio:.2f} | {'yes' if ratio <= limit else 'NO'} |")
    for (name, shape), (ms, pm, pct) in sorted(results.items()):
        if name in ("gemmParts", "forwardParts") and pct is not None:
            met = pct >= 100 * GEMM_SHARE_TARGET
            print(f"| {name} {shape}: >= {100 * GEMM_SHARE_TARGET:.0f}% of the library's GEMM rate | {pct:.0f}% | {'yes' if met else 'NO'} |")
    # Beside the targets: the parts against the library's own GEMM at the size of their products
    # (where it was measured), which is what any caller of the library can reach at that size.
    notes = []
    for (name, shape), (ms, _, _) in sorted(results.items()):
        dims = [int(x) for x in shape.split(",")]
        op = "sgemm" if name == "forwardParts" else "dgemm"
        if name not in ("gemmParts", "forwardParts") or len(set(dims[::2])) != 1:
            continue
        own = size_rate.get((op, dims[0]))
        best = lib_rate.get(op)
        if own and best:
            parts_rate = flops(name, shape) / (ms * 1e6)
            notes.append(f"{name} {shape}: {100 * parts_rate / own:.0f}% of the library's {op} at n = {dims[0]}, "
                         f"which itself runs at {100 * own / best:.0f}% of the library's best size")
    if notes:
        print("\nThe same parts against the library's GEMM at their own size, measured in this run:")
        for n in notes:
            print("- " + n)


if __name__ == "__main__":
    main()
