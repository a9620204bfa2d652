/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Agreement window on three readers with known labels: the figures shown are the ones worked
 * out by hand (percent agreement, Fleiss' κ, per class, Cohen's κ and the confusion matrix of a
 * pair, each reader against the model); changing the label rule there recomputes the training
 * labels; the retrain setting is kept; under blind reading it cannot be opened. */
#include "config.h"

#include <gtk/gtk.h>

#include "sl-agreement-view.h"
#include "sl-catalog-readers.h"
#include "sl-checkpoint.h"
#include "sl-confusion-matrix.h"
#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-net.h"
#include "sl-settings.h"
#include "sl-test-util.h"
#include "sl-window.h"

typedef struct
{
  char *dir;
  char *path;
  gint64 ids[8];
  gint64 normal, pneumonia, model_id;
} Study;

/* N normal, P pneumonia, for the 8 images: every reader read all of them.
 *   ann   N N N N P P P P
 *   bob   N N N P P P N P
 *   cy    N N P N P P P P
 *   model N N N N P P P N  (stored predictions)
 * Cohen ann–bob: 6 of 8 agree, p_e = ½·½ + ½·½ = ½, κ = (¾ − ½) / ½ = 0.500.
 * Fleiss: P̄ = (5 · 1 + 3 · ⅓) / 8 = ¾, p_N = 11/24, p_P = 13/24, P_e = 290/576,
 * κ = (¾ − 290/576) / (1 − 290/576) = 142/286 = 0.497; 5 of 8 unanimous = 62.5 %; with two
 * classes each class's κ is the same 0.497.
 * ann–model: 7 of 8 agree, p_e = ½ · ⅝ + ½ · ⅜ = ½, κ = 0.750. */
static const char *const ann[] = { "N", "N", "N", "N", "P", "P", "P", "P" };
static const char *const bob[] = { "N", "N", "N", "P", "P", "P", "N", "P" };
static const char *const cy[] = { "N", "N", "P", "N", "P", "P", "P", "P" };
static const char *const model[] = { "N", "N", "N", "N", "P", "P", "P", "N" };

static gint64
class_of (const Study *s,
          const char  *letter)
{
  return letter[0] == 'N' ? s->normal : s->pneumonia;
}

static void
make_study (Study *s)
{
  g_autofree char *images = g_build_filename (s->dir, "images", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  const char *names[] = { "normal", "pneumonia" };
  SlImportStats stats = { 0 };
  SlImageFilter filter;
  unsigned char *buffer = NULL;
  size_t length = 0;
  char err[256];
  float probs[16];
  sl_net *net;

  s->path = g_build_filename (s->dir, "team.sightline", NULL);
  sl_test_copy_demo_subset (images, 2, 1, 1);
  catalog = sl_catalog_open (s->path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  s->normal = sl_catalog_find_class (catalog, "normal");
  s->pneumonia = sl_catalog_find_class (catalog, "pneumonia");
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      s->ids[i] = g_array_index (ids, gint64, i);
      /* the import withdraws its opinion: only the three readers remain */
      g_assert_true (sl_catalog_set_label (catalog, s->ids[i], 0, "import", &error));
      g_assert_true (sl_catalog_set_label (catalog, s->ids[i], class_of (s, ann[i]), "ann",
                                           &error));
      g_assert_true (sl_catalog_set_label (catalog, s->ids[i], class_of (s, bob[i]), "bob",
                                           &error));
      g_assert_true (sl_catalog_set_label (catalog, s->ids[i], class_of (s, cy[i]), "cy",
                                           &error));
      g_assert_no_error (error);
      probs[2 * i] = model[i][0] == 'N' ? 0.8f : 0.2f;
      probs[2 * i + 1] = 1 - probs[2 * i];
    }

  net = sl_net_create ("conv3:4,relu,gap,fc:2", 1, 28, 28, 8, 1, err, sizeof err);
  g_assert_nonnull (net);
  sl_net_set_class_names (net, names, 2);
  g_assert_cmpint (sl_checkpoint_save_buffer (net, &buffer, &length), ==, 0);
  checkpoint = g_bytes_new_take (buffer, length);
  sl_net_free (net);
  s->model_id = sl_catalog_add_model (catalog, "by hand", "conv3:4,relu,gap,fc:2", checkpoint,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sl_catalog_add_predictions (catalog, s->model_id, s->ids, 8, 2, probs, &error));
  g_assert_no_error (error);
}

static SlWindow *
open_window (SlApplication *app,
             const Study   *s)
{
  g_autoptr(GError) error = NULL;
  SlWindow *window = sl_window_new (app);

  sl_window_set_annotator (window, "ann");
  g_assert_true (sl_window_open_catalog (window, s->path, &error));
  g_assert_no_error (error);
  sl_window_set_model_id (window, s->model_id);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static gpointer
child (GtkWidget  *view,
       const char *name)
{
  return gtk_widget_get_template_child (view, SL_TYPE_AGREEMENT_VIEW, name);
}

static const char *
text_of (GtkWidget  *view,
         const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (view, name)));
}

