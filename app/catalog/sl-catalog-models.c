/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

gint64
sl_catalog_add_model (SlCatalog   *self,
                      const char  *name,
                      const char  *arch,
                      GBytes      *checkpoint,
                      const char  *metrics_json,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (name != NULL && arch != NULL && checkpoint != NULL, 0);

  stmt = _sl_catalog_prepare (self, "INSERT INTO models (name, arch, checkpoint, metrics, "
                                    "created_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  data = g_bytes_get_data (checkpoint, &size);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, arch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, metrics_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _sl_catalog_now_us ());
  if (!_sl_catalog_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static SlModelInfo *
model_info_from_row (sqlite3_stmt *stmt)
{
  SlModelInfo *info = g_new0 (SlModelInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  info->arch = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  info->metrics_json = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  info->created_at = sqlite3_column_int64 (stmt, 4);
  return info;
}

GPtrArray *
sl_catalog_list_models (SlCatalog *self)
{
  GPtrArray *models = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_model_info_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), models);

  stmt = _sl_catalog_prepare (self, "SELECT id, name, arch, metrics, created_at FROM models "
                                    "ORDER BY created_at DESC, id DESC", NULL);
  if (stmt == NULL)
    return models;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (models, model_info_from_row (stmt));
  sqlite3_reset (stmt);
  return models;
}

SlModelInfo *
sl_catalog_get_model_info (SlCatalog  *self,
                           gint64      model_id,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  SlModelInfo *info = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT id, name, arch, metrics, created_at FROM models "
                                    "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    info = model_info_from_row (stmt);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No model with id %" PRId64),
                 model_id);
  sqlite3_reset (stmt);
  return info;
}

gboolean
sl_catalog_rename_model (SlCatalog   *self,
                         gint64       model_id,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT, _("A model name cannot be empty"));
      return FALSE;
    }
  if (!sl_catalog_begin (self, error))
    return FALSE;
  stmt = _sl_catalog_prepare (self, "UPDATE models SET name = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, model_id);
  if (!_sl_catalog_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No model with id %" PRId64),
                   model_id);
      goto fail;
    }
  if (!sl_catalog_commit (self, error))
    return FALSE;
  _sl_catalog_emit_models_changed (self);
  return TRUE;

fail:
  sl_catalog_rollback (self);
  return FALSE;
}

GBytes *
sl_catalog_get_model_checkpoint (SlCatalog  *self,
                                 gint64      model_id,
                                 GError    **error)
{
  sqlite3_stmt *stmt;
  GBytes *bytes = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT checkpoint FROM models WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No model with id %" PRId64),
                 model_id);
  sqlite3_reset (stmt);
  return bytes;
}

/* The predicted class (argmax) and its probability are stored beside the probabilities so the
 * browse filters (predicted class, disagreement, most uncertain first) can use an index.
 * Probability k belongs to the class at position k. */
gboolean
sl_catalog_add_predictions (SlCatalog     *self,
                            gint64         model_id,
                            const gint64  *image_ids,
                            int            n,
                            int            n_classes,
                            const float   *probs,
                            GError       **error)
{
  g_autoptr(GPtrArray) classes = NULL;
  sqlite3_stmt *stmt;
  gint64 now;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (n >= 0 && n_classes > 0, FALSE);
  g_return_val_if_fail (n == 0 || (image_ids != NULL && probs != NULL), FALSE);

  classes = sl_catalog_list_classes (self);
  now = _sl_catalog_now_us ();
  if (!sl_catalog_begin (self, error))
    return FALSE;
  stmt = _sl_catalog_prepare (self, "INSERT OR REPLACE INTO predictions (model_id, image_id, "
                                    "probs, predicted_class_id, confidence, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  for (int i = 0; i < n; i++)
    {
      const float *p = probs + (gsize) i * n_classes;
      int best = 0;

      for (int k = 1; k < n_classes; k++)
        if (p[k] > p[best])
          best = k;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, model_id);
      sqlite3_bind_int64 (stmt, 2, image_ids[i]);
      sqlite3_bind_blob (stmt, 3, p, n_classes * (int) sizeof (float), SQLITE_STATIC);
      if ((guint) best < classes->len)
        sqlite3_bind_int64 (stmt, 4, ((SlClassInfo *) g_ptr_array_index (classes, best))->id);
      sqlite3_bind_double (stmt, 5, p[best]);
      sqlite3_bind_int64 (stmt, 6, now);
      if (!_sl_catalog_step_done (self, stmt, error))
        goto fail;
    }
  return sl_catalog_commit (self, error);

fail:
  sl_catalog_rollback (self);
  return FALSE;
}

gboolean
sl_catalog_get_prediction (SlCatalog *self,
                           gint64     model_id,
                           gint64     image_id,
                           float     *probs,
                           int        n_classes)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (probs != NULL && n_classes > 0, FALSE);

  stmt = _sl_catalog_prepare (self, "SELECT probs FROM predictions WHERE model_id = ? "
                                    "AND image_id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, image_id);
  if (sqlite3_step (stmt) == SQLITE_ROW
      && sqlite3_column_bytes (stmt, 0) == n_classes * (int) sizeof (float))
    {
      memcpy (probs, sqlite3_column_blob (stmt, 0), n_classes * sizeof (float));
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}
