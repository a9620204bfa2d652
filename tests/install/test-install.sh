#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: test-install.sh BUILD_DIR XVFB_RUN_TEST
#
# Installs the build with DESTDIR into a temporary folder, copies the installed prefix to another
# folder and deletes the first, then runs the copy with no variable pointing at the source or
# build tree: sightline-cli --help (in English and Chinese), an import of the installed demo
# dataset (5,827 images), a DICOM import (the installed decoder helper), and the GUI's first start,
# which imports the demo it locates into a new catalog.
set -eu

if [ "${1:-}" = --first-start ]; then
  # Under Xvfb: start the GUI, wait until its new demo catalog holds every image, stop it.
  sightline=$2 cli=$3 catalog=$4 snapshot=$5 expected=$6
  "$sightline" &
  gui=$!
  tries=0
  # The catalog is read from a copy: the GUI keeps writing the original.
  until { cp "$catalog" "$snapshot" && cp "$catalog-wal" "$snapshot-wal"; } 2>/dev/null \
        && "$cli" stats --catalog "$snapshot" 2>/dev/null | grep -qx "images: $expected"; do
    rm -f "$snapshot" "$snapshot-wal" "$snapshot-shm"
    tries=$((tries + 1))
    if ! kill -0 "$gui" 2>/dev/null || [ $tries -ge 240 ]; then
      echo "first start: no demo catalog with $expected images after $((tries / 2)) s" >&2
      kill "$gui" 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
  echo "first start: the GUI imported the demo in about $((tries / 2)) s"
  kill "$gui"
  wait "$gui" || true
  exit 0
fi

build=$(cd "$1" && pwd) xvfb_run_test=$2
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
demo_images=5827
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sl-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The value of one of the build's meson options (prefix, bindir, datadir).
option () {
  meson introspect --buildoptions "$build" | python3 -c '
import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]))' "$1"
}

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

prefix=$(option prefix)
meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/destdir" >/dev/null
cp -a "$tmp/destdir$prefix" "$tmp/moved"
rm -rf "$tmp/destdir"
root=$tmp/moved
cli=$root/$(option bindir)/sightline-cli
demo=$root/$(option datadir)/sightline/demo-pneumoniamnist
unset SL_DICOM_DECODER SIGHTLINE_LOCALEDIR SL_SOURCE_ROOT G_TEST_SRCDIR G_TEST_BUILDDIR
cd "$tmp"

"$cli" --help >help.txt || fail "sightline-cli --help exited with $?"
grep -q "import" help.txt || fail "sightline-cli --help does not list import"
LANGUAGE=zh_CN LANG=C.UTF-8 LC_ALL= "$cli" --help >help-zh.txt
grep -q "将图像文件夹（及标签）导入图像库" help-zh.txt \
  || fail "sightline-cli --help is not translated: the installed catalog was not found"
echo "sightline-cli --help: English and Chinese"

test -f "$demo/LICENSE.md" || fail "no LICENSE.md beside the installed demo $demo"
"$cli" import --catalog cli.sightline "$demo" >import.txt || fail "demo import exited with $?"
grep -qx "imported $demo_images, duplicates 0, skipped 0" import.txt \
  || fail "demo import: $(cat import.txt)"
"$cli" stats --catalog cli.sightline | grep -qx "images: $demo_images" || fail "demo stats"
echo "sightline-cli import of the installed demo: $(cat import.txt)"

dicom=${SL_SHARED_DATASETS:?}/dicom/valid/CT_small.dcm
test -f "$dicom" || fail "no $dicom: SL_SHARED_DATASETS must name the shared datasets"
"$cli" import --catalog dicom.sightline "$dicom" >dicom.txt || fail "DICOM import exited with $?"
grep -qx "imported 1, duplicates 0, skipped 0" dicom.txt || fail "DICOM import: $(cat dicom.txt)"
echo "sightline-cli import of a DICOM file: $(cat dicom.txt)"

desktop=$root/$(option datadir)/applications/org.sightline.Sightline.desktop
grep -q "^Name\[zh_CN\]=" "$desktop" || fail "$desktop has no zh_CN name"
metainfo=$root/$(option datadir)/metainfo/org.sightline.Sightline.metainfo.xml
grep -q 'xml:lang="zh_CN"' "$metainfo" || fail "$metainfo has no zh_CN text"

mkdir -p home/data home/config home/cache
XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config XDG_CACHE_HOME=$tmp/home/cache \
  "$xvfb_run_test" "$self" --first-start "$root/$(option bindir)/sightline" "$cli" \
  "$tmp/home/data/sightline/demo.sightline" "$tmp/snapshot.sightline" "$demo_images"
