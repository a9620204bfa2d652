/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drives SlWindow through each view on the demo catalog and captures the window, given the
 * whole screen, after each: run by take-screenshots.sh under one Xvfb per screen size (no window
 * manager runs there to maximise it, so the window keeps its thin frame).
 * Usage: sl-screenshots OUTPUT_DIR WORK_DIR
 * The first run imports the demo into WORK_DIR, trains a model and captures the whole tour; later
 * runs (other screen sizes) reopen that catalog. Every run writes browse-, review- and
 * metrics-WxH.png for its screen size. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-data-dirs.h"
#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-toast.h"
#include "sl-train-page.h"
#include "sl-window-level.h"
#include "sl-review-page.h"
#include "sl-window.h"

static const char *output_dir;

static SlWindow *window;

/* the screen's size: a capture larger than this is reported */
static GdkRectangle screen;

/* Renders the window itself rather than running `import`: forking while OpenBLAS threads work
 * (training) would stop them (its atfork handler shuts its thread pool down). */
static SlToast *
find_toast (GtkWidget *widget)
{
  if (SL_IS_TOAST (widget))
    return SL_TOAST (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SlToast *found = find_toast (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Saves the window as it looks, without a passing toast over the content. */
static void
capture (const char *name)
{
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  sl_toast_dismiss (find_toast (GTK_WIDGET (window)));
  sl_gui_test_iterate (400);
  texture = sl_gui_test_render (GTK_WIDGET (window));
  if (gdk_texture_get_width (texture) > screen.width
      || gdk_texture_get_height (texture) > screen.height)
    g_printerr ("%s: the window (%d×%d) is larger than the screen (%d×%d)\n", name,
                gdk_texture_get_width (texture), gdk_texture_get_height (texture),
                screen.width, screen.height);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not save %s", path);
  g_print ("%s\n", path);
}

static gboolean
training_done (gpointer data)
{
  return !sl_train_page_get_running (data);
}

static gboolean
has_model (gpointer data)
{
  return sl_window_get_model_id (data) > 0;
}

static gboolean
epochs_done (gpointer data)
{
  SlChart *chart = sl_train_page_get_chart (data);
  double x0, x1, y0, y1;

  /* validation points exist from the second epoch on: the chart shows a curve */
  return sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1) && x1 >= 3;
}

static void
capture_dicom (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "dicom.sightline", NULL);
  const char *datasets = g_getenv ("SL_SHARED_DATASETS");
  g_autofree char *valid = g_build_filename (datasets != NULL ? datasets : ".", "dicom", "valid", NULL);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlImporter) importer = sl_importer_new (catalog);
  const SlWindowLevelPreset *lung = sl_window_level_preset_lookup ("lung");
  SlWindowChoice choice = { SL_WINDOW_FIXED, lung->center, lung->width };
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;
  SlImportStats stats;

  sl_importer_add_path (importer, valid);
  if (!sl_importer_run (importer, NULL, &stats, &error) || stats.imported == 0)
    g_error ("Could not import %s (set SL_SHARED_DATASETS)", valid);
  g_assert_true (sl_window_open_catalog (window, path, &error));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "browse");
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog, g_array_index (ids, gint64, i), NULL);

      if (g_strcmp0 (info->source_name, "CT_small.dcm") == 0)
        sl_window_select_image (window, info->id);
    }
  sl_window_set_window_choice (window, &choice);
  sl_gui_test_iterate (1500);
  capture ("dicom.png");
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
  }
}

/* Browse with the model's predictions as dots (ringed red: disagrees), Review on the least
 * confident prediction with its heatmap, Metrics on the test split: NAME-WxH.png each. */
static void
capture_views (const char *size)
{
  g_autofree char *browse = g_strdup_printf ("browse-%s.png", size);
  g_autofree char *review = g_strdup_printf ("review-%s.png", size);
  g_autofree char *metrics = g_strdup_printf ("metrics-%s.png", size);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "browse");
  sl_window_select_image (window, 40);
  capture (browse);

  /* every demo image has a label: the review shows them all, as after its widen button */
  sl_review_page_set_scope (SL_REVIEW_PAGE (sl_window_get_page (window, "review")),
                            SL_REVIEW_SCOPE_ALL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "review");
  sl_gui_test_iterate (1000);
  capture (review);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "metrics");
  sl_gui_test_iterate (3000);
  capture (metrics);
}

/* Imports the demo catalog with its labels and official splits into PATH. */
static void
import_demo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = g_build_filename (sl_data_dirs_demo (), "labels.csv", NULL);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats;

  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, sl_data_dirs_demo ());
  g_assert_true (sl_importer_set_labels_csv (importer, labels, &error));
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
}

/* Labelling and training on the fresh demo catalog, leaving a trained model. */
static void
capture_tour (void)
{
  SlTrainPage *train;

  /* Label: one image relabeled with a key and undone, with its history. */
  sl_window_select_image (window, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 0);
  sl_window_select_image (window, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  sl_window_set_status (window, "");
  capture ("label.png");

  /* Train: mid-run with the live chart, then done. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  sl_train_page_set_epochs (train, 6);
  sl_train_page_start (train);
  sl_gui_test_wait (epochs_done, train, 600000);
  capture ("train.png");
  sl_gui_test_wait (training_done, train, 600000);
  sl_gui_test_wait (has_model, window, 60000);
  capture ("train-done.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *size = NULL;
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(GdkMonitor) monitor = NULL;
  gboolean fresh;

  gtk_init ();
  if (argc != 3)
    g_error ("usage: %s OUTPUT_DIR WORK_DIR", argv[0]);
  output_dir = argv[1];
  g_mkdir_with_parents (output_dir, 0755);
  g_mkdir_with_parents (argv[2], 0755);
  path = g_build_filename (argv[2], "demo.sightline", NULL);
  fresh = !g_file_test (path, G_FILE_TEST_EXISTS);
  if (fresh)
    import_demo (path);

  monitor = g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), 0);
  gdk_monitor_get_geometry (monitor, &screen);
  size = g_strdup_printf ("%dx%d", screen.width, screen.height);

  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  sl_window_set_annotator (window, "Dr. Demo");
  gtk_window_set_default_size (GTK_WINDOW (window), screen.width, screen.height);
  g_assert_true (sl_window_open_catalog (window, path, &error));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  if (fresh)
    capture_tour ();
  else
    sl_gui_test_wait (has_model, window, 60000);
  capture_views (size);
  /* DICOM: the shared valid files, CT_small with the lung window preset. */
  if (fresh)
    capture_dicom (argv[2]);

  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (50);
  return 0;
}
