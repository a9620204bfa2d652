/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-change-job.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"

struct _SlChangeJob
{
  SlJob parent_instance;

  SlCatalog *catalog;          /* the caller's; on a worker only its path is used */
  char *catalog_path;
  GThread *owner;              /* the thread that made the job: it may use catalog */
  SlChangeKind kind;
  GArray *images;              /* SlImageChange; a new change's befores are read by run */
  SlChangeStep step;
  char *annotator;
  SlLabelSource source;
  gboolean own_connection;     /* written by run, read once the job completed */
};

G_DEFINE_FINAL_TYPE (SlChangeJob, sl_change_job, SL_TYPE_JOB)

gboolean
sl_change_store (SlCatalog     *catalog,
                 SlChangeKind   kind,
                 const gint64  *image_ids,
                 const gint64  *values,
                 guint          n,
                 const char    *annotator,
                 SlLabelSource  source,
                 GError       **error)
{
  if (kind == SL_CHANGE_LABELS)
    return sl_catalog_set_labels_from (catalog, image_ids, values, n, annotator, source, error);
  if (!sl_catalog_begin (catalog, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!sl_catalog_set_split (catalog, image_ids[i], (SlSplit) values[i], -1, error))
      {
        sl_catalog_rollback (catalog);
        return FALSE;
      }
  return sl_catalog_commit (catalog, error);
}

/* A new change: each image's value before, at one snapshot; a label leaves out the images it
 * would not change. */
static void
read_before (SlChangeJob *self,
             SlCatalog   *catalog)
{
  gboolean in_transaction = sl_catalog_begin_read (catalog, NULL);
  guint kept = 0;

  for (guint i = 0; i < self->images->len; i++)
    {
      SlImageChange image = g_array_index (self->images, SlImageChange, i);

      if (self->kind == SL_CHANGE_SPLITS)
        image.before = sl_catalog_get_split (catalog, image.image_id);
      else
        {
          image.before = sl_catalog_get_label (catalog, image.image_id);
          if (image.before == image.after
              && (image.after == 0
                  || sl_catalog_get_reader_label (catalog, image.image_id, self->annotator)
                     == image.after))
            continue;
        }
      g_array_index (self->images, SlImageChange, kept++) = image;
    }
  g_array_set_size (self->images, kept);
  if (in_transaction && !sl_catalog_commit (catalog, NULL))
    sl_catalog_rollback (catalog);
}

static gboolean
sl_change_job_run (SlJob         *job,
                   GCancellable  *cancellable,
                   GError       **error)
{
  SlChangeJob *self = SL_CHANGE_JOB (job);
  g_autoptr(SlCatalog) catalog = NULL;
  guint n;
  g_autofree gint64 *ids = NULL;
  g_autofree gint64 *values = NULL;

  self->own_connection = g_thread_self () != self->owner;
  catalog = self->own_connection ? sl_catalog_open (self->catalog_path, error)
                                 : g_object_ref (self->catalog);
  if (catalog == NULL)
    return FALSE;
  if (self->step == SL_CHANGE_NEW)
    read_before (self, catalog);
  n = self->images->len;
  if (n == 0)
    return TRUE;
  ids = g_new (gint64, n);
  values = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      SlImageChange *image = &g_array_index (self->images, SlImageChange, i);

      ids[i] = image->image_id;
      values[i] = self->step == SL_CHANGE_UNDO ? image->before : image->after;
    }
  return sl_change_store (catalog, self->kind, ids, values, n, self->annotator, self->source,
                          error);
}

/* Labels stored through the job's own connection: the caller's catalog tells its listeners
 * (through the caller's connection, the store itself did). */
static void
sl_change_job_completed (SlJob        *job,
                         const GError *error)
{
  SlChangeJob *self = SL_CHANGE_JOB (job);
  guint n = self->images->len;

  if (error == NULL && self->own_connection && self->kind == SL_CHANGE_LABELS && n > 0)
    sl_catalog_labels_changed (self->catalog,
                               n == 1 ? g_array_index (self->images, SlImageChange, 0).image_id
                                      : 0);
}

static void
sl_change_job_finalize (GObject *object)
{
  SlChangeJob *self = SL_CHANGE_JOB (object);

  g_clear_object (&self->catalog);
  g_free (self->catalog_path);
  g_array_unref (self->images);
  g_free (self->annotator);
  G_OBJECT_CLASS (sl_change_job_parent_class)->finalize (object);
}

static void
sl_change_job_class_init (SlChangeJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlJobClass *job_class = SL_JOB_CLASS (klass);

  object_class->finalize = sl_change_job_finalize;
  job_class->run = sl_change_job_run;
  job_class->completed = sl_change_job_completed;
}

static void
sl_change_job_init (SlChangeJob *self)
{
  self->owner = g_thread_self ();
  self->images = g_array_new (FALSE, FALSE, sizeof (SlImageChange));
  self->source = SL_LABEL_SOURCE_HUMAN;
}

static SlChangeJob *
change_job_new (SlCatalog    *catalog,
                SlChangeKind  kind,
                const char   *annotator)
{
  SlChangeJob *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_object_new (SL_TYPE_CHANGE_JOB, "title",
                       kind == SL_CHANGE_LABELS ? _("Storing labels") : _("Changing splits"),
                       NULL);
  self->catalog = g_object_ref (catalog);
  self->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  self->kind = kind;
  self->annotator = g_strdup (annotator);
  return self;
}

static void
add_new_images (SlChangeJob  *self,
                const gint64 *image_ids,
                guint         n,
                gint64        after)
{
  g_array_set_size (self->images, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->images, SlImageChange, i) = (SlImageChange) { image_ids[i], 0, after };
}

SlChangeJob *
sl_change_job_new_labels (SlCatalog     *catalog,
                          const gint64  *image_ids,
                          guint          n,
                          gint64         class_id,
                          const char    *annotator,
                          SlLabelSource  source)
{
  SlChangeJob *self = change_job_new (catalog, SL_CHANGE_LABELS, annotator);

  add_new_images (self, image_ids, n, class_id);
  self->source = source;
  return self;
}

SlChangeJob *
sl_change_job_new_splits (SlCatalog    *catalog,
                          const gint64 *image_ids,
                          guint         n,
                          SlSplit       split)
{
  SlChangeJob *self = change_job_new (catalog, SL_CHANGE_SPLITS, NULL);

  add_new_images (self, image_ids, n, split);
  return self;
}

SlChangeJob *
sl_change_job_new_step (SlCatalog    *catalog,
                        SlChangeKind  kind,
                        GArray       *images,
                        gboolean      to_after,
                        const char   *annotator)
{
  SlChangeJob *self = change_job_new (catalog, kind, annotator);

  g_array_append_vals (self->images, images->data, images->len);
  self->step = to_after ? SL_CHANGE_REDO : SL_CHANGE_UNDO;
  return self;
}

SlChangeKind
sl_change_job_get_kind (SlChangeJob *self)
{
  g_return_val_if_fail (SL_IS_CHANGE_JOB (self), SL_CHANGE_LABELS);
  return self->kind;
}

GArray *
sl_change_job_get_images (SlChangeJob *self)
{
  g_return_val_if_fail (SL_IS_CHANGE_JOB (self), NULL);
  return self->images;
}

SlChangeStep
sl_change_job_get_step (SlChangeJob *self)
{
  g_return_val_if_fail (SL_IS_CHANGE_JOB (self), SL_CHANGE_NEW);
  return self->step;
}
