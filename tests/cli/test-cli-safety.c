/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catalog safety as a user meets it through sightline-cli: two creators of one catalog, oversized
 * images, names that identify patients, and the messages of every error that used to mislead. */
#include "config.h"

#include <glib/gstdio.h>
#include <png.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "sl-catalog.h"
#include "sl-test-util.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,gap,fc:2"

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in: %s", part, text);
}

/* A gray 8-bit PNG of width × height black pixels, compressed as far as zlib goes (a 40,000²
 * image is 1.5 MB). */
static void
write_black_png (const char *path,
                 guint32     width,
                 guint32     height)
{
  FILE *file = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  g_autofree png_byte *row = g_malloc0 (width);

  g_assert_nonnull (file);
  g_assert_false (setjmp (png_jmpbuf (png)));
  png_init_io (png, file);
  png_set_compression_level (png, 9);
  png_set_filter (png, 0, PNG_FILTER_NONE);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (guint32 y = 0; y < height; y++)
    png_write_row (png, row);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);   /* an import may be writing */
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Runs first: the peak RSS of all children so far is then this import's. */
static void
test_oversized_png_skipped (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *huge = g_build_filename (images, "huge.png", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL;
  struct rusage usage;
  GStatBuf st;

  sl_test_copy_demo_subset (images, 2, 1, 0);
  write_black_png (huge, 40000, 40000);
  g_assert_cmpint (g_stat (huge, &st), ==, 0);
  g_test_message ("40,000² PNG: %.2f MB", st.st_size / 1e6);

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog, images,
                                    NULL), ==, 3);
  assert_contains (err, "huge.png: 40000 × 40000 pixels (1600.0 megapixels) is over the limit");
  assert_contains (out, "imported 6, duplicates 0, skipped 1");
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  g_test_message ("peak RSS of the import: %ld MB", usage.ru_maxrss / 1024);
  g_assert_cmpint (usage.ru_maxrss, <, 1024 * 1024);   /* kB */
  g_test_message ("message: %s", err);
}

static void
test_large_image_display_copy (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *large = g_build_filename (dir, "large.png", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImage) display = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  write_black_png (large, 20000, 20000);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog_path, large,
                                    NULL), ==, 3);
  assert_contains (err, "large.png: 20000 × 20000 pixels (400.0 megapixels) is over the limit");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog_path, "--max-pixels",
                                    "400000000", large, NULL), ==, 0);
  assert_contains (out, "imported 1,");

  catalog = sl_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  display = sl_catalog_load_display_image (catalog, 1, &error);
  g_assert_no_error (error);
  g_test_message ("display copy %d × %d loaded in %.1f ms", display->width, display->height,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (MAX (display->width, display->height), <=, SL_CATALOG_DISPLAY_SIDE);
  g_assert_cmpint (display->width, >=, 1000);
}

static void
race_once (const char *images,
           const char *catalog)
{
  const char *argv[] = { SL_CLI_PATH, "import", "--catalog", catalog, images, NULL };
  GPid pids[2];
  int status;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pids[i], &error));
      g_assert_no_error (error);
    }
  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_spawn_close_pid (pids[i]);
    }
}

#define CREATE_RACES 12

static void
test_concurrent_creation (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);

  sl_test_copy_demo_subset (images, 3, 1, 0);
  for (int run = 0; run < CREATE_RACES; run++)
    {
      g_autofree char *name = g_strdup_printf ("race%d.sightline", run);
      g_autofree char *catalog = g_build_filename (dir, name, NULL);
      g_autofree char *out = NULL;

      race_once (images, catalog);
      g_assert_cmpint (sl_test_run_cli (&out, NULL, "check", "--catalog", catalog, NULL), ==, 0);
      g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM images"), ==, 8);
    }
  g_test_message ("%d races of two creating imports: all exit 0, catalogs pass check",
                  CREATE_RACES);
}

/* Every byte of path: the needle must not occur. */
static void
assert_no_trace (const char *path,
                 const char *needle)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return;
  g_assert_null (g_strstr_len (data, (gssize) len, needle) != NULL ? path : NULL);
}

