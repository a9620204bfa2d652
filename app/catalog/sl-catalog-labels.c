/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

static gboolean
image_exists (SlCatalog  *self,
              gint64      image_id,
              GError    **error)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT 1 FROM images WHERE id = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No image with id %" PRId64),
                 image_id);
  return found;
}

static gboolean
class_exists (SlCatalog  *self,
              gint64      class_id,
              GError    **error)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT 1 FROM classes WHERE id = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, class_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No class with id %" PRId64),
                 class_id);
  return found;
}

static const char *const source_names[] = { "human", "suggestion", "import" };

static SlLabelSource
source_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (name, source_names[i]) == 0)
      return (SlLabelSource) i;
  return SL_LABEL_SOURCE_HUMAN;
}

/* Appends one labels row and refreshes the training label; the caller holds a transaction. */
static gboolean
insert_label_row (SlCatalog     *self,
                  gint64         image_id,
                  gint64         class_id,
                  const char    *annotator,
                  SlLabelSource  source,
                  gboolean       adjudication,
                  GError       **error)
{
  sqlite3_stmt *stmt;

  if (!image_exists (self, image_id, error))
    return FALSE;
  if (class_id != 0 && !class_exists (self, class_id, error))
    return FALSE;
  if (annotator == NULL || *annotator == '\0')
    annotator = g_get_user_name ();

  stmt = _sl_catalog_prepare (self, "INSERT INTO labels (image_id, class_id, annotator, "
                                    "created_at, adjudicated, source) VALUES (?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (class_id != 0)
    sqlite3_bind_int64 (stmt, 2, class_id);
  sqlite3_bind_text (stmt, 3, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _sl_catalog_now_us ());
  sqlite3_bind_int (stmt, 5, adjudication ? 1 : 0);
  sqlite3_bind_text (stmt, 6, source_names[source], -1, SQLITE_STATIC);
  return _sl_catalog_step_done (self, stmt, error)
         && _sl_catalog_refresh_training_label (self, image_id, error);
}

gboolean
_sl_catalog_add_label_row (SlCatalog     *self,
                           gint64         image_id,
                           gint64         class_id,
                           const char    *annotator,
                           SlLabelSource  source,
                           gboolean       adjudication,
                           GError       **error)
{
  g_return_val_if_fail (class_id >= 0, FALSE);
  g_return_val_if_fail (source >= SL_LABEL_SOURCE_HUMAN && source <= SL_LABEL_SOURCE_IMPORT,
                        FALSE);

  if (!sl_catalog_begin (self, error))
    return FALSE;
  if (!insert_label_row (self, image_id, class_id, annotator, source, adjudication, error))
    {
      sl_catalog_rollback (self);
      return FALSE;
    }
  if (!sl_catalog_commit (self, error))   /* rolls back by itself */
    return FALSE;
  sl_catalog_labels_changed (self, image_id);
  return TRUE;
}

gboolean
sl_catalog_set_labels_from (SlCatalog     *self,
                            const gint64  *image_ids,
                            const gint64  *class_ids,
                            guint          n,
                            const char    *annotator,
                            SlLabelSource  source,
                            GError       **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (n == 0 || (image_ids != NULL && class_ids != NULL), FALSE);
  g_return_val_if_fail (source >= SL_LABEL_SOURCE_HUMAN && source <= SL_LABEL_SOURCE_IMPORT,
                        FALSE);

  for (guint i = 0; i < n; i++)
    g_return_val_if_fail (class_ids[i] >= 0, FALSE);

  if (!sl_catalog_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (!insert_label_row (self, image_ids[i], class_ids[i], annotator, source, FALSE, error))
        {
          sl_catalog_rollback (self);
          return FALSE;
        }
    }
  if (!sl_catalog_commit (self, error))
    return FALSE;
  /* after the commit: listeners read what is stored */
  if (n > 0)
    sl_catalog_labels_changed (self, n == 1 ? image_ids[0] : 0);
  return TRUE;
}

gboolean
sl_catalog_set_label_from (SlCatalog    *self,
                           gint64        image_id,
                           gint64        class_id,
                           const char   *annotator,
                           SlLabelSource source,
                           GError      **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return _sl_catalog_add_label_row (self, image_id, class_id, annotator, source, FALSE, error);
}

gboolean
sl_catalog_set_label (SlCatalog   *self,
                      gint64       image_id,
                      gint64       class_id,
                      const char  *annotator,
                      GError     **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return _sl_catalog_add_label_row (self, image_id, class_id, annotator,
                                    SL_LABEL_SOURCE_HUMAN, FALSE, error);
}

GPtrArray *
sl_catalog_label_history (SlCatalog  *self,
                          gint64      image_id,
                          GError    **error)
{
  GPtrArray *events;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  if (!image_exists (self, image_id, error))
    return NULL;
  stmt = _sl_catalog_prepare (self, "SELECT id, coalesce(class_id, 0), annotator, created_at, "
                                    "source FROM labels WHERE image_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, image_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_label_event_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SlLabelEvent *event = g_new0 (SlLabelEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->image_id = image_id;
      event->class_id = sqlite3_column_int64 (stmt, 1);
      event->annotator = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      event->created_at = sqlite3_column_int64 (stmt, 3);
      event->source = source_from_name ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);
  return events;
}

GArray *
sl_catalog_labeled_since (SlCatalog   *self,
                          gint64       since,
                          const char  *except_annotator,
                          GError     **error)
{
  GArray *ids;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT DISTINCT image_id FROM labels WHERE created_at > ? "
                                    "AND annotator IS NOT ? ORDER BY image_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  if (except_annotator != NULL)
    sqlite3_bind_text (stmt, 2, except_annotator, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      g_clear_pointer (&ids, g_array_unref);
    }
  sqlite3_reset (stmt);
  return ids;
}

gint64
sl_catalog_get_label (SlCatalog *self,
                      gint64     image_id)
{
  sqlite3_stmt *stmt;
  gint64 class_id = 0;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);

  stmt = _sl_catalog_prepare (self, "SELECT coalesce(label_class_id, 0) FROM images "
                                    "WHERE id = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    class_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return class_id;
}

gboolean
sl_catalog_set_split (SlCatalog   *self,
                      gint64       image_id,
                      SlSplit      split,
                      gint64       seed,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (split >= SL_SPLIT_NONE && split <= SL_SPLIT_TEST, FALSE);

  if (split == SL_SPLIT_NONE)
    {
      stmt = _sl_catalog_prepare (self, "DELETE FROM splits WHERE image_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, image_id);
      return _sl_catalog_step_done (self, stmt, error);
    }

  /* an upsert: a replaced row would not update label_counts (sl-catalog-schema.c) */
  stmt = _sl_catalog_prepare (self, "INSERT INTO splits (image_id, split, seed) VALUES (?, ?, ?)"
                                    " ON CONFLICT (image_id) DO UPDATE"
                                    " SET split = excluded.split, seed = excluded.seed", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  sqlite3_bind_int (stmt, 2, split);
  if (seed >= 0)
    sqlite3_bind_int64 (stmt, 3, seed);
  return _sl_catalog_step_done (self, stmt, error);
}

SlSplit
sl_catalog_get_split (SlCatalog *self,
                      gint64     image_id)
{
  sqlite3_stmt *stmt;
  SlSplit split = SL_SPLIT_NONE;

  g_return_val_if_fail (SL_IS_CATALOG (self), SL_SPLIT_NONE);

  stmt = _sl_catalog_prepare (self, "SELECT split FROM splits WHERE image_id = ?", NULL);
  if (stmt == NULL)
    return SL_SPLIT_NONE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    split = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return split;
}

void
sl_split_sizes (guint   n,
                double  val_fraction,
                double  test_fraction,
                guint  *n_val,
                guint  *n_test)
{
  *n_test = MIN ((guint) lround (n * test_fraction), n);
  *n_val = MIN ((guint) lround (n * val_fraction), n - *n_test);
}

/* Shuffles one stratum (images of one class, in id order) with the seed and assigns the first
 * round(n × test) to test, the next round(n × val) to val, the rest to train. */
static gboolean
split_stratum (SlCatalog  *self,
               GArray     *ids,
               double      val_fraction,
               double      test_fraction,
               gint64      seed,
               gint64      class_id,
               GError    **error)
{
  g_autoptr(GRand) rng = NULL;
  guint32 seed_words[4];
  guint n = ids->len, n_test, n_val;
  gint64 *items = (gint64 *) ids->data;

  /* one stream per (seed, class), so adding a class does not reshuffle the others */
  seed_words[0] = (guint32) seed;
  seed_words[1] = (guint32) ((guint64) seed >> 32);
  seed_words[2] = (guint32) class_id;
  seed_words[3] = (guint32) ((guint64) class_id >> 32);
  rng = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));

  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rng, 0, (gint32) i);
      gint64 tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }

  sl_split_sizes (n, val_fraction, test_fraction, &n_val, &n_test);
  for (guint i = 0; i < n; i++)
    {
      SlSplit split = i < n_test ? SL_SPLIT_TEST
                    : i < n_test + n_val ? SL_SPLIT_VAL : SL_SPLIT_TRAIN;

      if (!sl_catalog_set_split (self, items[i], split, seed, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sl_catalog_make_split (SlCatalog   *self,
                       double       val_fraction,
                       double       test_fraction,
                       gint64       seed,
                       gboolean     reassign_all,
                       GError     **error)
{
  g_autoptr(GHashTable) strata = NULL;   /* class id -> GArray of image ids */
  g_autoptr(GList) keys = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  if (!(val_fraction >= 0 && test_fraction >= 0 && val_fraction + test_fraction <= 1.0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("Split fractions must be between 0 and 1 and add up to at most 1 "
                     "(val %g, test %g)"), val_fraction, test_fraction);
      return FALSE;
    }
  if (seed < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The split seed must not be negative"));
      return FALSE;
    }

  if (!sl_catalog_begin (self, error))
    return FALSE;
  if (reassign_all && !_sl_catalog_exec (self, "DELETE FROM splits", error))
    goto fail;

  stmt = _sl_catalog_prepare (self, "SELECT i.id, coalesce(i.label_class_id, 0) FROM images i "
                                    "WHERE NOT EXISTS (SELECT 1 FROM splits s "
                                    "WHERE s.image_id = i.id) ORDER BY i.id", error);
  if (stmt == NULL)
    goto fail;
  strata = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                  (GDestroyNotify) g_array_unref);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 class_id = sqlite3_column_int64 (stmt, 1);
      GArray *ids = g_hash_table_lookup (strata, &class_id);

      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (strata, g_memdup2 (&class_id, sizeof class_id), ids);
        }
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  keys = g_hash_table_get_keys (strata);
  for (GList *l = keys; l != NULL; l = l->next)
    if (!split_stratum (self, g_hash_table_lookup (strata, l->data), val_fraction, test_fraction,
                        seed, *(gint64 *) l->data, error))
      goto fail;

  return sl_catalog_commit (self, error);

fail:
  sl_catalog_rollback (self);
  return FALSE;
}

GHashTable *
sl_catalog_count_by_split_and_class (SlCatalog  *self,
                                     GError    **error)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GHashTable) index_of = NULL;   /* class id -> index + 1 */
  GHashTable *counts;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT split, class_id, n FROM label_counts WHERE n != 0",
                              error);
  if (stmt == NULL)
    return NULL;

  classes = sl_catalog_list_classes (self);
  index_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      g_hash_table_insert (index_of, g_memdup2 (&info->id, sizeof info->id),
                           GUINT_TO_POINTER (i + 1));
    }

  counts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                  (GDestroyNotify) g_array_unref);
  for (int split = SL_SPLIT_NONE; split <= SL_SPLIT_TEST; split++)
    {
      GArray *row = g_array_sized_new (FALSE, TRUE, sizeof (gint64), classes->len + 1);

      g_array_set_size (row, classes->len + 1);
      g_hash_table_insert (counts, GINT_TO_POINTER (split), row);
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int split = sqlite3_column_int (stmt, 0);
      gint64 class_id = sqlite3_column_int64 (stmt, 1);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, &class_id));
      GArray *row = g_hash_table_lookup (counts, GINT_TO_POINTER (split));

      if (row == NULL)
        continue;
      g_array_index (row, gint64, index == 0 ? classes->len : index - 1)
        += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  return counts;
}
