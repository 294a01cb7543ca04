"""Example: evaluate, prox and project a random two-layer ReLU network with Barron from numpy.

    python3 python/example.py            (uses ./barron; or set BARRON="java -jar target/barron.jar")
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import barron  # noqa: E402

rng = np.random.default_rng(0)
m, d, k = 16, 10, 3
W = rng.standard_normal((m, d)) / np.sqrt(d)
a = rng.standard_normal((1, m))            # as PyTorch's Linear(m, 1).weight: comes back (1, m)
V = np.eye(d)[:k]                          # teacher: k orthonormal neurons, b = 1
b = np.ones(k)
X = rng.standard_normal((200, d))
y = np.maximum(X @ V.T, 0) @ b

r = barron.eval(W, a, V=V, b=b, X=X, y=y)
print("population loss %.6f  empirical loss %.6f  path norm %.4f" % (r["population_loss"], r["empirical_loss"], r["path_norm_l1"]))
print("grad_W", r["grad_W"].shape, "grad_a", r["grad_a"].shape, "empirical_grad_W", r["empirical_grad_W"].shape)

W2, a2, rep = barron.prox(W, a, lam=0.05)
print("prox: path norm %.4f -> %.4f, a stays %s" % (r["path_norm_l1"], rep["path_norm_l1"], a2.shape))

W3, a3, rep = barron.project(W, a, radius=1.0)
print("project onto radius 1: path norm %.6f, moved %.4f" % (rep["path_norm_l1"], rep["distance"]))
