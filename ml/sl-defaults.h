/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Every tuned default in one place: the input size, the architecture and the training settings
 * chosen for a dataset when the user gives none (figures behind them: bench/ml/bench-quality). */

#include <stddef.h>

#include "sl-train.h"

/* Input sides above this train too slowly on a CPU for a default; users can ask for more. */
#define SL_INPUT_SIZE_CAP 128

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
 * weights, label smoothing 0.05, flips and small warps (5 degrees, 5% shifts), batch 64, and a
 * length in epochs from a step budget (about 1,000 steps, 4 to 100 epochs) with an early stop
 * when the val score stops improving. Today only n_train changes the result; the other
 * arguments are there so that rules by input and classes need no new API. */
void sl_train_defaults_for (sl_train_config *cfg, int in_c, int in_h, int in_w, int n_train,
                            int n_classes);
