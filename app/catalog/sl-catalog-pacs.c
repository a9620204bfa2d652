/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-catalog-pacs.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

#define LINK_COLUMNS "id, origin, study_uid, series_uid, instance_uid, image_id, arrived_at"

void
sl_pacs_link_free (SlPacsLink *link)
{
  if (link == NULL)
    return;
  g_free (link->origin);
  g_free (link->study_uid);
  g_free (link->series_uid);
  g_free (link->instance_uid);
  g_free (link);
}

static SlPacsLink *
link_from_row (sqlite3_stmt *stmt)
{
  SlPacsLink *link = g_new0 (SlPacsLink, 1);

  link->id = sqlite3_column_int64 (stmt, 0);
  link->origin = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  link->study_uid = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  link->series_uid = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  link->instance_uid = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  link->image_id = sqlite3_column_int64 (stmt, 5);
  link->arrived_at = sqlite3_column_int64 (stmt, 6);
  return link;
}

SlPacsLink *
sl_catalog_pacs_find_link (SlCatalog   *self,
                           const char  *origin,
                           const char  *instance_uid,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  SlPacsLink *link = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL && instance_uid != NULL, NULL);

  stmt = _sl_catalog_prepare (self, "SELECT " LINK_COLUMNS " FROM pacs_links "
                                    "WHERE origin = ? AND instance_uid = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, instance_uid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    link = link_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _sl_catalog_set_error (self, error);
  sqlite3_reset (stmt);
  return link;
}

