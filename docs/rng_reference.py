#!/usr/bin/env python3
"""Independent NumPy implementation of the DenseAM random-projection stream (docs/rng.md).

Prints, for projection rows alpha in [A, A+N) and components i in [0, D):
  line 'w alpha block x0 x1 x2 x3'   the Philox4x32-10 words of each block, hex
  line 'o alpha i value'             omega_{alpha,i} (Box-Muller), %.17g
  line 'b alpha value'               the Cos shift b_alpha, %.17g

Usage: rng_reference.py SEED A N D
"""
import sys

import numpy as np

M0, M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
W0, W1 = np.uint32(0x9E3779B9), np.uint32(0xBB67AE85)
MASK = np.uint64(0xFFFFFFFF)


def philox4x32_10(ctr, key):
    """ctr: (n, 4) uint32, key: (2,) uint32 -> (n, 4) uint32."""
    x = ctr.astype(np.uint32).copy()
    k0, k1 = np.uint32(key[0]), np.uint32(key[1])
    with np.errstate(over="ignore"):
        for r in range(10):
            if r > 0:
                k0 = np.uint32(k0 + W0)
                k1 = np.uint32(k1 + W1)
            p0 = x[:, 0].astype(np.uint64) * M0
            p1 = x[:, 2].astype(np.uint64) * M1
            hi0, lo0 = (p0 >> np.uint64(32)).astype(np.uint32), (p0 & MASK).astype(np.uint32)
            hi1, lo1 = (p1 >> np.uint64(32)).astype(np.uint32), (p1 & MASK).astype(np.uint32)
            x = np.stack([hi1 ^ x[:, 1] ^ k0, lo1, hi0 ^ x[:, 3] ^ k1, lo0], axis=1)
    return x


def uniform(w):
    return ((w >> np.uint32(9)).astype(np.float64) + 0.5) * 2.0 ** -23


def main():
    seed, a0, n, d = (int(v) for v in sys.argv[1:5])
    seed &= (1 << 64) - 1
    key = np.array([seed & 0xFFFFFFFF, seed >> 32], dtype=np.uint64).astype(np.uint32)
    blocks = (d + 3) // 4
    for alpha in range(a0, a0 + n):
        ctr = np.zeros((blocks, 4), dtype=np.uint32)
        ctr[:, 0] = np.arange(blocks, dtype=np.uint32)
        ctr[:, 1] = alpha
        w = philox4x32_10(ctr, key)
        for blk in range(blocks):
            print("w", alpha, blk, " ".join("%08x" % v for v in w[blk]))
        r01 = np.sqrt(-2.0 * np.log(uniform(w[:, 0])))
        t01 = 2.0 * np.pi * uniform(w[:, 1])
        r23 = np.sqrt(-2.0 * np.log(uniform(w[:, 2])))
        t23 = 2.0 * np.pi * uniform(w[:, 3])
        normals = np.stack([r01 * np.cos(t01), r01 * np.sin(t01),
                            r23 * np.cos(t23), r23 * np.sin(t23)], axis=1).reshape(-1)[:d]
        for i, v in enumerate(normals):
            print("o", alpha, i, "%.17g" % v)
        wb = philox4x32_10(np.array([[0, alpha, 1, 0]], dtype=np.uint32), key)
        print("b", alpha, "%.17g" % (2.0 * np.pi * uniform(wb[:, 0])[0]))


if __name__ == "__main__":
    main()
