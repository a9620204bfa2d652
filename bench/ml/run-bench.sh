#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Training speed against PyTorch (Debian's python3-torch, installed here if missing: a benchmark
# dependency only) on three image sets: the example arch with as many outputs as classes,
# batch 64, THREADS threads, one epoch, no augmentation, PAIRS paired runs per set taking turns
# (which of the two goes first alternates), so that other work on the machine falls on both.
# Prints images/s of each run, the median of the pairs' ratios and their spread, the step's
# conv FLOPs (counted as a direct convolution) per second at Sightline's median speed against
# sgemm's peak, predict +
# Grad-CAM latency for one image of each set's size and the peak RSS of the training runs, both
# Sightline's and PyTorch's.
# Usage: run-bench.sh BENCH_TRAIN TORCH_PEER DATASETS_DIR [THREADS] [PAIRS]
set -euo pipefail
bench=$1 peer=$2 data=$3 threads=${4:-2} pairs=${5:-3}
sets="pneumoniamnist pbc_bloodcells_64 chestxray_kermany_128"

if ! /usr/bin/python3 -c 'import torch, PIL, numpy' 2>/dev/null; then
  echo "installing python3-torch (the PyTorch peer)"
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  pkgs="python3-torch python3-pil python3-numpy"
  $sudo apt-get install -y -q $pkgs >/dev/null \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q $pkgs >/dev/null; }
fi
for s in $sets; do
  [ -d "$data/$s/train" ] || { echo "run-bench.sh: $data/$s/train: no such folder" >&2; exit 1; }
done

export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
rate() { sed -n 's/.*: \([0-9]*\) images\/s.*/\1/p' <<<"$1"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ours() { "$bench" train "$data/$1" "$threads" 1; }
theirs() { /usr/bin/python3 "$peer" "$data/$1" "$threads" 1; }
peak=$("$bench" sgemm)
echo "$peak"
peak=$(sed -n 's/^sgemm 2048^3: \([0-9.]*\) GFLOP\/s.*/\1/p' <<<"$peak")
summary=()
for s in $sets; do
  echo "== $s"
  ratios=() ours_all=() theirs_all=() rss=0 their_rss=0 mflop=0
  for ((p = 1; p <= pairs; p++)); do
    if ((p % 2)); then
      ours=$(ours "$s"); theirs=$(theirs "$s")
    else
      theirs=$(theirs "$s"); ours=$(ours "$s")
    fi
    echo "  $ours"
    echo "  $theirs"
    a=$(rate "$ours") b=$(rate "$theirs")
    ours_all+=("$a") theirs_all+=("$b")
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')")
    r=$(sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p' <<<"$ours"); ((r > rss)) && rss=$r
    r=$(sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p' <<<"$theirs"); ((r > their_rss)) && their_rss=$r
    mflop=$(sed -n 's/.* \([0-9.]*\) conv MFLOP per image.*/\1/p' <<<"$ours")
  done
  latency=$("$bench" latency "$data/$s")
  echo "  $latency"
  med=$(printf '%s\n' "${ratios[@]}" | median)
  ours_med=$(printf '%s\n' "${ours_all[@]}" | median)
  lat=$(sed -n 's/.*: \([0-9.]* ms\).*/\1/p' <<<"$latency")
  line=$(awk -v s="$s" -v o="${ours_all[*]}" -v t="${theirs_all[*]}" -v r="${ratios[*]}" \
    -v m="$med" -v f="$mflop" -v ours="$ours_med" -v peak="$peak" -v rss="$rss" -v lat="$lat" \
    -v their_rss="$their_rss" \
    'BEGIN { g = f * ours / 1000
             printf "%-22s sightline %s | pytorch %s images/s", s, o, t
             printf " | ratios %s, median %.2fx", r, m
             printf " | step %.0f GFLOP/s (%.0f%% of sgemm %.0f)", g, 100 * g / peak, peak
             printf " | predict + Grad-CAM %s", lat
             printf " | peak RSS %s MB (pytorch %s MB)", rss, their_rss }')
  summary+=("$line")
done
echo "== summary (threads $threads, $pairs paired runs per set)"
printf '%s\n' "${summary[@]}"
