#!/usr/bin/env bash
# Runs every measurement behind BENCHMARKS.md and keeps the raw output in bench/results/.
# Takes about 25 minutes on 2 cores. Run it on a quiet machine: it prints the load first.
#   bench/run-claims.sh            all of it
#   bench/run-claims.sh ratios     only the JVM-versus-NumPy ratios (a few minutes)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/jdk.sh
_dam_find_jdk
OUT=bench/results
mkdir -p "$OUT"
what=${1:-all}

note() { echo "== $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }

{ uptime; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|MHz|L1d|L2|L3'; "$JAVA_HOME/bin/java" -version 2>&1 | head -1
  python3 -c 'import numpy; print("numpy", numpy.__version__)' 2>/dev/null || true; } > "$OUT/machine.txt"

if [ "$what" = all ] || [ "$what" = ratios ]; then
  note "GradComp vs NumPy"
  ./dam bench throughput --kernel gradcomp --d 256 --dim 16384 --k 1000 --b 256 --reps 20 \
    | tee "$OUT/gradcomp-vs-numpy.txt"
  ./dam bench throughput --kernel gradcomp --d 256 --dim 16384 --k 1000 --b 256 --reps 10 \
    --numpy-dtype float64 | tee "$OUT/gradcomp-vs-numpy-float64.txt"
  note "exact LSE gradient vs NumPy"
  ./dam bench throughput --kernel exact --d 256 --k 10000 --b 256 --reps 20 \
    | tee "$OUT/exact-vs-numpy.txt"
fi
[ "$what" = ratios ] && exit 0

note "CPU limits"
./dam bench cpu --d 256 --b 256 --seconds 3 | tee "$OUT/cpu.txt"

note "peak RSS versus K"
./dam bench memory --k 100,1000,10000,100000 --d 64 --dim 4096 --n 50 | tee "$OUT/memory-rss.txt"

note "JMH allocation per retrieval versus K"
[ -f bench/target/benchmarks.jar ] || mvn -q -B -DskipTests package
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar RetrievalMemoryBench -prof gc \
  -rf text -rff "$OUT/jmh-retrieval-memory.txt" | tail -40

note "retrieval time versus K, Y, D"
T="./dam bench throughput --kernel retrieve --steps 10 --b 64 --reps 5 --warmup-seconds 6 --numpy off"
$T --model drdam --d 256 --dim 16384 --k 100,1000,10000 | tee "$OUT/retrieve-drdam-k.txt"
$T --model mrdam --d 256 --k 100,1000,10000,100000 | tee "$OUT/retrieve-mrdam-k.txt"
$T --model drdam --d 256 --dim 4096,16384,65536 --k 1000 | tee "$OUT/retrieve-drdam-y.txt"
$T --model drdam --d 64,256,1024 --dim 16384 --k 1000 | tee "$OUT/retrieve-drdam-d.txt"

note "single-query latency"
./dam bench latency --model drdam --d 256 --dim 16384 --k 1000 --n 300 --warmup 100 \
  --hgrm "$OUT/latency-drdam.hgrm" | tee "$OUT/latency-drdam.txt"
./dam bench latency --model mrdam --d 256 --k 10000 --n 300 --warmup 100 \
  --hgrm "$OUT/latency-mrdam.hgrm" | tee "$OUT/latency-mrdam.txt"

note "JMH kernels (-prof gc), the cells of the claims"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar 'KernelBench.(gradComp|exactGrad)' \
  -p d=256 -p y=16384 -p k=10000 -p b=1,256 -prof gc -rf text -rff "$OUT/jmh-kernels.txt" | tail -40
note "done"
