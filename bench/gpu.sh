#!/usr/bin/env bash
# The OpenCL benchmark suite for a GPU machine (about 5 minutes, under 8): every benchmark on the
# cpu and opencl backends, in float64 and float32 where it applies, then a table of ms, GFLOP/s,
# the opencl/cpu speed-up and the share of the device's peak.
#
#   bench/gpu.sh [--short] [--no-build] [--peak-f64 TFLOPS] [--peak-f32 TFLOPS]
#
# Results: bench/results/gpu-<UTC time>/{devices.txt, jmh-*.json, jmh-*.txt, report.md}.
# --short: the smallest sizes and one short iteration (a smoke run, e.g. on PoCL without a GPU).
# Peaks default to the NVIDIA H200 SXM's vector rates (fp64 34 TFLOP/s, fp32 67 TFLOP/s).
# --no-build: use the target/barron.jar already there (built with `mvn -Pbench package -DskipTests`),
# for a GPU machine without network access: build here, carry target/barron.jar over, run there.
# Needs: JDK 17+, Maven (the `bench` profile of pom.xml) unless --no-build, an OpenCL runtime
# (./setup-tornado.sh, or the GPU vendor's driver), python3 for the report.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../scripts/openblas-coretype.sh
source "$root/scripts/openblas-coretype.sh"
short=0
build=1
peak64=34
peak32=67
while (( $# )); do
  case "$1" in
    --short) short=1 ;;
    --no-build) build=0 ;;
    --peak-f64) peak64="$2"; shift ;;
    --peak-f32) peak32="$2"; shift ;;
    *) echo "gpu.sh: unknown option $1 (allowed: --short, --no-build, --peak-f64 T, --peak-f32 T)" >&2; exit 2 ;;
  esac
  shift
done
out="$here/results/gpu-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
start=$(date +%s)

jar="$root/target/barron.jar"
if (( build )); then
  (cd "$root" && mvn -B -q -Pbench package -DskipTests)
elif [[ ! -f "$jar" ]] || ! grep -q -a "META-INF/BenchmarkList" "$jar"; then   # grep, not unzip: a bare GPU image need not have unzip
  echo "gpu.sh: --no-build needs $jar built with: mvn -Pbench package -DskipTests" >&2
  exit 2
fi
jvm_flags="--add-modules=jdk.incubator.vector"
# shellcheck source=../scripts/jvm-signal-chaining.sh
source "$root/scripts/jvm-signal-chaining.sh"   # the OpenCL driver's signal handlers chained behind the JVM's

{
  echo "# devices"; date -u
  (command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv) || true
  (command -v clinfo >/dev/null && clinfo -l) || true
  java $jvm_flags -cp "$jar" dev.barron.cli.BarronCli devices 2>/dev/null || true
} > "$out/devices.txt" 2>&1

if (( short )); then
  iters=(-f 1 -wi 1 -i 1 -w 200ms -r 300ms)
  pop="256x16x256"; fwd="4096x256x1024"; prox="256x256"; steps="9x3x20 64x8x64"
else
  iters=(-f 1 -wi 1 -i 3 -w 1s -r 1s)
  pop="256x16x256 1024x16x1024 4096x16x1024"; fwd="4096x256x1024 16384x1024x1024"; prox="1024x1024"
  steps="9x3x20 64x8x64 256x16x256"
fi

# One JMH run per benchmark class, each with a hard time limit so the whole stays under 8 minutes.
run() {  # name budget_seconds regexp jmh-args...
  local name="$1" budget="$2" regexp="$3"; shift 3
  echo "== $name (limit ${budget}s)"
  timeout --signal=INT "$budget" java $jvm_flags -cp "$jar" org.openjdk.jmh.Main "$regexp" "${iters[@]}" \
    -jvmArgsAppend "$jvm_flags" -rf json -rff "$out/jmh-$name.json" "$@" | tee "$out/jmh-$name.txt" \
    || echo "!! $name stopped early (time limit or failure); see $out/jmh-$name.txt"
}

# JMH splits -p values on commas, so shapes are written mxkxd here (BenchData reads both forms);
# each shape is its own run of the class, with its own time limit.
for s in $pop; do
  run "population-$s" 150 'dev.barron.bench.PopulationBench' -p backend=cpu,opencl -p precision=f64,f32 -p shape="$s"
done
for s in $fwd; do
  run "forward-$s" 60 'dev.barron.bench.ForwardBench' -p backend=cpu,opencl -p precision=f32 -p shape="$s"
done
run "prox" 60 'dev.barron.bench.ProxBench' -p backend=cpu,opencl -p precision=f64 -p shape="$prox"
for s in $steps; do
  run "step-$s" 60 'dev.barron.bench.opencl.SessionStepBench' -p backend=cpu,opencl -p precision=f64 -p shape="$s"
done

python3 "$here/gpu_report.py" --peak-f64 "$peak64" --peak-f32 "$peak32" "$out"/jmh-*.json | tee "$out/report.md"
echo "wall: $(( $(date +%s) - start )) s; results: $out"
