#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Trains the example arch for one epoch (batch 64, 2 threads, same data) in Sightline and in
# PyTorch (Debian's python3-torch, installed here if missing: a benchmark dependency only) and
# prints images/s for both and the ratio.
# Usage: run-bench.sh BENCH_TRAIN TORCH_PEER DEMO_DIR [THREADS]
set -euo pipefail
bench=$1 peer=$2 demo=$3 threads=${4:-2}

if ! /usr/bin/python3 -c 'import torch, PIL, numpy' 2>/dev/null; then
  echo "installing python3-torch (the PyTorch peer)"
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  pkgs="python3-torch python3-pil python3-numpy"
  $sudo apt-get install -y -q $pkgs >/dev/null || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q $pkgs >/dev/null; }
fi

export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
ours=$("$bench" "$demo" "$threads" 1)
echo "$ours"
theirs=$(/usr/bin/python3 "$peer" "$demo" "$threads" 1)
echo "$theirs"
a=$(sed -n 's/^sightline:.*: \([0-9]*\) images\/s.*/\1/p' <<<"$ours")
b=$(sed -n 's/^pytorch.*: \([0-9]*\) images\/s.*/\1/p' <<<"$theirs")
awk -v a="$a" -v b="$b" 'BEGIN { printf "images/s: sightline %d, pytorch %d, ratio %.2fx\n", a, b, a / b }'
