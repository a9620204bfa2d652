#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Sightline's libFuzzer targets with clang (ASan + UBSan) and runs them. Not part of the
# test suite: run by hand or in a nightly job.
#
#   tests/fuzz/run-fuzz.sh [dicom|import|all] [seconds per target, default 600]
#
# dicom:  sl_dicom_read (client and GDCM decoder in one process), seeded from every file of ../shared/datasets/dicom.
# import: the PNG (libpng) and JPEG/BMP/TIFF (GdkPixbuf) decoders and the CSV parser of the
#         import path, seeded from PNGs and labels.csv of ../shared/datasets/pneumoniamnist plus
#         tiny BMP/TIFF files written here.
# Needs clang 14, libclang-rt-14-dev, libgdcm-dev, GLib, GdkPixbuf and libpng development files.
# Output goes to $SL_FUZZ_DIR (default build-fuzz/ at the top of the repo): binaries, corpora,
# crash-* reproducers and fuzz-*.log. One job, one worker (libFuzzer -fork=1); a
# reproducer replays with: build-fuzz/fuzz-dicom build-fuzz/crashes-dicom/crash-...
#
# Known GDCM 3.0.21 (Debian) limitations the run keeps going past, each input kept for triage:
# - GDCM allocates each element's declared length before reading it, so a forged length asks for
#   up to 4 GiB (oom-* files; under ASan that is a report, not a std::bad_alloc);
# - Debian builds GDCM with assert() enabled, and some malformed headers hit one (abort());
# - leaks on GDCM's error paths (libjpeg, CharLS, and the pvrg-jpeg fallback's file names).
# The application decodes each file in a separate decoder process, so none of these reaches it. Replay every
# crash-*/leak-* file and check that the failing frame (the assert, the faulting access, the
# leaked allocation) is inside GDCM, not in Sightline's code.
set -eu

which=${1:-all}
seconds=${2:-600}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${SL_FUZZ_DIR:-$src/build-fuzz}
datasets=${SL_SHARED_DATASETS:-$src/../shared/datasets}
CC=${CC:-clang-14}
CXX=${CXX:-clang++-14}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -I$out -I$src/app/core -I$src/app/import
        -I$src/app/import/dicom
        $(pkg-config --cflags glib-2.0 gdk-pixbuf-2.0 libpng)"
libs="$(pkg-config --libs glib-2.0 gdk-pixbuf-2.0 libpng) -lm"
gdcm_libs="-lgdcmMSFF -lgdcmIOD -lgdcmDSED -lgdcmDICT -lgdcmCommon"

mkdir -p "$out"
cat > "$out/config.h" <<CONFIG
#define PACKAGE_VERSION "fuzz"
#define GETTEXT_PACKAGE "sightline"
CONFIG

# compile_c SOURCE OBJECT [EXTRA CFLAGS]
compile_c () {
  # shellcheck disable=SC2086
  $CC -std=c11 $cflags ${3:-} $sanitize -fsanitize=fuzzer-no-link -c "$1" -o "$2"
}

build_dicom () {
  compile_c "$src/tests/fuzz/fuzz-dicom.c" "$out/fuzz-dicom.o"
  compile_c "$src/app/core/sl-image.c" "$out/sl-image.o"
  compile_c "$src/app/core/sl-error.c" "$out/sl-error.o"
  # In process: libFuzzer must see the decoder's own crashes (the app spawns a decoder process per file).
  compile_c "$src/app/import/dicom/sl-dicom-client.c" "$out/sl-dicom-client.o" -DSL_DICOM_IN_PROCESS
  # shellcheck disable=SC2086
  $CXX -std=c++17 $cflags -I/usr/include/gdcm-3.0 $sanitize -fsanitize=fuzzer-no-link \
    -c "$src/app/import/dicom/sl-dicom-decoder.cpp" -o "$out/sl-dicom-decoder.o"
  # shellcheck disable=SC2086
  $CXX $sanitize -fsanitize=fuzzer -o "$out/fuzz-dicom" "$out/fuzz-dicom.o" "$out/sl-image.o" \
    "$out/sl-error.o" "$out/sl-dicom-client.o" "$out/sl-dicom-decoder.o" $gdcm_libs $libs
  mkdir -p "$out/corpus-dicom"
  find "$datasets/dicom" -type f -name '*.dcm' -exec cp {} "$out/corpus-dicom/" \;
}

