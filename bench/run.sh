#!/usr/bin/env bash
# Runs Barron's JMH benchmarks and the numpy peer side by side and prints the ratio table and
# the speed targets (bench/report.py).
#   bench/run.sh [--quick] [JMH regexp]      results land in bench/results/<date>/
# Default regexp: the benchmarks the targets and the README's results table are made of
# (population loss + gradient, forward, their GEMM parts, the library's GEMM rate).
# --quick: one fork, short iterations, the population at its smallest size only (a smoke run
# of the scripts, not for figures).
#
# Both sides run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: some machines set them to
# keep old OpenBLAS builds safe, and they slow a current OpenBLAS (numpy's and Barron's
# bundled one alike) 1.5-2x. Barron otherwise runs as ./barron runs it (the same sourced
# settings); numpy with its own defaults. env.txt records what each side used.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
was_coretype=${OPENBLAS_CORETYPE-unset}
was_l2=${OPENBLAS_L2_SIZE-unset}
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
# glibc hands a freed block above its mmap threshold (128 KiB to start with) back to the kernel,
# and the next allocation of that size faults every page in again. numpy makes a new array for
# each elementwise step; where a page fault is dear (a virtual machine that returns free pages
# to its host) that alone made its population loss at m = 256 take 30 ms instead of 3.5. Both
# sides keep freed memory up to glibc's largest threshold (32 MiB; larger arrays are still
# mapped anew). A value set by the user is kept.
if [[ -z "${GLIBC_TUNABLES+set}" ]]; then
  export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967295
fi
# shellcheck source=../scripts/openblas-coretype.sh
source "$root/scripts/openblas-coretype.sh"
quick=0
if [[ "${1:-}" == "--quick" ]]; then quick=1; shift; fi
filter="${1:-PopulationBench.lossAndGradient|ForwardBench|GemmPartsBench|ForwardPartsBench|GemmBench}"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

(cd "$root" && mvn -B -q -Pbench package -DskipTests)
jvm_flags="--add-modules=jdk.incubator.vector"
if (( quick )); then
  jmh_opts=(-f 1 -wi 1 -i 2 -w 1s -r 1s -p "shape=256x16x256" -p n=1024)
  filter="${1:-PopulationBench.lossAndGradient|GemmPartsBench|GemmBench}"
else
  jmh_opts=(-f 1 -wi 2 -i 5 -w 2s -r 3s)
fi

peer_flag=()
if (( quick )); then peer_flag=(--quick); fi
# numpy brings its own OpenBLAS: the settings chosen for Barron's are taken away from it.
peer_env=()
if [[ "${BARRON_CHOSE_OPENBLAS_CORETYPE:-}" == 1 ]]; then peer_env+=(-u OPENBLAS_CORETYPE); fi
if [[ "${BARRON_CHOSE_OPENBLAS_THREAD_TIMEOUT:-}" == 1 ]]; then peer_env+=(-u OPENBLAS_THREAD_TIMEOUT); fi

{
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "OPENBLAS_CORETYPE was ${was_coretype}, OPENBLAS_L2_SIZE was ${was_l2}: both unset for both sides"
  echo "both sides: GLIBC_TUNABLES=${GLIBC_TUNABLES}"
  echo "barron: OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-unset}, BARRON_BLAS=${BARRON_BLAS:-auto}"
  echo "barron BLAS: $(cd "$root" && BARRON_NO_BUILD=1 ./barron devices 2>&1 | sed -n 's/.*BLAS: //p' | head -1)"
  echo "barron OpenBLAS core: $(OPENBLAS_VERBOSE=2 java $jvm_flags -cp "$root/target/barron.jar" dev.barron.cli.BarronCli devices 2>&1 | sed -n 's/^Core: //p' | head -1)"
  echo "numpy: $(python3 -c 'import numpy; print(numpy.__version__)'), env -u for: ${peer_env[*]:-none}"
  echo "numpy OpenBLAS core: $(env "${peer_env[@]}" OPENBLAS_VERBOSE=2 python3 -c 'import numpy; numpy.ones((64,64)) @ numpy.ones((64,64))' 2>&1 | sed -n 's/^Core: //p' | head -1)"
} | tee "$out/env.txt"

# The peer runs before and after the JMH runs and report.py takes the mean of the two: a
# machine whose speed drifts over the minutes of a run then weighs on both sides alike.
env "${peer_env[@]}" python3 "$here/peers/numpy_peer.py" "${peer_flag[@]}" > "$out/numpy.jsonl"
java $jvm_flags -cp "$root/target/barron.jar" org.openjdk.jmh.Main "$filter" "${jmh_opts[@]}" \
  -jvmArgsAppend "$jvm_flags" -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
env "${peer_env[@]}" python3 "$here/peers/numpy_peer.py" "${peer_flag[@]}" >> "$out/numpy.jsonl"
python3 "$here/report.py" "$out/jmh.json" "$out/numpy.jsonl" | tee "$out/report.md"
echo "results: $out"
