#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What a new user gets on the three real sets, end to end with the command-line tool: for each
# set and each seed, a fresh catalog, `import`, the default `train` (no options but --seed and
# --threads 2) and `evaluate` on the test split. Prints one row per run (test accuracy,
# balanced accuracy, AUC, the seconds of each step, training images/s and the load average)
# and the medians per set. The sets: the PneumoniaMNIST demo (28 px gray), pbc_bloodcells_64
# (64 px RGB, 8 classes) and chestxray_kermany_128 (128 px gray), read from
# $SL_SHARED_DATASETS (default: ../shared/datasets beside the source tree).
# Usage: run-quality.sh SIGHTLINE_CLI SOURCE_ROOT [SEEDS] [SET...]
set -euo pipefail
cli=$1 root=$2 seeds=${3:-3}
shift $(($# < 3 ? $# : 3))
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(pneumoniamnist pbc_bloodcells_64 chestxray_kermany_128)
datasets=${SL_SHARED_DATASETS:-$root/../shared/datasets}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export OPENBLAS_NUM_THREADS=2
now () { date +%s.%N; }
# the value of a top-level number in a one-line JSON object
field () { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

printf '%-22s %4s %8s %8s %8s %7s %7s %7s %7s %8s %6s\n' set seed accuracy balanced AUC \
  import train eval total 'img/s' load
for set in "${sets[@]}"; do
  if [ ! -d "$datasets/$set" ]; then
    echo "$datasets/$set: missing (set SL_SHARED_DATASETS)" >&2
    exit 1
  fi
  rows=$work/$set.rows
  : > "$rows"
  for seed in $(seq 1 "$seeds"); do
    cat=$work/$set-$seed.catalog
    t0=$(now)
    "$cli" import --catalog "$cat" "$datasets/$set" > /dev/null
    t1=$(now)
    trained=$("$cli" train --catalog "$cat" --out "$work/model" --seed "$seed" --threads 2 \
              --json | tail -n 1)
    t2=$(now)
    metrics=$("$cli" evaluate --catalog "$cat" --model "$work/model" --split test --json)
    t3=$(now)
    load=$(cut -d ' ' -f 1 /proc/loadavg)
    python3 - "$set" "$seed" "$metrics" "$trained" "$t0" "$t1" "$t2" "$t3" "$load" \
      >> "$rows" <<'EOF'
import json, sys
s, seed, m, t = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
t0, t1, t2, t3 = map(float, sys.argv[5:9])
print(f"{s:<22} {seed:>4} {m['accuracy']:8.4f} {m['balanced_accuracy']:8.4f} {m['auc']:8.4f} "
      f"{t1 - t0:7.1f} {t2 - t1:7.1f} {t3 - t2:7.1f} {t3 - t0:7.1f} "
      f"{t['images_per_second']:8.0f} {sys.argv[9]:>6}")
EOF
    tail -n 1 "$rows"
    rm -f "$cat"*
  done
  python3 - "$set" "$rows" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[2])]
col = lambda i: statistics.median(float(r[i]) for r in rows)
print(f"{sys.argv[1]:<22} {'med':>4} {col(2):8.4f} {col(3):8.4f} {col(4):8.4f} {col(5):7.1f} "
      f"{col(6):7.1f} {col(7):7.1f} {col(8):7.1f} {col(9):8.0f}")
EOF
done
echo "2 threads; times in seconds of wall clock (only comparable on a quiet machine: see load)"
