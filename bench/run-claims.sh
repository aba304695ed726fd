#!/usr/bin/env bash
# Runs the measurements behind BENCHMARKS.md and keeps the raw output in bench/results/.
# Everything takes about 30 minutes on 2 cores; run it on a quiet machine (it records the load).
#   bench/run-claims.sh                      all sections
#   bench/run-claims.sh ratios cpu ...       some of: ratios cpu memory scaling latency jmh sorf tornado
# (tornado needs TORNADOVM_HOME: an OpenCL SDK with PoCL, see tornado-config/README.md)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/jdk.sh
_dam_find_jdk
OUT=bench/results
mkdir -p "$OUT"
sections=${*:-ratios cpu memory scaling latency jmh sorf}
want() { [[ " $sections " == *" $1 "* ]]; }
note() { echo "== $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }
run() { # run FILE COMMAND...: the command's output, with the load before and after, into FILE
  local f=$1; shift
  { echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg): $*"; "$@";
    echo "# done, load $(cut -d' ' -f1-3 /proc/loadavg)"; } 2>/dev/null | tee "$OUT/$f"
}

{ uptime; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|L1d|L2|L3'; "$JAVA_HOME/bin/java" -version 2>&1 | head -1
  python3 -c 'import numpy; print("numpy", numpy.__version__)' 2>/dev/null || true; } > "$OUT/machine.txt"

if want ratios; then
  note "JVM versus NumPy"
  G="./dam bench throughput --kernel gradcomp --d 256 --dim 16384 --k 1000 --b 256 --reps 15 --rounds 3"
  E="./dam bench throughput --kernel exact --d 256 --k 10000 --b 256 --reps 15 --rounds 3"
  run gradcomp-vs-numpy.txt $G
  run exact-vs-numpy.txt $E
  run gradcomp-vs-numpy-1core.txt $G --threads 1
  run exact-vs-numpy-1core.txt $E --threads 1
  run gradcomp-vs-numpy-float64.txt $G --numpy-dtype float64
fi

if want cpu; then
  note "CPU limits"
  run cpu.txt ./dam bench cpu --d 256 --b 256 --seconds 3
  run cpu-b1.txt ./dam bench cpu --d 256 --b 1 --seconds 2
fi

if want memory; then
  note "peak RSS and allocation versus K"
  run memory-rss.txt ./dam bench memory --k 100,1000,10000,100000 --d 64 --dim 4096 --n 50
  [ -f bench/target/benchmarks.jar ] || mvn -q -B -DskipTests package
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar RetrievalMemoryBench -prof gc \
    -rf text -rff "$OUT/jmh-retrieval-memory.txt" > /dev/null
fi

if want scaling; then
  note "retrieval time versus K, Y, D"
  T="./dam bench throughput --kernel retrieve --steps 10 --b 64 --reps 5 --warmup-seconds 6 --numpy off"
  run retrieve-drdam-k.txt $T --model drdam --d 256 --dim 16384 --k 100,1000,10000
  run retrieve-mrdam-k.txt $T --model mrdam --d 256 --k 100,1000,10000,100000
  run retrieve-drdam-y.txt $T --model drdam --d 256 --dim 4096,16384,65536 --k 1000
  run retrieve-drdam-d.txt $T --model drdam --d 64,256,1024 --dim 16384 --k 1000
fi

if want latency; then
  note "single-query latency"
  run latency-drdam.txt ./dam bench latency --model drdam --d 256 --dim 16384 --k 1000 --n 300 \
    --warmup 100 --hgrm "$OUT/latency-drdam.hgrm"
  run latency-mrdam.txt ./dam bench latency --model mrdam --d 256 --k 10000 --n 300 \
    --warmup 100 --hgrm "$OUT/latency-mrdam.hgrm"
fi

if want jmh; then
  note "JMH kernels with -prof gc (the cells of the claims)"
  [ -f bench/target/benchmarks.jar ] || mvn -q -B -DskipTests package
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar 'KernelBench.(gradComp|exactGrad)' \
    -p d=256 -p y=16384 -p k=10000 -p b=1,256 -prof gc -rf text -rff "$OUT/jmh-kernels.txt" > /dev/null
fi
if want sorf; then
  note "SORF against Gaussian projections and NumPy; time against D"
  S="./dam bench throughput --dim 65536 --projection gaussian,sorf"
  run sorf-gradcomp-vs-numpy.txt $S --kernel gradcomp --k 1000 --d 512 --b 256 --reps 15 --rounds 3
  run sorf-gradcomp-b1.txt $S --kernel gradcomp --k 1000 --d 512 --b 1 --reps 50 --rounds 3
  run sorf-rf.txt $S --kernel rf --k 1000 --d 512 --b 256 --reps 10
  run sorf-procmems.txt $S --kernel procmems --d 512 --k 2048 --reps 5
  run sorf-time-vs-d.txt $S --kernel gradcomp --k 1000 --b 256 --d 64,128,256,512,1024,2048,4096 \
    --reps 5 --rounds 2 --plot docs/sorf-time-vs-d.png
fi
if want tornado; then
  note "TornadoVM against the JVM backend and NumPy, same cells, same run"
  T="./dam bench throughput --backend jvm,tornado --reps 5 --rounds 2 --warmup 2"
  run tornado-gradcomp.txt $T --kernel gradcomp --d 256 --dim 16384 --k 1000 --b 256 --projection gaussian,sorf
  run tornado-exact.txt $T --kernel exact --d 256 --k 10000 --b 256
  run tornado-rf-procmems.txt $T --kernel rf --d 256 --dim 16384 --b 256
  run tornado-procmems.txt $T --kernel procmems --d 256 --dim 16384 --k 1024
  bench/tornado-retrieve.sh | tee "$OUT/tornado-retrieve.txt"
fi
note "done"
