#!/usr/bin/env bash
# The Safran-Shamir table on the OpenCL device ensemble (kernels/ensemble.cl), timed: the survey
# preset of the README (identity teacher, xavier init, lr 0.1, |2 pi grad| <= 1e-9, threshold
# 1e-3, a budget of 1,000,000 steps) at m = k for every k of --k, --runs runs each, on
# `--backend opencl`, then the wall time and the survey's summary table.
#
#   bench/gpu-ensemble.sh [--tiny] [--k LIST] [--runs N] [--steps N] [--device I] [--cpu] [--profile] [--no-build]
#
# --tiny: --k 4,5 --runs 8 (a smoke run, e.g. on PoCL without a GPU).
# --profile: OpenCL event timing (-Dbarron.opencl.profile=true): each batch's kernel calls and
#   device time, in opencl-profile.txt beside time.txt, to set against the wall time.
# --cpu: also time the same table on the CPU lane engine (--backend cpu).
# --no-build: use the target/barron.jar already there (build it with `mvn -B package -DskipTests`).
# Results: bench/results/gpu-ensemble-<UTC time>/{opencl,cpu}/ (the survey's files) and time.txt.
# Needs: JDK 17+, an OpenCL runtime with fp64 (the GPU vendor's driver, or PoCL).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ks="6,7,8,9,10,11,12,13,14,15,16,17,18,19,20"
runs=1000
steps=1000000
device=""
cpu=0
profile=0
build=1
while (( $# )); do
  case "$1" in
    --tiny) ks="4,5"; runs=8 ;;
    --k) ks="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    --device) device="$2"; shift ;;
    --cpu) cpu=1 ;;
    --profile) profile=1 ;;
    --no-build) build=0 ;;
    *) echo "gpu-ensemble.sh: unknown option $1 (allowed: --tiny, --k LIST, --runs N, --steps N, --device I, --cpu, --profile, --no-build)" >&2; exit 2 ;;
  esac
  shift
done
out="$here/results/gpu-ensemble-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
if (( build )); then
  (cd "$root" && mvn -B -q package -DskipTests)
fi
export BARRON_NO_BUILD=1
preset=(survey --k "$ks" --m k --runs "$runs" --teacher identity --init xavier --lr 0.1
        --grad-tol 1.5915494309189535e-10 --threshold 1e-3 --steps "$steps" --quiet)

timed() {   # backend, extra options...
  local backend="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  "$root/barron" "${preset[@]}" --backend "$backend" "$@" --out "$out/$backend"
  t1=$(date +%s%N)
  # awk, not bc: a bare GPU image need not have bc
  awk -v b="$backend" -v k="$ks" -v r="$runs" -v s="$steps" -v ns="$((t1 - t0))" \
    'BEGIN { printf "%s: k=%s m=k runs=%s steps<=%s: %.1f s\n", b, k, r, s, ns / 1e9 }' | tee -a "$out/time.txt"
}

{ date -u; (command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv) || true; } \
  > "$out/time.txt" 2>&1
opencl=(opencl)
[[ -n "$device" ]] && opencl+=(--device "$device")
if (( profile )); then
  BARRON_JAVA_OPTS="${BARRON_JAVA_OPTS:-} -Dbarron.opencl.profile=true" timed "${opencl[@]}" 2> "$out/opencl-profile.txt"
  grep -A3 "opencl profile" "$out/opencl-profile.txt" | grep -E "ensemble_gd|profile" | head -40
else
  timed "${opencl[@]}"
fi
if (( cpu )); then
  timed cpu
fi
for f in "$out"/*/summary.csv; do
  [[ -f "$f" ]] && { echo "== $f"; cut -d, -f1-11 "$f"; }
done
echo "results: $out"
