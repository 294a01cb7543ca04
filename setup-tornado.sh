#!/usr/bin/env bash
# Sets up the accelerator runtimes Barron can use.
#
#   ./setup-tornado.sh                 OpenCL runtime, then the TornadoVM part
#   ./setup-tornado.sh --opencl-only   only the OpenCL runtime (what .ci/run uses)
#
# OpenCL part (Debian/Ubuntu): installs the ICD loader (ocl-icd-libopencl1), PoCL (an OpenCL
# implementation on the CPU, pocl-opencl-icd), clinfo and the OpenCL headers with apt-get,
# as root directly or through sudo otherwise. Idempotent: packages already installed are
# skipped, and the script says what it did.
set -euo pipefail

OPENCL_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --opencl-only) OPENCL_ONLY=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup-tornado.sh: unknown option '$arg'; allowed: --opencl-only, --help" >&2; exit 2 ;;
    esac
done

say() { echo "setup-tornado.sh: $*"; }

# ================================ OpenCL runtime ========================================
OPENCL_PACKAGES=(ocl-icd-libopencl1 pocl-opencl-icd clinfo opencl-headers)

installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root to run '$*' and sudo is not installed; run this script as root" >&2
        exit 1
    fi
}

setup_opencl() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian-like system (no apt-get); install an OpenCL ICD loader, an OpenCL driver and clinfo with your package manager" >&2
        return 1
    fi
    local missing=()
    for p in "${OPENCL_PACKAGES[@]}"; do
        if installed "$p"; then
            say "$p already installed, skipped"
        else
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        say "OpenCL runtime: nothing to do"
    else
        say "installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        # Stale or absent package lists (fresh containers) make the install fail: refresh and retry once.
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
            say "refreshing the package lists (apt-get update) and retrying"
            as_root apt-get update -q
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
        fi
        say "installed ${missing[*]}"
    fi
    if command -v clinfo >/dev/null 2>&1; then
        local devices
        devices="$(clinfo -l 2>/dev/null || true)"
        if [[ -n "$devices" ]]; then
            say "OpenCL platforms and devices:"
            echo "$devices" | sed 's/^/    /'
        else
            say "clinfo lists no OpenCL platform: check /etc/OpenCL/vendors/*.icd" >&2
        fi
    fi
}

setup_opencl

if [[ "$OPENCL_ONLY" == 1 ]]; then
    exit 0
fi

# ================================ TornadoVM =============================================
# Filled in by the TornadoVM work (issue 5): with TORNADOVM_HOME set (or an SDK found),
# wire the SDK into the build (-Ptornado), record the JVM options it needs in
# .tornado/jvm.options (read by ./barron), list its devices and print the command to
# build and run with the profile.
say "TornadoVM: not set up by this script yet (it comes with the TornadoVM driver); the OpenCL backend needs only the part above"
# ============================== end TornadoVM ===========================================
