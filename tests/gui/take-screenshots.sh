#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures each view of Sightline on the demo catalog into resources/screenshots/ (the README
# shows them). Runs under a private Xvfb, so it works on a headless machine.
#   tests/gui/take-screenshots.sh [BUILD_DIR]      (default: build)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
out=$root/resources/screenshots

ninja -C "$build" tests/gui/sl-screenshots app/import/dicom/sightline-dicom-decoder >/dev/null
export SL_TEST_FORCE_XVFB=1
export SL_TEST_SCREEN=${SL_TEST_SCREEN:-1400x900x24}
export GSK_RENDERER=cairo
# the DICOM screenshot imports the shared valid files
export SL_SHARED_DATASETS=${SL_SHARED_DATASETS:-$root/../shared/datasets}
# A private home: the app's settings and recent catalogs stay out of the user's.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sl-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
"$here/../xvfb-run-test.sh" "$build/tests/gui/sl-screenshots" "$out"
