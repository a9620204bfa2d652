/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-job.h"

G_BEGIN_DECLS

/* Training as a job: reads a snapshot of the labelled train/val images from the catalog on the
 * worker (its own SQLite connection), trains with ml/, stores the model and its predictions for
 * every image in one transaction, with the val split held out of train when the catalog had
 * none. Each batch and epoch end is passed on as ::progress on the main context (batch reports
 * may be merged, epoch ends never are); the epoch ends also build the history. Cancelled, it
 * stops within one batch and writes nothing; once at least one epoch ended it holds the best
 * epoch's network, which sl_train_job_new_keep_best() stores like a finished run. */

typedef struct
{
  char *arch;           /* NULL = the default architecture */
  int epochs;           /* 0 = default */
  int batch_size;       /* 0 = default */
  double lr;            /* 0 = default */
  guint64 seed;
  int threads;          /* 0 = all cores */
  int input_size;       /* 0 = from the data (sl_dataset_choose_input) */
  char *name;           /* model name; NULL = generated */
  char *out_path;       /* NULL, or a file the checkpoint is written to before the catalog
                         * stores the model (removed again when storing fails) */
  gint64 warm_start_model_id;  /* 0, or a stored model whose weights, architecture and input
                                * training continues from when its classes are the catalog's
                                * (else it starts from scratch: see warm_started) */
} SlTrainSettings;

typedef struct
{
  int epoch;
  int epochs;
  int batch;
  int batches;
  double loss;
  double accuracy;
  gboolean epoch_done;  /* TRUE once per epoch, then val_* are set */
  double val_loss;
  double val_accuracy;
  double val_auc;
  double images_per_second;
} SlTrainProgress;

typedef struct
{
  gint64 model_id;
  int epochs_run;
  int best_epoch;
  double best_val_accuracy;
  double best_val_auc;
  double seconds;
  double images_per_second;
  int input_channels;
  int input_size;
  int val_held_out;     /* > 0: the catalog had no val split; this many train images (10 % of
                         * each class, seeded) became it, stored with the model */
  gboolean warm_started;  /* began from the weights of settings.warm_start_model_id */
} SlTrainOutcome;

#define SL_TYPE_TRAIN_JOB (sl_train_job_get_type ())
G_DECLARE_FINAL_TYPE (SlTrainJob, sl_train_job, SL, TRAIN_JOB, SlJob)

void                  sl_train_settings_init   (SlTrainSettings       *settings);
void                  sl_train_settings_clear  (SlTrainSettings       *settings);

SlTrainJob           *sl_train_job_new         (const char            *catalog_path,
                                                const SlTrainSettings *settings);
/* After a cancelled run completed: TRUE when it holds its best epoch so far (one epoch ended),
 * with that epoch's validation figures. */
gboolean              sl_train_job_get_best_so_far (SlTrainJob *self,
                                                    int        *epoch,
                                                    double     *val_accuracy,
                                                    double     *val_auc);
/* A job that stores the cancelled run's best epoch (taken from it) as a model, with its
 * predictions, exactly as a finished run is stored; its outcome is that run's. */
SlTrainJob           *sl_train_job_new_keep_best   (SlTrainJob *cancelled);
/* Frees the cancelled run's network and images. */
void                  sl_train_job_discard_best    (SlTrainJob *self);
/* The epoch ends delivered so far (SlTrainProgress, epoch_done set). */
GArray               *sl_train_job_get_history (SlTrainJob            *self);
/* Valid once the job completed without error. */
const SlTrainOutcome *sl_train_job_get_outcome (SlTrainJob            *self);

G_END_DECLS
