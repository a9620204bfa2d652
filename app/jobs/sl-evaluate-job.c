/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-evaluate-job.h"

typedef struct
{
  char *catalog_path;
  gint64 model_id;
  SlSplit split;
} EvaluateRequest;

static void
evaluate_request_free (gpointer data)
{
  EvaluateRequest *request = data;

  g_free (request->catalog_path);
  g_free (request);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EvaluateRequest *request = task_data;
  GError *error = NULL;
  SlEvaluation *evaluation;

  evaluation = sl_evaluate (request->catalog_path, request->model_id, request->split,
                            cancellable, &error);
  if (evaluation != NULL)
    g_task_return_pointer (task, evaluation, (GDestroyNotify) sl_evaluation_free);
  else
    g_task_return_error (task, error);
}

void
sl_evaluate_job_run_async (const char          *catalog_path,
                           gint64               model_id,
                           SlSplit              split,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateRequest *request;

  g_return_if_fail (catalog_path != NULL);

  request = g_new0 (EvaluateRequest, 1);
  request->catalog_path = g_strdup (catalog_path);
  request->model_id = model_id;
  request->split = split;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_evaluate_job_run_async);
  g_task_set_task_data (task, request, evaluate_request_free);
  g_task_run_in_thread (task, evaluate_thread);
}

SlEvaluation *
sl_evaluate_job_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_evaluate_job_run_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
