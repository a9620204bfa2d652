/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "sl-test-util.h"

typedef SlTestCatalogFixture Fixture;

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static int
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static SlImage *
make_image (int    width,
            int    height,
            guint8 seed)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height);
  g_autoptr(GBytes) bytes = NULL;
  SlImage *image;

  for (int i = 0; i < width * height; i++)
    pixels[i] = (guint8) (seed * 31 + i);
  bytes = g_bytes_new (pixels, (gsize) width * height);
  image = sl_image_new (width, height, 1, SL_SAMPLE_U8, bytes);
  image->format = g_strdup ("png");
  return image;
}

static gint64
add_image (SlCatalog *catalog,
           guint8     seed)
{
  g_autoptr(SlImage) image = make_image (4, 3, seed);
  g_autofree char *sha = sl_image_sha256 (image);
  g_autofree char *name = g_strdup_printf ("img%u.png", seed);
  g_autoptr(GError) error = NULL;
  gint64 id = sl_catalog_add_image (catalog, image, sha, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_create_and_reopen (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  g_autoptr(SlImage) loaded = NULL;
  g_autoptr(SlImage) original = make_image (4, 3, 7);
  gint64 id, duplicate_of = -1, normal;

  g_assert_no_error (error);
  g_assert_cmpstr (sl_catalog_get_path (catalog), ==, f->catalog);
  id = add_image (catalog, 7);
  normal = sl_catalog_ensure_class (catalog, "normal", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_ensure_class (catalog, "normal", &error), ==, normal);
  g_assert_cmpint (sl_catalog_ensure_class (catalog, "pneumonia", &error), >, normal);

  /* the same pixels again: a duplicate, not a second row */
  {
    g_autofree char *sha = sl_image_sha256 (original);

    g_assert_true (sl_catalog_has_sha256 (catalog, sha));
    g_assert_cmpint (sl_catalog_add_image (catalog, original, sha, "copy.png", &duplicate_of,
                                           &error), ==, 0);
    g_assert_no_error (error);
    g_assert_cmpint (duplicate_of, ==, id);
  }
  g_assert_finalize_object (catalog);

  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, SL_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM meta WHERE key = 'app_id' AND "
                                     "value = '" SL_CATALOG_APP_ID "'"), ==, 1);

  catalog = sl_catalog_open (f->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 1);
  loaded = sl_catalog_load_image (catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->width, ==, 4);
  g_assert_cmpint (loaded->height, ==, 3);
  g_assert_cmpint (loaded->channels, ==, 1);
  g_assert_cmpstr (loaded->format, ==, "png");
  g_assert_true (g_bytes_equal (loaded->pixels, original->pixels));
  {
    g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
    SlClassInfo *first = g_ptr_array_index (classes, 0);

    g_assert_cmpuint (classes->len, ==, 2);
    g_assert_cmpstr (first->name, ==, "normal");
    g_assert_cmpint (first->position, ==, 0);
    g_assert_cmpstr (first->shortcut, ==, "1");
    g_assert_true (first->color[0] == '#' && strlen (first->color) == 7);
  }
  g_assert_null (sl_catalog_load_image (catalog, 999, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_finalize_object (catalog);
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len, after_len;
  SlCatalog *catalog;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  catalog = sl_catalog_open (path, &error);
  g_assert_null (catalog);
  g_assert_error (error, SL_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (before_len, ==, after_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
}

static void
test_refuse_foreign_sqlite (Fixture       *f,
                            gconstpointer  data)
{
  raw_exec (f->catalog, "CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('x');");
  assert_refused (f->catalog, SL_ERROR_FOREIGN_FILE);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM sqlite_master"), ==, 1);
}

static void
test_refuse_other_app_id (Fixture       *f,
                          gconstpointer  data)
{
  raw_exec (f->catalog, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO meta VALUES ('app_id', 'org.example.Other');"
                     "PRAGMA user_version = 1;");
  assert_refused (f->catalog, SL_ERROR_FOREIGN_FILE);
}

static void
test_refuse_non_sqlite (Fixture       *f,
                        gconstpointer  data)
{
  g_assert_true (g_file_set_contents (f->catalog, "path,label\nx.png,normal\n", -1, NULL));
  assert_refused (f->catalog, SL_ERROR_FOREIGN_FILE);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);

  g_assert_no_error (error);
  add_image (catalog, 1);
  g_assert_finalize_object (catalog);
  raw_exec (f->catalog, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);");

  assert_refused (f->catalog, SL_ERROR_NEWER_VERSION);
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM images"), ==, 1);
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  static const SlMigration steps[] = {
    { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
         "CREATE TABLE things (a INTEGER);"
         "INSERT INTO things VALUES (1), (2);" },
    { 2, "ALTER TABLE things ADD COLUMN b INTEGER NOT NULL DEFAULT 5;" },
    { 3, "CREATE TABLE extra (x); THIS IS NOT SQL;" },
  };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->catalog, &db), ==, SQLITE_OK);

  /* a version-1 file */
  g_assert_true (_sl_catalog_migrate (db, steps, 3, 1, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, 1);

  /* from 1 to 2: only step 2 runs, the data stays */
  g_assert_cmpint (sqlite3_open (f->catalog, &db), ==, SQLITE_OK);
  g_assert_true (_sl_catalog_migrate (db, steps, 3, 2, &error));
  g_assert_no_error (error);
  g_assert_true (_sl_catalog_migrate (db, steps, 3, 2, &error));   /* nothing to do */
  sqlite3_close (db);
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (f->catalog, "SELECT sum(a) + sum(b) FROM things"), ==, 13);
  g_assert_cmpint (raw_int (f->catalog, "SELECT value FROM meta WHERE key = 'schema_version'"),
                   ==, 2);

  /* a failing step leaves the file as it was */
  g_assert_cmpint (sqlite3_open (f->catalog, &db), ==, SQLITE_OK);
  g_assert_false (_sl_catalog_migrate (db, steps, 3, 3, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  sqlite3_close (db);
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM sqlite_master WHERE name = 'extra'"),
                   ==, 0);
}

static void
test_open_version1_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog;

  /* a version-1 catalog made by hand, as an older Sightline would have left it */
  catalog = sl_catalog_open (f->catalog, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (catalog);
  raw_exec (f->catalog, "INSERT INTO classes (name, position, color) VALUES ('a', 0, '#000000');"
                     "DROP TABLE watch_cursors; DROP TABLE watch_items; DROP TABLE pacs_links;"
                     "DROP TABLE image_previews;"
                     "DROP INDEX labels_reader; ALTER TABLE labels DROP COLUMN adjudicated;"
                     "ALTER TABLE labels DROP COLUMN source;"
                     "DROP TRIGGER label_counts_image_added;"
                     "DROP TRIGGER label_counts_image_labelled;"
                     "DROP TRIGGER label_counts_image_removed;"
                     "DROP TRIGGER label_counts_split_added;"
                     "DROP TRIGGER label_counts_split_changed;"
                     "DROP TRIGGER label_counts_split_removed;"
                     "DROP TABLE label_counts;"
                     "INSERT INTO images (sha256, width, height, channels, bits, sample_type,"
                     " format, source_name, imported_at, pixels)"
                     " VALUES ('x', 1, 1, 1, 8, 0, 'png', 'x.png', 0, x'00');"
                     "INSERT INTO labels (image_id, class_id, annotator, created_at)"
                     " VALUES (1, 1, 'import', 1), (1, 1, 'alice', 2);"
                     "UPDATE images SET label_class_id = 1;"
                     "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
                     "PRAGMA user_version = 1;");
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, 1);

  catalog = sl_catalog_open (f->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_find_class (catalog, "a"), >, 0);
  g_assert_finalize_object (catalog);
  /* version 2 added the PACS links and the watch state, version 3 the display copies,
   * version 4 adjudications, version 5 the labels' source, version 6 the counts by split and
   * class */
  g_assert_cmpint (raw_int (f->catalog, "PRAGMA user_version"), ==, SL_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM pacs_links"), ==, 0);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM image_previews"), ==, 0);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels WHERE adjudicated = 1"), ==, 0);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels WHERE source = 'import'"),
                   ==, 1);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels WHERE source = 'human'"),
                   ==, 1);
  g_assert_cmpint (raw_int (f->catalog, "SELECT n FROM label_counts WHERE split = 0 AND "
                                        "class_id = 1"), ==, 1);
}

