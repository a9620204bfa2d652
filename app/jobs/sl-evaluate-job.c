/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-evaluate-job.h"

#include <glib/gi18n.h>

typedef struct
{
  char *catalog_path;
  gint64 model_id;
  SlSplit split;
  SlEvaluation *evaluation;
} Evaluate;

static void
evaluate_free (gpointer data)
{
  Evaluate *evaluate = data;

  g_free (evaluate->catalog_path);
  g_clear_pointer (&evaluate->evaluation, sl_evaluation_free);
  g_free (evaluate);
}

static gboolean
evaluate_run (SlJob         *job,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Evaluate *evaluate = data;

  evaluate->evaluation = sl_evaluate (evaluate->catalog_path, evaluate->model_id,
                                      evaluate->split, cancellable, error);
  return evaluate->evaluation != NULL;
}

SlJob *
sl_evaluate_job_new (const char *catalog_path,
                     gint64      model_id,
                     SlSplit     split)
{
  Evaluate *evaluate;

  g_return_val_if_fail (catalog_path != NULL, NULL);

  evaluate = g_new0 (Evaluate, 1);
  evaluate->catalog_path = g_strdup (catalog_path);
  evaluate->model_id = model_id;
  evaluate->split = split;
  return sl_job_new (_("Evaluation"), evaluate_run, evaluate, evaluate_free);
}

SlEvaluation *
sl_evaluate_job_steal_evaluation (SlJob *job)
{
  Evaluate *evaluate = sl_job_get_data (job, evaluate_run);

  g_return_val_if_fail (evaluate != NULL, NULL);
  return g_steal_pointer (&evaluate->evaluation);
}
