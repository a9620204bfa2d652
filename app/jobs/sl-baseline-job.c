/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-baseline-job.h"

#include <glib/gi18n.h>

typedef struct
{
  char *catalog_path;
  SlSplit split;
  SlBaselineInfo info;
  SlEvaluation *evaluation;
} Baseline;

static void
baseline_free (gpointer data)
{
  Baseline *baseline = data;

  g_free (baseline->catalog_path);
  g_clear_pointer (&baseline->evaluation, sl_evaluation_free);
  g_free (baseline);
}

static gboolean
baseline_run (SlJob         *job,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Baseline *baseline = data;

  baseline->evaluation = sl_baseline_run (baseline->catalog_path, baseline->split,
                                          &baseline->info, cancellable, error);
  return baseline->evaluation != NULL;
}

SlJob *
sl_baseline_job_new (const char *catalog_path,
                     SlSplit     split)
{
  Baseline *baseline;

  g_return_val_if_fail (catalog_path != NULL, NULL);

  baseline = g_new0 (Baseline, 1);
  baseline->catalog_path = g_strdup (catalog_path);
  baseline->split = split;
  return sl_job_new (_("Baseline"), baseline_run, baseline, baseline_free);
}

SlEvaluation *
sl_baseline_job_get_evaluation (SlJob *job)
{
  Baseline *baseline = sl_job_get_data (job, baseline_run);

  g_return_val_if_fail (baseline != NULL, NULL);
  return baseline->evaluation;
}

const SlBaselineInfo *
sl_baseline_job_get_info (SlJob *job)
{
  Baseline *baseline = sl_job_get_data (job, baseline_run);

  g_return_val_if_fail (baseline != NULL, NULL);
  return &baseline->info;
}
