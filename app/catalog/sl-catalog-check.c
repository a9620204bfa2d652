/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Sightline's own invariants, each a query whose rows are violations; the first column is the
 * row concerned. References (a label's class and image, a split's image, a prediction's model
 * and image) are foreign keys, checked by SQLite (PRAGMA foreign_key_check). */
typedef struct
{
  const char *sql;
  const char *message;   /* printf format for one gint64 (PRId64) */
} Invariant;

#define NEWEST_ADJUDICATION \
  "SELECT a.class_id FROM labels a WHERE a.image_id = i.id AND a.adjudicated = 1" \
  " ORDER BY a.created_at DESC, a.id DESC LIMIT 1"

/* label_counts as it should be */
#define RECOUNT \
  "SELECT coalesce(s.split, 0) AS split, coalesce(i.label_class_id, 0) AS class_id," \
  " count(*) AS n FROM images i LEFT JOIN splits s ON s.image_id = i.id GROUP BY 1, 2"

static const Invariant invariants[] = {
  /* the training label (sl-catalog-readers.h): a standing adjudication; else under the latest
   * rule the newest reader's row; under the other rules at least a class some row gave */
  { "SELECT i.id FROM images i WHERE CASE"
    " WHEN (" NEWEST_ADJUDICATION ") IS NOT NULL"
    "  THEN i.label_class_id IS NOT (" NEWEST_ADJUDICATION ")"
    " WHEN coalesce((SELECT value FROM meta WHERE key = 'label_rule'), 'latest') = 'latest'"
    "  THEN i.label_class_id IS NOT (SELECT l.class_id FROM labels l WHERE l.image_id = i.id"
    "   AND l.adjudicated = 0 ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
    " ELSE i.label_class_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM labels l"
    "  WHERE l.image_id = i.id AND l.class_id = i.label_class_id) END",
    N_("image %" PRId64 ": its current label differs from the newest in its history") },
  { "SELECT id FROM images WHERE width <= 0 OR height <= 0 OR channels NOT IN (1, 3) "
    "OR length(pixels) != width * height * channels * "
    "  CASE sample_type WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 2 ELSE 4 END",
    N_("image %" PRId64 ": its pixel data does not match its size") },
  { "SELECT split FROM (SELECT split, class_id, n FROM label_counts WHERE n != 0"
    " EXCEPT " RECOUNT ")"
    " UNION SELECT split FROM (" RECOUNT " EXCEPT SELECT split, class_id, n FROM label_counts)",
    N_("split %" PRId64 ": the stored count of images by class differs from the images") },
};

/* Runs sql and appends one problem per row: format with the first column (integer) or, when
 * format is NULL, the first column as text ("ok" rows of SQLite's checks are not problems). */
static gboolean
collect (SlCatalog   *self,
         const char  *sql,
         const char  *format,
         GPtrArray   *problems,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _sl_catalog_set_error (self, error);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (format != NULL)
        g_ptr_array_add (problems, g_strdup_printf (_(format), sqlite3_column_int64 (stmt, 0)));
      else if (g_strcmp0 (text, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (text ? text : "?"));
    }
  if (rc != SQLITE_DONE)
    _sl_catalog_set_error (self, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
collect_foreign_keys (SlCatalog   *self,
                      GPtrArray   *problems,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      _sl_catalog_set_error (self, error);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%s row %" PRId64 " refers to a missing row of %s"),
                                      (const char *) sqlite3_column_text (stmt, 0),
                                      (gint64) sqlite3_column_int64 (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 2)));
  if (rc != SQLITE_DONE)
    _sl_catalog_set_error (self, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static GPtrArray *
check (SlCatalog   *self,
       const char  *sqlite_check,
       GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!collect (self, sqlite_check, NULL, problems, error))
    return NULL;
  if (problems->len > 0)   /* a damaged file: Sightline's queries would only repeat it */
    return g_steal_pointer (&problems);
  if (!collect_foreign_keys (self, problems, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (invariants); i++)
    if (!collect (self, invariants[i].sql, invariants[i].message, problems, error))
      return NULL;
  return g_steal_pointer (&problems);
}

GPtrArray *
sl_catalog_check (SlCatalog  *self,
                  GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);
  return check (self, "PRAGMA integrity_check", error);
}

gboolean
sl_catalog_require_healthy (SlCatalog  *self,
                            GError    **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  if ((problems = check (self, "PRAGMA quick_check", error)) == NULL)
    return FALSE;
  if (problems->len == 0)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_DAMAGED,
               _("%s: the catalog fails its check (%s%s). Run “sightline-cli check” for the "
                 "full list, and restore a backup"),
               self->path, (const char *) g_ptr_array_index (problems, 0),
               problems->len > 1 ? _(", …") : "");
  return FALSE;
}

gboolean
sl_catalog_backup (SlCatalog   *self,
                   const char  *out_path,
                   GError     **error)
{
  g_autofree char *tmp = NULL;
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  tmp = g_strdup_printf ("%s.partial", out_path);
  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: cannot write the backup: %s"),
                   out_path, copy ? sqlite3_errmsg (copy) : "out of memory");
      sqlite3_close (copy);
      return FALSE;
    }
  /* one step copies every page under one read transaction: a consistent snapshot, and in WAL
   * mode writers carry on meanwhile */
  backup = sqlite3_backup_init (copy, "main", self->db, "main");
  if (backup == NULL)
    rc = sqlite3_errcode (copy);
  else
    {
      while ((rc = sqlite3_backup_step (backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      _sl_catalog_set_db_error (sqlite3_errcode (copy) != SQLITE_OK ? copy : self->db,
                                out_path, error);
      sqlite3_close (copy);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close (copy);
  if (g_rename (tmp, out_path) != 0)
    {
      int saved = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: cannot write the backup: %s"),
                   out_path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
