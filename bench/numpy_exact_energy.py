#!/usr/bin/env python3
"""What a NumPy user writes for the exact MrDAM energy of queries against memories in NPY files.

Whole process, as `dam energy --memories M.npy --queries Q.npy --beta B` runs it: np.load both
files, then the L2 log-sum-exp energy E(x) = -(1/beta) log sum_mu exp(-beta/2 ||x - xi_mu||^2)
in chunks of memories (a BLAS float32 product per chunk, a running maximum and sum per query, in
float64), and np.save the B energies. The memories are loaded whole (np.load), as a user would.

  python3 numpy_exact_energy.py --memories M.npy --queries Q.npy --beta 10 --out E.npy
"""
import argparse

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--memories", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--beta", type=float, required=True)
    p.add_argument("--chunk", type=int, default=65536, help="memories per BLAS product")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    xi = np.load(a.memories)
    x = np.load(a.queries)
    if x.ndim == 1:
        x = x[None, :]
    xf = x.astype(xi.dtype, copy=False)
    xn = np.einsum("bd,bd->b", x.astype(np.float64), x.astype(np.float64))
    level = np.full(len(x), -np.inf)
    total = np.zeros(len(x))
    for k0 in range(0, len(xi), a.chunk):
        c = xi[k0:k0 + a.chunk]
        cn = np.einsum("kd,kd->k", c, c, dtype=np.float64)
        # -beta/2 ||x - xi||^2 = beta <x, xi> - beta/2 ||xi||^2 - beta/2 ||x||^2
        s = a.beta * (xf @ c.T).astype(np.float64) - 0.5 * a.beta * cn[None, :] \
            - 0.5 * a.beta * xn[:, None]
        m = np.maximum(level, s.max(axis=1))
        total = total * np.exp(level - m) + np.exp(s - m[:, None]).sum(axis=1)
        level = m
    np.save(a.out, -(level + np.log(total)) / a.beta)


if __name__ == "__main__":
    main()
