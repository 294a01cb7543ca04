#!/usr/bin/env python3
"""Checks that the numpy peer computes what Barron computes before their times are compared:
writes a seeded problem (with one nearly aligned pair, to exercise the stable angle), runs
`barron eval` on it and compares loss and gradients. Exit 1 on disagreement.
Usage: python3 bench/peers/check_peer.py   (from the repository root, after mvn package)"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_peer  # noqa: E402


def main():
    rng = np.random.default_rng(0)
    m, k, d = 64, 5, 32
    W = rng.standard_normal((m, d)) / np.sqrt(d)
    V = rng.standard_normal((k, d)) / np.sqrt(d)
    W[3] = 1.5 * V[1] + 1e-9 * rng.standard_normal(d)
    a, b = rng.standard_normal(m), rng.standard_normal(k)
    with tempfile.TemporaryDirectory() as tmp:
        for name, x in dict(W=W, V=V, a=a, b=b).items():
            np.save(os.path.join(tmp, name + ".npy"), x)
        out = os.path.join(tmp, "out")
        args = [os.path.join(os.path.dirname(__file__), "..", "..", "barron"), "eval", "--backend", "cpu"]
        for name in "WVab":
            args += ["--" + name, os.path.join(tmp, name + ".npy")]
        subprocess.run(args + ["--out", out], check=True, stdout=subprocess.DEVNULL)
        loss, gW, ga = numpy_peer.population(W, a, V, b)
        e = json.load(open(os.path.join(out, "eval.json")))
        dl = abs(e["population_loss"] - loss)
        dW = np.abs(np.load(os.path.join(out, "grad_W.npy")) - gW).max()
        da = np.abs(np.load(os.path.join(out, "grad_a.npy")) - ga).max()
    print(f"|loss diff| {dl:.2e}, max |grad_W diff| {dW:.2e}, max |grad_a diff| {da:.2e}")
    ok = dl < 1e-12 * max(1, abs(loss)) and dW < 1e-12 and da < 1e-12
    print("peer agrees with barron" if ok else "PEER DISAGREES WITH BARRON")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