static void
on_labels_changed (SlCatalog *catalog,
                   gint64     image_id,
                   gpointer   user_data)
{
  g_array_append_val ((GArray *) user_data, image_id);
}

static void
test_label_history (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) history = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 image, other, a, b;
  gint64 expected[] = { 0, 0, 0, 0, 0 };

  g_assert_no_error (error);
  image = add_image (catalog, 1);
  other = add_image (catalog, 2);
  a = sl_catalog_ensure_class (catalog, "a", &error);
  b = sl_catalog_ensure_class (catalog, "b", &error);
  g_signal_connect (catalog, "labels-changed", G_CALLBACK (on_labels_changed), changed);

  g_assert_cmpint (sl_catalog_get_label (catalog, image), ==, 0);
  expected[0] = a; expected[1] = b; expected[2] = 0; expected[3] = a; expected[4] = b;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (sl_catalog_set_label (catalog, image, expected[i], i % 2 ? "bob" : "alice",
                                           &error));
      g_assert_no_error (error);
      g_assert_cmpint (sl_catalog_get_label (catalog, image), ==, expected[i]);
    }
  g_assert_true (sl_catalog_set_label (catalog, other, a, NULL, &error));

  /* each row keeps its source */
  g_assert_true (sl_catalog_set_label_from (catalog, other, a, "carol", SL_LABEL_SOURCE_SUGGESTION,
                                            &error));
  history = sl_catalog_label_history (catalog, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((SlLabelEvent *) history->pdata[0])->source, ==, SL_LABEL_SOURCE_HUMAN);
  g_assert_cmpint (((SlLabelEvent *) history->pdata[1])->source, ==, SL_LABEL_SOURCE_SUGGESTION);
  g_assert_cmpstr (((SlLabelEvent *) history->pdata[1])->annotator, ==, "carol");
  g_clear_pointer (&history, g_ptr_array_unref);

  history = sl_catalog_label_history (catalog, image, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < history->len; i++)
    {
      SlLabelEvent *event = g_ptr_array_index (history, i);

      g_assert_cmpint (event->image_id, ==, image);
      g_assert_cmpint (event->class_id, ==, expected[i]);
      g_assert_cmpstr (event->annotator, ==, i % 2 ? "bob" : "alice");
      if (i > 0)
        g_assert_cmpint (event->created_at, >,
                         ((SlLabelEvent *) g_ptr_array_index (history, i - 1))->created_at);
    }
  g_assert_cmpuint (changed->len, ==, G_N_ELEMENTS (expected) + 2);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, image);
  g_assert_cmpint (g_array_index (changed, gint64, changed->len - 1), ==, other);

  /* bad ids are refused and leave no history */
  g_assert_false (sl_catalog_set_label (catalog, 12345, a, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sl_catalog_set_label (catalog, image, 777, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sl_catalog_get_label (catalog, image), ==, b);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels"), ==, 7);

  /* filters see the current label only */
  {
    SlImageFilter filter;
    g_autoptr(GArray) ids = NULL;

    sl_image_filter_init (&filter);
    filter.class_id = a;
    ids = sl_catalog_query_images (catalog, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, other);
  }
  g_assert_finalize_object (catalog);
}

static void
on_images_changed (SlCatalog *catalog,
                   gpointer   user_data)
{
  (*(int *) user_data)++;
}

static void
test_transaction (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  int emitted = 0;

  g_signal_connect (catalog, "images-changed", G_CALLBACK (on_images_changed), &emitted);

  g_assert_true (sl_catalog_begin (catalog, &error));
  add_image (catalog, 1);
  add_image (catalog, 2);
  g_assert_cmpint (emitted, ==, 0);
  sl_catalog_rollback (catalog);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 0);
  g_assert_cmpint (emitted, ==, 0);

  g_assert_true (sl_catalog_begin (catalog, &error));
  add_image (catalog, 1);
  g_assert_true (sl_catalog_begin (catalog, &error));   /* nested */
  add_image (catalog, 2);
  sl_catalog_rollback (catalog);
  add_image (catalog, 3);
  g_assert_true (sl_catalog_commit (catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 2);
  g_assert_cmpint (emitted, ==, 1);
  g_assert_finalize_object (catalog);
}

static GHashTable *
split_of_all (SlCatalog *catalog,
              GArray    *ids)
{
  GHashTable *splits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_hash_table_insert (splits, g_memdup2 (&id, sizeof id),
                           GINT_TO_POINTER (sl_catalog_get_split (catalog, id)));
    }
  return splits;
}

