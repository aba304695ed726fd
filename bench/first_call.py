#!/usr/bin/env python3
"""Whole-process first call: `./dam grad` against NumPy's whole-process GradComp, same size.

Each run is a fresh process, timed from outside (wall clock, and the CPU time of the process and
its children), so JVM start, reading the inputs, the JIT's warm-up and writing the output all
count. The runs alternate (dam, NumPy, dam, NumPy, ...) so that both see the same machine load;
the load average is printed before and after.

  dam:   ./dam grad --memories M.npy --queries Q.npy --beta 1 --dim Y --projection sorf --out G.npy
         (K memories folded into T = ProcMems, then GradComp of the B queries)
  NumPy: bench/numpy_baseline.py --kernel gradcomp --reps 1 --warmup 0 (Omega generated from the
         same Philox stream, H = Z Omega, J = slope Omega^T: two BLAS products), with T given

With --jvm-defaults, the dam runs use the JVM's default JIT settings, no prewarm thread and no
class-data archive (DAM_JIT_OPTS= DAM_PREWARM=0 DAM_CDS=0): the figure before the first-call work.
Otherwise the untimed first dam run writes the launcher's class-data archive (see ./dam) if the
build has none yet, and the timed runs use it.

usage: bench/first_call.py [--runs N] [--b 1024] [--d 512] [--dim 65536] [--k 64] [--jvm-defaults]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, env):
    """Runs cmd; returns (wall seconds, CPU seconds of the children)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.decode(errors="replace")))
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--b", type=int, default=1024)
    ap.add_argument("--d", type=int, default=512)
    ap.add_argument("--dim", type=int, default=65536)
    ap.add_argument("--k", type=int, default=64)
    ap.add_argument("--jvm-defaults", action="store_true")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="dam-first-call-")
    rng = np.random.default_rng(1)
    m_path, q_path, t_path = (os.path.join(work, n) for n in ("M.npy", "Q.npy", "T.npy"))
    np.save(m_path, (rng.standard_normal((a.k, a.d)) / np.sqrt(a.d)).astype(np.float32))
    np.save(q_path, (rng.standard_normal((a.b, a.d)) / np.sqrt(a.d)).astype(np.float32))
    env = dict(os.environ)
    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(v, None)
    baseline = os.path.join(ROOT, "bench", "numpy_baseline.py")
    # T for NumPy (not timed): its own ProcMems of the same memories.
    subprocess.run([sys.executable, baseline, "--kernel", "procmems", "--memories", m_path,
                    "--dim", str(a.dim), "--beta", "1", "--reps", "1", "--warmup", "0",
                    "--out", t_path], env=env, check=True, stdout=subprocess.DEVNULL)
    dam_env = dict(env)
    if a.jvm_defaults:
        dam_env["DAM_JIT_OPTS"] = ""
        dam_env["DAM_PREWARM"] = "0"
        dam_env["DAM_CDS"] = "0"
    dam = [os.path.join(ROOT, "dam"), "grad", "--memories", m_path, "--queries", q_path,
           "--beta", "1", "--dim", str(a.dim), "--projection", "sorf",
           "--out", os.path.join(work, "G.npy")]
    numpy = [sys.executable, baseline, "--kernel", "gradcomp", "--queries", q_path, "--t", t_path,
             "--dim", str(a.dim), "--beta", "1", "--reps", "1", "--warmup", "0",
             "--out", os.path.join(work, "GN.npy")]
    subprocess.run([os.path.join(ROOT, "dam"), "--version"], check=True,
                   stdout=subprocess.DEVNULL)  # builds the jar if needed
    print("first call, whole process: B=%d, D=%d, Y=%d, K=%d, %d CPUs%s" % (
        a.b, a.d, a.dim, a.k, os.cpu_count(),
        ", dam with the JVM's default JIT settings" if a.jvm_defaults else ""))
    print("load before: %s" % load())
    timed(dam, dam_env)  # one untimed run of each: file cache
    timed(numpy, env)
    rows = []
    for i in range(a.runs):
        dw, dc = timed(dam, dam_env)
        nw, nc = timed(numpy, env)
        rows.append((dw, dc, nw, nc))
        print("run %d: dam %.3f s (cpu %.3f s)   numpy %.3f s (cpu %.3f s)   ratio %.2f" % (
            i + 1, dw, dc, nw, nc, nw / dw))
    med = [statistics.median(r[j] for r in rows) for j in range(4)]
    ratio = statistics.median(r[2] / r[0] for r in rows)
    print("median: dam %.3f s (cpu %.3f s), numpy %.3f s (cpu %.3f s), numpy/dam %.2fx" % (
        med[0], med[1], med[2], med[3], ratio))
    mins = [min(r[j] for r in rows) for j in range(4)]
    print("fastest: dam %.3f s (cpu %.3f s), numpy %.3f s (cpu %.3f s), numpy/dam %.2fx"
          " (the fastest runs approximate a quiet machine)" % (
              mins[0], mins[1], mins[2], mins[3], mins[2] / mins[0]))
    print("load after: %s" % load())
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    os.rmdir(work)


if __name__ == "__main__":
    main()
