/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The train page around a run: Start is off with its reason until the catalog can be trained
 * on, the split dialog previews and makes the splits, a failed run shows its error in a banner,
 * a cancelled run offers its best epoch, the model shown is renamed from the page and its
 * curves come back with the catalog; the report's save path keeps .pdf. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "sl-export-actions.h"
#include "sl-gui-test.h"
#include "sl-json.h"
#include "sl-split-dialog.h"
#include "sl-test-util.h"
#include "sl-train-job.h"
#include "sl-train-page.h"
#include "sl-train-test.h"
#include "sl-window.h"

/* Clicks the button labelled label inside widget. */
static void
click (GtkWidget  *widget,
       const char *label)
{
  GtkWidget *button = sl_train_test_find_labeled_button (widget, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The dropdown whose first item is first, or NULL. */
static GtkDropDown *
find_drop_down_starting (GtkWidget  *widget,
                         const char *first)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *items = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
      g_autoptr(GObject) item = items != NULL ? g_list_model_get_item (items, 0) : NULL;

      if (GTK_IS_STRING_OBJECT (item)
          && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), first) == 0)
        return GTK_DROP_DOWN (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down_starting (child, first);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible window of type over window (a dialog), or NULL. */
static GtkWindow *
find_toplevel (SlWindow *window,
               GType     type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)
          && gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
no_split_dialog (gpointer data)
{
  return find_toplevel (data, SL_TYPE_SPLIT_DIALOG) == NULL;
}

static gboolean
has_question (gpointer data)
{
  return sl_train_test_find_question (data) != NULL;
}

static gint64
count_in (SlCatalog *catalog,
          SlSplit    split,
          guint      class_index)
{
  g_autoptr(GHashTable) counts = sl_catalog_count_by_split_and_class (catalog, NULL);

  return g_array_index ((GArray *) g_hash_table_lookup (counts, GINT_TO_POINTER (split)), gint64,
                        class_index);
}

static void
assert_preview (SlSplitDialog *dialog,
                guint          class_index,
                gint64         train,
                gint64         val,
                gint64         test)
{
  g_assert_cmpint (sl_split_dialog_get_preview (dialog, SL_SPLIT_TRAIN, class_index), ==, train);
  g_assert_cmpint (sl_split_dialog_get_preview (dialog, SL_SPLIT_VAL, class_index), ==, val);
  g_assert_cmpint (sl_split_dialog_get_preview (dialog, SL_SPLIT_TEST, class_index), ==, test);
}

/* Without splits Start is off with the reason beside it and offers the split dialog; its
 * preview follows the fractions and the mode, Apply writes what it showed (the same splits as
 * sl_catalog_make_split, which the command line runs) and turns Start on; Cancel writes
 * nothing. */
static void
test_split_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = sl_train_test_make_unsplit_catalog (dir);
  g_autofree char *copy = g_build_filename (dir, "copy.sightline", NULL);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  g_autoptr(SlCatalog) reference = NULL;
  g_autoptr(GArray) ids = NULL;
  SlWindow *window = sl_train_test_open_window (app, path);
  SlCatalog *catalog = sl_window_get_catalog (window);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  GtkWidget *start, *make_splits, *apply;
  SlSplitDialog *dialog;
  SlImageFilter filter;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  sl_gui_test_iterate (20);
  start = sl_train_test_find_labeled_button (GTK_WIDGET (train), "_Start Training");
  make_splits = sl_train_test_find_labeled_button (GTK_WIDGET (train), "Make _Splits…");
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (sl_train_page_get_start_blocker (train), "train split"));
  g_assert_true (gtk_widget_is_drawable (make_splits));
  sl_train_test_save_shot (GTK_WIDGET (window), "train-start-blocked");
  sl_train_page_start (train);
  g_assert_false (sl_train_page_get_running (train));

  g_signal_emit_by_name (make_splits, "clicked");
  dialog = SL_SPLIT_DIALOG (find_toplevel (window, SL_TYPE_SPLIT_DIALOG));
  g_assert_nonnull (dialog);
  /* 10 % + 10 % of each class's 120; no unlabeled image */
  assert_preview (dialog, 0, 96, 12, 12);
  assert_preview (dialog, 1, 96, 12, 12);
  assert_preview (dialog, 2, 0, 0, 0);
  gtk_spin_button_set_value (sl_split_dialog_get_val_spin (dialog), 70);
  gtk_spin_button_set_value (sl_split_dialog_get_test_spin (dialog), 50);
  apply = GTK_WIDGET (sl_split_dialog_get_apply_button (dialog));
  g_assert_false (gtk_widget_get_sensitive (apply));
  gtk_spin_button_set_value (sl_split_dialog_get_val_spin (dialog), 25);
  gtk_spin_button_set_value (sl_split_dialog_get_test_spin (dialog), 0);
  gtk_spin_button_set_value (sl_split_dialog_get_seed_spin (dialog), 7);
  assert_preview (dialog, 0, 90, 30, 0);
  assert_preview (dialog, 1, 90, 30, 0);
  sl_train_test_save_shot (GTK_WIDGET (dialog), "split-dialog");
  g_assert_cmpint (count_in (catalog, SL_SPLIT_NONE, 0), ==, SL_TRAIN_TEST_PER_CLASS);

  g_assert_true (sl_catalog_backup (catalog, copy, &error));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (sl_gui_test_wait (no_split_dialog, window, 30000));
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpint (count_in (catalog, SL_SPLIT_TRAIN, k), ==, 90);
      g_assert_cmpint (count_in (catalog, SL_SPLIT_VAL, k), ==, 30);
      g_assert_cmpint (count_in (catalog, SL_SPLIT_NONE, k), ==, 0);
    }
  reference = sl_catalog_open (copy, &error);
  g_assert_no_error (error);
  g_assert_true (sl_catalog_make_split (reference, 0.25, 0, 7, FALSE, &error));
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (sl_catalog_get_split (catalog, g_array_index (ids, gint64, i)), ==,
                     sl_catalog_get_split (reference, g_array_index (ids, gint64, i)));
  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_null (sl_train_page_get_start_blocker (train));
  g_assert_false (gtk_widget_get_visible (make_splits));

  /* every image has a split now: kept, nothing moves; reassigned, the new fractions */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.make-splits", NULL);
  dialog = SL_SPLIT_DIALOG (find_toplevel (window, SL_TYPE_SPLIT_DIALOG));
  g_assert_nonnull (dialog);
  gtk_spin_button_set_value (sl_split_dialog_get_val_spin (dialog), 50);
  assert_preview (dialog, 0, 90, 30, 0);
  gtk_check_button_set_active (sl_split_dialog_get_reassign_check (dialog), TRUE);
  assert_preview (dialog, 0, 48, 60, 12);
  click (GTK_WIDGET (dialog), "_Cancel");
  g_assert_true (sl_gui_test_wait (no_split_dialog, window, 1000));
  g_assert_cmpint (count_in (catalog, SL_SPLIT_VAL, 0), ==, 30);

  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

