/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-augment.h"
#include "sl-net.h"

typedef enum { SL_OPT_SGD, SL_OPT_ADAMW } sl_optimizer;
typedef enum { SL_SCHED_COSINE, SL_SCHED_STEP, SL_SCHED_CONSTANT } sl_schedule;
typedef struct {
  int epochs, batch_size; float lr, weight_decay, momentum; sl_optimizer optimizer; sl_schedule schedule;
  uint64_t seed; int threads; int class_weights /* 1 = balanced */; int patience /* 0 = off */;
  sl_augment_config augment;
  float label_smoothing;    /* 0 = off; target (1 - e) on the true class plus e / K on each */
  float warmup_epochs;      /* linear learning-rate warm-up, then the schedule */
  float ema_decay;          /* 0 = off; else validation and the result use an exponential moving
                               average of the weights and batch norm statistics, this decay per
                               step (less in the first steps: (1 + t) / (10 + t)) */
} sl_train_config;
/* The tuned defaults: sl_train_defaults_for () in sl-defaults.h. */
/* cfg->threads: data-parallel workers (0 = one per online core, at most batch_size / 2), each on
 * its part of every batch with batch norm over that part (see sl-workers.h); OpenBLAS then runs
 * single-threaded, and its thread count is restored when sl_train returns. With one worker,
 * OpenBLAS gets cfg->threads. Same seed and same threads: same loss curve. */
/* x: (n, c, h, w) raw 0..1; or x NULL and x8 the same as bytes 0..255 (value / 255), a quarter
 * of the memory, converted a batch at a time. */
typedef struct { const float *x; const int *y; int n, c, h, w; const uint8_t *x8; } sl_dataset;
typedef struct { int epoch, epochs, batch, batches; float loss, accuracy; int epoch_done;
                 float val_loss, val_accuracy, val_auc; double images_per_second; } sl_train_progress;
typedef int (*sl_progress_fn) (const sl_train_progress *p, void *user);   /* return non-zero to cancel */
typedef struct { int epochs_run, best_epoch, cancelled; float best_val_accuracy, best_val_auc;
                 double seconds, images_per_second; } sl_train_result;
int sl_train (sl_net *net, const sl_dataset *train, const sl_dataset *val, const sl_train_config *cfg,
              sl_progress_fn progress, void *user, sl_train_result *result, char *err, size_t err_len);
   /* computes normalisation on train, keeps the best-validation parameters in net at the end */
