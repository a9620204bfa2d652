/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-report-job.h"

#include <glib/gi18n.h>

typedef struct
{
  char *catalog_path;
  gint64 model_id;
  char *model_file;
  SlSplit split;
  char *out_pdf;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->catalog_path);
  g_free (report->model_file);
  g_free (report->out_pdf);
  g_free (report);
}

static gboolean
report_run (SlJob         *job,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Report *r = data;

  return sl_report_write (r->catalog_path, r->model_id, r->model_file, r->split, r->out_pdf,
                          cancellable, error);
}

SlJob *
sl_report_job_new (const char *catalog_path,
                   gint64      model_id,
                   const char *model_file,
                   SlSplit     split,
                   const char *out_pdf)
{
  Report *report;

  g_return_val_if_fail (catalog_path != NULL && out_pdf != NULL, NULL);
  g_return_val_if_fail ((model_id > 0) != (model_file != NULL), NULL);

  report = g_new0 (Report, 1);
  report->catalog_path = g_strdup (catalog_path);
  report->model_id = model_id;
  report->model_file = g_strdup (model_file);
  report->split = split;
  report->out_pdf = g_strdup (out_pdf);
  return sl_job_new (_("Report"), report_run, report, report_free);
}