static void
test_patient_names_not_kept (void)
{
  static const char *const traces[] = { "DOE", "JOHN", "19491231", "4455661" };
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *patient = g_build_filename (dir, "DOE^JOHN", NULL);
  g_autofree char *dcm = g_build_filename (patient, "DOE_JOHN_19491231_MRN4455661.dcm", NULL);
  g_autofree char *source = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                              "MR_small.dcm", NULL);
  g_autofree char *images = g_build_filename (dir, "demo", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *wal = g_strconcat (catalog_path, "-wal", NULL);
  g_autofree char *model = g_build_filename (dir, "model.slm", NULL);
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *text = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *contents = NULL, *out = NULL, *err = NULL;
  g_autofree char *pdftotext_path = g_find_program_in_path ("pdftotext");
  g_autoptr(SlCatalog) holder = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *pdftotext[] = { pdftotext_path, pdf, text, NULL };
  const char *const files[] = { catalog_path, wal, model, csv, text };

  g_assert_nonnull (pdftotext_path);
  g_assert_cmpint (g_mkdir_with_parents (patient, 0755), ==, 0);
  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (dcm, contents, (gssize) len, NULL));
  sl_test_copy_demo_subset (images, 12, 4, 4);

  /* a connection held open keeps the WAL on disk, to be searched too */
  holder = sl_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog_path, patient,
                                    images, NULL), ==, 0);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "train", "--catalog", catalog_path, "--out", model,
                                    "--arch", TINY_ARCH, "--epochs", "1", "--threads", "1",
                                    NULL), ==, 0);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "export", "--catalog", catalog_path, "--format",
                                    "csv", "--out", csv, NULL), ==, 0);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "report", "--catalog", catalog_path, "--model",
                                    model, "--out", pdf, NULL), ==, 0);
  g_assert_cmpint (sl_test_run (pdftotext, NULL, NULL), ==, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (raw_int (catalog_path, "SELECT count(*) FROM images WHERE format = 'dicom' "
                                          "AND source_name = ''"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    for (guint t = 0; t < G_N_ELEMENTS (traces); t++)
      assert_no_trace (files[i], traces[t]);
}

static void
test_no_source_names_and_relative (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *kept = g_build_filename (dir, "kept.sightline", NULL);
  g_autofree char *none = g_build_filename (dir, "none.sightline", NULL);

  sl_test_copy_demo_subset (images, 1, 0, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", kept, images, NULL), ==, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", none, "--no-source-names",
                                    images, NULL), ==, 0);
  g_assert_cmpint (raw_int (kept, "SELECT count(*) FROM images WHERE source_name LIKE "
                                  "'train/%/%.png'"), ==, 2);
  g_assert_cmpint (raw_int (kept, "SELECT count(*) FROM images WHERE source_name LIKE '/%'"),
                   ==, 0);
  g_assert_cmpint (raw_int (none, "SELECT count(*) FROM images WHERE source_name = ''"), ==, 2);
}

static void
test_names_and_links (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *odd = g_build_filename (images, "scan\xff", NULL);
  g_autofree char *target = g_build_filename (dir, "elsewhere", NULL);
  g_autofree char *link = g_build_filename (images, "linked", NULL);
  g_autofree char *loop = g_build_filename (target, "back", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL, *png = NULL;

  sl_test_copy_demo_subset (odd, 1, 0, 0);
  sl_test_copy_demo_subset (target, 0, 1, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (symlink (target, loop), ==, 0);   /* elsewhere/back → elsewhere */
  png = g_build_filename (odd, "bad\xfe.png", NULL);
  g_assert_true (g_file_set_contents (png, "not a png", -1, NULL));

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog, images,
                                    NULL), ==, 3);
  g_test_message ("%s%s", out, err);
  assert_contains (err, "scan\\xff/bad\\xfe.png: ");
  assert_contains (err, "linked/back: not followed: it leads back to a folder already imported");
  assert_contains (out, "imported 4, duplicates 0, skipped 1");
  g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM images WHERE source_name LIKE "
                                     "'scan\\xff/train/%'"), ==, 2);
  g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM images WHERE source_name LIKE "
                                     "'linked/val/%'"), ==, 2);
}

