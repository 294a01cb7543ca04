#!/usr/bin/env bash
# One projected GD step of `barron erm` (n = 1e5, d = 20, m = 256 by default) on the cpu backend
# against the numpy peer of the same loop (bench/peers/erm_numpy.py), f64 and f32, in one run:
# the step-time ratio numpy / barron (target >= 1.5) and each side's GEMM parts as a fraction
# of its own library's GEMM rate (target >= 0.6).
#   bench/erm.sh [n] [d] [m] [reps]
# Both sides run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see bench/run.sh). The peer
# runs before and after Barron and the mean of its two step times is taken. On Barron's side the
# GEMM parts and the library's GEMM take turns rep by rep (ErmStepSpeed.turns), and the ratio
# is given twice: of the two best times, and the median over turns of the turn's own ratio. Needs
# target/barron.jar built with -Pbench (mvn -B -q -Pbench package -DskipTests).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
n=${1:-100000}; d=${2:-20}; m=${3:-256}; reps=${4:-20}
out=$(mktemp -d)
python3 bench/peers/erm_numpy.py --n "$n" --d "$d" --m "$m" --reps "$reps" > "$out/numpy1.txt"
# Barron runs with the settings ./barron sources (OpenBLAS threads that sleep soon after a call,
# so that they do not spin on the cores the fused kernel's threads then use), numpy with its own.
# One JVM a precision, as a fit runs (see ErmStepSpeed: on JDK 17 the float32 kernel compiled
# worse in some JVMs after the float64 one had run in the same JVM).
(source scripts/openblas-coretype.sh
 for p in f64 f32; do
     java --add-modules=jdk.incubator.vector -cp target/barron.jar dev.barron.backend.cpu.ErmStepSpeed \
         "$n" "$d" "$m" "$reps" "$p" 2>/dev/null </dev/null
 done > "$out/barron.txt")
python3 bench/peers/erm_numpy.py --n "$n" --d "$d" --m "$m" --reps "$reps" > "$out/numpy2.txt"
cat "$out/numpy1.txt" "$out/barron.txt" "$out/numpy2.txt"
python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def parse(f):
    rows = {}
    for line in open(f):
        kv = dict(re.findall(r"(\w+)=([^\s]+)", line))
        rows[kv["precision"]] = kv
    return rows
b = parse(out + "/barron.txt")
n1, n2 = parse(out + "/numpy1.txt"), parse(out + "/numpy2.txt")
print("| precision | barron step ms | numpy step ms | numpy / barron (>= 1.5) "
      "| barron GEMM parts / its GEMM (>= 0.6): best times, paired median | numpy GEMM parts / its GEMM: best, paired |")
print("|---|---|---|---|---|---|")
for p in ("f64", "f32"):
    ns = (float(n1[p]["step_ms"]) + float(n2[p]["step_ms"])) / 2
    bs = float(b[p]["step_ms"])
    npart = [(float(n1[p][k]) + float(n2[p][k])) / 2 for k in ("parts_of_library", "parts_of_library_paired")]
    print(f"| {p} | {bs:.2f} | {ns:.2f} | {ns / bs:.2f} | {float(b[p]['parts_of_library']):.2f}, "
          f"{float(b[p]['parts_of_library_paired']):.2f} | {npart[0]:.2f}, {npart[1]:.2f} |")
PY
rm -rf "$out"
