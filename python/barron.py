"""Barron from Python: runs the command line and loads its results as numpy arrays.

One file, numpy only. The command is $BARRON when set (for example
"java -jar /path/to/barron.jar"), else the ./barron launcher beside this directory.

    import numpy as np, barron
    r = barron.eval(W, a, V=V, b=b)            # population loss and gradient (closed form)
    r["population_loss"], r["grad_W"].shape
    W2, a2, rep = barron.prox(W, a, lam=0.1)    # exact prox of 0.1 * path norm
    W3, a3, rep = barron.project(W, a, radius=1.0)

Arrays go to the command as one .npz, and keep their shapes: an a given as (1, m) comes back
as (1, m). Every function returns the command's JSON report (what DIR/<command>.json holds) as
a dict, with each .npy result loaded under its name (grad_W, W, ...).
"""
import json
import os
import shlex
import subprocess
import tempfile

import numpy as np

__all__ = ["run", "eval", "prox", "project", "load_csv"]


def _command():
    env = os.environ.get("BARRON")
    if env:
        return shlex.split(env)
    here = os.path.dirname(os.path.abspath(__file__))
    return [os.path.join(here, os.pardir, "barron")]


def run(command, arrays=None, out=None, **options):
    """Runs `barron COMMAND --NAME FILE ... --OPTION VALUE ... --json --out DIR` and returns the report.

    arrays: name -> numpy array (W, a, V, b, X, y), passed through one .npz.
    options: --option values; True adds a bare flag, False and None leave it out; '_' becomes '-'.
    out: the output directory (a temporary one when None; the arrays are loaded before it goes).
    """
    with tempfile.TemporaryDirectory(prefix="barron-") as tmp:
        args = _command() + [command]
        if arrays:
            inputs = os.path.join(tmp, "inputs.npz")
            np.savez(inputs, **{k: np.asarray(v) for k, v in arrays.items()})
            for name in arrays:
                args += ["--" + name, inputs]
        for key, value in options.items():
            if value is None or value is False:
                continue
            args.append("--" + key.replace("_", "-"))
            if value is not True:
                args.append(str(value))
        args += ["--json", "--out", out or os.path.join(tmp, "out")]
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("barron %s failed (exit %d): %s" % (command, done.returncode, done.stderr.strip()))
        report = json.loads(done.stdout)
        for path in report.get("files", []):
            if path.endswith(".npy"):
                report[os.path.basename(path)[:-4]] = np.load(path)
        return report


def eval(W, a, V=None, b=None, X=None, y=None, **options):
    """Losses, path norms and gradients: with a teacher (V, b) the population ones, with data (X, y)
    the empirical ones (both: grad_W/grad_a are the population gradient, empirical_grad_W/_a the other)."""
    arrays = {"W": W, "a": a}
    arrays.update({k: v for k, v in {"V": V, "b": b, "X": X, "y": y}.items() if v is not None})
    return run("eval", arrays, **options)


def prox(W, a, lam, **options):
    """The exact proximal operator of lam * ||theta||_P: returns (W, a, report)."""
    r = run("prox", {"W": W, "a": a}, **{"lambda": lam}, **options)
    return r["W"], r["a"], r


def project(W, a, radius, method="prox-bisection", **options):
    """The projection onto {||theta||_P <= radius}: returns (W, a, report)."""
    r = run("project", {"W": W, "a": a}, radius=radius, method=method, **options)
    return r["W"], r["a"], r


def load_csv(path):
    """A CSV Barron wrote (metrics.csv, angles.csv, runs.csv ...) as a structured array with named columns."""
    return np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
