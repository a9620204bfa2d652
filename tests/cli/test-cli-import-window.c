/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `sightline-cli import --window`: the window stored with each imported image. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sl-catalog.h"
#include "sl-test-util.h"

typedef SlTestCatalogFixture Fixture;

static char *
dicom_file (const char *name)
{
  return g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid", name, NULL);
}

/* Runs `sightline-cli import --catalog CAT [--window WINDOW] FILE`; returns the exit status. */
static int
run_import (Fixture     *f,
            const char  *window,
            const char  *file,
            char       **err)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = dicom_file (file);
  const char *argv[8] = { SL_CLI_PATH, "import", "--catalog", f->catalog };
  int n = 4;

  if (window != NULL)
    {
      argv[n++] = "--window";
      argv[n++] = window;
    }
  argv[n++] = path;
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The window of the only image of the catalog. */
static void
stored_window (Fixture *f,
               double  *center,
               double  *width)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCatalog) catalog = sl_catalog_open (f->catalog, &error);
  g_autoptr (GArray) ids = NULL;
  SlImageFilter filter;
  SlImage *image;

  g_assert_no_error (error);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  image = sl_catalog_load_image (catalog, g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);
  *center = image->window_center;
  *width = image->window_width;
  sl_image_free (image);
}

static void
test_preset (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *err = NULL;
  double center, width;

  g_assert_cmpint (run_import (f, "lung", "CT_small.dcm", &err), ==, 0);
  stored_window (f, &center, &width);
  g_assert_cmpfloat (center, ==, -600);
  g_assert_cmpfloat (width, ==, 1500);
}

static void
test_center_width (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *err = NULL;
  double center, width;

  /* MR_small's own window is 600/1600 */
  g_assert_cmpint (run_import (f, " 40 , 400.5", "MR_small.dcm", &err), ==, 0);
  stored_window (f, &center, &width);
  g_assert_cmpfloat (center, ==, 40);
  g_assert_cmpfloat (width, ==, 400.5);
}

static void
test_file_window_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *err = NULL;
  double center, width;

  g_assert_cmpint (run_import (f, NULL, "MR_small.dcm", &err), ==, 0);
  stored_window (f, &center, &width);
  g_assert_cmpfloat (center, ==, 600);
  g_assert_cmpfloat (width, ==, 1600);
}

static void
test_bad_window (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const bad[] = { "liver", "40", "40,0", "40,-5", "40,400,3", "a,b", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *quoted = g_strdup_printf ("Invalid window “%s”", bad[i]);

      g_assert_cmpint (run_import (f, bad[i], "CT_small.dcm", &err), ==, 1);
      g_assert_nonnull (strstr (err, "--window: "));
      g_assert_nonnull (strstr (err, quoted));
      g_assert_nonnull (strstr (err, "lung"));   /* the accepted forms are listed */
      g_assert_false (g_file_test (f->catalog, G_FILE_TEST_EXISTS));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sightline/io/import-window/preset", Fixture, NULL, sl_test_catalog_setup,
              test_preset, sl_test_catalog_teardown);
  g_test_add ("/sightline/io/import-window/center-width", Fixture, NULL, sl_test_catalog_setup,
              test_center_width, sl_test_catalog_teardown);
  g_test_add ("/sightline/io/import-window/file-window-kept", Fixture, NULL, sl_test_catalog_setup,
              test_file_window_kept, sl_test_catalog_teardown);
  g_test_add ("/sightline/io/import-window/bad-value", Fixture, NULL, sl_test_catalog_setup,
              test_bad_window, sl_test_catalog_teardown);
  return g_test_run ();
}
