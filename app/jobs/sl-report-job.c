/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-report-job.h"

typedef struct
{
  char *catalog_path;
  gint64 model_id;
  char *model_file;
  SlSplit split;
  char *out_pdf;
} ReportRequest;

static void
report_request_free (gpointer data)
{
  ReportRequest *request = data;

  g_free (request->catalog_path);
  g_free (request->model_file);
  g_free (request->out_pdf);
  g_free (request);
}

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportRequest *r = task_data;
  GError *error = NULL;

  if (sl_report_write (r->catalog_path, r->model_id, r->model_file, r->split, r->out_pdf,
                       cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_report_write_async (const char          *catalog_path,
                       gint64               model_id,
                       const char          *model_file,
                       SlSplit              split,
                       const char          *out_pdf,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReportRequest *request;

  g_return_if_fail (catalog_path != NULL && out_pdf != NULL);
  g_return_if_fail ((model_id > 0) != (model_file != NULL));

  request = g_new0 (ReportRequest, 1);
  request->catalog_path = g_strdup (catalog_path);
  request->model_id = model_id;
  request->model_file = g_strdup (model_file);
  request->split = split;
  request->out_pdf = g_strdup (out_pdf);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_report_write_async);
  g_task_set_task_data (task, request, report_request_free);
  g_task_run_in_thread (task, report_thread);
}

gboolean
sl_report_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_report_write_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
