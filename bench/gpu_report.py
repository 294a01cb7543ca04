#!/usr/bin/env python3
"""Table of a bench/gpu.sh run: ms per call, GFLOP/s of the GEMM-like parts, the opencl/cpu
speed-up and the share of the device's peak. Usage: gpu_report.py [--peak-f64 T] [--peak-f32 T] jmh-*.json"""
import argparse
import json

TO_MS = {"ms/op": 1.0, "us/op": 1e-3, "s/op": 1e3, "ns/op": 1e-6}


def flops(name, shape):
    s = [int(x) for x in shape.replace("x", ",").split(",")]
    if name in ("lossAndGradient", "trainingStep", "populationStep"):
        m, k, d = s
        return 4.0 * m * (m + k) * d            # two Gram products + the assembly product
    if name == "sgdStep":
        m, k, d = s
        return 4.0 * (4 * m) * d * m            # n = 4 m: forward + back-propagation products
    if name == "forward":
        n, d, m = s
        return 2.0 * n * d * m
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peak-f64", type=float, default=34.0)
    ap.add_argument("--peak-f32", type=float, default=67.0)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    rows = {}
    for path in args.files:
        try:
            data = json.load(open(path))
        except (OSError, ValueError):
            continue
        for r in data:
            name = r["benchmark"].rsplit(".", 1)[1]
            p = r.get("params", {})
            key = (r["benchmark"].rsplit(".", 2)[1], name, p.get("shape", ""), p.get("precision", ""))
            ms = r["primaryMetric"]["score"] * TO_MS.get(r["primaryMetric"]["scoreUnit"], 1.0)
            rows.setdefault(key, {})[p.get("backend", "?")] = ms
    print("| class | benchmark | shape | precision | cpu ms | opencl ms | opencl/cpu speed-up | opencl GFLOP/s | % of peak |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (cls, name, shape, prec), by in sorted(rows.items()):
        cpu = by.get("cpu")
        ocl = by.get("opencl")
        f = flops(name, shape)
        rate = f / (ocl * 1e6) if (f and ocl) else None
        peak = args.peak_f64 if prec == "f64" else args.peak_f32
        fmt = lambda v, spec: "" if v is None else format(v, spec)
        print(f"| {cls} | {name} | {shape} | {prec} | {fmt(cpu, '.3f')} | {fmt(ocl, '.3f')} | "
              f"{fmt(cpu / ocl if (cpu and ocl) else None, '.2f')} | {fmt(rate, '.1f')} | "
              f"{fmt(100 * rate / (peak * 1e3) if rate else None, '.2f')} |")
    print(f"\nPeaks used: fp64 {args.peak_f64} TFLOP/s, fp32 {args.peak_f32} TFLOP/s. "
          "GFLOP/s count the matrix products only (4 m (m+k) d per population evaluation, 2 n d m per forward).")


if __name__ == "__main__":
    main()