static const char *
cell (GtkWidget  *view,
      const char *grid,
      int         column,
      int         row)
{
  GtkWidget *label = gtk_grid_get_child_at (GTK_GRID (child (view, grid)), column, row);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* Opens the window's Agreement window (win.show-agreement) and returns its view. */
static GtkWidget *
show_agreement (SlWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-agreement", NULL);
  sl_gui_test_iterate (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      GtkWidget *view = gtk_window_get_child (toplevel);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window)
          && SL_IS_AGREEMENT_VIEW (view))
        {
          g_assert_true (gtk_widget_get_mapped (view));
          return view;
        }
    }
  g_assert_not_reached ();
}

static SlApplication *
new_application (void)
{
  g_autoptr(GError) error = NULL;
  SlApplication *app = sl_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static void
test_figures (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  Study s = { dir };
  g_autofree char *path = NULL;   /* s.path's owner */
  g_autoptr(SlApplication) app = NULL;
  SlConfusionMatrix *matrix;
  SlWindow *window;
  GtkWidget *view;

  make_study (&s);
  path = s.path;
  app = new_application ();
  window = open_window (app, &s);
  view = show_agreement (window);

  g_assert_cmpstr (text_of (view, "summary_label"), ==, "3 readers; 8 images read by two or more");
  g_assert_cmpstr (text_of (view, "percent_label"), ==, "62.5 %");
  g_assert_cmpstr (text_of (view, "fleiss_label"), ==, "0.497");
  g_assert_cmpstr (cell (view, "class_grid", 0, 1), ==, "normal");
  g_assert_cmpstr (cell (view, "class_grid", 1, 1), ==, "11");
  g_assert_cmpstr (cell (view, "class_grid", 2, 1), ==, "0.497");
  g_assert_cmpstr (cell (view, "class_grid", 1, 2), ==, "13");
  g_assert_cmpstr (cell (view, "class_grid", 2, 2), ==, "0.497");

  /* the first two readers to begin with: ann (rows) against bob (columns) */
  g_assert_cmpstr (text_of (view, "cohen_label"), ==, "0.500");
  g_assert_cmpstr (text_of (view, "pair_agreement_label"), ==, "75.0 %");
  g_assert_cmpstr (text_of (view, "pair_images_label"), ==, "8");
  matrix = child (view, "pair_matrix");
  g_assert_cmpuint (sl_confusion_matrix_get_n_classes (matrix), ==, 2);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 0, 0), ==, 3);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 0, 1), ==, 1);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 1, 0), ==, 1);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 1, 1), ==, 3);

  /* a reader against the model, chosen in the drop-downs */
  g_assert_false (sl_agreement_view_set_pair (SL_AGREEMENT_VIEW (view), "ann", "nobody"));
  g_assert_true (sl_agreement_view_set_pair (SL_AGREEMENT_VIEW (view), "ann", "Model"));
  g_assert_cmpstr (text_of (view, "cohen_label"), ==, "0.750");
  g_assert_cmpstr (text_of (view, "pair_agreement_label"), ==, "87.5 %");
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 1, 0), ==, 1);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 0, 1), ==, 0);

  /* every reader against the model: ann 7 of 8 (κ 0.750), bob 5 of 8, cy 6 of 8 */
  g_assert_cmpstr (cell (view, "model_grid", 0, 1), ==, "ann");
  g_assert_cmpstr (cell (view, "model_grid", 1, 1), ==, "8");
  g_assert_cmpstr (cell (view, "model_grid", 2, 1), ==, "87.5 %");
  g_assert_cmpstr (cell (view, "model_grid", 3, 1), ==, "0.750");
  g_assert_cmpstr (cell (view, "model_grid", 0, 2), ==, "bob");
  g_assert_cmpstr (cell (view, "model_grid", 2, 2), ==, "62.5 %");
  g_assert_cmpstr (cell (view, "model_grid", 0, 3), ==, "cy");
  g_assert_cmpstr (cell (view, "model_grid", 2, 3), ==, "75.0 %");

  {
    g_autoptr(GdkTexture) shot = sl_gui_test_render (view);

    sl_gui_test_save (shot, "agreement");
  }

  /* a new label by ann shows once the window is opened again */
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (view)));
  sl_gui_test_iterate (50);
  g_assert_false (gtk_widget_get_mapped (view));
  g_assert_true (sl_catalog_set_label (sl_window_get_catalog (window), s.ids[0], s.pneumonia,
                                       "ann", NULL));
  g_assert_true (show_agreement (window) == view);
  g_assert_cmpstr (text_of (view, "percent_label"), ==, "50.0 %");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_label_rule_and_settings (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  Study s = { dir };
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog;
  SlWindow *window;
  GtkWidget *view;

  make_study (&s);
  path = s.path;
  app = new_application ();
  window = open_window (app, &s);
  catalog = sl_window_get_catalog (window);
  view = show_agreement (window);

  /* the rule shown is the catalog's: the newest label (cy's, who labelled last) trains */
  g_assert_cmpuint (gtk_drop_down_get_selected (child (view, "rule_dropdown")), ==,
                    SL_LABEL_RULE_LATEST);
  g_assert_false (gtk_widget_get_sensitive (child (view, "reference_dropdown")));
  g_assert_cmpint (sl_catalog_get_label (catalog, s.ids[2]), ==, s.pneumonia);

  /* majority: image 3 is normal (ann and bob against cy) */
  gtk_drop_down_set_selected (child (view, "rule_dropdown"), SL_LABEL_RULE_MAJORITY);
  g_assert_cmpint (sl_catalog_get_label_rule (catalog, NULL), ==, SL_LABEL_RULE_MAJORITY);
  g_assert_cmpint (sl_catalog_get_label (catalog, s.ids[2]), ==, s.normal);
  g_assert_nonnull (strstr (text_of (view, "rule_label"), "most readers"));

  /* bob as the reference reader: image 4 is pneumonia */
  gtk_drop_down_set_selected (child (view, "reference_dropdown"), 1);
  gtk_drop_down_set_selected (child (view, "rule_dropdown"), SL_LABEL_RULE_REFERENCE);
  g_assert_cmpint (sl_catalog_get_label_rule (catalog, &reference), ==, SL_LABEL_RULE_REFERENCE);
  g_assert_cmpstr (reference, ==, "bob");
  g_assert_cmpint (sl_catalog_get_label (catalog, s.ids[3]), ==, s.pneumonia);
  g_assert_true (gtk_widget_get_sensitive (child (view, "reference_dropdown")));

  /* the retrain setting: the workspace's retrainer and the preferences follow the spin button */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (view, "retrain_spin")), ==,
                   sl_retrainer_get_every (sl_workspace_get_retrainer (
                     sl_window_get_workspace (window))));
  gtk_spin_button_set_value (child (view, "retrain_spin"), 25);
  g_assert_cmpint (sl_retrainer_get_every (sl_workspace_get_retrainer (
                     sl_window_get_workspace (window))), ==, 25);
  saved = sl_settings_get_string (SL_SETTINGS_RETRAIN_EVERY);
  g_assert_cmpstr (saved, ==, "25");

  /* under blind reading it cannot be opened (another window reads the setting when it opens) */
  g_assert_true (sl_catalog_set_blind_reading (catalog, TRUE, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  window = open_window (app, &s);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-agreement"));
  g_assert_cmpint (sl_retrainer_get_every (sl_workspace_get_retrainer (
                     sl_window_get_workspace (window))), ==, 25);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SlTestTmpDir) config = g_dir_make_tmp ("sl-test-agreement-config-XXXXXX", NULL);

  /* the settings (the retrain interval) are written here, not in the user's own */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/gui/agreement/figures", test_figures);
  g_test_add_func ("/sightline/gui/agreement/label-rule-and-settings",
                   test_label_rule_and_settings);
  return g_test_run ();
}
