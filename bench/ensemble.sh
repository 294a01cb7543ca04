#!/usr/bin/env bash
# The ensemble engine against the single-run path and the numpy peer, in one run, per GD step
# per run at (m, k, d) = (9, 3, 20), (20, 20, 20), (64, 8, 64), as ratios.
#   bench/ensemble.sh [runs] [steps]
# The ensemble and single-run figures are throughputs on all cores (time / (runs x steps));
# numpy is one process (its BLAS may use more threads). Needs target/barron.jar built with
# -Pbench (mvn -B -q -Pbench package -DskipTests).
set -euo pipefail
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
    single=$(sed -E 's/.*single_us_per_step_run=([0-9.]+).*/\1/' <<<"$line")
    python3 -c "print(f'(m,k,d)=($s): us/step/run ensemble {$ens:.2f}, single-run path {$single:.2f}, numpy {$numpy:.2f}; ' \
f'ensemble speed-up over single {$single/$ens:.2f}x, over numpy {$numpy/$ens:.1f}x')"
done