static void
test_read_only_and_damaged (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "new.sightline", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL, *bytes = NULL;
  gsize len;

  sl_test_copy_demo_subset (images, 1, 0, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", catalog, images,
                                    NULL), ==, 0);

  g_assert_cmpint (g_chmod (catalog, 0444), ==, 0);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "stats", "--catalog", catalog, NULL), ==, 0);
  assert_contains (out, "images: 2");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "label", "--catalog", catalog, "1", "pneumonia",
                                    NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "the catalog is read-only (no write permission), and “sightline-cli "
                        "label” changes it");
  g_assert_cmpint (g_chmod (catalog, 0644), ==, 0);

  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", in_locked, images,
                                    NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "cannot create the catalog: the folder");
  assert_contains (err, "is read-only; choose a writable folder");

  g_assert_true (g_file_get_contents (catalog, &bytes, &len, NULL));
  memset (bytes + 100, 0x5a, MIN (len, 4096) - 100);   /* the header intact, page 1 garbage */
  g_assert_true (g_file_set_contents (damaged, bytes, (gssize) len, NULL));
  g_assert_cmpint (sl_test_run_cli (&out, &err, "stats", "--catalog", damaged, NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "the catalog is damaged");
  g_assert_null (strstr (err, "not a Sightline catalog"));
}

static void
test_check_gate_and_backup (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *import_argv[] = { SL_CLI_PATH, "import", "--catalog", catalog, "--batch", "20",
                                images, NULL };
  GPid pid;
  int status;

  sl_test_copy_demo_subset (images, 150, 20, 20);

  /* a backup while an import writes: the copy is consistent */
  g_assert_true (g_spawn_async (NULL, (char **) import_argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                NULL, &pid, NULL));
  while (!g_file_test (catalog, G_FILE_TEST_EXISTS)
         || raw_int (catalog, "SELECT count(*) FROM sqlite_master WHERE name = 'images'") == 0
         || raw_int (catalog, "SELECT count(*) FROM images") < 40)
    g_usleep (20000);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "backup", "--catalog", catalog, "--out", copy,
                                    NULL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "check", "--catalog", copy, NULL), ==, 0);
  assert_contains (out, "ok");
  g_test_message ("backup during import: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                  " images in the copy, check ok",
                  raw_int (copy, "SELECT count(*) FROM images"),
                  raw_int (catalog, "SELECT count(*) FROM images"));
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM images"), >=, 40);

  /* a label naming a class that does not exist (written with foreign keys off), the newest by
   * time (merged histories keep their times, so "newest" goes by time, not by row id) */
  raw_exec (catalog, "INSERT INTO labels (image_id, class_id, annotator, created_at) "
                     "VALUES (1, 99, 'x', 9000000000000000)");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "check", "--catalog", catalog, NULL), ==, 4);
  g_test_message ("%s", err);
  assert_contains (err, "problem");
  assert_contains (err, "labels row");
  assert_contains (err, "image 1: its current label differs from the newest in its history");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "label", "--catalog", catalog, "2", "normal",
                                    NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "the catalog fails its check");
  assert_contains (err, "sightline-cli label: refused: nothing was done");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "export", "--catalog", catalog, "--format", "csv",
                                    NULL), ==, 1);
  assert_contains (err, "the catalog fails its check");
  g_assert_cmpint (sl_test_run_cli (&out, &err, "train", "--catalog", catalog, "--out", copy,
                                    NULL), ==, 1);
  assert_contains (err, "the catalog fails its check");
}

