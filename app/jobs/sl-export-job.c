/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-export-job.h"

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
run_job (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
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

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_export_job_run_async (SlExportKind         kind,
                         const char          *catalog_path,
                         gint64               model_id,
                         SlSplit              split,
                         const char          *target,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (catalog_path != NULL && target != NULL);
  g_return_if_fail (!sl_export_kind_needs_model (kind) || model_id > 0);

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->catalog_path = g_strdup (catalog_path);
  job->model_id = model_id;
  job->split = split;
  job->target = g_strdup (target);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_export_job_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sl_export_job_run_finish (GAsyncResult  *result,
                          guint         *n_written,
                          GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_export_job_run_async,
                        FALSE);
  job = g_task_get_task_data (G_TASK (result));
  if (n_written != NULL)
    *n_written = job->n_written;
  return g_task_propagate_boolean (G_TASK (result), error);
}
