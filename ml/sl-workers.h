/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Data-parallel training and inference on a few threads. Worker 0 is the master net, the others
 * are replicas of it (same arch, room for a part of a batch). A training step splits the batch
 * into fixed contiguous parts, one per worker; each runs forward, the loss and backward on its
 * part, with batch norm's statistics over its part only ("ghost batch norm"), and the master
 * then sums the gradients in a fixed order. Same seed and same worker count: same results.
 * OpenBLAS should run single-threaded meanwhile, or the two kinds of threads oversubscribe. */

#include <stddef.h>

#include "sl-net.h"

typedef struct sl_workers sl_workers;

/* threads: 0 = one per online core; capped so that each worker gets at least 2 images of a
 * batch of batch images. Copies the master's state into the replicas. NULL with err set. */
sl_workers *sl_workers_new (sl_net *master, int threads, int batch, char *err, size_t err_len);
void        sl_workers_free (sl_workers *w);
int         sl_workers_count (const sl_workers *w);

/* One training step's forward and backward on x (n, c, h, w) raw 0..1 with labels y (n),
 * 2 <= n <= batch: the master's grads become the gradient of the batch's loss (as
 * sl_softmax_xent defines it, over the whole batch) and its batch norm running statistics the
 * mean of the workers' updates. Returns that loss; *correct gets the count of images whose
 * argmax is their label. Replicas' dropout streams are seeded from the master's at each step. */
float sl_workers_step (sl_workers *w, const float *x, const int *y, int n,
                       const float *class_weight, float smoothing, int *correct);

/* Copies the master's parameters, batch norm statistics and normalisation into the replicas
 * (after each optimiser step). */
void sl_workers_sync (sl_workers *w);

/* sl_net_predict with the images split across the workers (replicas in sync). */
void sl_workers_predict (sl_workers *w, const float *x, int n, float *probs);