static void
test_train_errors (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *model = g_build_filename (dir, "model.slm", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "model.slm", NULL);
  g_autofree char *out = NULL, *err = NULL;
  static const char *const bad[][3] = {
    { "--epochs", "0", "--epochs must be at least 1 (got 0)" },
    { "--batch", "-3", "--batch must be at least 1 (got -3)" },
    { "--lr", "nan", "--lr must be a positive number (got nan)" },
    { "--lr", "-0.1", "--lr must be a positive number (got -0.1)" },
  };

  sl_test_copy_demo_subset (images, 12, 4, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", catalog, images,
                                    NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (sl_test_run_cli (&out, &err, "train", "--catalog", catalog, "--out", model,
                                        bad[i][0], bad[i][1], NULL), ==, 1);
      assert_contains (err, bad[i][2]);
    }

  g_assert_cmpint (sl_test_run_cli (&out, &err, "train", "--catalog", catalog, "--out", model,
                                    "--arch", TINY_ARCH, "--epochs", "3", "--lr", "1e30",
                                    "--threads", "1", NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "Training diverged: the loss stopped being a number at epoch 3 of 3");
  assert_contains (err, "Lower the learning rate");
  g_assert_null (strstr (err, "NOT NULL"));
  g_assert_false (g_file_test (model, G_FILE_TEST_EXISTS));

  g_assert_cmpint (sl_test_run_cli (&out, &err, "train", "--catalog", catalog, "--out", nowhere,
                                    "--arch", TINY_ARCH, "--epochs", "1", "--threads", "1",
                                    NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "cannot write the model file");
  assert_contains (err, "nothing was stored in the catalog");
  g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM models"), ==, 0);
}

static void
test_csv_classes_and_unmatched (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *more = g_build_filename (dir, "more", NULL);
  g_autofree char *a = g_build_filename (more, "a.png", NULL);
  g_autofree char *b = g_build_filename (more, "b.png", NULL);
  g_autofree char *csv = g_build_filename (more, "labels.csv", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *out = NULL, *err = NULL;

  sl_test_copy_demo_subset (images, 1, 0, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", catalog, images,
                                    NULL), ==, 0);
  g_assert_cmpint (g_mkdir (more, 0755), ==, 0);
  write_black_png (a, 3, 3);
  write_black_png (b, 4, 3);
  g_assert_true (g_file_set_contents (csv, "path,label\na.png,Normal\nb.png,pneumonia\n"
                                           "gone.png,normal\n", -1, NULL));

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog, "--labels", csv,
                                    more, NULL), ==, 1);
  g_test_message ("%s", err);
  assert_contains (err, "the labels CSV names classes the catalog does not have: “Normal” (the "
                        "catalog has “normal”, “pneumonia”); correct the CSV, or import with "
                        "--create-classes to add them");
  g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM images"), ==, 2);

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", catalog, "--labels", csv,
                                    "--create-classes", more, NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  assert_contains (out, "imported 2, duplicates 0, skipped 0\n"
                        "1 row of the labels CSV matched no file (listed on stderr)");
  assert_contains (err, "labels.csv:4: “gone.png” matches no imported file");
  g_assert_cmpint (raw_int (catalog, "SELECT count(*) FROM classes"), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");

  g_test_add_func ("/sightline/cli-safety/oversized-png", test_oversized_png_skipped);
  g_test_add_func ("/sightline/cli-safety/display-copy", test_large_image_display_copy);
  g_test_add_func ("/sightline/cli-safety/concurrent-creation", test_concurrent_creation);
  g_test_add_func ("/sightline/cli-safety/patient-names", test_patient_names_not_kept);
  g_test_add_func ("/sightline/cli-safety/source-names", test_no_source_names_and_relative);
  g_test_add_func ("/sightline/cli-safety/names-and-links", test_names_and_links);
  g_test_add_func ("/sightline/cli-safety/read-only-damaged", test_read_only_and_damaged);
  g_test_add_func ("/sightline/cli-safety/check-backup", test_check_gate_and_backup);
  g_test_add_func ("/sightline/cli-safety/train-errors", test_train_errors);
  g_test_add_func ("/sightline/cli-safety/csv-classes", test_csv_classes_and_unmatched);
  return g_test_run ();
}
