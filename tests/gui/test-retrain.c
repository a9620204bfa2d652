/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The background retrain in the window: with a model shown, the N-th label a reader gives
 * starts one training job (listed in the status bar), and when it is done the window shows the
 * new model, warm-started from the old one, in its model drop-down. */
#include "config.h"

#include <gtk/gtk.h>

#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-test-util.h"
#include "sl-train-job.h"
#include "sl-window.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2"
#define EVERY 4

typedef struct
{
  SlWindow *window;
  gint64 first_model;
} Wait;

static gboolean
model_changed (gpointer data)
{
  Wait *wait = data;

  return sl_window_get_model_id (wait->window) != wait->first_model;
}

static void
tiny_settings (SlTrainSettings *settings,
               int              epochs)
{
  sl_train_settings_init (settings);
  settings->arch = g_strdup (TINY_ARCH);
  settings->epochs = epochs;
  settings->batch_size = 8;
  settings->threads = 1;
}

static void
on_retrained_cb (SlRetrainer *retrainer,
                 gint64       model_id,
                 gboolean     warm_started,
                 gboolean    *warm)
{
  *warm = warm_started;
}

static void
test_retrain_in_window (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *path = g_build_filename (dir, "retrain.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlTrainJob) first = NULL;
  g_autoptr(GArray) ids = NULL;
  SlTrainSettings settings;
  SlImageFilter filter;
  SlRetrainer *retrainer;
  SlWorkspace *workspace;
  GtkDropDown *models;
  gboolean warm = FALSE;
  Wait wait = { 0 };

  /* a catalog with a first model */
  sl_test_copy_demo_subset (images, 12, 4, 2);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
    g_autoptr(SlImporter) importer = sl_importer_new (catalog);
    SlImportStats stats = { 0 };

    sl_importer_add_path (importer, images);
    g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
    g_assert_no_error (error);
  }
  tiny_settings (&settings, 2);
  first = sl_train_job_new (path, &settings);
  sl_train_settings_clear (&settings);
  g_assert_true (sl_job_run (SL_JOB (first), &error));
  g_assert_no_error (error);

  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  wait.window = sl_window_new (app);
  sl_window_set_annotator (wait.window, "ann");
  g_assert_true (sl_window_open_catalog (wait.window, path, &error));
  g_assert_no_error (error);
  wait.first_model = sl_train_job_get_outcome (first)->model_id;
  sl_window_set_model_id (wait.window, wait.first_model);
  gtk_window_present (GTK_WINDOW (wait.window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wait.window));

  workspace = sl_window_get_workspace (wait.window);
  retrainer = sl_workspace_get_retrainer (workspace);
  tiny_settings (&settings, 2);
  sl_retrainer_set_settings (retrainer, &settings);
  sl_train_settings_clear (&settings);
  sl_retrainer_set_every (retrainer, EVERY);
  g_signal_connect (retrainer, "retrained", G_CALLBACK (on_retrained_cb), &warm);

  /* the reader labels EVERY images with the other class: the last label starts the retrain */
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (sl_window_get_catalog (wait.window), &filter, &error);
  for (guint i = 0; i < EVERY; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_assert_false (sl_workspace_is_busy (workspace));
      g_assert_true (sl_window_select_image (wait.window, id));
      gtk_widget_activate_action (GTK_WIDGET (wait.window), "win.label", "i",
                                  sl_catalog_get_label (sl_window_get_catalog (wait.window), id)
                                  == 1 ? 1 : 0);
    }
  g_assert_nonnull (sl_retrainer_get_job (retrainer));
  g_assert_cmpuint (g_list_model_get_n_items (sl_workspace_get_jobs (workspace)), ==, 1);

  g_assert_true (sl_gui_test_wait (model_changed, &wait, 60000));
  g_assert_true (warm);
  models = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (wait.window),
                                                        SL_TYPE_WINDOW, "model_dropdown"));
  /* "No model", the new one (newest first), the first */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (models)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (models), ==, 1);
  gtk_window_destroy (GTK_WINDOW (wait.window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SlTestTmpDir) config = g_dir_make_tmp ("sl-test-retrain-config-XXXXXX", NULL);

  /* the settings are written here, not in the user's own */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/gui/retrain/in-window", test_retrain_in_window);
  return g_test_run ();
}
