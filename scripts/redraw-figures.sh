#!/usr/bin/env bash
# Redraws every figure (loss, angles, norms; PNG and SVG) of the teacher-student runs under a
# directory from their CSVs: metrics.csv and config.json are all a figure needs.
#   scripts/redraw-figures.sh [DIR]     (default: runs)
set -euo pipefail
root="${1:-runs}"
here="$(dirname "$(readlink -f "$0")")"
mapfile -t dirs < <(find "$root" -name metrics.csv -printf '%h\n' | sort)
if ((${#dirs[@]} == 0)); then
    echo "no run directory (one with metrics.csv) under $root" >&2
    exit 2
fi
exec "${BARRON:-$here/../barron}" plot "${dirs[@]}"
