#!/usr/bin/env python3
"""NumPy baseline of the DenseAM kernels: what a user would write without this library.

The same algorithm as the JVM backend, the NumPy way: the random projections Omega (D x m) are
materialised once, outside the timed region (as a user would keep them), from the same Philox
stream as docs/rng.md, and every step is a BLAS matrix product or a whole-array NumPy operation.
So the outputs can be compared with the JVM's bit for bit up to float rounding, and the timing
compares implementations, not algorithms.

  gradcomp   E and grad E for B queries:  H = Z Omega, s = <phi, T>, J = slope Omega^T
  exact      MrDAM L2 log-sum-exp energy and gradient: scores X Xi^T (B x K materialised)
  rf         features of B queries
  procmems   T = sum of features of K memories (in blocks of 1024 memories)
  retrieve   L steps of x <- x - eta grad E (DrDAM with --t, MrDAM with --memories)

Inputs are NPY files written by `dam bench` (float64); outputs (--out) are NPY. Prints one JSON
line: median and minimum seconds per call, bytes of Omega and of the largest intermediate, and the
peak RSS of this process.

The harness runs it as `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 numpy_baseline.py`:
those two variables, set on some machines, make OpenBLAS pick slower kernels.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np

M0, M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
W0, W1 = np.uint32(0x9E3779B9), np.uint32(0xBB67AE85)
MASK = np.uint64(0xFFFFFFFF)


def philox(c0, c1, c2, key):
    """Philox4x32-10 of counters (c0, c1, c2, 0), arrays of equal shape; returns 4 word arrays."""
    x0 = c0.astype(np.uint32)
    x1 = c1.astype(np.uint32)
    x2 = c2.astype(np.uint32)
    x3 = np.zeros_like(x0)
    k0, k1 = np.uint32(key[0]), np.uint32(key[1])
    with np.errstate(over="ignore"):
        for r in range(10):
            if r > 0:
                k0 = np.uint32(k0 + W0)
                k1 = np.uint32(k1 + W1)
            p0 = x0.astype(np.uint64) * M0
            p1 = x2.astype(np.uint64) * M1
            x0, x1, x2, x3 = ((p1 >> np.uint64(32)).astype(np.uint32) ^ x1 ^ k0,
                              (p1 & MASK).astype(np.uint32),
                              (p0 >> np.uint64(32)).astype(np.uint32) ^ x3 ^ k1,
                              (p0 & MASK).astype(np.uint32))
    return x0, x1, x2, x3


def uniform(w):
    return ((w >> np.uint32(9)).astype(np.float64) + 0.5) * 2.0 ** -23


def omega(seed, d, m, dtype):
    """Omega as D x m: column alpha is the projection omega_alpha (docs/rng.md)."""
    seed &= (1 << 64) - 1
    key = (seed & 0xFFFFFFFF, seed >> 32)
    blocks = (d + 3) // 4
    out = np.empty((d, m), dtype=dtype)
    step = max(1, (1 << 22) // max(1, blocks))  # bound the temporaries
    for a0 in range(0, m, step):
        a1 = min(m, a0 + step)
        j, a = np.meshgrid(np.arange(blocks, dtype=np.uint64), np.arange(a0, a1, dtype=np.uint64),
                           indexing="ij")
        w0, w1, w2, w3 = philox(j, a, np.zeros_like(j), key)
        r01 = np.sqrt(-2.0 * np.log(uniform(w0)))
        t01 = 2.0 * np.pi * uniform(w1)
        r23 = np.sqrt(-2.0 * np.log(uniform(w2)))
        t23 = 2.0 * np.pi * uniform(w3)
        normals = np.stack([r01 * np.cos(t01), r01 * np.sin(t01),
                            r23 * np.cos(t23), r23 * np.sin(t23)], axis=1)  # blocks x 4 x n
        out[:, a0:a1] = normals.reshape(blocks * 4, a1 - a0)[:d]
    return out


def shifts(seed, m, dtype):
    seed &= (1 << 64) - 1
    key = (seed & 0xFFFFFFFF, seed >> 32)
    a = np.arange(m, dtype=np.uint64)
    w0, _, _, _ = philox(np.zeros_like(a), a, np.ones_like(a), key)
    return (2.0 * np.pi * uniform(w0)).astype(dtype)


BASES = {"sincos": (True, True), "cos": (False, True), "exp": (False, False),
         "expexp": (True, False)}


class FeatureModel:
    def __init__(self, basis, d, y, seed, beta, dtype):
        self.basis = basis
        self.paired, self.trig = BASES[basis]
        self.m = y // 2 if self.paired else y
        self.c = {"cos": np.sqrt(2.0 / self.m), "expexp": 1.0 / np.sqrt(2.0 * self.m)}.get(
            basis, 1.0 / np.sqrt(self.m))
        self.c = dtype(self.c)
        self.beta = beta
        self.sb = dtype(np.sqrt(beta))
        self.omega = omega(seed, d, self.m, dtype)
        self.bias = shifts(seed, self.m, dtype) if basis == "cos" else None
        self.clip = 1e-5 if self.trig else np.finfo(np.float64).tiny

    def features(self, z):
        h = z @ self.omega
        if self.basis == "sincos":
            return np.stack([np.cos(h), np.sin(h)], axis=2).reshape(len(z), -1) * self.c
        if self.basis == "cos":
            return np.cos(h + self.bias) * self.c
        n2 = np.sum(z * z, axis=1, keepdims=True)
        if self.basis == "exp":
            return np.exp(h - n2) * self.c
        return np.stack([np.exp(h - n2), np.exp(-h - n2)], axis=2).reshape(len(z), -1) * self.c

    def grad(self, x, t):
        """Energies and gradients (GradComp), all B queries at once."""
        z = x * self.sb
        h = z @ self.omega                           # B x m
        if self.basis == "sincos":
            t0, t1 = t[0::2] * self.c, t[1::2] * self.c
            cos, sin = np.cos(h), np.sin(h)
            s = cos @ t0 + sin @ t1
            slope = cos * t1 - sin * t0
        elif self.basis == "cos":
            u = h + self.bias
            ct = t * self.c
            s = np.cos(u) @ ct
            slope = -np.sin(u) * ct
        elif self.basis == "exp":
            f = np.exp(h - np.sum(z * z, axis=1, keepdims=True)) * (t * self.c)
            s = f.sum(axis=1)
            slope = f
        else:
            n2 = np.sum(z * z, axis=1, keepdims=True)
            fp = np.exp(h - n2) * (t[0::2] * self.c)
            fm = np.exp(-h - n2) * (t[1::2] * self.c)
            s = fp.sum(axis=1) + fm.sum(axis=1)
            slope = fp - fm
        jt = slope @ self.omega.T                    # B x D
        if not self.trig:
            jt -= 2 * z * s[:, None]
        e = -np.log(np.maximum(self.clip, s.astype(np.float64))) / self.beta
        g = np.where((s < self.clip)[:, None], 0, -jt / (self.sb * s[:, None]))
        return e, g


class ExactModel:
    def __init__(self, memories, beta, dtype):
        self.xi = memories.astype(dtype)
        self.beta = dtype(beta)
        self.bias = -0.5 * self.beta * np.sum(self.xi * self.xi, axis=1)

    def grad(self, x, _t=None):
        a = self.beta * (x @ self.xi.T) + self.bias  # B x K, materialised
        mx = a.max(axis=1, keepdims=True)
        w = np.exp(a - mx)
        s = w.sum(axis=1, keepdims=True)
        g = x - (w @ self.xi) / s
        e = (-(mx[:, 0] + np.log(s[:, 0])) / self.beta
             + 0.5 * np.sum(x.astype(np.float64) ** 2, axis=1))
        return e, g


def timed(fn, reps, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), float(np.min(times))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel", required=True,
                   choices=["gradcomp", "exact", "rf", "procmems", "retrieve"])
    p.add_argument("--queries", help="B x D queries (NPY)")
    p.add_argument("--memories", help="K x D memories (NPY): exact, procmems, MrDAM retrieve")
    p.add_argument("--t", help="T (NPY, length Y): gradcomp, DrDAM retrieve")
    p.add_argument("--features", default="sincos", choices=sorted(BASES))
    p.add_argument("--dim", type=int, help="Y")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--beta", type=float, required=True)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--eta", type=float, default=0.1)
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    p.add_argument("--out", help="write the result (gradients, features, T or states) here")
    a = p.parse_args()
    dtype = np.float32 if a.dtype == "float32" else np.float64

    x = np.load(a.queries).astype(dtype) if a.queries else None
    mem = np.load(a.memories) if a.memories else None
    t = np.load(a.t).astype(dtype) if a.t else None
    d = (x if x is not None else mem).shape[1]
    info = {"kernel": a.kernel, "dtype": a.dtype, "threads_env": "OPENBLAS_CORETYPE/L2_SIZE unset"}
    intermediate = 0

    if a.kernel == "exact" or (a.kernel == "retrieve" and t is None):
        model = ExactModel(mem, a.beta, dtype)
        info["omega_bytes"] = 0
    else:
        model = FeatureModel(a.features, d, a.dim, a.seed, a.beta, dtype)
        info["omega_bytes"] = int(model.omega.nbytes)

    if a.kernel in ("gradcomp", "exact"):
        fn = lambda: model.grad(x, t)
        intermediate = x.shape[0] * (model.m if isinstance(model, FeatureModel) else len(mem))
        result = lambda: model.grad(x, t)[1]
    elif a.kernel == "rf":
        fn = lambda: model.features(x * model.sb)
        intermediate = x.shape[0] * a.dim
        result = fn
    elif a.kernel == "procmems":
        memd = mem.astype(dtype)

        def fn():
            acc = np.zeros(a.dim, dtype=np.float64)
            for i in range(0, len(memd), 1024):
                acc += model.features(memd[i:i + 1024] * model.sb).sum(axis=0)
            return acc
        intermediate = min(len(mem), 1024) * a.dim
        result = fn
    else:
        def fn():
            xs = x.copy()
            for _ in range(a.steps):
                xs -= dtype(a.eta) * model.grad(xs, t)[1]
            return xs
        intermediate = x.shape[0] * (model.m if isinstance(model, FeatureModel) else len(mem))
        result = fn

    med, best = timed(fn, a.reps, a.warmup)
    info.update({"seconds_median": med, "seconds_min": best, "reps": a.reps,
                 "intermediate_bytes": int(intermediate * np.dtype(dtype).itemsize),
                 "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 "numpy": np.__version__})
    if a.out:
        np.save(a.out, np.asarray(result(), dtype=np.float64))
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
