/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalog keeps its locks, says what went wrong (disk full, read-only), checks itself and
 * backs itself up. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "sl-test-util.h"

static gint64
add_image (SlCatalog  *catalog,
           int         side,
           guint8      seed,
           GError    **error)
{
  gsize size = (gsize) side * side;
  guint8 *pixels = g_malloc (size);
  g_autoptr(SlImage) image = NULL;
  g_autofree char *sha = NULL;

  for (gsize i = 0; i < size; i++)
    pixels[i] = (guint8) (i * 7 + seed);
  image = sl_image_new_take (side, side, 1, SL_SAMPLE_U8, pixels, size);
  image->format = g_strdup ("png");
  sha = sl_image_sha256 (image);
  return sl_catalog_add_image (catalog, image, sha, "x.png", NULL, error);
}

static void
test_locks_kept (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "cat.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) main_connection = sl_catalog_open (path, &error);
  guint before;

  g_assert_no_error (error);
  g_assert_cmpint (add_image (main_connection, 4, 1, &error), >, 0);
  g_assert_cmpint (sl_catalog_count_images (main_connection), ==, 1);
  before = sl_test_count_own_locks (path);
  g_assert_cmpuint (before, >, 0);

  /* what worker threads do: open and close more connections to the same file */
  for (int i = 0; i < 5; i++)
    {
      SlCatalog *worker = sl_catalog_open (path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (sl_catalog_count_images (worker), ==, 1);
      g_object_unref (worker);
    }
  /* closing a descriptor drops all the process's POSIX locks on the file: none may go (the
   * kernel may list a held range as two entries afterwards) */
  g_assert_cmpuint (sl_test_count_own_locks (path), >=, before);
  g_test_message ("%u POSIX locks held on the catalog before and after 5 other connections",
                  before);
}

static void
test_disk_full (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "cat.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (add_image (catalog, 4, 1, &error), >, 0);
  /* a full disk, simulated: SQLite answers SQLITE_FULL as it does on ENOSPC (mounting a tiny
   * tmpfs needs root, which CI does not promise) */
  g_assert_true (_sl_catalog_exec (catalog, "PRAGMA max_page_count = 1", &error)
                 || error != NULL);
  g_clear_error (&error);
  g_assert_true (sl_catalog_begin (catalog, &error));
  g_assert_cmpint (add_image (catalog, 512, 2, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_DISK_FULL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the disk is full: this change was not saved"));
  sl_catalog_rollback (catalog);   /* no CRITICAL (fatal in tests) */
  sl_catalog_rollback (catalog);   /* a second one, as after a failed commit: harmless */
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 1);
}

static void
test_read_only (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "cat.sightline", NULL);
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open (path, &error);
  gint64 class_id;

  g_assert_no_error (error);
  g_assert_cmpint (add_image (catalog, 4, 1, &error), >, 0);
  class_id = sl_catalog_ensure_class (catalog, "normal", &error);
  g_assert_no_error (error);
  g_assert_finalize_object (catalog);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sl_catalog_is_read_only (catalog));
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 1);
  g_assert_false (sl_catalog_set_label (catalog, 1, class_id, "me", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_READ_ONLY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the catalog is read-only"));
  g_assert_finalize_object (catalog);
}

static void
test_check_and_backup (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "copy.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlCatalog) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (add_image (catalog, 3000, (guint8) i, &error), >, 0);   /* display copies */
  problems = sl_catalog_check (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (sl_catalog_require_healthy (catalog, &error));

  g_assert_true (sl_catalog_backup (catalog, copy_path, &error));
  g_assert_no_error (error);
  copy = sl_catalog_open (copy_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_count_images (copy), ==, 3);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = sl_catalog_check (copy, &error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_true (_sl_catalog_exec (catalog, "PRAGMA foreign_keys = OFF;"
                                            "INSERT INTO splits VALUES (77, 1, NULL);"
                                            "UPDATE images SET width = 5 WHERE id = 2", &error));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = sl_catalog_check (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "splits row 77 refers to a missing row of images");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==,
                   "image 2: its pixel data does not match its size");

  g_assert_true (_sl_catalog_exec (catalog, "UPDATE label_counts SET n = n + 1", &error));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = sl_catalog_check (catalog, &error);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (problems, 2), ==,
                   "split 0: the stored count of images by class differs from the images");
  g_assert_false (sl_catalog_require_healthy (catalog, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_add_func ("/sightline/catalog-safety/locks-kept", test_locks_kept);
  g_test_add_func ("/sightline/catalog-safety/disk-full", test_disk_full);
  g_test_add_func ("/sightline/catalog-safety/read-only", test_read_only);
  g_test_add_func ("/sightline/catalog-safety/check-backup", test_check_and_backup);
  return g_test_run ();
}
