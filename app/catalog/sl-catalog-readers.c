/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-catalog-readers.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

static const char *const rule_names[] = { "latest", "majority", "reference" };

const char *
sl_label_rule_to_string (SlLabelRule rule)
{
  g_return_val_if_fail (rule <= SL_LABEL_RULE_REFERENCE, NULL);
  return rule_names[rule];
}

gboolean
sl_label_rule_from_string (const char  *name,
                           SlLabelRule *rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (g_strcmp0 (name, rule_names[i]) == 0)
      {
        *rule = i;
        return TRUE;
      }
  return FALSE;
}

void
sl_reader_label_free (SlReaderLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->annotator);
  g_free (label);
}

static char *
get_setting (SlCatalog  *self,
             const char *key)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
set_setting (SlCatalog   *self,
             const char  *key,
             const char  *value,
             GError     **error)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "INSERT OR REPLACE INTO meta (key, value) "
                                                  "VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _sl_catalog_step_done (self, stmt, error);
}

SlLabelRule
sl_catalog_get_label_rule (SlCatalog  *self,
                           char      **reference)
{
  g_autofree char *name = NULL;
  SlLabelRule rule = SL_LABEL_RULE_LATEST;

  g_return_val_if_fail (SL_IS_CATALOG (self), SL_LABEL_RULE_LATEST);

  name = get_setting (self, "label_rule");
  if (name != NULL && !sl_label_rule_from_string (name, &rule))
    rule = SL_LABEL_RULE_LATEST;
  if (reference != NULL)
    *reference = rule == SL_LABEL_RULE_REFERENCE ? get_setting (self, "reference_reader") : NULL;
  return rule;
}

gboolean
sl_catalog_get_blind_reading (SlCatalog *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  value = get_setting (self, "blind_reading");
  return g_strcmp0 (value, "1") == 0;
}

gboolean
sl_catalog_set_blind_reading (SlCatalog  *self,
                              gboolean    blind,
                              GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return set_setting (self, "blind_reading", blind ? "1" : "0", error);
}

static GPtrArray *
read_reader_labels (SlCatalog     *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_reader_label_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlReaderLabel *label = g_new0 (SlReaderLabel, 1);

      label->image_id = sqlite3_column_int64 (stmt, 0);
      label->annotator = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      label->class_id = sqlite3_column_int64 (stmt, 2);
      label->created_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (labels, label);
    }
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      g_clear_pointer (&labels, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  return labels;
}

GPtrArray *
sl_catalog_reader_labels (SlCatalog  *self,
                          gint64      image_id,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  if (image_id > 0)
    {
      stmt = _sl_catalog_prepare (self, "SELECT l.image_id, l.annotator, l.class_id, l.created_at "
                                        "FROM labels l WHERE l.image_id = ? AND "
                                        SL_READER_CURRENT_ROW
                                        " ORDER BY l.annotator", error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, image_id);
    }
  else
    stmt = _sl_catalog_prepare (self, "SELECT l.image_id, l.annotator, l.class_id, l.created_at "
                                      "FROM labels l WHERE " SL_READER_CURRENT_ROW
                                      " ORDER BY l.image_id, l.annotator", error);
  return stmt != NULL ? read_reader_labels (self, stmt, error) : NULL;
}