static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) first = NULL, again = NULL, other = NULL;
  g_autoptr(GHashTable) counts = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 a, b, kept;
  guint differ = 0;

  g_assert_no_error (error);
  a = sl_catalog_ensure_class (catalog, "a", &error);
  b = sl_catalog_ensure_class (catalog, "b", &error);
  g_assert_true (sl_catalog_begin (catalog, &error));
  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(SlImage) image = make_image (8, 8, 0);
      g_autofree char *sha = g_strdup_printf ("%064d", i);
      gint64 id = sl_catalog_add_image (catalog, image, sha, "x.png", NULL, &error);

      g_assert_no_error (error);
      g_assert_true (sl_catalog_set_label (catalog, id, i < 300 ? a : b, "t", &error));
      g_array_append_val (ids, id);
    }
  g_assert_true (sl_catalog_commit (catalog, &error));
  g_assert_true (sl_catalog_make_split (catalog, 0.1, 0.2, 42, FALSE, &error));
  g_assert_no_error (error);
  first = split_of_all (catalog, ids);

  /* stratified: each class split 70/10/20 within one image */
  counts = sl_catalog_count_by_split_and_class (catalog, &error);
  g_assert_no_error (error);
  {
    GArray *train = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_TRAIN));
    GArray *val = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_VAL));
    GArray *test = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_TEST));
    GArray *none = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_NONE));

    g_assert_cmpint (g_array_index (none, gint64, 0) + g_array_index (none, gint64, 1), ==, 0);
    g_assert_cmpint (ABS (g_array_index (train, gint64, 0) - 210), <=, 1);
    g_assert_cmpint (ABS (g_array_index (val, gint64, 0) - 30), <=, 1);
    g_assert_cmpint (ABS (g_array_index (test, gint64, 0) - 60), <=, 1);
    g_assert_cmpint (ABS (g_array_index (train, gint64, 1) - 490), <=, 1);
    g_assert_cmpint (ABS (g_array_index (val, gint64, 1) - 70), <=, 1);
    g_assert_cmpint (ABS (g_array_index (test, gint64, 1) - 140), <=, 1);
  }

  /* same seed, same split; another seed, another split */
  g_assert_true (sl_catalog_make_split (catalog, 0.1, 0.2, 42, TRUE, &error));
  again = split_of_all (catalog, ids);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (again, &id)), ==,
                       GPOINTER_TO_INT (g_hash_table_lookup (first, &id)));
    }
  g_assert_true (sl_catalog_make_split (catalog, 0.1, 0.2, 43, TRUE, &error));
  other = split_of_all (catalog, ids);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      differ += g_hash_table_lookup (other, &id) != g_hash_table_lookup (again, &id);
    }
  g_assert_cmpuint (differ, >, 100);

  /* images that have a split keep it; only the others are assigned */
  kept = g_array_index (ids, gint64, 0);
  g_assert_true (sl_catalog_set_split (catalog, kept, SL_SPLIT_VAL, -1, &error));
  for (guint i = 1; i <= 100; i++)
    g_assert_true (sl_catalog_set_split (catalog, g_array_index (ids, gint64, i), SL_SPLIT_NONE,
                                         0, &error));
  g_assert_true (sl_catalog_make_split (catalog, 0.1, 0.2, 44, FALSE, &error));
  g_assert_cmpint (sl_catalog_get_split (catalog, kept), ==, SL_SPLIT_VAL);
  for (guint i = 1; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_assert_cmpint (sl_catalog_get_split (catalog, id), !=, SL_SPLIT_NONE);
      if (i > 100)
        g_assert_cmpint (sl_catalog_get_split (catalog, id), ==,
                         GPOINTER_TO_INT (g_hash_table_lookup (other, &id)));
    }

  g_assert_false (sl_catalog_make_split (catalog, 0.7, 0.5, 1, FALSE, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_assert_finalize_object (catalog);
}

static void
test_predictions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) checkpoint = g_bytes_new_static ("CKPT", 4);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GArray) ids = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 images[3], a, b, model;
  float probs[] = { 0.9f, 0.1f, 0.4f, 0.6f, 0.55f, 0.45f }, got[2];
  SlImageFilter filter;

  a = sl_catalog_ensure_class (catalog, "a", &error);
  b = sl_catalog_ensure_class (catalog, "b", &error);
  for (int i = 0; i < 3; i++)
    {
      images[i] = add_image (catalog, i);
      sl_catalog_set_label (catalog, images[i], a, "t", &error);
    }
  model = sl_catalog_add_model (catalog, "m1", "conv", checkpoint, "{\"auc\": 0.9}", &error);
  g_assert_no_error (error);
  g_assert_true (sl_catalog_add_predictions (catalog, model, images, 3, 2, probs, &error));
  g_assert_no_error (error);

  models = sl_catalog_list_models (catalog);
  g_assert_cmpuint (models->len, ==, 1);
  g_assert_cmpstr (((SlModelInfo *) g_ptr_array_index (models, 0))->metrics_json, ==,
                   "{\"auc\": 0.9}");
  loaded = sl_catalog_get_model_checkpoint (catalog, model, &error);
  g_assert_true (g_bytes_equal (loaded, checkpoint));
  g_assert_true (sl_catalog_get_prediction (catalog, model, images[1], got, 2));
  g_assert_cmpfloat (got[1], ==, 0.6f);

  sl_image_filter_init (&filter);
  filter.model_id = model;
  filter.disagreement = TRUE;
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, images[1]);
  g_clear_pointer (&ids, g_array_unref);

  filter.disagreement = FALSE;
  filter.most_uncertain = TRUE;
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, images[2]);   /* 0.55 */
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, images[0]);   /* 0.9 */
  g_clear_pointer (&ids, g_array_unref);

  filter.most_uncertain = FALSE;
  filter.predicted_class_id = b;
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_finalize_object (catalog);
}