/* A catalog without classes: Start is off and says why. */
static void
test_start_needs_classes (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.sightline", NULL);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  SlWindow *window = sl_train_test_open_window (app, path);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  sl_gui_test_iterate (20);
  g_assert_false (gtk_widget_get_sensitive (sl_train_test_find_labeled_button (GTK_WIDGET (train),
                                                                 "_Start Training")));
  g_assert_nonnull (strstr (sl_train_page_get_start_blocker (train), "two classes"));
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

/* The learning rate and input size say "Default" at 0 and read it back as 0. */
static void
test_default_spins (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.sightline", NULL);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  SlWindow *window = sl_train_test_open_window (app, path);
  GtkWidget *train = sl_window_get_page (window, "train");
  GtkSpinButton *lr = GTK_SPIN_BUTTON (gtk_widget_get_template_child (train, SL_TYPE_TRAIN_PAGE,
                                                                      "lr_spin"));
  GtkSpinButton *size = GTK_SPIN_BUTTON (gtk_widget_get_template_child (train, SL_TYPE_TRAIN_PAGE,
                                                                        "input_size_spin"));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lr)), ==, "Default");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (size)), ==, "Default");
  gtk_spin_button_set_value (lr, 0.002);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lr)), ==, "0.0020");
  gtk_editable_set_text (GTK_EDITABLE (lr), "Default");
  gtk_spin_button_update (lr);
  g_assert_cmpfloat (gtk_spin_button_get_value (lr), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (size), "64");
  gtk_spin_button_update (size);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (size), ==, 64);
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

