#!/usr/bin/env bash
# The data path at real sizes (BENCHMARKS.md section 11): whole-process `dam energy` (exact MrDAM)
# over K = 10^6 stored float32 patterns (D = 256, a 1 GB NPY file) against NumPy doing the same
# from the same files, peak RSS, accuracy against a float64 reference, a 2 GB memories file under a
# 1 GiB heap, and `dam store` at K = 10^5 and 10^6.
#   bench/data-path.sh DIR [energy|big|store|bad ...]     (default: all four)
#   bad: a NaN in row 999,999 and a truncated copy of M.npy, through dam energy and dam store
# DIR receives the generated NPY files (3.1 GB; reused when present) and the outputs. Needs
# python3 with NumPy and GNU time (/usr/bin/time). Run it on a quiet machine: it prints the load.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${1:?usage: bench/data-path.sh DIR [energy|big|store ...]}
shift
sections=${*:-energy big store bad}
want() { [[ " $sections " == *" $1 "* ]]; }
mkdir -p "$DIR"
cd "$DIR"
DAM="$ROOT/dam"
T="/usr/bin/time -f %e\t%M"

"$DAM" devices > /dev/null  # builds cli/target first if the sources changed, untimed
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
lscpu | grep -E 'Model name|^CPU\(s\)' | sed 's/  */ /g'
grep -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
python3 -c 'import numpy; print("numpy", numpy.__version__)'

if [ ! -f M.npy ] || [ ! -f Q.npy ] || [ ! -f M2.npy ]; then
  echo "# generating M.npy (10^6 x 256), M2.npy (2 x 10^6 x 256) and Q.npy (64 x 256), float32"
  python3 - <<'EOF'
import numpy as np
rng = np.random.default_rng(22)
D = 256
for name, k in (("M.npy", 1_000_000), ("M2.npy", 2_000_000)):
    m = np.lib.format.open_memmap(name, mode="w+", dtype=np.float32, shape=(k, D))
    for i in range(0, k, 100_000):
        m[i:i + 100_000] = (rng.standard_normal((100_000, D)) / 16).astype(np.float32)
    m.flush()
    if name == "M.npy":
        q = m[rng.integers(0, k, 64)] + (rng.standard_normal((64, D)) / 64).astype(np.float32)
        np.save("Q.npy", q.astype(np.float32))
    del m
EOF
fi
# Warm the page cache once, so that every run below reads the files from memory.
cat M.npy Q.npy > /dev/null

if want energy; then
  echo "# exact energy, K = 10^6, D = 256, B = 64, beta = 10: 3 alternating runs (seconds, peak RSS KiB)"
  for i in 1 2 3; do
    echo -e "dam\t$($T "$DAM" energy --memories M.npy --queries Q.npy --beta 10 --out E-dam.npy 2>&1 >/dev/null | tail -1)"
    echo -e "numpy\t$($T python3 "$ROOT/bench/numpy_exact_energy.py" --memories M.npy --queries Q.npy --beta 10 --out E-numpy.npy 2>&1 >/dev/null | tail -1)"
  done
  python3 - <<'EOF'
import numpy as np
xi = np.load("M.npy", mmap_mode="r"); x = np.load("Q.npy").astype(np.float64); beta = 10.0
level = np.full(len(x), -np.inf); total = np.zeros(len(x))
for k0 in range(0, len(xi), 20_000):
    c = np.asarray(xi[k0:k0 + 20_000], dtype=np.float64)
    s = -0.5 * beta * ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1)
    m = np.maximum(level, s.max(1)); total = total * np.exp(level - m) + np.exp(s - m[:, None]).sum(1); level = m
ref = -(level + np.log(total)) / beta
for name in ("E-dam.npy", "E-numpy.npy"):
    e = np.load(name)
    print(f"{name}: largest difference from the float64 reference {np.abs(e - ref).max():.2e}"
          f" (energies {ref.min():.3f} .. {ref.max():.3f})")
EOF
fi

if want big; then
  echo "# a 2 GB memories file under DAM_JAVA_OPTS=-Xmx1g (seconds, peak RSS KiB)"
  cat M2.npy > /dev/null
  echo -e "energy\t$(DAM_JAVA_OPTS=-Xmx1g $T "$DAM" energy --memories M2.npy --queries Q.npy --beta 10 --out E2.npy 2>&1 >/dev/null | tail -1)"
  echo -e "retrieve\t$(DAM_JAVA_OPTS=-Xmx1g $T "$DAM" retrieve --memories M2.npy --queries Q.npy --beta 10 --steps 5 --eta 0.5 --out X2.npy 2>&1 >/dev/null | tail -1)"
fi

if want store; then
  echo "# dam store, D = 256, Y = 16384, SinCos (seconds, peak RSS KiB)"
  python3 -c "import numpy as np; np.save('M100k.npy', np.load('M.npy', mmap_mode='r')[:100000])"
  echo -e "K=10^5\t$($T "$DAM" store --memories M100k.npy --beta 10 --dim 16384 --seed 7 --out T100k.dam 2>&1 >/dev/null | tail -1)"
  echo -e "K=10^6\t$($T "$DAM" store --memories M.npy --beta 10 --dim 16384 --seed 7 --out T.dam 2>&1 >/dev/null | tail -1)"
  sha256sum T100k.dam T.dam
fi
if want bad; then
  echo "# bad input found while streaming: exit status, stderr, and whether an output was left"
  cp M.npy Mbad.npy
  python3 -c "import numpy as np; m = np.load('Mbad.npy', mmap_mode='r+'); m[999_999, 3] = np.nan; m.flush()"
  cp M.npy Mcut.npy
  truncate -s -100 Mcut.npy
  rm -f Ebad.npy Tbad.dam
  for args in "energy --memories Mbad.npy --queries Q.npy --beta 10 --out Ebad.npy" \
      "store --memories Mbad.npy --beta 10 --dim 1024 --out Tbad.dam" \
      "energy --memories Mcut.npy --queries Q.npy --beta 10 --out Ebad.npy"; do
    set +e
    "$DAM" $args >/dev/null 2>err.txt
    code=$?
    set -e
    err=$(grep -v '^WARNING' err.txt)
    echo -e "dam $args\n  exit $code: $err\n  output left: $(ls Ebad.npy Tbad.dam 2>/dev/null || echo none)"
  done
  rm -f Mbad.npy Mcut.npy
fi
echo "# done, load $(cut -d' ' -f1-3 /proc/loadavg)"
