/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-export-job.h"

#include <glib/gi18n.h>

#include "sl-evaluate.h"
#include "sl-results-export.h"

typedef struct
{
  SlExportKind kind;
  char *catalog_path;
  gint64 model_id;
  SlSplit split;
  char *target;
  guint n_written;
} Job;

static void
job_free (Job *job)
{
  g_free (job->catalog_path);
  g_free (job->target);
  g_free (job);
}

gboolean
sl_export_kind_needs_model (SlExportKind kind)
{
  return kind == SL_EXPORT_PREDICTIONS_CSV || kind == SL_EXPORT_PREDICTIONS_JSON
         || kind == SL_EXPORT_MODEL;
}

static gboolean
export_run (SlJob         *self,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Job *job = data;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlEvaluation) evaluation = NULL;

  if (sl_export_kind_needs_model (job->kind))
    {
      evaluation = sl_evaluate (job->catalog_path, job->model_id, job->split, cancellable, error);
      if (evaluation == NULL)
        return FALSE;
    }
  switch (job->kind)
    {
    case SL_EXPORT_PREDICTIONS_CSV:
      return sl_export_predictions_csv (evaluation, job->split, job->target, error);
    case SL_EXPORT_PREDICTIONS_JSON:
      return sl_export_predictions_json (evaluation, job->split, job->target, error);
    default:
      break;
    }
  catalog = sl_catalog_open (job->catalog_path, error);
  if (catalog == NULL)
    return FALSE;
  if (job->kind == SL_EXPORT_LABELS_CSV)
    return sl_export_labels_csv (catalog, job->target, error);
  if (job->kind == SL_EXPORT_LABELS_PNG)
    return sl_export_labels_png (catalog, job->target, SL_SPLIT_NONE, TRUE, &job->n_written,
                                 cancellable, error);
  return sl_export_model (catalog, job->model_id, evaluation, job->split, job->target, error);
}

SlJob *
sl_export_job_new (SlExportKind  kind,
                   const char   *catalog_path,
                   gint64        model_id,
                   SlSplit       split,
                   const char   *target)
{
  Job *job;

  g_return_val_if_fail (catalog_path != NULL && target != NULL, NULL);
  g_return_val_if_fail (!sl_export_kind_needs_model (kind) || model_id > 0, NULL);

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->catalog_path = g_strdup (catalog_path);
  job->model_id = model_id;
  job->split = split;
  job->target = g_strdup (target);
  return sl_job_new (_("Export"), export_run, job, (GDestroyNotify) job_free);
}

guint
sl_export_job_get_n_written (SlJob *self)
{
  Job *job = sl_job_get_data (self, export_run);

  g_return_val_if_fail (job != NULL, 0);
  return job->n_written;
}
