#!/usr/bin/env bash
# Runs a survey whose summary needs LAPACK (the smallest Hessian eigenvalue of its spurious
# points) with Debian's OpenBLAS (libopenblas0-pthread: BLAS and LAPACK, but no LAPACKE) beside
# the bundled one, as a Debian or Ubuntu machine with libopenblas0 installed has it:
#   1. on the loader path (LD_LIBRARY_PATH, where its libblas.so.3 is found as it is through
#      ld.so.cache there), default BLAS: the bundled OpenBLAS must be the one bound, LAPACK
#      included (eigensolver lapack-dsyevr);
#   2. the same with BARRON_BLAS=java: netlib's Java kernels must not load the system's
#      libblas.so.3 on the side (lapack-dsyevr);
#   3. BARRON_BLAS=system: netlib's libblas.so.3 brings Debian's libopenblas.so.0 into the JVM
#      before LAPACK is loaded;
#   4. LD_PRELOAD: the same library in the process before anything of barron.
# In 3 and 4 the dynamic loader binds the bundled JNI library's libopenblas.so.0 to the one
# already loaded (by soname), which has no LAPACKE_dsyevr: the summary must then use Jacobi, not
# end the JVM with "symbol lookup error" (exit 127). Every run must exit 0 and agree on the
# eigenvalue.
#
# Nothing is installed: the packages are fetched with `apt-get download` and unpacked under a
# temporary directory. Exit 3 (and one line) where apt-get or the packages are unavailable.
# About 20 s after the jar is built (./barron builds it when it is missing or stale).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "check-system-openblas: skipped: no apt-get here to fetch Debian's libopenblas0-pthread"
    exit 3
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
packages=(libopenblas0-pthread libgfortran5)
[[ "$(dpkg --print-architecture)" == amd64 ]] && packages+=(libquadmath0)
if ! (cd "$work" && apt-get download -q "${packages[@]}" >"$work/apt.log" 2>&1); then
    echo "check-system-openblas: skipped: apt-get download ${packages[*]} failed: $(grep -m1 -E '^(E|W):' "$work/apt.log" || tail -1 "$work/apt.log")"
    exit 3
fi
for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/root"
done
system_dir="$(dirname "$(find "$work/root" -path '*openblas-pthread/libopenblas.so.0' | head -1)")"
gfortran_dir="$(dirname "$(find "$work/root" -name 'libgfortran.so.5*' | head -1)")"
echo "check-system-openblas: $(ls "$work"/*.deb | xargs -n1 basename | tr '\n' ' ')"

# One JavaCPP cache for the four runs, apart from the user's: what is checked is this jar.
export BARRON_JAVA_OPTS="${BARRON_JAVA_OPTS:-} -Dorg.bytedeco.javacpp.cachedir=$work/javacpp"
survey=(survey --k 8 --m k --runs 40 --teacher identity --init xavier --lr 0.1
        --grad-tol 1.5915494309189535e-10 --threshold 1e-3 --steps 200000 --backend cpu)
failed=0
# The eigensolver and smallest Hessian eigenvalue (6 significant digits) of the first spurious
# point: "solver value".
first_point() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        NR == 2 { print $col["hessian_status"], $col["min_hessian_eigenvalue"] }' "$1/spurious_points.csv"
}
run() {
    local name="$1" want_solver="$2"
    shift 2
    local out="$work/$name"
    echo "== $name: $*"
    set +e
    env "$@" BARRON_NO_BUILD="${BARRON_NO_BUILD:-0}" ./barron "${survey[@]}" --quiet --out "$out" >"$work/$name.log" 2>&1
    local status=$?
    set -e
    if [[ $status != 0 ]]; then
        echo "FAILED: $name: exit $status"
        tail -5 "$work/$name.log" | sed 's/^/    /'
        failed=1
        return
    fi
    if [[ ! -s "$out/spurious_points.csv" || "$(wc -l <"$out/spurious_points.csv")" -lt 2 ]]; then
        echo "FAILED: $name: no spurious point, so LAPACK was never called (raise --runs)"
        failed=1
        return
    fi
    read -r solver value < <(first_point "$out")
    echo "   eigensolver $solver, smallest Hessian eigenvalue $value, $(grep -o 'blas: [^;]*' "$out/summary.md" | head -1)"
    if [[ -n "$want_solver" && "$solver" != "$want_solver" ]]; then
        echo "FAILED: $name: eigensolver $solver, expected $want_solver"
        failed=1
    fi
    eval "value_$name=$value"
}
# The bundled OpenBLAS carries LAPACKE: it must be what the default finds, whatever is on the path.
run loader_path lapack-dsyevr LD_LIBRARY_PATH="$system_dir:$gfortran_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
run java_blas lapack-dsyevr BARRON_BLAS=java LD_LIBRARY_PATH="$system_dir:$gfortran_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
run system_blas "" BARRON_BLAS=system LD_LIBRARY_PATH="$system_dir:$gfortran_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
run preloaded "" LD_PRELOAD="$system_dir/libopenblas.so.0" LD_LIBRARY_PATH="$gfortran_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [[ $failed == 0 ]]; then
    # Jacobi and dsyevr are independent solvers: the same point must get the same eigenvalue, to
    # the 6 digits printed.
    for other in "${value_java_blas:-}" "${value_system_blas:-}" "${value_preloaded:-}"; do
        if ! awk -v a="$value_loader_path" -v b="$other" 'BEGIN { d = a - b; if (d < 0) d = -d; s = a < 0 ? -a : a; exit !(d <= 1e-5 * (s > 1e-3 ? s : 1e-3)) }'; then
            echo "FAILED: eigenvalues differ: $value_loader_path (loader path) and $other"
            failed=1
        fi
    done
fi
if [[ $failed != 0 ]]; then
    exit 1
fi
echo "check-system-openblas: passed"
