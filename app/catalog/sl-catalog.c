/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

enum
{
  LABELS_CHANGED,
  IMAGES_CHANGED,
  MODELS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_FINAL_TYPE (SlCatalog, sl_catalog, G_TYPE_OBJECT)

static void
sl_catalog_finalize (GObject *object)
{
  SlCatalog *self = SL_CATALOG (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);   /* finalizes statements first */
  if (self->db != NULL)
    sqlite3_close (self->db);
  _sl_catalog_checkpointer_release (self);
  g_free (self->path);

  G_OBJECT_CLASS (sl_catalog_parent_class)->finalize (object);
}

static void
sl_catalog_class_init (SlCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_catalog_finalize;

  /**
   * SlCatalog::labels-changed:
   * @image_id: the image whose current label changed; 0 when the labels of many images
   *   changed at once (sl_catalog_set_labels_from()): every label may be new
   */
  signals[LABELS_CHANGED] =
    g_signal_new ("labels-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * SlCatalog::images-changed:
   * Images were added (emitted once per committed import batch or call).
   */
  signals[IMAGES_CHANGED] =
    g_signal_new ("images-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SlCatalog::models-changed:
   * A model was renamed through this connection.
   */
  signals[MODELS_CHANGED] =
    g_signal_new ("models-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_catalog_init (SlCatalog *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

/* Whether the user may write path: the permission bits say so (even for root, who could write
 * anyway: a catalog made read-only on purpose stays untouched) and access() agrees. */
static gboolean
may_write (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && (st.st_mode & 0222) != 0 && g_access (path, W_OK) == 0;
}

/* The header is read through the descriptor SQLite holds: opening the file a second time and
 * closing it would drop every POSIX lock this process holds on it (SQLite's included). */
static gboolean
check_sqlite_header (SlCatalog  *self,
                     GError    **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;

  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
      || file == NULL || file->pMethods == NULL
      || file->pMethods->xFileSize (file, &size) != SQLITE_OK)
    return TRUE;   /* SQLite reports whatever is wrong on first use */
  if (size == 0)
    return TRUE;
  file->pMethods->xRead (file, header, (int) MIN (size, (sqlite3_int64) sizeof header), 0);
  if (memcmp (header, magic, sizeof magic) == 0)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_FOREIGN_FILE,
               _("%s: not a Sightline catalog (not an SQLite database)"), self->path);
  return FALSE;
}

/* Refuses what cannot work before SQLite tries: a new catalog in a folder that may not be
 * written, or an existing one whose folder may not be written (SQLite keeps its write-ahead log
 * and shared-memory index beside the file). Sets read_only for a catalog without write
 * permission. */
static gboolean
check_access (const char  *path,
              gboolean    *read_only,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  *read_only = exists && !may_write (path);
  /* a missing folder is SQLite's to report ("unable to open database file") */
  if (may_write (folder) || *read_only || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (!exists)
    g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                 _("%s: cannot create the catalog: the folder %s is read-only; choose a "
                   "writable folder"), path, folder);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                 _("%s: the folder %s is read-only, but a catalog needs to write its journal "
                   "(%s-wal) beside it; copy the catalog to a writable folder, or make the "
                   "catalog file itself read-only to open it for reading"), path, folder, path);
  return FALSE;
}

SlCatalog *
sl_catalog_open (const char  *path,
                 GError     **error)
{
  g_autoptr(SlCatalog) self = NULL;
  gboolean read_only = FALSE;
  int flags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_access (path, &read_only, error))
    return NULL;

  self = g_object_new (SL_TYPE_CATALOG, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;
  flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: cannot open catalog: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  if (!check_sqlite_header (self, error))
    return NULL;
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);
  if (sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    {
      _sl_catalog_set_error (self, error);
      return NULL;
    }

  if (!_sl_catalog_prepare_schema (self->db, read_only, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
sl_catalog_is_read_only (SlCatalog *self)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return self->read_only;
}

const char *
sl_catalog_get_path (SlCatalog *self)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);
  return self->path;
}

void
_sl_catalog_set_error (SlCatalog  *self,
                       GError    **error)
{
  _sl_catalog_set_db_error (self->db, self->path, error);
}

/* What SQLite's result means for the user, and what to do about it. */
void
_sl_catalog_set_db_error (sqlite3     *db,
                          const char  *path,
                          GError     **error)
{
  switch (sqlite3_errcode (db) & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, SL_ERROR, SL_ERROR_DISK_FULL,
                   _("%s: the disk is full: this change was not saved (the catalog is as it was "
                     "before); free some space and try again"), path);
      break;
    case SQLITE_READONLY:
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _("%s: the catalog is read-only: this command changes it; give yourself "
                     "write permission or work on a copy"), path);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SL_ERROR, SL_ERROR_DAMAGED,
                   _("%s: the catalog is damaged (%s); run “sightline-cli check” on it and "
                     "restore a backup"), path, sqlite3_errmsg (db));
      break;
    default:
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: %s"), path, sqlite3_errmsg (db));
      break;
    }
}

