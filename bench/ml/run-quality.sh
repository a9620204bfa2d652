#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The default training's quality on the three real sets (seeds 1-3, 2 threads each): the
# PneumoniaMNIST demo (28 px gray), pbc_bloodcells_64 (64 px RGB, 8 classes) and
# chestxray_kermany_128 (128 px gray). The sets are read from $SL_SHARED_DATASETS (default:
# ../shared/datasets beside the source tree).
# Usage: run-quality.sh BENCH_QUALITY SOURCE_ROOT [SEEDS]
set -euo pipefail
bench=$1 root=$2 seeds=${3:-3}
datasets=${SL_SHARED_DATASETS:-$root/../shared/datasets}

export OPENBLAS_NUM_THREADS=2
for set in pneumoniamnist pbc_bloodcells_64 chestxray_kermany_128; do
  if [ ! -d "$datasets/$set" ]; then
    echo "$datasets/$set: missing (set SL_SHARED_DATASETS)" >&2
    exit 1
  fi
  "$bench" "$datasets/$set" "$seeds"
done
