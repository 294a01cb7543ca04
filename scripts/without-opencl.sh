#!/usr/bin/env bash
# Runs a command as on a machine with no OpenCL runtime installed:
#   scripts/without-opencl.sh mvn -B test
# Every libOpenCL.so* the dynamic loader knows is hidden behind an empty file in a private
# mount namespace (unshare -m, as root), so JOCL fails to load it exactly as it does where no
# OpenCL package was ever installed; nothing outside the command sees a change. Where no
# libOpenCL is installed the command simply runs. Exit status: the command's; 3 when the
# libraries exist but cannot be hidden (not root, or no unshare).
set -euo pipefail
if (($# == 0)); then
    echo "usage: scripts/without-opencl.sh COMMAND [ARG...]" >&2
    exit 2
fi
mapfile -t libs < <( { ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*libOpenCL\.so[^ ]* .*=> //p';
    ls /usr/lib/*/libOpenCL.so* /usr/lib/libOpenCL.so* /usr/local/lib/libOpenCL.so* 2>/dev/null; } | sort -u)
if ((${#libs[@]} == 0)); then
    exec "$@"
fi
if [[ "$(id -u)" != 0 ]] || ! command -v unshare >/dev/null 2>&1; then
    echo "without-opencl.sh: libOpenCL is installed (${libs[*]}) and hiding it needs root and unshare" >&2
    exit 3
fi
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
# The inner shell binds the empty file over each library (links resolved: a bind mount over a
# symbolic link would replace its target anyway), then becomes the command.
unshare -m bash -c '
    empty=$1; shift
    while [[ $1 != -- ]]; do mount --bind "$empty" "$(readlink -f "$1")"; shift; done
    shift
    exec "$@"' hide "$empty" "${libs[@]}" -- "$@"
