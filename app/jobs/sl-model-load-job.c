/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-model-load-job.h"

#include <glib/gi18n.h>

typedef struct
{
  char *catalog_path;
  gint64 model_id;
  SlModel *model;
} ModelLoad;

static void
model_load_free (gpointer data)
{
  ModelLoad *load = data;

  g_free (load->catalog_path);
  g_clear_pointer (&load->model, sl_model_free);
  g_free (load);
}

static gboolean
model_load_run (SlJob         *job,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ModelLoad *load = data;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (load->catalog_path, error);

  if (catalog == NULL)
    return FALSE;
  load->model = sl_model_load_from_catalog (catalog, load->model_id, error);
  if (load->model == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (&load->model, sl_model_free);
      return FALSE;
    }
  return TRUE;
}

SlJob *
sl_model_load_job_new (const char *catalog_path,
                       gint64      model_id)
{
  ModelLoad *load;

  g_return_val_if_fail (catalog_path != NULL, NULL);

  load = g_new0 (ModelLoad, 1);
  load->catalog_path = g_strdup (catalog_path);
  load->model_id = model_id;
  return sl_job_new (_("Loading the model"), model_load_run, load, model_load_free);
}

const char *
sl_model_load_job_get_catalog_path (SlJob *job)
{
  ModelLoad *load = sl_job_get_data (job, model_load_run);

  g_return_val_if_fail (load != NULL, NULL);
  return load->catalog_path;
}

gint64
sl_model_load_job_get_model_id (SlJob *job)
{
  ModelLoad *load = sl_job_get_data (job, model_load_run);

  g_return_val_if_fail (load != NULL, 0);
  return load->model_id;
}

SlModel *
sl_model_load_job_steal_model (SlJob *job)
{
  ModelLoad *load = sl_job_get_data (job, model_load_run);

  g_return_val_if_fail (load != NULL, NULL);
  return g_steal_pointer (&load->model);
}
