/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalog, window and widget lookups the training GUI tests share. */
#include "config.h"

#include <gtk/gtk.h>

#include "sl-data-dirs.h"
#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-test-util.h"
#include "sl-train-page.h"
#include "sl-train-test.h"

gboolean
sl_train_test_has_model (gpointer data)
{
  return sl_window_get_model_id (data) > 0;
}

void
sl_train_test_save_shot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (g_getenv ("SL_SCREENSHOT_DIR") == NULL)
    return;
  texture = sl_gui_test_render (widget);
  sl_gui_test_save (texture, name);
}

GtkWidget *
sl_train_test_find_labeled_button (GtkWidget  *widget,
                                   const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sl_train_test_find_labeled_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkDialog *
sl_train_test_find_question (SlWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel)
          && gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_DIALOG (toplevel);
    }
  return NULL;
}

gboolean
sl_train_test_finished (gpointer data)
{
  return !sl_train_page_get_running (data);
}

char *
sl_train_test_make_unsplit_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  char *path = g_build_filename (dir, "train.sightline", NULL);
  const char *classes[] = { "normal", "pneumonia" };
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats;

  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    {
      g_autofree char *from = g_build_filename (sl_data_dirs_demo (), "train", classes[c], NULL);
      g_autofree char *to = g_build_filename (images, classes[c], NULL);

      sl_test_copy_first_files (from, to, SL_TRAIN_TEST_PER_CLASS);
    }
  catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_cmpuint (stats.imported, ==, 2 * SL_TRAIN_TEST_PER_CLASS);
  return path;
}

char *
sl_train_test_make_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = sl_train_test_make_unsplit_catalog (dir);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (sl_catalog_make_split (catalog, 0.25, 0, 7, TRUE, &error));
  return path;
}

SlWindow *
sl_train_test_open_window (SlApplication *app,
                           const char    *path)
{
  g_autoptr(GError) error = NULL;
  SlWindow *window = sl_window_new (app);

  sl_window_set_annotator (window, "tester");
  g_assert_true (sl_window_open_catalog (window, path, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

SlApplication *
sl_train_test_new_app (void)
{
  g_autoptr(GError) error = NULL;
  SlApplication *app = sl_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}
