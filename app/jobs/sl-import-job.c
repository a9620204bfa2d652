/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-import-job.h"

#include <glib/gi18n.h>

typedef struct
{
  SlCatalog *catalog;          /* the caller's; only touched on its main context */
  char *catalog_path;
  GStrv paths;
  char *labels_csv;
  SlImportProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_data_free;
  GCancellable *cancellable;

  GMutex lock;                 /* guards the fields below */
  SlImportStats stats;         /* newest, from the worker */
  GPtrArray *notices;
  gboolean idle_pending;
  gboolean finished;           /* finish ran: later idles are stale */
  guint announced_imports;     /* imported count last announced with images-changed */
} Job;

static void
job_clear (Job *job)
{
  g_clear_object (&job->catalog);
  g_free (job->catalog_path);
  g_strfreev (job->paths);
  g_free (job->labels_csv);
  if (job->progress_data_free != NULL)
    job->progress_data_free (job->progress_data);
  g_clear_object (&job->cancellable);
  g_ptr_array_unref (job->notices);
  g_mutex_clear (&job->lock);
}

static void
job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

/* Runs on the caller's main context. */
static gboolean
deliver_progress_cb (gpointer data)
{
  Job *job = data;
  SlImportStats stats;
  gboolean stale, announce;

  g_mutex_lock (&job->lock);
  job->idle_pending = FALSE;
  stats = job->stats;
  stale = job->finished || g_cancellable_is_cancelled (job->cancellable);
  announce = !stale && stats.imported > job->announced_imports
             && stats.committed == stats.done;
  if (announce)
    job->announced_imports = stats.imported;
  g_mutex_unlock (&job->lock);

  if (stale)
    return G_SOURCE_REMOVE;
  if (announce)
    sl_catalog_images_changed (job->catalog);
  if (job->progress != NULL)
    job->progress (&stats, job->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs on the worker: keeps the newest stats and schedules at most one idle. */
static void
worker_progress_cb (const SlImportStats *stats,
                    gpointer             user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&job->lock);
  job->stats = *stats;
  schedule = !job->idle_pending;
  job->idle_pending = TRUE;
  g_mutex_unlock (&job->lock);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress_cb, g_atomic_rc_box_acquire (job),
                             job_unref);
      g_source_set_static_name (source, "[sightline] import progress");
      g_source_attach (source, g_task_get_context (task));
    }
}

static void
worker_notice_cb (SlImportNotice  kind,
                  const char     *message,
                  gpointer        user_data)
{
  Job *job = user_data;

  g_mutex_lock (&job->lock);
  g_ptr_array_add (job->notices, g_strdup (message));
  g_mutex_unlock (&job->lock);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  GError *error = NULL;
  SlImportStats stats = { 0 };
  gboolean ok;

  catalog = sl_catalog_open (job->catalog_path, &error);
  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  importer = sl_importer_new (catalog);
  for (guint i = 0; job->paths[i] != NULL; i++)
    sl_importer_add_path (importer, job->paths[i]);
  if (job->labels_csv != NULL && !sl_importer_set_labels_csv (importer, job->labels_csv, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  sl_importer_set_notice_func (importer, worker_notice_cb, job);
  sl_importer_set_progress_func (importer, worker_progress_cb, task);

  ok = sl_importer_run (importer, cancellable, &stats, &error);
  g_mutex_lock (&job->lock);
  job->stats = stats;
  g_mutex_unlock (&job->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_import_job_run_async (SlCatalog            *catalog,
                         const char * const   *paths,
                         const char           *labels_csv,
                         SlImportProgressFunc  progress,
                         gpointer              progress_data,
                         GDestroyNotify        progress_data_free,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SL_IS_CATALOG (catalog));
  g_return_if_fail (paths != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_atomic_rc_box_new0 (Job);
  job->catalog = g_object_ref (catalog);
  job->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  job->paths = g_strdupv ((GStrv) paths);
  job->labels_csv = g_strdup (labels_csv);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_data_free = progress_data_free;
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  job->notices = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&job->lock);

  task = g_task_new (NULL, job->cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_import_job_run_async);
  g_task_set_name (task, "[sightline] import");
  g_task_set_task_data (task, job, job_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, import_thread);
}

gboolean
sl_import_job_run_finish (SlCatalog     *catalog,
                          GAsyncResult  *result,
                          SlImportStats *stats,
                          GStrv         *notices,
                          GError       **error)
{
  Job *job;
  gboolean announce;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_import_job_run_async,
                        FALSE);

  job = g_task_get_task_data (G_TASK (result));
  g_mutex_lock (&job->lock);
  job->finished = TRUE;
  announce = job->stats.imported > job->announced_imports;
  job->announced_imports = job->stats.imported;
  if (stats != NULL)
    *stats = job->stats;
  if (notices != NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < job->notices->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (job->notices, i));
      *notices = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  g_mutex_unlock (&job->lock);

  /* idles still queued are stale now; they must not keep the caller's catalog alive */
  g_clear_object (&job->catalog);
  if (announce)
    sl_catalog_images_changed (catalog);
  return g_task_propagate_boolean (G_TASK (result), error);
}