static void
on_models_changed (SlCatalog *catalog,
                   int       *count)
{
  (*count)++;
}

/* A rename is stored (also for another connection), stripped, announced; an empty name or an
 * unknown model is refused and changes nothing. */
static void
test_rename_model (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) checkpoint = g_bytes_new_static ("ckpt", 4);
  g_autoptr(SlModelInfo) info = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  SlCatalog *other;
  gint64 model;
  int changed = 0;

  model = sl_catalog_add_model (catalog, "model 2026-12-01 10:00:00", "conv", checkpoint, "{}",
                                &error);
  g_assert_no_error (error);
  g_signal_connect (catalog, "models-changed", G_CALLBACK (on_models_changed), &changed);
  g_assert_true (sl_catalog_rename_model (catalog, model, "  chest baseline  ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);

  g_assert_false (sl_catalog_rename_model (catalog, model, " ", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_catalog_rename_model (catalog, model + 1, "x", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (changed, ==, 1);

  other = sl_catalog_open (f->catalog, &error);
  g_assert_no_error (error);
  info = sl_catalog_get_model_info (other, model, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "chest baseline");
  g_assert_cmpstr (info->metrics_json, ==, "{}");
  g_assert_null (sl_catalog_get_model_info (other, model + 1, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_finalize_object (other);
  g_assert_finalize_object (catalog);
}

static void
test_split_sizes (void)
{
  guint n_val, n_test;

  sl_split_sizes (10, 0.1, 0.2, &n_val, &n_test);
  g_assert_cmpuint (n_val, ==, 1);
  g_assert_cmpuint (n_test, ==, 2);
  sl_split_sizes (5, 0.7, 0.5, &n_val, &n_test);   /* never more than the stratum */
  g_assert_cmpuint (n_test, ==, 3);
  g_assert_cmpuint (n_val, ==, 2);
  sl_split_sizes (0, 0.5, 0.5, &n_val, &n_test);
  g_assert_cmpuint (n_val + n_test, ==, 0);
}

static void
test_labeled_since (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) after_import = NULL;
  g_autoptr(GArray) by_anyone = NULL;
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 first, second, third, a, since;

  g_assert_no_error (error);
  first = add_image (catalog, 1);
  second = add_image (catalog, 2);
  third = add_image (catalog, 3);
  a = sl_catalog_ensure_class (catalog, "a", &error);
  g_assert_true (sl_catalog_set_label (catalog, first, a, "import", &error));
  g_assert_true (sl_catalog_set_label (catalog, second, a, "alice", &error));
  since = g_get_real_time ();
  g_usleep (1000);
  g_assert_true (sl_catalog_set_label (catalog, third, a, "import", &error));
  g_assert_true (sl_catalog_set_label (catalog, first, 0, "bob", &error));
  g_assert_true (sl_catalog_set_label (catalog, first, a, "bob", &error));
  g_assert_no_error (error);

  /* Only rows after `since`, each image once, the excluded annotator left out. */
  after_import = sl_catalog_labeled_since (catalog, since, "import", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_import->len, ==, 1);
  g_assert_cmpint (g_array_index (after_import, gint64, 0), ==, first);

  by_anyone = sl_catalog_labeled_since (catalog, since, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_anyone->len, ==, 2);
  g_assert_cmpint (g_array_index (by_anyone, gint64, 0), ==, first);
  g_assert_cmpint (g_array_index (by_anyone, gint64, 1), ==, third);
  g_assert_finalize_object (catalog);
}

/* Many labels in one transaction: all stored or none, and one labels-changed (0 for several). */
static void
test_bulk_labels (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 ids[3], classes[3], bad[3], a, b;

  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    ids[i] = add_image (catalog, (guint8) (10 + i));
  a = sl_catalog_ensure_class (catalog, "a", &error);
  b = sl_catalog_ensure_class (catalog, "b", &error);
  classes[0] = a; classes[1] = b; classes[2] = a;
  g_signal_connect (catalog, "labels-changed", G_CALLBACK (on_labels_changed), changed);

  /* an unknown image at the end: nothing stored, nothing emitted */
  bad[0] = ids[0]; bad[1] = ids[1]; bad[2] = 999;
  g_assert_false (sl_catalog_set_labels_from (catalog, bad, classes, 3, "ann",
                                              SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels"), ==, 0);
  g_assert_cmpuint (changed->len, ==, 0);

  g_assert_true (sl_catalog_set_labels_from (catalog, ids, classes, 3, "ann",
                                             SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sl_catalog_get_label (catalog, ids[i]), ==, classes[i]);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, 0);

  /* one image: its own id */
  g_assert_true (sl_catalog_set_labels_from (catalog, ids, (gint64[]) { 0 }, 1, "ann",
                                             SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_cmpint (sl_catalog_get_label (catalog, ids[0]), ==, 0);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpint (g_array_index (changed, gint64, 1), ==, ids[0]);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels"), ==, 4);
  g_assert_finalize_object (catalog);
}

/* The counts by split and class, recounted here from each image's label and split. */
static void
assert_counts_current (SlCatalog *catalog,
                       GArray    *ids,
                       gint64     classes[2])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = sl_catalog_count_by_split_and_class (catalog, &error);
  g_autoptr(GPtrArray) problems = sl_catalog_check (catalog, &error);
  gint64 expected[SL_SPLIT_TEST + 1][3] = { { 0 } };

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gint64 label = sl_catalog_get_label (catalog, id);
      int column = label == classes[0] ? 0 : label == classes[1] ? 1 : 2;

      expected[sl_catalog_get_split (catalog, id)][column]++;
    }
  for (int split = SL_SPLIT_NONE; split <= SL_SPLIT_TEST; split++)
    {
      GArray *row = g_hash_table_lookup (counts, GINT_TO_POINTER (split));

      for (int k = 0; k < 3; k++)
        g_assert_cmpint (g_array_index (row, gint64, k), ==, expected[split][k]);
    }
}

/* The counts the sidebar shows follow every change of images, labels and splits. */
static void
test_label_counts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 classes[2];

  g_assert_no_error (error);
  classes[0] = sl_catalog_ensure_class (catalog, "a", &error);
  classes[1] = sl_catalog_ensure_class (catalog, "b", &error);
  for (guint8 i = 0; i < 40; i++)
    {
      gint64 id = add_image (catalog, i);

      g_array_append_val (ids, id);
    }
  assert_counts_current (catalog, ids, classes);

  for (int round = 0; round < 200; round++)
    {
      gint64 id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32) ids->len));
      int what = g_rand_int_range (rand, 0, 3);

      if (what == 0)   /* a class, or cleared */
        g_assert_true (sl_catalog_set_label (catalog, id,
                                             g_rand_int_range (rand, 0, 3) == 2
                                             ? 0 : classes[g_rand_int_range (rand, 0, 2)],
                                             "t", &error));
      else             /* a split, another one, or none */
        g_assert_true (sl_catalog_set_split (catalog, id, g_rand_int_range (rand, SL_SPLIT_NONE,
                                                                            SL_SPLIT_TEST + 1),
                                             -1, &error));
      g_assert_no_error (error);
      if (round % 20 == 0)
        assert_counts_current (catalog, ids, classes);
    }
  assert_counts_current (catalog, ids, classes);

  /* a rolled-back transaction leaves the counts as they were */
  g_assert_true (sl_catalog_begin (catalog, &error));
  g_assert_true (sl_catalog_make_split (catalog, 0.2, 0.2, 5, TRUE, &error));
  g_assert_true (sl_catalog_set_label (catalog, g_array_index (ids, gint64, 0), 0, "t", &error));
  sl_catalog_rollback (catalog);
  assert_counts_current (catalog, ids, classes);
  g_assert_true (sl_catalog_make_split (catalog, 0.2, 0.2, 5, TRUE, &error));
  assert_counts_current (catalog, ids, classes);
  g_assert_finalize_object (catalog);
}

/* The window's connection leaves write-ahead-log checkpoints to a worker. Commits that wait
 * while the worker copies the log, as a person labelling does, keep it near the 1,000 pages
 * (4 MB) that start a checkpoint: past 4,000 pages (16 MB) the committing thread would have
 * checkpointed itself. Commits that never wait still keep it bounded, since the committing
 * thread checkpoints once the worker is done (18 MB here; with no checkpoint at all it grows
 * by about 24 kB a label, to 97 MB). Every label is kept. */
static void
test_checkpoint_on_worker (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->catalog, "-wal", NULL);
  SlCatalog *catalog = sl_catalog_open (f->catalog, &error);
  gint64 images[100], classes[2];
  GStatBuf st;
  gint64 largest = 0;
  guint workers = 0;
  const int commits = 6000;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    images[i] = add_image (catalog, (guint8) i);
  classes[0] = sl_catalog_ensure_class (catalog, "a", &error);
  classes[1] = sl_catalog_ensure_class (catalog, "b", &error);
  sl_catalog_checkpoint_on_worker (catalog);
  for (int i = 0; i < commits; i++)
    {
      g_assert_true (sl_catalog_set_label (catalog, images[i % 100], classes[i % 3 % 2], "alice", &error));
      g_assert_no_error (error);
      if (g_stat (wal, &st) == 0)
        largest = MAX (largest, (gint64) st.st_size);
      if (i < commits / 3 && sl_catalog_checkpoint_busy (catalog))
        {
          workers++;
          while (sl_catalog_checkpoint_busy (catalog))
            g_usleep (1000);
        }
      if (i == commits / 3 - 1)
        {
          g_test_message ("log with waits: %" G_GINT64_FORMAT " bytes, %u checkpoints",
                          largest, workers);
          g_assert_cmpuint (workers, >, 2);
          g_assert_cmpint (largest, <, 8 * 1000 * 1000);
          largest = 0;
        }
    }
  while (sl_catalog_checkpoint_busy (catalog))
    g_usleep (1000);
  g_test_message ("log without waits: %" G_GINT64_FORMAT " bytes", largest);
  g_assert_cmpint (largest, >, 0);
  g_assert_cmpint (largest, <, 60 * 1000 * 1000);
  g_assert_cmpint (sl_catalog_get_label (catalog, images[(commits - 1) % 100]), ==,
                   classes[(commits - 1) % 3 % 2]);
  g_assert_finalize_object (catalog);
  g_assert_cmpint (raw_int (f->catalog, "SELECT count(*) FROM labels"), ==, commits);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/sightline/catalog/" name, Fixture, NULL, sl_test_catalog_setup, func, \
              sl_test_catalog_teardown)
  ADD ("create-reopen", test_create_and_reopen);
  ADD ("refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  ADD ("refuse-other-app-id", test_refuse_other_app_id);
  ADD ("refuse-non-sqlite", test_refuse_non_sqlite);
  ADD ("refuse-newer", test_refuse_newer);
  ADD ("migrate", test_migrate);
  ADD ("open-version-1", test_open_version1_file);
  ADD ("label-history", test_label_history);
  ADD ("bulk-labels", test_bulk_labels);
  ADD ("labeled-since", test_labeled_since);
  ADD ("transactions", test_transaction);
  ADD ("split", test_split);
  ADD ("label-counts", test_label_counts);
  ADD ("predictions", test_predictions);
  ADD ("rename-model", test_rename_model);
  ADD ("checkpoint-on-worker", test_checkpoint_on_worker);
  g_test_add_func ("/sightline/catalog/split-sizes", test_split_sizes);
#undef ADD

  return g_test_run ();
}