static SlTrainJob *
running_train_job (SlWindow *window)
{
  GListModel *jobs = sl_workspace_get_jobs (sl_window_get_workspace (window));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(GObject) job = g_list_model_get_item (jobs, i);

      if (SL_IS_TRAIN_JOB (job))
        return SL_TRAIN_JOB (job);   /* the workspace holds it */
    }
  return NULL;
}

static gboolean
has_two_epochs (gpointer data)
{
  SlTrainJob *job = running_train_job (data);

  return job != NULL && sl_train_job_get_history (job)->len >= 2;
}

/* Starts a run with the Start button, cancels it with Cancel after two epochs and waits for the
 * question. */
static GtkDialog *
cancel_after_two_epochs (SlWindow    *window,
                         SlTrainPage *train)
{
  click (GTK_WIDGET (train), "_Start Training");
  g_assert_true (sl_train_page_get_running (train));
  g_assert_true (sl_gui_test_wait (has_two_epochs, window, 120000));
  click (GTK_WIDGET (train), "_Cancel");
  g_assert_true (sl_gui_test_wait (has_question, window, 30000));
  g_assert_false (sl_train_page_get_running (train));
  return sl_train_test_find_question (window);
}

/* A failed run shows its error in the banner; a cancelled one offers its best epoch: Discard
 * stores nothing, Keep stores it as a model with its history and predictions. The model is
 * renamed from the page (stored in the catalog, shown in the sidebar), and its curves come
 * back in a new window on the catalog. */