sqlite3_stmt *
_sl_catalog_prepare (SlCatalog   *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      _sl_catalog_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_sl_catalog_exec (SlCatalog   *self,
                  const char  *sql,
                  GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _sl_catalog_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_sl_catalog_step_done (SlCatalog     *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _sl_catalog_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
_sl_catalog_now_us (void)
{
  static gint64 last;
  static GMutex lock;
  gint64 now = g_get_real_time ();

  /* strictly increasing within the process, so rapid changes keep their order */
  g_mutex_lock (&lock);
  if (now <= last)
    now = last + 1;
  last = now;
  g_mutex_unlock (&lock);
  return now;
}

void
_sl_catalog_mark_images_added (SlCatalog *self)
{
  if (self->depth > 0)
    self->images_added = TRUE;
  else
    g_signal_emit (self, signals[IMAGES_CHANGED], 0);
}

void
_sl_catalog_emit_models_changed (SlCatalog *self)
{
  g_signal_emit (self, signals[MODELS_CHANGED], 0);
}

void
sl_catalog_images_changed (SlCatalog *self)
{
  g_return_if_fail (SL_IS_CATALOG (self));
  g_signal_emit (self, signals[IMAGES_CHANGED], 0);
}

void
sl_catalog_labels_changed (SlCatalog *self,
                           gint64     image_id)
{
  g_return_if_fail (SL_IS_CATALOG (self));
  g_signal_emit (self, signals[LABELS_CHANGED], 0, image_id);
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE for writes (so a writer waits for the
 * lock up front instead of failing to upgrade later) and a deferred BEGIN for reads (in WAL
 * mode they never wait for a writer), inner ones are savepoints. */
static gboolean
begin (SlCatalog   *self,
       const char  *outermost,
       GError     **error)
{
  g_autofree char *sql = NULL;

  sql = self->depth == 0 ? g_strdup (outermost)
                         : g_strdup_printf ("SAVEPOINT sl%d", self->depth);
  if (!_sl_catalog_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
sl_catalog_begin (SlCatalog  *self,
                  GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return begin (self, "BEGIN IMMEDIATE", error);
}

gboolean
sl_catalog_begin_read (SlCatalog  *self,
                       GError    **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return begin (self, "BEGIN", error);
}

gboolean
sl_catalog_commit (SlCatalog  *self,
                   GError    **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? g_strdup ("COMMIT")
                         : g_strdup_printf ("RELEASE sl%d", self->depth - 1);
  if (!_sl_catalog_exec (self, sql, error))
    {
      sl_catalog_rollback (self);
      return FALSE;
    }
  self->depth--;
  if (self->depth == 0 && self->images_added)
    {
      self->images_added = FALSE;
      g_signal_emit (self, signals[IMAGES_CHANGED], 0);
    }
  return TRUE;
}

void
sl_catalog_rollback (SlCatalog *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (SL_IS_CATALOG (self));

  if (self->depth == 0)
    return;   /* after a failed commit, which rolled back already */
  self->depth--;
  if (self->depth == 0)
    {
      sql = g_strdup ("ROLLBACK");
      self->images_added = FALSE;
    }
  else
    sql = g_strdup_printf ("ROLLBACK TO sl%d; RELEASE sl%d", self->depth, self->depth);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

const char *
sl_split_to_string (SlSplit split)
{
  switch (split)
    {
    case SL_SPLIT_TRAIN: return "train";
    case SL_SPLIT_VAL: return "val";
    case SL_SPLIT_TEST: return "test";
    case SL_SPLIT_NONE:
    default: return NULL;
    }
}

SlSplit
sl_split_from_string (const char *name)
{
  if (g_strcmp0 (name, "train") == 0)
    return SL_SPLIT_TRAIN;
  if (g_strcmp0 (name, "val") == 0)
    return SL_SPLIT_VAL;
  if (g_strcmp0 (name, "test") == 0)
    return SL_SPLIT_TEST;
  return SL_SPLIT_NONE;
}

void
sl_class_info_free (SlClassInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->color);
  g_free (info->shortcut);
  g_free (info);
}

void
sl_image_info_free (SlImageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info->source_name);
  g_free (info->format);
  g_free (info->modality);
  g_free (info);
}

void
sl_label_event_free (SlLabelEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->annotator);
  g_free (event);
}

void
sl_model_info_free (SlModelInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->arch);
  g_free (info->metrics_json);
  g_free (info);
}