GStrv
sl_catalog_list_readers (SlCatalog  *self,
                         GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT DISTINCT l.annotator FROM labels l WHERE "
                                    SL_READER_CURRENT_ROW " ORDER BY l.annotator", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

const char *
sl_reader_display_name (const char *annotator)
{
  /* TRANSLATORS: as a reader's name: the labels that came with the imported images */
  return g_strcmp0 (annotator, SL_IMPORT_ANNOTATOR) == 0 ? C_("reader", "import") : annotator;
}

/* The class of the newest row matching stmt (bound by the caller); -1 when none. */
static gint64
newest_class (sqlite3_stmt *stmt)
{
  gint64 class_id = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    class_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return class_id;
}

gint64
sl_catalog_get_adjudication (SlCatalog *self,
                             gint64     image_id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);

  stmt = _sl_catalog_prepare (self, "SELECT coalesce(class_id, 0) FROM labels "
                                    "WHERE image_id = ? AND adjudicated = 1 "
                                    "ORDER BY created_at DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, image_id);
  return MAX (newest_class (stmt), 0);
}

static gboolean
majority_class (SlCatalog  *self,
                gint64      image_id,
                gint64     *class_id,
                GError    **error)
{
  g_autoptr(GPtrArray) labels = sl_catalog_reader_labels (self, image_id, error);
  g_autoptr(GHashTable) votes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  guint best = 0;

  if (labels == NULL)
    return FALSE;
  *class_id = 0;
  for (guint i = 0; i < labels->len; i++)
    {
      SlReaderLabel *label = g_ptr_array_index (labels, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (votes, &label->class_id)) + 1;

      g_hash_table_insert (votes, &label->class_id, GUINT_TO_POINTER (n));
      if (n > best)
        {
          best = n;
          *class_id = label->class_id;
        }
      else if (n == best)
        *class_id = 0;   /* tied, unless a later vote breaks the tie */
    }
  return TRUE;
}

/* images.label_class_id caches the training label; called inside the transaction that changed
 * the image's labels or the rule. */
gboolean
_sl_catalog_refresh_training_label (SlCatalog  *self,
                                    gint64      image_id,
                                    GError    **error)
{
  g_autofree char *reference = NULL;
  gint64 class_id = sl_catalog_get_adjudication (self, image_id);
  sqlite3_stmt *stmt;

  if (class_id == 0)
    switch (sl_catalog_get_label_rule (self, &reference))
      {
      case SL_LABEL_RULE_LATEST:
        stmt = _sl_catalog_prepare (self, "SELECT coalesce(class_id, 0) FROM labels "
                                          "WHERE image_id = ? AND adjudicated = 0 "
                                          "ORDER BY created_at DESC, id DESC LIMIT 1", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, image_id);
        class_id = MAX (newest_class (stmt), 0);
        break;
      case SL_LABEL_RULE_REFERENCE:
        stmt = _sl_catalog_prepare (self, "SELECT coalesce(class_id, 0) FROM labels "
                                          "WHERE image_id = ? AND adjudicated = 0 "
                                          "AND annotator = ? "
                                          "ORDER BY created_at DESC, id DESC LIMIT 1", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, image_id);
        sqlite3_bind_text (stmt, 2, reference != NULL ? reference : "", -1, SQLITE_TRANSIENT);
        class_id = MAX (newest_class (stmt), 0);
        break;
      case SL_LABEL_RULE_MAJORITY:
        if (!majority_class (self, image_id, &class_id, error))
          return FALSE;
        break;
      }

  stmt = _sl_catalog_prepare (self, "UPDATE images SET label_class_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  if (class_id != 0)
    sqlite3_bind_int64 (stmt, 1, class_id);
  sqlite3_bind_int64 (stmt, 2, image_id);
  return _sl_catalog_step_done (self, stmt, error);
}

static gboolean
refresh_all (SlCatalog  *self,
             GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT DISTINCT image_id FROM labels", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ids->len; i++)
    if (!_sl_catalog_refresh_training_label (self, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

gboolean
sl_catalog_set_label_rule (SlCatalog   *self,
                           SlLabelRule  rule,
                           const char  *reference,
                           GError     **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (rule <= SL_LABEL_RULE_REFERENCE, FALSE);

  if (rule == SL_LABEL_RULE_REFERENCE && (reference == NULL || *reference == '\0'))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The reference rule needs the name of the reference reader"));
      return FALSE;
    }
  if (!sl_catalog_begin (self, error))
    return FALSE;
  if (!set_setting (self, "label_rule", rule_names[rule], error)
      || (rule == SL_LABEL_RULE_REFERENCE
          && !set_setting (self, "reference_reader", reference, error))
      || !refresh_all (self, error))
    {
      sl_catalog_rollback (self);
      return FALSE;
    }
  if (!sl_catalog_commit (self, error))
    return FALSE;
  sl_catalog_images_changed (self);   /* many labels changed: listings refresh */
  return TRUE;
}

gboolean
sl_catalog_adjudicate (SlCatalog   *self,
                       gint64       image_id,
                       gint64       class_id,
                       const char  *adjudicator,
                       GError     **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return _sl_catalog_add_label_row (self, image_id, class_id, adjudicator, SL_LABEL_SOURCE_HUMAN,
                                    TRUE, error);
}

GArray *
sl_catalog_adjudication_queue (SlCatalog  *self,
                               GError    **error)
{
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  filter.readers_disagree = TRUE;
  return sl_catalog_query_images (self, &filter, error);
}

gint64
sl_catalog_get_reader_label (SlCatalog  *self,
                             gint64      image_id,
                             const char *annotator)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);

  stmt = _sl_catalog_prepare (self, "SELECT coalesce(class_id, 0) FROM labels "
                                    "WHERE image_id = ? AND adjudicated = 0 AND annotator = ? "
                                    "ORDER BY created_at DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL || annotator == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, image_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  return MAX (newest_class (stmt), 0);
}

/* Merging */

static gint64
image_id_of_sha256 (SlCatalog  *self,
                    const char *sha256)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT id FROM images WHERE sha256 = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* Gives every image of other an id in self (copying it when with_images): sha256 -> id. */
static GHashTable *
match_images (SlCatalog     *self,
              SlCatalog     *other,
              gboolean       with_images,
              SlMergeStats  *stats,
              GPtrArray     *missing,
              GError       **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = _sl_catalog_prepare (other, "SELECT id, sha256, source_name FROM images "
                                                   "ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 other_id = sqlite3_column_int64 (stmt, 0);
      const char *sha256 = (const char *) sqlite3_column_text (stmt, 1);
      const char *source_name = (const char *) sqlite3_column_text (stmt, 2);
      gint64 id = image_id_of_sha256 (self, sha256);

      if (id == 0 && with_images)
        {
          g_autoptr(SlImage) image = sl_catalog_load_image (other, other_id, error);

          if (image == NULL
              || (id = sl_catalog_add_image (self, image, sha256, source_name, NULL, error)) == 0)
            break;
          stats->images_added++;
        }
      if (id == 0)
        {
          stats->images_missing++;
          if (missing != NULL)
            g_ptr_array_add (missing, g_strdup_printf ("%s %s", sha256, source_name));
          continue;
        }
      g_hash_table_insert (ids, g_strdup (sha256), g_memdup2 (&id, sizeof id));
    }
  if (rc != SQLITE_DONE)
    {
      if (rc != SQLITE_ROW)
        _sl_catalog_set_error (other, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}

static gboolean
label_row_present (SlCatalog  *self,
                   gint64      image_id,
                   gint64      class_id,
                   const char *annotator,
                   gint64      created_at,
                   int         adjudicated)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "SELECT 1 FROM labels WHERE image_id = ? "
                                                  "AND adjudicated = ? AND annotator = ? "
                                                  "AND created_at = ? AND class_id IS ?", NULL);
  gboolean present;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  sqlite3_bind_int (stmt, 2, adjudicated);
  sqlite3_bind_text (stmt, 3, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, created_at);
  if (class_id != 0)
    sqlite3_bind_int64 (stmt, 5, class_id);
  present = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return present;
}

static gboolean
insert_label_row (SlCatalog   *self,
                  gint64       image_id,
                  gint64       class_id,
                  const char  *annotator,
                  gint64       created_at,
                  int          adjudicated,
                  GError     **error)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, "INSERT INTO labels (image_id, class_id, "
                                                  "annotator, created_at, adjudicated) "
                                                  "VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (class_id != 0)
    sqlite3_bind_int64 (stmt, 2, class_id);
  sqlite3_bind_text (stmt, 3, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, created_at);
  sqlite3_bind_int (stmt, 5, adjudicated);
  return _sl_catalog_step_done (self, stmt, error);
}

static gboolean
merge_labels (SlCatalog     *self,
              SlCatalog     *other,
              GHashTable    *image_ids,
              SlMergeStats  *stats,
              GError       **error)
{
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  g_autoptr(GList) keys = NULL;
  sqlite3_stmt *stmt = _sl_catalog_prepare (other, "SELECT i.sha256, c.name, l.annotator, "
                                                   "l.created_at, l.adjudicated FROM labels l "
                                                   "JOIN images i ON i.id = l.image_id "
                                                   "LEFT JOIN classes c ON c.id = l.class_id "
                                                   "ORDER BY l.created_at, l.id", error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *image_id = g_hash_table_lookup (image_ids, sqlite3_column_text (stmt, 0));
      const char *class_name = (const char *) sqlite3_column_text (stmt, 1);
      const char *annotator = (const char *) sqlite3_column_text (stmt, 2);
      gint64 created_at = sqlite3_column_int64 (stmt, 3);
      int adjudicated = sqlite3_column_int (stmt, 4);
      gint64 class_id = 0;

      if (image_id == NULL)
        continue;   /* an image the target lacks: reported by match_images */
      if (class_name != NULL && (class_id = sl_catalog_ensure_class (self, class_name, error)) == 0)
        ok = FALSE;
      else if (label_row_present (self, *image_id, class_id, annotator, created_at, adjudicated))
        stats->labels_present++;
      else if (insert_label_row (self, *image_id, class_id, annotator, created_at, adjudicated,
                                 error))
        {
          stats->labels_added++;
          g_hash_table_add (touched, g_memdup2 (image_id, sizeof *image_id));
        }
      else
        ok = FALSE;
    }
  if (ok && rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (other, error);
      ok = FALSE;
    }
  sqlite3_reset (stmt);

  keys = g_hash_table_get_keys (touched);
  for (GList *l = keys; ok && l != NULL; l = l->next)
    ok = _sl_catalog_refresh_training_label (self, *(gint64 *) l->data, error);
  return ok;
}

gboolean
sl_catalog_merge (SlCatalog     *self,
                  const char    *other_path,
                  gboolean       with_images,
                  SlMergeStats  *stats,
                  GPtrArray     *missing,
                  GError       **error)
{
  g_autoptr(SlCatalog) other = NULL;
  g_autoptr(GHashTable) image_ids = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (other_path != NULL && stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  if (!g_file_test (other_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("%s: no such catalog"), other_path);
      return FALSE;
    }
  other = sl_catalog_open (other_path, &local_error);
  if (other == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_strcmp0 (sqlite3_db_filename (other->db, "main"), sqlite3_db_filename (self->db, "main"))
      == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("%s: cannot merge a catalog into itself"), other_path);
      return FALSE;
    }

  if (!sl_catalog_begin (self, error))
    return FALSE;
  image_ids = match_images (self, other, with_images, stats, missing, error);
  if (image_ids == NULL || !merge_labels (self, other, image_ids, stats, error))
    {
      sl_catalog_rollback (self);
      return FALSE;
    }
  if (!sl_catalog_commit (self, error))
    return FALSE;
  sl_catalog_images_changed (self);   /* many labels changed: listings refresh */
  return TRUE;
}
