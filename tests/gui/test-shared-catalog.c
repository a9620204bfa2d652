/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window and a second process on one catalog: while the window labels (its thumbnail
 * workers opening and closing connections meanwhile), sightline-cli labels, imports and trains
 * on the same file. The window's process must keep its locks on the catalog, never write into a
 * deleted WAL, and at the end the catalog passes PRAGMA integrity_check with every label of both
 * sides in the history. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-window.h"
#include "sl-test-util.h"

#define ROUNDS 15
#define CLI_LABELS_PER_ROUND 3
#define TINY_ARCH "conv3:8,bn,relu,maxpool2,gap,fc:2"

typedef struct
{
  SlTestTmpDir *dir;
  char *catalog_path;
  SlApplication *app;
  SlWindow *window;
} Fixture;

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* POSIX locks this process holds on path, from /proc/locks. */
/* No descriptor of this process points to a deleted file (a WAL another process removed). */
static void
assert_no_deleted_fd (void)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *fd = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (fd, NULL);

      if (target != NULL && strstr (target, "sightline") != NULL)
        g_assert_null (strstr (target, "(deleted)"));
    }
}

/* n new 28×28 gray PNGs (random pixels) in folder. */
static void
write_new_images (const char *folder,
                  int         n)
{
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 28, 28);
      g_autofree char *name = g_strdup_printf ("new%d.png", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int stride = gdk_pixbuf_get_rowstride (pixbuf);

      for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++)
          memset (pixels + y * stride + x * 3, g_random_int_range (0, 256), 3);
      g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *images = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;

  f->dir = sl_test_tmp_dir_new ();
  f->catalog_path = g_build_filename (f->dir, "shared.sightline", NULL);
  images = g_build_filename (f->dir, "demo", NULL);
  sl_test_copy_demo_subset (images, 30, 8, 0);
  catalog = sl_catalog_open (f->catalog_path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, NULL, &error));
  g_clear_object (&catalog);

  f->app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  f->window = sl_window_new (f->app);
  sl_window_set_annotator (f->window, "window");
  g_assert_true (sl_window_open_catalog (f->window, f->catalog_path, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->app);
  g_free (f->catalog_path);
  sl_test_tmp_dir_free (f->dir);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Runs sightline-cli with argv while the window labels its current image and moves on, every
 * few milliseconds; returns how many labels the window gave. */
static guint
run_while_labelling (Fixture            *f,
                     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                      &error);
  SlImageList *images = sl_window_get_image_list (f->window);
  SlCatalog *catalog = sl_window_get_catalog (f->window);
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
  gint64 first_class = ((SlClassInfo *) g_ptr_array_index (classes, 0))->id;
  gboolean exited = FALSE;
  guint labels = 0;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_exited, &exited);
  while (!exited)
    {
      /* back to the top before the end of the list, so every action gives a label */
      if (sl_window_get_current_image (f->window)
          == sl_image_list_get_id (images, g_list_model_get_n_items (G_LIST_MODEL (images)) - 1))
        g_assert_true (sl_window_select_image (f->window, sl_image_list_get_id (images, 0)));
      /* the other class than the image has: a label equal to the current one stores nothing */
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.label", "i",
                                  sl_catalog_get_label (catalog,
                                                        sl_window_get_current_image (f->window))
                                  == first_class ? 1 : 0);
      labels++;
      sl_gui_test_iterate (15);
    }
  return labels;
}

