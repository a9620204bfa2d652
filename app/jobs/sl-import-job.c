/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-import-job.h"

#include <glib/gi18n.h>

struct _SlImportJob
{
  SlJob parent_instance;

  SlCatalog *catalog;          /* the caller's; only touched on the main context */
  char *catalog_path;
  GStrv paths;
  char *labels_csv;
  guint64 max_pixels;
  guint announced_imports;     /* main context: imported count last announced */

  GMutex lock;                 /* guards the fields below */
  SlImportStats stats;         /* newest, from the worker */
  GPtrArray *notices;
};

G_DEFINE_FINAL_TYPE (SlImportJob, sl_import_job, SL_TYPE_JOB)

/* Main context: announces the images committed since the last announcement. */
static void
announce (SlImportJob *self,
          gboolean     at_end)
{
  SlImportStats stats;

  sl_import_job_get_stats (self, &stats);
  if (self->catalog == NULL || stats.imported <= self->announced_imports
      || (!at_end && stats.committed != stats.done))
    return;
  self->announced_imports = stats.imported;
  sl_catalog_images_changed (self->catalog);
}

static void
sl_import_job_delivered (SlJob *job)
{
  announce (SL_IMPORT_JOB (job), FALSE);
}

static void
sl_import_job_completed (SlJob        *job,
                         const GError *error)
{
  SlImportJob *self = SL_IMPORT_JOB (job);

  announce (self, TRUE);
  /* the caller's catalog is not kept alive by a finished job */
  g_clear_object (&self->catalog);
}

/* Worker: keeps the newest stats and reports them. */
static void
worker_progress_cb (const SlImportStats *stats,
                    gpointer             user_data)
{
  SlImportJob *self = user_data;
  g_autofree char *message = NULL;

  g_mutex_lock (&self->lock);
  self->stats = *stats;
  g_mutex_unlock (&self->lock);
  message = g_strdup_printf (_("%u of %u files, %u new"), stats->done, stats->total,
                             stats->imported);
  sl_job_set_progress (SL_JOB (self), stats->total > 0 ? (double) stats->done / stats->total : -1,
                       message);
}

static void
worker_notice_cb (SlImportNotice  kind,
                  const char     *message,
                  gpointer        user_data)
{
  SlImportJob *self = user_data;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->notices, g_strdup (message));
  g_mutex_unlock (&self->lock);
}

static gboolean
sl_import_job_real_run (SlJob         *job,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SlImportJob *self = SL_IMPORT_JOB (job);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats = { 0 };
  gboolean ok;

  catalog = sl_catalog_open (self->catalog_path, error);
  if (catalog == NULL)
    return FALSE;
  importer = sl_importer_new (catalog);
  sl_importer_set_max_pixels (importer, self->max_pixels);
  for (guint i = 0; self->paths[i] != NULL; i++)
    sl_importer_add_path (importer, self->paths[i]);
  if (self->labels_csv != NULL && !sl_importer_set_labels_csv (importer, self->labels_csv, error))
    return FALSE;
  sl_importer_set_notice_func (importer, worker_notice_cb, self);
  sl_importer_set_progress_func (importer, worker_progress_cb, self);

  ok = sl_importer_run (importer, cancellable, &stats, error);
  g_mutex_lock (&self->lock);
  self->stats = stats;
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
sl_import_job_finalize (GObject *object)
{
  SlImportJob *self = SL_IMPORT_JOB (object);

  g_clear_object (&self->catalog);
  g_free (self->catalog_path);
  g_strfreev (self->paths);
  g_free (self->labels_csv);
  g_ptr_array_unref (self->notices);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sl_import_job_parent_class)->finalize (object);
}

static void
sl_import_job_class_init (SlImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlJobClass *job_class = SL_JOB_CLASS (klass);

  object_class->finalize = sl_import_job_finalize;
  job_class->run = sl_import_job_real_run;
  job_class->delivered = sl_import_job_delivered;
  job_class->completed = sl_import_job_completed;
}

static void
sl_import_job_init (SlImportJob *self)
{
  g_mutex_init (&self->lock);
  self->notices = g_ptr_array_new_with_free_func (g_free);
}

SlImportJob *
sl_import_job_new (SlCatalog          *catalog,
                   const char * const *paths,
                   const char         *labels_csv)
{
  SlImportJob *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (SL_TYPE_IMPORT_JOB, "title", _("Import"), NULL);
  self->catalog = g_object_ref (catalog);
  self->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  self->paths = g_strdupv ((GStrv) paths);
  self->labels_csv = g_strdup (labels_csv);
  self->max_pixels = SL_IMAGE_DEFAULT_MAX_PIXELS;
  return self;
}

void
sl_import_job_set_max_pixels (SlImportJob *self,
                              guint64      max_pixels)
{
  g_return_if_fail (SL_IS_IMPORT_JOB (self) && max_pixels > 0);
  self->max_pixels = max_pixels;
}

void
sl_import_job_get_stats (SlImportJob   *self,
                         SlImportStats *stats)
{
  g_return_if_fail (SL_IS_IMPORT_JOB (self));
  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}

GStrv
sl_import_job_dup_notices (SlImportJob *self)
{
  GStrvBuilder *builder;
  GStrv notices;

  g_return_val_if_fail (SL_IS_IMPORT_JOB (self), NULL);
  builder = g_strv_builder_new ();
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->notices->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->notices, i));
  g_mutex_unlock (&self->lock);
  notices = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return notices;
}
