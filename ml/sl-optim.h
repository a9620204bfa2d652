/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Optimisers over a net's flat parameter array, whose first n_decay entries (the conv and fc
 * weights) get weight decay and the rest (biases, batch norm's gamma and beta) do not. */

#include <stddef.h>

#include "sl-train.h"

typedef struct
{
  sl_optimizer kind;
  float weight_decay, momentum, beta1, beta2, eps;
  size_t n, n_decay;
  long t;
  float *state; /* SGD: velocity (n); AdamW: m (n) then v (n); one allocation */
} sl_optim;

int  sl_optim_init (sl_optim *o, sl_optimizer kind, size_t n, size_t n_decay, float momentum,
                    float weight_decay);   /* 0, or -1 out of memory */
void sl_optim_step (sl_optim *o, float *params, const float *grads, float lr);
void sl_optim_free (sl_optim *o);

/* The learning rate at step (0-based) of total: a linear warm-up over warmup steps, then
 * cosine to zero, steps of x0.1 at 50% and 75%, or constant. */
float sl_lr_at (sl_schedule schedule, float base, long step, long total, long warmup);