static void
test_window_and_cli (Fixture       *f,
                     gconstpointer  data)
{
  SlCatalog *window_catalog = sl_window_get_catalog (f->window);
  guint window_labels = 0, cli_labels = 0;
  g_autofree char *model = g_build_filename (f->dir, "model.slm", NULL);
  g_autofree char *integrity = NULL;
  gint64 window_rows;

  g_assert_cmpuint (sl_test_count_own_locks (f->catalog_path), >, 0);
  for (int round = 0; round < ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("round%d", round);
      g_autofree char *folder = g_build_filename (f->dir, name, NULL);
      const char *import[] = { SL_CLI_PATH, "import", "--catalog", f->catalog_path, folder,
                               NULL };
      const char *train[] = { SL_CLI_PATH, "train", "--catalog", f->catalog_path, "--out",
                              model, "--arch", TINY_ARCH, "--epochs", "1", "--threads", "1",
                              NULL };

      write_new_images (folder, 10);
      for (int i = 0; i < CLI_LABELS_PER_ROUND; i++)
        {
          g_autofree char *id = g_strdup_printf ("%d", 1 + round * CLI_LABELS_PER_ROUND + i);
          const char *label[] = { SL_CLI_PATH, "label", "--catalog", f->catalog_path,
                                  "--annotator", "cli", id, i % 2 ? "normal" : "pneumonia",
                                  NULL };

          window_labels += run_while_labelling (f, label);
          cli_labels++;
        }
      window_labels += run_while_labelling (f, import);
      window_labels += run_while_labelling (f, train);

      g_assert_cmpuint (sl_test_count_own_locks (f->catalog_path), >, 0);
      assert_no_deleted_fd ();
      g_assert_cmpint (raw_int (f->catalog_path, "SELECT count(*) FROM labels "
                                                 "WHERE annotator = 'window'"),
                       ==, window_labels);
    }

  /* what the window's own connection sees is what every other connection sees */
  g_assert_cmpint (sl_catalog_count_images (window_catalog), ==, 76 + ROUNDS * 10);
  gtk_window_destroy (GTK_WINDOW (f->window));
  sl_gui_test_iterate (50);

  integrity = raw_text (f->catalog_path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  window_rows = raw_int (f->catalog_path,
                         "SELECT count(*) FROM labels WHERE annotator = 'window'");
  g_assert_cmpint (window_rows, ==, window_labels);
  g_assert_cmpint (raw_int (f->catalog_path,
                            "SELECT count(*) FROM labels WHERE annotator = 'cli'"),
                   ==, cli_labels);
  g_assert_cmpint (raw_int (f->catalog_path, "SELECT count(*) FROM models"), ==, ROUNDS);
  g_test_message ("%d rounds: %u labels from the window, %u from the CLI, %d imports and "
                  "trainings; locks held throughout, integrity_check ok", ROUNDS, window_labels,
                  cli_labels, ROUNDS);
}

static gboolean
message_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel))
        return TRUE;
    }
  return FALSE;
}

static void
test_window_warns_unhealthy (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "broken.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlApplication) app = NULL;
  GListModel *toplevels;   /* borrowed */
  sqlite3 *db = NULL;
  SlWindow *window;
  gboolean warned = FALSE;

  g_assert_no_error (error);
  g_clear_object (&catalog);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO splits VALUES (5, 1, NULL)", NULL, NULL, NULL),
                   ==, SQLITE_OK);   /* a split of an image that does not exist */
  sqlite3_close (db);

  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  g_assert_true (sl_window_open_catalog (window, path, &error));
  g_assert_true (sl_gui_test_wait (message_shown, NULL, 20000));   /* checked on a worker */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      g_autofree char *text = NULL, *secondary = NULL;

      if (!GTK_IS_MESSAGE_DIALOG (toplevel))
        continue;
      g_object_get (toplevel, "text", &text, "secondary-text", &secondary, NULL);
      g_test_message ("%s: %s", text, secondary);
      warned = g_str_equal (text, "This catalog fails its check")
               && strstr (secondary, "splits row 5 refers to a missing row of images") != NULL;
      gtk_window_destroy (toplevel);
    }
  g_assert_true (warned);
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_add ("/sightline/gui/shared-catalog", Fixture, NULL, fixture_set_up,
              test_window_and_cli, fixture_tear_down);
  g_test_add_func ("/sightline/gui/unhealthy-catalog-warning", test_window_warns_unhealthy);
  return g_test_run ();
}
