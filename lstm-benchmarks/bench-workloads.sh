#!/bin/sh
# Runs every workload on every backend configuration in one go, and PyTorch beside them when
# Debian's python3-torch is installed, and appends one JSON line per run to the output file
# (default: bench-results.jsonl). Build first: mvn -q -pl lstm-benchmarks -am package -DskipTests
# Usage: lstm-benchmarks/bench-workloads.sh [output-file] [workloads...]
set -eu

out=${1:-bench-results.jsonl}
shift 2>/dev/null || true
workloads=${*:-small medium large}
jar=$(dirname "$0")/target/benchmarks.jar
java_flags="--add-modules jdk.incubator.vector -XX:+UseG1GC"

# Warm-up and timed steps per workload, about 20 s of timed work each on one core.
steps_for() {
    case $1 in
        small) echo "--warmup 300 --steps 300" ;;
        medium) echo "--warmup 5 --steps 10" ;;
        large) echo "--warmup 2 --steps 5" ;;
    esac
}

run() {
    # run WORKLOAD BACKEND THREADS IMPLEMENTATION
    echo "== $1 $2 threads=$3 implementation=$4 (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    OPENBLAS_NUM_THREADS=$3 java $java_flags -Djlstm.blas.implementation="$4" -cp "$jar" \
        io.jlstm.benchmarks.BenchMain --workload "$1" --backend "$2" --threads "$3" $(steps_for "$1") \
        2>/dev/null | tail -n 1 | tee -a "$out"
}

pytorch() {
    # pytorch WORKLOAD THREADS BLAS-LIBRARY-DIRECTORY-OR-EMPTY STEP-OPTIONS...
    w=$1; t=$2; blas_dir=$3; shift 3
    echo "== $w pytorch threads=$t blas=${blas_dir:-system} (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    OMP_NUM_THREADS=$t LD_LIBRARY_PATH=$blas_dir /usr/bin/python3 "$(dirname "$0")/pytorch/bench_lstm.py" \
        --workload "$w" --threads "$t" "$@" | tee -a "$out"
}

for w in $workloads; do
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        for t in 1 2; do
            pytorch "$w" "$t" "" $(steps_for "$w")
        done
        # Debian's reference BLAS, selected for this process only; one slow step is enough on large.
        if [ -e /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 ]; then
            if [ "$w" = large ]; then
                pytorch "$w" 1 /usr/lib/x86_64-linux-gnu/blas --warmup 1 --steps 2
            else
                pytorch "$w" 1 /usr/lib/x86_64-linux-gnu/blas $(steps_for "$w")
            fi
        fi
    fi
    for t in 1 2; do
        run "$w" blas "$t" native
        run "$w" blas "$t" java
    done
    if java -cp "$jar" io.jlstm.benchmarks.BenchMain --workload small --backend ejml --steps 1 --warmup 0 \
            >/dev/null 2>&1; then
        for t in 1 2; do
            run "$w" ejml "$t" auto
        done
    fi
    if [ "$w" != large ]; then
        run "$w" scalar 1 auto
    fi
done
