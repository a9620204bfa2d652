/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sl-test-util.h"

/* An import killed with SIGKILL right after a batch commits must leave a catalog that passes
 * PRAGMA integrity_check, holds only whole batches, and that a re-run completes exactly. The
 * child is the real sightline-cli in its own process. */

#define BATCH 200
#define DEMO_TOTAL 5827

static const char *
cli_path (void)
{
  const char *path = g_getenv ("SL_CLI");

  return path != NULL ? path : SL_CLI_PATH;
}

/* A fresh read connection each time, so the reader never holds a lock the child waits on.
 * Returns -1 while the catalog is not readable yet. */
static int
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_killed_import (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *demo = g_build_filename (g_getenv ("SL_SOURCE_ROOT"), "resources",
                                            "demo-pneumoniamnist", NULL);
  g_autofree char *integrity = NULL, *out = NULL, *expected = NULL, *final_check = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GSubprocess) rerun = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int committed = -1;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, cli_path (), "import", "--catalog", catalog,
                            "--threads", "1", "--batch", G_STRINGIFY (BATCH), demo, NULL);
  g_assert_no_error (error);

  /* wait for the first batch to be committed, then kill at once */
  while (g_get_monotonic_time () < deadline)
    {
      if (g_file_test (catalog, G_FILE_TEST_EXISTS)
          && (committed = query_int (catalog, "SELECT count(*) FROM images")) >= BATCH)
        break;
      g_usleep (500);
    }
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_cmpint (committed, >=, BATCH);
  if (!g_subprocess_get_if_signaled (child))
    g_error ("the import finished before it could be killed; the test proves nothing");

  integrity = query_text (catalog, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  committed = query_int (catalog, "SELECT count(*) FROM images");
  g_test_message ("killed with %d of %d images committed", committed, DEMO_TOTAL);
  g_assert_cmpint (committed, <, DEMO_TOTAL);
  g_assert_cmpint (committed % BATCH, ==, 0);   /* whole batches only */
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM labels"), ==, committed);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM splits"), ==, committed);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM images WHERE label_class_id IS NULL"),
                   ==, 0);
  g_assert_cmpint (query_int (catalog, "PRAGMA foreign_key_check"), ==, -1);   /* no rows */

  /* the re-run completes it */
  rerun = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli_path (), "import",
                            "--catalog", catalog, demo, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (rerun, NULL, NULL, &out, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (rerun), ==, 0);
  expected = g_strdup_printf ("imported %d, duplicates %d, skipped 0\n",
                              DEMO_TOTAL - committed, committed);
  g_assert_cmpstr (out, ==, expected);

  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM images"), ==, DEMO_TOTAL);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM splits s JOIN images i "
                                       "ON i.id = s.image_id JOIN classes c "
                                       "ON c.id = i.label_class_id "
                                       "WHERE s.split = 1 AND c.name = 'normal'"), ==, 1213);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM splits WHERE split = 1"), ==, 4682);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM splits WHERE split = 2"), ==, 524);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM splits WHERE split = 3"), ==, 621);
  final_check = query_text (catalog, "PRAGMA integrity_check");
  g_assert_cmpstr (final_check, ==, "ok");

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (catalog, suffixes[i], NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/import/killed-midway", test_killed_import);
  return g_test_run ();
}