static void
test_cancel_keep_rename (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = sl_train_test_make_catalog (dir);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(SlCatalog) other = NULL;
  g_autoptr(SlModelInfo) renamed = NULL;
  SlWindow *window = sl_train_test_open_window (app, path);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  SlModelInfo *kept;
  GtkDialog *dialog;
  GtkWidget *keep;
  GtkWindow *rename;
  const char *keep_label;
  double x0, x1, y0, y1;
  float probs[2];
  gint64 first;
  int epoch;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  g_assert_null (sl_train_page_get_error (train));
  sl_train_page_set_arch (train, "conv3:8,relu,gap,fc:3");
  click (GTK_WIDGET (train), "_Start Training");
  g_assert_true (sl_gui_test_wait (sl_train_test_finished, train, 60000));
  g_assert_nonnull (sl_train_page_get_error (train));
  g_assert_nonnull (strstr (sl_train_page_get_error (train), "3 outputs"));
  sl_train_test_save_shot (GTK_WIDGET (window), "train-error");

  sl_train_page_set_epochs (train, 50);
  sl_train_page_set_arch (train, "conv3:8,relu,maxpool2,conv3:16,relu,gap,fc:2");
  dialog = cancel_after_two_epochs (window, train);
  g_assert_null (sl_train_page_get_error (train));
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_REJECT),
                         "clicked");
  sl_gui_test_iterate (20);
  g_assert_false (sl_train_page_get_running (train));
  models = sl_catalog_list_models (sl_window_get_catalog (window));
  g_assert_cmpuint (models->len, ==, 0);
  g_clear_pointer (&models, g_ptr_array_unref);

  dialog = cancel_after_two_epochs (window, train);
  keep = gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_ACCEPT);
  keep_label = gtk_button_get_label (GTK_BUTTON (keep));
  g_assert_true (g_str_has_prefix (keep_label, "Keep best (epoch "));
  sl_train_test_save_shot (GTK_WIDGET (dialog), "train-keep-best");
  epoch = atoi (keep_label + strlen ("Keep best (epoch "));
  g_assert_cmpint (epoch, >=, 1);
  g_signal_emit_by_name (keep, "clicked");
  g_assert_true (sl_gui_test_wait (sl_train_test_finished, train, 60000));
  g_assert_true (sl_gui_test_wait (sl_train_test_has_model, window, 10000));
  models = sl_catalog_list_models (sl_window_get_catalog (window));
  g_assert_cmpuint (models->len, ==, 1);
  kept = g_ptr_array_index (models, 0);
  g_assert_cmpint (kept->id, ==, sl_window_get_model_id (window));
  metrics = sl_json_parse_object (kept->metrics_json, "metrics", &error);
  g_assert_no_error (error);
  g_assert_cmpint ((int) json_object_get_int_member (metrics, "best_epoch"), ==, epoch);
  g_assert_cmpint ((int) json_array_get_length (json_object_get_array_member (metrics, "history")),
                   >=, 2);
  first = sl_image_list_get_id (sl_window_get_image_list (window), 0);
  g_assert_true (sl_catalog_get_prediction (sl_window_get_catalog (window), kept->id, first,
                                            probs, 2));

  /* Rename… on the page: a dialog with the name */
  click (GTK_WIDGET (train), "_Rename…");
  rename = find_toplevel (window, GTK_TYPE_DIALOG);
  g_assert_nonnull (rename);
  gtk_editable_set_text (GTK_EDITABLE (sl_gui_test_find_descendant (GTK_WIDGET (rename),
                                                                      GTK_TYPE_ENTRY)),
                         "kept run, epoch best");
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (GTK_DIALOG (rename),
                                                              GTK_RESPONSE_ACCEPT), "clicked");
  sl_gui_test_iterate (20);
  g_assert_null (find_toplevel (window, GTK_TYPE_DIALOG));
  other = sl_catalog_open (path, &error);
  g_assert_no_error (error);
  renamed = sl_catalog_get_model_info (other, kept->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed->name, ==, "kept run, epoch best");
  {
    /* the sidebar's dropdown: "No model", then the models */
    GtkDropDown *sidebar_models = find_drop_down_starting (GTK_WIDGET (window), "No model");
    g_autoptr(GtkStringObject) name = NULL;
    GtkWidget *sidebar;
    int width;

    g_assert_nonnull (sidebar_models);
    name = g_list_model_get_item (gtk_drop_down_get_model (sidebar_models), 1);
    g_assert_cmpstr (gtk_string_object_get_string (name), ==, "kept run, epoch best");

    /* a long name is ellipsized: the sidebar keeps its width */
    sidebar = gtk_widget_get_parent (GTK_WIDGET (sidebar_models));
    width = gtk_widget_get_width (sidebar);
    g_assert_true (sl_catalog_rename_model (sl_window_get_catalog (window), kept->id,
                                            "a model name much longer than any sidebar is wide, "
                                            "as people write them when they compare many runs",
                                            &error));
    sl_gui_test_iterate (50);
    g_assert_cmpint (gtk_widget_get_width (sidebar), ==, width);
    g_assert_true (sl_catalog_rename_model (sl_window_get_catalog (window), kept->id,
                                            "kept run, epoch best", &error));
  }
  g_assert_nonnull (strstr (sl_chart_get_title (sl_train_page_get_chart (train)),
                            "kept run, epoch best"));
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);

  /* a new window on the catalog: the model's stored curves */
  window = sl_train_test_open_window (app, path);
  train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  sl_gui_test_iterate (20);
  g_assert_cmpint (sl_window_get_model_id (window), ==, kept->id);
  g_assert_true (sl_chart_get_range (sl_train_page_get_chart (train), SL_CHART_AXIS_LEFT,
                                     &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, ==, 1);
  g_assert_cmpfloat (x1, >=, 2);
  g_assert_true (sl_chart_get_range (sl_train_page_get_chart (train), SL_CHART_AXIS_RIGHT,
                                     &x0, &x1, &y0, &y1));
  sl_train_test_save_shot (GTK_WIDGET (window), "train-stored-curves");
  g_assert_nonnull (strstr (sl_chart_get_title (sl_train_page_get_chart (train)),
                            "kept run, epoch best"));
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

/* A name retyped in the report's save dialog without ".pdf" gets it back. */
static void
test_report_extension (void)
{
  const struct { const char *typed, *saved; } cases[] = {
    { "/tmp/study", "/tmp/study.pdf" },
    { "/tmp/study.pdf", "/tmp/study.pdf" },
    { "/tmp/STUDY.PDF", "/tmp/STUDY.PDF" },
    { "/tmp/study.pdf.txt", "/tmp/study.pdf.txt.pdf" },
    { "/tmp/v1.2", "/tmp/v1.2.pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *saved = sl_export_path_with_extension (cases[i].typed, ".pdf");

      g_assert_cmpstr (saved, ==, cases[i].saved);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sightline/gui/train-page/start-needs-classes", test_start_needs_classes);
  g_test_add_func ("/sightline/gui/train-page/split-dialog", test_split_dialog);
  g_test_add_func ("/sightline/gui/train-page/default-spins", test_default_spins);
  g_test_add_func ("/sightline/gui/train-page/cancel-keep-rename", test_cancel_keep_rename);
  g_test_add_func ("/sightline/gui/train-page/report-extension", test_report_extension);
  return g_test_run ();
}
