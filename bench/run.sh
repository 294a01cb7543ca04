#!/usr/bin/env bash
# Runs Barron's JMH benchmarks and the numpy peer in one go and prints the ratio table.
#   bench/run.sh [--quick] [JMH regexp]      results land in bench/results/<date>/
# --quick: one fork, short iterations, the small sizes only (a smoke run, not for figures).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../scripts/openblas-coretype.sh
source "$root/scripts/openblas-coretype.sh"
quick=0
if [[ "${1:-}" == "--quick" ]]; then quick=1; shift; fi
filter="${1:-dev.barron.bench}"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

(cd "$root" && mvn -B -q -Pbench package -DskipTests)
jvm_flags="--add-modules=jdk.incubator.vector"
if (( quick )); then
  jmh_opts=(-f 1 -wi 1 -i 2 -w 1s -r 1s -p "shape=256x16x256")
else
  jmh_opts=(-f 1 -wi 2 -i 5 -w 2s -r 3s)
fi
java $jvm_flags -cp "$root/target/barron.jar" org.openjdk.jmh.Main "$filter" "${jmh_opts[@]}" \
  -jvmArgsAppend "$jvm_flags" -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"

peer_flag=()
if (( quick )); then peer_flag=(--quick); fi
# numpy brings its own, newer OpenBLAS: it runs with its own core detection, not ours.
peer_env=()
if [[ "${BARRON_CHOSE_OPENBLAS_CORETYPE:-}" == 1 ]]; then peer_env+=(-u OPENBLAS_CORETYPE); fi
if [[ "${BARRON_CHOSE_OPENBLAS_THREAD_TIMEOUT:-}" == 1 ]]; then peer_env+=(-u OPENBLAS_THREAD_TIMEOUT); fi
env "${peer_env[@]}" python3 "$here/peers/numpy_peer.py" "${peer_flag[@]}" > "$out/numpy.jsonl"
echo "barron: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-unset}; numpy peer: env -u for the values barron chose (${peer_env[*]:-none})" | tee "$out/env.txt"
python3 "$here/report.py" "$out/jmh.json" "$out/numpy.jsonl" | tee "$out/report.md"
echo "results: $out"
