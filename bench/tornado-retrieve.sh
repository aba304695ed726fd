#!/usr/bin/env bash
# Whole-process `dam retrieve --steps 40` with the jvm and the tornado backend, alternating, on the
# same inputs: DrDAM (SinCos, Gaussian and SORF projections, B=256, D=256, Y=16384, K=1000) and
# exact MrDAM (B=256, D=256, K=10000), memories and queries in {-1/16, 1/16}^256. Prints each
# run's wall time, the median ratio, and how far apart the two backends' final states are.
# Needs TORNADOVM_HOME (see tornado-config/README.md). Usage: bench/tornado-retrieve.sh [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -n "${TORNADOVM_HOME:-}" ] || { echo "tornado-retrieve: set TORNADOVM_HOME" >&2; exit 2; }
RUNS=${1:-3}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(7)
mem = np.sign(rng.standard_normal((10000, 256))).astype(np.float32) / 16
np.save(f"{d}/mem-exact.npy", mem)
np.save(f"{d}/mem.npy", mem[:1000])
q = mem[:256] * np.where(rng.random((256, 256)) < 0.1, -1, 1).astype(np.float32)
np.save(f"{d}/q.npy", q)
PY
./dam store --memories "$DIR/mem.npy" --beta 10 --features sincos --dim 16384 --seed 3 --out "$DIR/T.dam" >/dev/null
./dam store --memories "$DIR/mem.npy" --beta 10 --features sincos --dim 16384 --seed 3 --projection sorf \
  --out "$DIR/Ts.dam" >/dev/null
cases=("drdam-gaussian|--store $DIR/T.dam" "drdam-sorf|--store $DIR/Ts.dam"
  "mrdam-exact|--memories $DIR/mem-exact.npy --beta 10")
for c in "${cases[@]}"; do
  name=${c%%|*}
  args=${c#*|}
  jt=(); tt=()
  for ((i = 0; i < RUNS; i++)); do
    for be in jvm tornado; do
      s=$EPOCHREALTIME
      # shellcheck disable=SC2086
      ./dam retrieve $args --queries "$DIR/q.npy" --steps 40 --eta 0.1 --backend $be --out "$DIR/x-$be.npy" >/dev/null
      t=$(python3 -c "print($EPOCHREALTIME - $s)")
      if [ $be = jvm ]; then jt+=("$t"); else tt+=("$t"); fi
      printf '%s %s run %d: %.2f s\n' "$name" "$be" "$i" "$t"
    done
  done
  python3 - "$name" "${jt[*]}" "${tt[*]}" "$DIR/x-jvm.npy" "$DIR/x-tornado.npy" <<'PY'
import sys, statistics as st, numpy as np
name, j, t = sys.argv[1], list(map(float, sys.argv[2].split())), list(map(float, sys.argv[3].split()))
a, b = np.load(sys.argv[4]), np.load(sys.argv[5])
rel = float(np.max(np.abs(a - b)) / np.max(np.abs(a)))
signs = float(np.mean((a > 0) == (b > 0)))
print(f"{name}: jvm median {st.median(j):.2f} s, tornado median {st.median(t):.2f} s, "
      f"tornado/jvm {st.median(t) / st.median(j):.2f}x; final states: relative max difference "
      f"{rel:.1e}, signs agreeing {100 * signs:.3f} %")
PY
done
