#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures each view of Sightline on the demo catalog into resources/screenshots/ (the README
# shows them): the whole tour at 1280×800, then Browse, Review and Metrics at each screen size,
# the window given the whole screen. Each size runs under its own private Xvfb, so it works on a
# headless machine. ImageMagick, when installed, strips the PNGs' metadata (a 256-colour palette
# would band the heatmaps).
#   tests/gui/take-screenshots.sh [BUILD_DIR]      (default: build)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
out=$root/resources/screenshots

ninja -C "$build" tests/gui/sl-screenshots app/import/dicom/sightline-dicom-decoder >/dev/null
export SL_TEST_FORCE_XVFB=1
export GSK_RENDERER=cairo
# the DICOM screenshot imports the shared valid files
export SL_SHARED_DATASETS=${SL_SHARED_DATASETS:-$root/../shared/datasets}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sl-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The first size trains the model that the others reuse from the same catalog.
for size in 1280x800 1024x700 1920x1080; do
  # A private home per size: settings (pane widths) and recent catalogs start afresh.
  export XDG_CONFIG_HOME=$tmp/$size/config XDG_DATA_HOME=$tmp/$size/data
  export XDG_CACHE_HOME=$tmp/$size/cache
  mkdir -p "$XDG_CACHE_HOME"
  SL_TEST_SCREEN=${size}x24 "$here/../xvfb-run-test.sh" \
    "$build/tests/gui/sl-screenshots" "$out" "$tmp/catalog"
done
if command -v convert >/dev/null 2>&1; then
  for png in "$out"/*.png; do
    convert "$png" -strip -define png:compression-level=9 "$png"
  done
fi
du -ch "$out"/*.png | tail -n 1
