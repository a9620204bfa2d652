/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Pixels are stored decoded (raw samples, interleaved, rows top to bottom) rather than as a copy
 * of the source file: a moved or deleted source folder cannot break the catalog, loading an image
 * for training or display needs no codec (DICOM's JPEG 2000 or RLE are decoded once, at import),
 * and the sha256 that finds duplicates is over exactly these bytes. The cost is size for large
 * compressed sources; for the 28×28 demo PNGs the raw 784 bytes are smaller than the files.
 *
 * images.label_class_id caches the newest labels row so browse filters can use an index; it is
 * only written together with a labels row, in the same transaction. */
static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE classes ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  position INTEGER NOT NULL,"
  "  color TEXT NOT NULL,"
  "  shortcut TEXT);"
  "CREATE TABLE images ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  width INTEGER NOT NULL,"
  "  height INTEGER NOT NULL,"
  "  channels INTEGER NOT NULL,"
  "  bits INTEGER NOT NULL,"
  "  sample_type INTEGER NOT NULL,"
  "  slope REAL NOT NULL DEFAULT 1,"
  "  intercept REAL NOT NULL DEFAULT 0,"
  "  window_center REAL NOT NULL DEFAULT 0,"
  "  window_width REAL NOT NULL DEFAULT 0,"
  "  format TEXT NOT NULL,"
  "  modality TEXT,"
  "  body_part TEXT,"
  "  study_pseudonym TEXT,"
  "  series_pseudonym TEXT,"
  "  spacing_row REAL NOT NULL DEFAULT 0,"
  "  spacing_col REAL NOT NULL DEFAULT 0,"
  "  source_name TEXT NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  label_class_id INTEGER REFERENCES classes(id),"
  "  pixels BLOB NOT NULL);"
  "CREATE INDEX images_label ON images(label_class_id);"
  "CREATE INDEX images_source ON images(source_name);"
  "CREATE TABLE labels ("
  "  id INTEGER PRIMARY KEY,"
  "  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,"
  "  class_id INTEGER REFERENCES classes(id),"
  "  annotator TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX labels_image ON labels(image_id, id);"
  "CREATE TABLE splits ("
  "  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,"
  "  split INTEGER NOT NULL CHECK (split BETWEEN 1 AND 3),"
  "  seed INTEGER);"
  "CREATE INDEX splits_split ON splits(split);"
  "CREATE TABLE models ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  arch TEXT NOT NULL,"
  "  checkpoint BLOB NOT NULL,"
  "  metrics TEXT,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE predictions ("
  "  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,"
  "  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,"
  "  probs BLOB NOT NULL,"
  "  predicted_class_id INTEGER REFERENCES classes(id),"
  "  confidence REAL NOT NULL,"
  "  heatmap BLOB,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (model_id, image_id)) WITHOUT ROWID;"
  "CREATE INDEX predictions_class ON predictions(model_id, predicted_class_id);"
  "CREATE INDEX predictions_confidence ON predictions(model_id, confidence);"
  "INSERT INTO meta (key, value) VALUES ('app_id', '" SL_CATALOG_APP_ID "');";

/* PACS links and live triage. pacs_links is the one table holding original DICOM UIDs (or, for a
 * watched folder, file names): what write-back needs. No export, report or model reads it.
 * watch_items records, per model, each instance a watcher has seen and what became of it;
 * watch_cursors where each watcher stopped in its source's feed. */
static const char schema_v2[] =
  "CREATE TABLE pacs_links ("
  "  id INTEGER PRIMARY KEY,"
  "  origin TEXT NOT NULL,"
  "  study_uid TEXT NOT NULL,"
  "  series_uid TEXT NOT NULL,"
  "  instance_uid TEXT NOT NULL,"
  "  image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,"
  "  arrived_at INTEGER NOT NULL,"
  "  UNIQUE (origin, instance_uid));"
  "CREATE INDEX pacs_links_image ON pacs_links(image_id);"
  "CREATE TABLE watch_items ("
  "  link_id INTEGER NOT NULL REFERENCES pacs_links(id) ON DELETE CASCADE,"
  "  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,"
  "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),"
  "  written_back INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (link_id, model_id)) WITHOUT ROWID;"
  "CREATE INDEX watch_items_state ON watch_items(model_id, state, link_id);"
  "CREATE TABLE watch_cursors ("
  "  origin TEXT NOT NULL,"
  "  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (origin, model_id)) WITHOUT ROWID;";

/* Display copies: an image larger than SL_CATALOG_DISPLAY_SIDE on a side also gets a reduced
 * copy (same channels, sample type and rescale as the full image), which thumbnails and the
 * viewer load instead, so that no image stalls the window. */
static const char schema_v3[] =
  "CREATE TABLE image_previews ("
  "  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,"
  "  width INTEGER NOT NULL,"
  "  height INTEGER NOT NULL,"
  "  pixels BLOB NOT NULL);";

/* Several readers per image (issue 13): an adjudication is a labels row with adjudicated = 1;
 * readers' current labels are their newest non-adjudication rows. */
static const char schema_v4[] =
  "ALTER TABLE labels ADD COLUMN adjudicated INTEGER NOT NULL DEFAULT 0 "
  "  CHECK (adjudicated IN (0, 1));"
  "CREATE INDEX labels_reader ON labels(image_id, adjudicated, annotator, created_at);";

/* Where each label row came from (SlLabelSource as text); the rows written by the importer
 * before this step are the ones by the "import" annotator. */
static const char schema_v5[] =
  "ALTER TABLE labels ADD COLUMN source TEXT NOT NULL DEFAULT 'human'"
  "  CHECK (source IN ('human', 'suggestion', 'import'));"
  "UPDATE labels SET source = 'import' WHERE annotator = 'import';";

/* How many images each (split, class) has, kept by triggers, so that the sidebar's counts cost
 * a few rows instead of a scan of every image at each label. split and class_id 0: none. A
 * split row replaced by INSERT OR REPLACE fires no delete trigger: splits are upserted. */
#define ADD_COUNT(split, class_id, n) \
  "INSERT INTO label_counts (split, class_id, n) VALUES (" split ", " class_id ", " n ")" \
  " ON CONFLICT (split, class_id) DO UPDATE SET n = n + excluded.n;"
#define SPLIT_OF(image) "coalesce((SELECT split FROM splits WHERE image_id = " image "), 0)"
#define LABEL_OF(image) \
  "coalesce((SELECT label_class_id FROM images WHERE id = " image "), 0)"

static const char schema_v6[] =
  "CREATE TABLE label_counts ("
  "  split INTEGER NOT NULL,"
  "  class_id INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (split, class_id)) WITHOUT ROWID;"
  "INSERT INTO label_counts (split, class_id, n)"
  "  SELECT coalesce(s.split, 0), coalesce(i.label_class_id, 0), count(*)"
  "  FROM images i LEFT JOIN splits s ON s.image_id = i.id GROUP BY 1, 2;"
  "CREATE TRIGGER label_counts_image_added AFTER INSERT ON images BEGIN "
  ADD_COUNT (SPLIT_OF ("NEW.id"), "coalesce(NEW.label_class_id, 0)", "1")
  "END;"
  "CREATE TRIGGER label_counts_image_labelled AFTER UPDATE OF label_class_id ON images"
  " WHEN OLD.label_class_id IS NOT NEW.label_class_id BEGIN "
  ADD_COUNT (SPLIT_OF ("NEW.id"), "coalesce(OLD.label_class_id, 0)", "-1")
  ADD_COUNT (SPLIT_OF ("NEW.id"), "coalesce(NEW.label_class_id, 0)", "1")
  "END;"
  /* before: the image's split row still exists (its cascade comes after) */
  "CREATE TRIGGER label_counts_image_removed BEFORE DELETE ON images BEGIN "
  ADD_COUNT (SPLIT_OF ("OLD.id"), "coalesce(OLD.label_class_id, 0)", "-1")
  "END;"
  /* a split row of no image (possible with foreign keys off) counts nowhere */
  "CREATE TRIGGER label_counts_split_added AFTER INSERT ON splits"
  " WHEN EXISTS (SELECT 1 FROM images WHERE id = NEW.image_id) BEGIN "
  ADD_COUNT ("0", LABEL_OF ("NEW.image_id"), "-1")
  ADD_COUNT ("NEW.split", LABEL_OF ("NEW.image_id"), "1")
  "END;"
  "CREATE TRIGGER label_counts_split_changed AFTER UPDATE OF split ON splits"
  " WHEN OLD.split IS NOT NEW.split AND EXISTS (SELECT 1 FROM images WHERE id = NEW.image_id)"
  " BEGIN "
  ADD_COUNT ("OLD.split", LABEL_OF ("NEW.image_id"), "-1")
  ADD_COUNT ("NEW.split", LABEL_OF ("NEW.image_id"), "1")
  "END;"
  /* nor when the image itself goes: label_counts_image_removed counted that */
  "CREATE TRIGGER label_counts_split_removed AFTER DELETE ON splits"
  " WHEN EXISTS (SELECT 1 FROM images WHERE id = OLD.image_id) BEGIN "
  ADD_COUNT ("OLD.split", LABEL_OF ("OLD.image_id"), "-1")
  ADD_COUNT ("0", LABEL_OF ("OLD.image_id"), "1")
  "END;";

/* Append a step here for every schema change; never edit a released step. */
static const SlMigration migrations[] = {
  { 1, schema_v1 },
  { 2, schema_v2 },
  { 3, schema_v3 },
  { 4, schema_v4 },
  { 5, schema_v5 },
  { 6, schema_v6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_CATALOG_SCHEMA_VERSION);

static gboolean
set_db_error (sqlite3  *db,
              GError  **error)
{
  _sl_catalog_set_db_error (db, sqlite3_db_filename (db, "main"), error);
  return FALSE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           int         *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (db, error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (db, error);
  return TRUE;
}

static char *
query_app_id (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *app_id = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'app_id'", -1, &stmt, NULL)
      != SQLITE_OK)
    return NULL;   /* no meta table */
  if (sqlite3_step (stmt) == SQLITE_ROW)
    app_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return app_id;
}

gboolean
_sl_catalog_migrate (sqlite3            *db,
                     const SlMigration  *steps,
                     int                 n_steps,
                     int                 target,
                     GError            **error)
{
  int version = 0;

  if (!query_int (db, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version >= target)
    return TRUE;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (db, error);
  /* another connection may have migrated the file while this one waited for the lock */
  if (!query_int (db, "PRAGMA user_version", &version, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  for (int i = 0; i < n_steps && steps[i].version <= target; i++)
    {
      g_autofree char *bump = NULL;

      if (steps[i].version <= version)
        continue;
      bump = g_strdup_printf ("PRAGMA user_version = %d;"
                              "INSERT OR REPLACE INTO meta (key, value) "
                              "VALUES ('schema_version', '%d');",
                              steps[i].version, steps[i].version);
      if (sqlite3_exec (db, steps[i].sql, NULL, NULL, NULL) != SQLITE_OK
          || sqlite3_exec (db, bump, NULL, NULL, NULL) != SQLITE_OK)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                       _("Catalog: migration to schema version %d failed: %s"),
                       steps[i].version, sqlite3_errmsg (db));
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (db, error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Switching a file to WAL takes an exclusive lock, for which SQLite returns BUSY at once rather
 * than calling the busy handler; so two processes creating one catalog retry here for up to 10 s
 * (the busy timeout every other statement gets). */
static gboolean
enable_wal (sqlite3  *db,
            GError  **error)
{
  for (int attempt = 0;; attempt++)
    {
      int rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        break;
      if ((rc & 0xff) != SQLITE_BUSY || attempt == 200)
        return set_db_error (db, error);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  if (sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (db, error);
  return TRUE;
}

/* Decides, by reading only, whether this connection holds a Sightline catalog we may use, then
 * switches on WAL and migrates. Nothing is written before the checks pass, nothing at all on a
 * read-only connection. */
gboolean
_sl_catalog_prepare_schema (sqlite3   *db,
                            gboolean   read_only,
                            GError   **error)
{
  const char *path = sqlite3_db_filename (db, "main");
  int n_tables = 0, version = 0;

  if (!query_int (db, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    {
      g_clear_error (error);
      _sl_catalog_set_db_error (db, path, error);
      return FALSE;
    }
  if (!query_int (db, "PRAGMA user_version", &version, error))
    return FALSE;

  if (n_tables > 0 || read_only)
    {
      g_autofree char *app_id = query_app_id (db);

      if (g_strcmp0 (app_id, SL_CATALOG_APP_ID) != 0 || version < 1)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FOREIGN_FILE,
                       _("%s: an SQLite database, but not a Sightline catalog"), path);
          return FALSE;
        }
      if (version > SL_CATALOG_SCHEMA_VERSION)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_NEWER_VERSION,
                       _("%s: catalog schema version %d is newer than this Sightline supports "
                         "(%d); open it with a newer Sightline"),
                       path, version, SL_CATALOG_SCHEMA_VERSION);
          return FALSE;
        }
    }
  if (read_only)
    {
      if (version == SL_CATALOG_SCHEMA_VERSION)
        return TRUE;
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _("%s: the catalog is read-only and was made by an older Sightline (schema "
                     "version %d); give write permission once so it can be upgraded"),
                   path, version);
      return FALSE;
    }

  if (!enable_wal (db, error))
    return FALSE;

  return _sl_catalog_migrate (db, migrations, G_N_ELEMENTS (migrations),
                              SL_CATALOG_SCHEMA_VERSION, error);
}