build_import () {
  for f in fuzz-import sl-image sl-error sl-png sl-pixbuf-loader sl-csv; do
    for dir in tests/fuzz app/core app/import; do
      if [ -f "$src/$dir/$f.c" ]; then compile_c "$src/$dir/$f.c" "$out/$f.o"; break; fi
    done
  done
  # shellcheck disable=SC2086
  $CC $sanitize -fsanitize=fuzzer -o "$out/fuzz-import" "$out/fuzz-import.o" "$out/sl-image.o" \
    "$out/sl-error.o" "$out/sl-png.o" "$out/sl-pixbuf-loader.o" "$out/sl-csv.o" $libs
  seeds="$out/corpus-import"
  mkdir -p "$seeds"
  find "$datasets/pneumoniamnist/test" -name '*.png' | sort | head -n 40 \
    | while read -r f; do cp "$f" "$seeds/"; done
  head -n 60 "$datasets/pneumoniamnist/labels.csv" > "$seeds/labels.csv"
  printf 'path,label,split\n"a,b.png",normal,train\r\n"q""uote.png",,val\n\nx.png,pneumonia\n' \
    > "$seeds/quoted.csv"
  # 2×2 24-bit BMP and 2×2 8-bit gray uncompressed TIFF.
  printf 'BM\106\0\0\0\0\0\0\0\066\0\0\0\050\0\0\0\2\0\0\0\2\0\0\0\1\0\030\0\0\0\0\0\020\0\0\0'\
'\023\013\0\0\023\013\0\0\0\0\0\0\0\0\0\0\0\0\377\377\377\0\0\0\377\0\0\0\377\0\0\0' \
    > "$seeds/tiny.bmp"
  printf 'II*\0\010\0\0\0\010\0\0\1\3\0\1\0\0\0\2\0\0\0\1\1\3\0\1\0\0\0\2\0\0\0'\
'\2\1\3\0\1\0\0\0\010\0\0\0\003\1\3\0\1\0\0\0\1\0\0\0\006\1\3\0\1\0\0\0\1\0\0\0'\
'\021\1\4\0\1\0\0\0\156\0\0\0\025\1\3\0\1\0\0\0\1\0\0\0\027\1\4\0\1\0\0\0\4\0\0\0'\
'\0\0\0\0\0\100\200\377' > "$seeds/tiny.tif"
  for f in /usr/share/doc/nodejs/*.jpg; do [ -f "$f" ] && cp "$f" "$seeds/"; done
  true
}

run () {
  name=$1
  mkdir -p "$out/crashes-$name"
  echo "== fuzz-$name for ${seconds}s (log: $out/fuzz-$name.log)"
  # -fork=1: one worker process at a time, restarted after each crash, leak or out-of-memory
  # input, which is kept in crashes-NAME/ for triage (replay it to see the stack).
  (cd "$out" && TMPDIR="$out" \
    ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "./fuzz-$name" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=1024 \
      -malloc_limit_mb=256 -fork=1 -ignore_ooms=1 -ignore_timeouts=1 -ignore_crashes=1 \
      -print_final_stats=1 -artifact_prefix="$out/crashes-$name/" "corpus-$name" \
      > "fuzz-$name.log" 2>&1 || true)
  grep -E '^#[0-9]+: cov|INFO: fuzzed for|ERROR|SUMMARY|crash|leak' "$out/fuzz-$name.log" \
    | tail -n 5 || true
  echo "inputs kept for out-of-memory: $(find "$out/crashes-$name" -name 'oom-*' | wc -l)," \
    "crashes/leaks: $(find "$out/crashes-$name" -type f ! -name 'oom-*' ! -name 'timeout-*' ! -name 'slow-unit-*' | wc -l)"
}

case $which in
  dicom) build_dicom; run dicom ;;
  import) build_import; run import ;;
  all) build_dicom; build_import; run dicom; run import ;;
  *) echo "usage: $0 [dicom|import|all] [seconds]" >&2; exit 2 ;;
esac