gint64
sl_catalog_pacs_add_link (SlCatalog   *self,
                          const char  *origin,
                          const char  *study_uid,
                          const char  *series_uid,
                          const char  *instance_uid,
                          gint64       arrived_at,
                          gboolean    *known,
                          GError     **error)
{
  g_autoptr(SlPacsLink) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (origin != NULL && study_uid != NULL && series_uid != NULL
                        && instance_uid != NULL, 0);

  existing = sl_catalog_pacs_find_link (self, origin, instance_uid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (known != NULL)
    *known = existing != NULL;
  if (existing != NULL)
    return existing->id;

  stmt = _sl_catalog_prepare (self, "INSERT INTO pacs_links (origin, study_uid, series_uid, "
                                    "instance_uid, arrived_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, study_uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, series_uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, instance_uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, arrived_at);
  if (!_sl_catalog_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

SlPacsLink *
sl_catalog_pacs_get_link (SlCatalog  *self,
                          gint64      link_id,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  SlPacsLink *link = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  stmt = _sl_catalog_prepare (self, "SELECT " LINK_COLUMNS " FROM pacs_links WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, link_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    link = link_from_row (stmt);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("No PACS link with id %" PRId64),
                 link_id);
  sqlite3_reset (stmt);
  return link;
}

gboolean
sl_catalog_pacs_set_link_image (SlCatalog  *self,
                                gint64      link_id,
                                gint64      image_id,
                                GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  stmt = _sl_catalog_prepare (self, "UPDATE pacs_links SET image_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  if (image_id > 0)
    sqlite3_bind_int64 (stmt, 1, image_id);
  sqlite3_bind_int64 (stmt, 2, link_id);
  return _sl_catalog_step_done (self, stmt, error);
}

gint64
sl_catalog_find_model_by_checkpoint (SlCatalog *self,
                                     GBytes    *checkpoint)
{
  sqlite3_stmt *stmt;
  gconstpointer data;
  gsize size;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_CATALOG (self) && checkpoint != NULL, 0);

  stmt = _sl_catalog_prepare (self, "SELECT id FROM models WHERE checkpoint = ? "
                                    "ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  data = g_bytes_get_data (checkpoint, &size);
  sqlite3_bind_blob64 (stmt, 1, data != NULL ? data : "", size, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
sl_catalog_watch_get_cursor (SlCatalog  *self,
                             const char *origin,
                             gint64      model_id,
                             gint64     *position)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL && position != NULL, FALSE);

  stmt = _sl_catalog_prepare (self, "SELECT position FROM watch_cursors "
                                    "WHERE origin = ? AND model_id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *position = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
sl_catalog_watch_set_cursor (SlCatalog   *self,
                             const char  *origin,
                             gint64       model_id,
                             gint64       position,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL, FALSE);

  stmt = _sl_catalog_prepare (self, "INSERT OR REPLACE INTO watch_cursors (origin, model_id, "
                                    "position) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, model_id);
  sqlite3_bind_int64 (stmt, 3, position);
  return _sl_catalog_step_done (self, stmt, error);
}

gboolean
sl_catalog_watch_add_item (SlCatalog     *self,
                           gint64         link_id,
                           gint64         model_id,
                           SlWatchState   state,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  stmt = _sl_catalog_prepare (self, "INSERT OR IGNORE INTO watch_items (link_id, model_id, "
                                    "state) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  sqlite3_bind_int64 (stmt, 2, model_id);
  sqlite3_bind_int (stmt, 3, state);
  return _sl_catalog_step_done (self, stmt, error);
}

/* Sets one int column of the watch item (link_id, model_id); sql binds value, link, model. */
static gboolean
update_watch_item (SlCatalog   *self,
                   const char  *sql,
                   int          value,
                   gint64       link_id,
                   gint64       model_id,
                   GError     **error)
{
  sqlite3_stmt *stmt = _sl_catalog_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, link_id);
  sqlite3_bind_int64 (stmt, 3, model_id);
  return _sl_catalog_step_done (self, stmt, error);
}

gboolean
sl_catalog_watch_set_state (SlCatalog     *self,
                            gint64         link_id,
                            gint64         model_id,
                            SlWatchState   state,
                            GError       **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  return update_watch_item (self, "UPDATE watch_items SET state = ? "
                                  "WHERE link_id = ? AND model_id = ?",
                            state, link_id, model_id, error);
}

gboolean
sl_catalog_watch_set_write_back (SlCatalog         *self,
                                 gint64             link_id,
                                 gint64             model_id,
                                 SlWriteBackState   state,
                                 GError           **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  return update_watch_item (self, "UPDATE watch_items SET written_back = ? "
                                  "WHERE link_id = ? AND model_id = ?",
                            state, link_id, model_id, error);
}

/* Runs a query of link ids bound to (model_id, state, origin, limit). */
static GArray *
list_links (SlCatalog   *self,
            const char  *sql,
            gint64       model_id,
            int          state,
            const char  *origin,
            guint        limit,
            GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sl_catalog_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int (stmt, 2, state);
  sqlite3_bind_text (stmt, 3, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

GArray *
sl_catalog_watch_list (SlCatalog     *self,
                       const char    *origin,
                       gint64         model_id,
                       SlWatchState   state,
                       guint          limit,
                       GError       **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL, NULL);

  return list_links (self, "SELECT l.id FROM watch_items w "
                           "JOIN pacs_links l ON l.id = w.link_id "
                           "WHERE w.model_id = ? AND w.state = ? AND l.origin = ? "
                           "ORDER BY l.id LIMIT ?", model_id, state, origin, limit, error);
}

GArray *
sl_catalog_watch_list_unwritten (SlCatalog   *self,
                                 const char  *origin,
                                 gint64       model_id,
                                 guint        limit,
                                 GError     **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL, NULL);

  return list_links (self, "SELECT l.id FROM watch_items w "
                           "JOIN pacs_links l ON l.id = w.link_id "
                           "WHERE w.model_id = ? AND w.state = ? AND l.origin = ? "
                           "AND w.written_back = 0 ORDER BY l.id LIMIT ?",
                     model_id, SL_WATCH_PREDICTED, origin, limit, error);
}

gint64
sl_catalog_watch_count (SlCatalog     *self,
                        const char    *origin,
                        gint64         model_id,
                        SlWatchState   state)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (SL_IS_CATALOG (self) && origin != NULL, 0);

  stmt = _sl_catalog_prepare (self, "SELECT count(*) FROM watch_items w "
                                    "JOIN pacs_links l ON l.id = w.link_id "
                                    "WHERE w.model_id = ? AND w.state = ? AND l.origin = ?",
                              NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int (stmt, 2, state);
  sqlite3_bind_text (stmt, 3, origin, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
