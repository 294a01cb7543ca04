#!/usr/bin/env bash
# The ensemble engine against the single-run path and the numpy peer, in one run, per GD step
# per run at (m, k, d) = (9, 3, 20), (20, 20, 20), (64, 8, 64), as ratios: the lane engine
# (EnsembleEngine.LANES, runs across SIMD lanes, the default) and the per-run engine (PER_RUN).
#   bench/ensemble.sh [runs] [steps]
# The ensemble and single-run figures are throughputs on all cores (time / (runs x steps));
# numpy is one process (its BLAS may use more threads). Needs target/barron.jar built with
# -Pbench (mvn -B -q -Pbench package -DskipTests).
set -euo pipefail
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$(readlink -f "$0")")/.."
runs=${1:-32}
steps=${2:-2000}
shapes=("9,3,20" "20,20,20" "64,8,64")
java --add-modules=jdk.incubator.vector -cp target/barron.jar dev.barron.bench.EnsembleSpeed "$runs" "$steps" "${shapes[@]}" \
    2>/dev/null </dev/null | tee /tmp/ensemble-speed.txt
for s in "${shapes[@]}"; do
    IFS=, read -r m k d <<<"$s"
    numpy=$(python3 bench/peers/teacher_student_numpy.py --time --m "$m" --k "$k" --d "$d" | sed -E 's/.*: ([0-9.]+) us\/step.*/\1/')
    line=$(grep "m,k,d=$s " /tmp/ensemble-speed.txt)
    ens=$(sed -E 's/.*ensemble_us_per_step_run=([0-9.]+).*/\1/' <<<"$line")
    perrun=$(sed -E 's/.*per_run_us_per_step_run=([0-9.]+).*/\1/' <<<"$line")
    single=$(sed -E 's/.*single_us_per_step_run=([0-9.]+).*/\1/' <<<"$line")
    python3 -c "print(f'(m,k,d)=($s): us/step/run lanes {$ens:.3f}, per-run {$perrun:.3f}, single-run path {$single:.3f}, numpy {$numpy:.2f}; ' \
f'lanes over single {$single/$ens:.2f}x, over per-run {$perrun/$ens:.2f}x, over numpy {$numpy/$ens:.1f}x')"
done
