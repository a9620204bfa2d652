/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Training as a background job: reads a snapshot of the labelled train/val images from the
 * catalog on a worker thread (its own SQLite connection), trains with ml/, stores the model and
 * its predictions for every image in one transaction (with the val split held out of train
 * when the catalog had none), and reports progress on the caller's main
 * context (at most one pending idle at a time). Cancel through the GCancellable: the job stops
 * within one batch and writes nothing. */

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
} SlTrainOutcome;

typedef void (*SlTrainProgressFunc) (const SlTrainProgress *progress,
                                     gpointer               user_data);

void     sl_train_settings_init (SlTrainSettings      *settings);
void     sl_train_settings_clear (SlTrainSettings     *settings);

void     sl_train_job_run_async  (const char            *catalog_path,
                                  const SlTrainSettings *settings,
                                  SlTrainProgressFunc    progress,
                                  gpointer               progress_data,
                                  GDestroyNotify         progress_data_free,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data);
gboolean sl_train_job_run_finish (GAsyncResult          *result,
                                  SlTrainOutcome        *outcome,
                                  GError               **error);
/* The same, blocking, for the CLI (progress called on the calling thread). */
gboolean sl_train_job_run        (const char            *catalog_path,
                                  const SlTrainSettings *settings,
                                  SlTrainProgressFunc    progress,
                                  gpointer               progress_data,
                                  GCancellable          *cancellable,
                                  SlTrainOutcome        *outcome,
                                  GError               **error);

G_END_DECLS
