/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training from the panel: a short run on a small labeled catalog draws chart points while it
 * runs, keeps the window usable (labeling during the run), and ends with the new model's
 * predictions on the browse items and in the review queue. The status bar lists the running
 * jobs, and each row's Cancel stops its own job only. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-data-dirs.h"
#include "sl-export-actions.h"
#include "sl-gui-test.h"
#include "sl-image-view.h"
#include "sl-import-job.h"
#include "sl-metrics-page.h"
#include "sl-review-page.h"
#include "sl-status-bar.h"
#include "sl-train-job.h"
#include "sl-train-page.h"
#include "sl-toast.h"
#include "sl-window.h"
#include "sl-test-util.h"
#include "sl-train-test.h"

static gboolean
has_points (gpointer data)
{
  double x0, x1, y0, y1;

  return sl_chart_get_range (sl_train_page_get_chart (data), SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1);
}

static gboolean
report_done (gpointer data)
{
  return !sl_metrics_page_get_writing_report (data);
}

static gboolean
exports_done (gpointer data)
{
  return sl_export_actions_get_n_running (data) == 0;
}

/* "/Type /Page" objects in the (binary) PDF; "/Type /Pages" is the page tree. */
static guint
count_pdf_pages (const char *data,
                 gsize       length)
{
  const char *p = data, *end = data + length;
  guint n = 0;

  while ((p = memmem (p, end - p, "/Type /Page", 11)) != NULL)
    {
      p += 11;
      if (p < end && *p != 's')
        n++;
    }
  return n;
}

/* The metrics view's report action with a fixed path: a PDF of several pages. */
static void
check_report (SlWindow   *window,
              const char *dir)
{
  SlMetricsPage *metrics = SL_METRICS_PAGE (sl_window_get_page (window, "metrics"));
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "metrics");
  g_assert_true (sl_metrics_page_get_model_id (metrics) == sl_window_get_model_id (window));
  sl_metrics_page_set_split (metrics, SL_SPLIT_VAL);
  gtk_widget_activate_action (GTK_WIDGET (metrics), "metrics.write-report", "s", pdf);
  g_assert_true (sl_metrics_page_get_writing_report (metrics));
  g_assert_true (sl_gui_test_wait (report_done, metrics, 120000));
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (length, >, 20000);
  g_assert_cmpuint (count_pdf_pages (contents, length), >=, 4);
  g_remove (pdf);

  /* the notice is a toast over the metrics with an Open button, not a line above them */
  {
    SlToast *toast = SL_TOAST (sl_gui_test_find_descendant (GTK_WIDGET (metrics), SL_TYPE_TOAST));

    g_assert_nonnull (toast);
    g_assert_true (sl_toast_is_shown (toast));
    g_assert_nonnull (strstr (sl_toast_get_message (toast), "report.pdf"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sl_toast_get_button (toast))));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sl_toast_get_button (toast))),
                     ==, "metrics.open-report");
  }
}

/* The Export submenu's actions with fixed targets. */
static void
check_exports (SlWindow   *window,
               const char *dir)
{
  GActionGroup *exports = sl_window_get_export_actions (window);
  g_autofree char *labels = g_build_filename (dir, "labels.csv", NULL);
  g_autofree char *predictions = g_build_filename (dir, "predictions.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_action_group_activate_action (exports, "labels-csv", g_variant_new_string (labels));
  g_action_group_activate_action (exports, "predictions-csv", g_variant_new_string (predictions));
  g_assert_cmpuint (sl_export_actions_get_n_running (exports), ==, 2);
  g_assert_true (sl_gui_test_wait (exports_done, exports, 60000));
  g_assert_true (g_file_get_contents (labels, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2 * SL_TRAIN_TEST_PER_CLASS + 1);
  g_assert_true (g_str_has_prefix (lines[0], "image_id,"));
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_true (g_file_get_contents (predictions, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  /* the metrics view's split: validation, a quarter of the images */
  g_assert_cmpuint (g_strv_length (lines), ==, SL_TRAIN_TEST_PER_CLASS / 2 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "image_id,split,true_class"));
  g_remove (labels);
  g_remove (predictions);

  /* folders: the model with its card, the labelled images as PNG per split and class */
  {
    g_autofree char *model = g_build_filename (dir, "model", NULL);
    g_autofree char *pngs = g_build_filename (dir, "pngs", NULL);
    g_autofree char *card = g_build_filename (model, "MODEL_CARD.md", NULL);
    g_autofree char *checkpoint = g_build_filename (model, "model.slm", NULL);
    g_autofree char *val_normal = g_build_filename (pngs, "val", "normal", NULL);

    g_assert_cmpint (g_mkdir (model, 0700), ==, 0);
    g_assert_cmpint (g_mkdir (pngs, 0700), ==, 0);
    g_action_group_activate_action (exports, "model", g_variant_new_string (model));
    g_action_group_activate_action (exports, "labels-png", g_variant_new_string (pngs));
    g_assert_true (sl_gui_test_wait (exports_done, exports, 60000));
    g_assert_true (g_file_test (card, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (checkpoint, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (val_normal, G_FILE_TEST_IS_DIR));
  }
}

/* Rebuilt, the queue leaves out the image reviewed after the model was made, and keeps the
 * least confident first. */
static void
check_queue_skips_reviewed (SlWindow     *window,
                            SlReviewPage *review,
                            gint64        reviewed,
                            guint         n_queued)
{
  SlCatalog *catalog = sl_window_get_catalog (window);
  gint64 model_id = sl_window_get_model_id (window);
  double last = -1;

  sl_window_set_model_id (window, model_id);
  g_assert_cmpuint (sl_review_page_get_n_queued (review), ==, n_queued - 1);
  g_assert_true (sl_review_page_get_current (review) != reviewed);
  while (TRUE)
    {
      gint64 id = sl_review_page_get_current (review);
      float probs[2];

      g_assert_cmpint (id, !=, reviewed);
      g_assert_true (sl_catalog_get_prediction (catalog, model_id, id, probs, 2));
      g_assert_cmpfloat (MAX (probs[0], probs[1]), >=, last - 1e-6);
      last = MAX (probs[0], probs[1]);
      if (!sl_review_page_move (review, 1))
        break;
    }
}

/* The window's own toast (the metrics page has one for its report). */
static SlToast *
find_window_toast (GtkWidget *widget)
{
  if (SL_IS_TOAST (widget))
    return SL_TOAST (widget);
  if (SL_IS_METRICS_PAGE (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SlToast *found = find_window_toast (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Enter on an image whose label differs from the suggestion asks first: Keep leaves the label,
 * Replace stores the suggestion as accepted by the annotator, and the toast's Undo restores the
 * person's label. */
static void
check_accept_asks (SlWindow     *window,
                   SlReviewPage *review,
                   guint         n_queued)
{
  SlCatalog *catalog = sl_window_get_catalog (window);
  SlToast *toast = find_window_toast (GTK_WIDGET (window));
  gint64 reviewed, suggestion, before;
  GtkDialog *dialog;
  g_autoptr(GPtrArray) history = NULL;
  SlLabelEvent *newest;

  while (sl_review_page_get_suggestion (review)
         == sl_catalog_get_label (catalog, sl_review_page_get_current (review)))
    g_assert_true (sl_review_page_move (review, 1));
  reviewed = sl_review_page_get_current (review);
  suggestion = sl_review_page_get_suggestion (review);
  before = sl_catalog_get_label (catalog, reviewed);
  g_assert_cmpint (before, >, 0);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (window), GDK_KEY_Return, 0));
  dialog = sl_train_test_find_question (window);
  g_assert_nonnull (dialog);
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, before);
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_CANCEL), "clicked");
  sl_gui_test_iterate (20);
  g_assert_null (sl_train_test_find_question (window));
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, before);
  g_assert_cmpint (sl_review_page_get_current (review), ==, reviewed);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (window), GDK_KEY_Return, 0));
  dialog = sl_train_test_find_question (window);
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_ACCEPT), "clicked");
  sl_gui_test_iterate (20);
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, suggestion);
  g_assert_cmpint (sl_review_page_get_current (review), !=, reviewed);
  history = sl_catalog_label_history (catalog, reviewed, NULL);
  newest = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpint (newest->source, ==, SL_LABEL_SOURCE_SUGGESTION);
  g_assert_cmpstr (newest->annotator, ==, "tester");
  g_assert_cmpint (((SlLabelEvent *) g_ptr_array_index (history, 0))->source, ==,
                   SL_LABEL_SOURCE_IMPORT);

  g_assert_true (sl_toast_is_shown (toast));
  g_signal_emit_by_name (sl_toast_get_button (toast), "clicked");
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, before);
  check_queue_skips_reviewed (window, review, reviewed, n_queued);
}

/* Right-drag in the review view changes the window of the image shown. */
static void
check_review_window_level (SlReviewPage *review)
{
  GtkWidget *view = sl_gui_test_find_descendant (GTK_WIDGET (review), SL_TYPE_IMAGE_VIEW);
  GdkTexture *before;
  double c0, w0, c1, w1;

  g_assert_nonnull (view);
  before = sl_image_view_get_texture (SL_IMAGE_VIEW (view));
  sl_review_page_get_window (review, &c0, &w0);
  g_signal_emit_by_name (view, "window-changed", 20.0, -30.0);
  sl_review_page_get_window (review, &c1, &w1);
  g_assert_cmpfloat (c1, >, c0);
  g_assert_cmpfloat (w1, <, w0);
  g_assert_true (sl_image_view_get_texture (SL_IMAGE_VIEW (view)) != before);
}

static void
test_train_from_panel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = sl_train_test_make_catalog (dir);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  g_autoptr(SlImageItem) item = NULL;
  SlWindow *window;
  SlTrainPage *train;
  SlReviewPage *review;
  SlImageList *list;
  gint64 first;
  guint n_queued;
  double x0, x1, y0, y1;

  window = sl_train_test_open_window (app, path);
  g_assert_cmpint (sl_window_get_model_id (window), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  sl_train_page_set_epochs (train, 3);
  sl_train_page_set_arch (train, "conv3:8,relu,maxpool2,conv3:16,relu,gap,fc:2");
  sl_train_page_start (train);
  g_assert_true (sl_train_page_get_running (train));
  g_assert_true (sl_window_is_busy (window));

  /* Points arrive while the job runs, and labeling still works meanwhile. */
  g_assert_true (sl_gui_test_wait (has_points, train, 60000));
  list = sl_window_get_image_list (window);
  first = sl_image_list_get_id (list, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "browse");
  sl_window_select_image (window, first);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 1);
  g_assert_cmpint (sl_window_get_current_image (window), ==, sl_image_list_get_id (list, 1));

  g_assert_true (sl_gui_test_wait (sl_train_test_finished, train, 120000));
  /* the job's last progress idles (lower priority) may come after its completion callback;
   * the window loads the new model on a worker */
  sl_gui_test_iterate (200);
  g_assert_true (sl_gui_test_wait (sl_train_test_has_model, window, 10000));
  g_assert_true (sl_chart_get_range (sl_train_page_get_chart (train), SL_CHART_AXIS_RIGHT,
                                     &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x1, >=, 1);   /* at least one epoch ended with its validation point */

  /* The new model is the window's, its predictions are on the items and in the review. */
  g_assert_cmpint (sl_window_get_model_id (window), >, 0);
  item = g_list_model_get_item (G_LIST_MODEL (list), 5);
  g_assert_cmpint (sl_image_item_get_predicted (item), >=, 0);
  g_assert_cmpfloat (sl_image_item_get_confidence (item), >=, 0.5);
  review = SL_REVIEW_PAGE (sl_window_get_page (window, "review"));
  {
    /* the label given mid-run counts as reviewed when it came after the model was stored */
    SlCatalog *c = sl_window_get_catalog (window);
    g_autoptr(GPtrArray) models = sl_catalog_list_models (c);
    SlModelInfo *model = g_ptr_array_index (models, models->len - 1);
    g_autoptr(GArray) reviewed = sl_catalog_labeled_since (c, model->created_at, "import", NULL);

    g_assert_cmpint (model->id, ==, sl_window_get_model_id (window));
    n_queued = 2 * SL_TRAIN_TEST_PER_CLASS - reviewed->len;
  }
  /* Every image has a label from the import: by default the queue leaves them all out, and
   * the empty page's button widens it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "review");
  g_assert_cmpuint (sl_review_page_get_n_queued (review), ==, 0);
  g_assert_cmpint (sl_review_page_get_scope (review), ==, SL_REVIEW_SCOPE_UNLABELED);
  {
    GtkWidget *widen = sl_train_test_find_labeled_button (GTK_WIDGET (review),
                                                          "Review _Labeled Images Too");

    g_assert_nonnull (widen);
    g_assert_true (gtk_widget_is_drawable (widen));
    g_signal_emit_by_name (widen, "clicked");
  }
  g_assert_cmpint (sl_review_page_get_scope (review), ==, SL_REVIEW_SCOPE_ALL);
  g_assert_cmpuint (sl_review_page_get_n_queued (review), ==, n_queued);
  g_assert_cmpint (sl_window_get_current_image (window), ==, sl_review_page_get_current (review));
  g_assert_cmpint (sl_review_page_get_suggestion (review), >, 0);
  g_assert_true (sl_review_page_get_heatmap_shown (review));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-heatmap", NULL);
  g_assert_false (sl_review_page_get_heatmap_shown (review));

  check_accept_asks (window, review, n_queued);
  check_review_window_level (review);

  /* A confusion matrix cell browses its images: true normal, predicted pneumonia, validation. */
  {
    SlCatalog *c = sl_window_get_catalog (window);
    GtkWidget *metrics = sl_window_get_page (window, "metrics");
    SlImageFilter filter;
    g_autoptr(GArray) expected = NULL;
    gint64 normal = sl_catalog_find_class (c, "normal");
    gint64 pneumonia = sl_catalog_find_class (c, "pneumonia");

    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "metrics");
    g_signal_emit_by_name (metrics, "cell-activated", normal, pneumonia, (int) SL_SPLIT_VAL);
    g_assert_true (sl_window_get_page (window, "browse") ==
                   gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (metrics))));
    sl_image_filter_init (&filter);
    filter.split = SL_SPLIT_VAL;
    filter.class_id = normal;
    filter.predicted_class_id = pneumonia;
    filter.model_id = sl_window_get_model_id (window);
    expected = sl_catalog_query_images (c, &filter, NULL);
    list = sl_window_get_image_list (window);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
    for (guint i = 0; i < expected->len; i++)
      g_assert_cmpint (sl_image_list_get_id (list, i), ==, g_array_index (expected, gint64, i));
  }

  check_report (window, dir);
  check_exports (window, dir);

  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

static SlStatusBar *
find_status_bar (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SlStatusBar *found = SL_IS_STATUS_BAR (child) ? SL_STATUS_BAR (child)
                                                    : find_status_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_one_job (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

static gboolean
has_no_job (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

static void
test_status_lists_jobs (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = sl_train_test_make_catalog (dir);
  g_autofree char *more = g_build_filename (dir, "more", NULL);
  g_autofree char *source = g_build_filename (sl_data_dirs_demo (), "val", "normal", NULL);
  g_autoptr(SlApplication) app = sl_train_test_new_app ();
  g_autoptr(GFile) folder = NULL;
  g_autoptr(SlJob) train_job = NULL;
  g_autoptr(SlJob) import_job = NULL;
  g_autoptr(GPtrArray) models = NULL;
  SlWindow *window = sl_train_test_open_window (app, path);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  GListModel *jobs = sl_workspace_get_jobs (sl_window_get_workspace (window));
  SlStatusBar *status = find_status_bar (GTK_WIDGET (window));
  gint64 n_images = sl_catalog_count_images (sl_window_get_catalog (window));

  g_assert_nonnull (status);
  sl_test_copy_first_files (source, more, 40);
  folder = g_file_new_for_path (more);

  /* two jobs at once, each a row with its title and its own Cancel */
  sl_train_page_set_epochs (train, 50);
  sl_train_page_start (train);
  sl_window_import (window, &folder, 1);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);
  train_job = g_list_model_get_item (jobs, 0);
  import_job = g_list_model_get_item (jobs, 1);
  g_assert_true (SL_IS_TRAIN_JOB (train_job));
  g_assert_true (SL_IS_IMPORT_JOB (import_job));
  g_assert_cmpstr (sl_job_get_title (train_job), !=, sl_job_get_title (import_job));
  g_assert_nonnull (sl_status_bar_get_cancel_button (status, train_job));
  g_assert_nonnull (sl_status_bar_get_cancel_button (status, import_job));

  /* the import's Cancel stops the import; training goes on */
  g_signal_emit_by_name (sl_status_bar_get_cancel_button (status, import_job), "clicked");
  g_assert_true (g_cancellable_is_cancelled (sl_job_get_cancellable (import_job)));
  g_assert_false (g_cancellable_is_cancelled (sl_job_get_cancellable (train_job)));
  g_assert_true (sl_gui_test_wait (has_one_job, jobs, 30000));
  g_assert_true (sl_job_is_completed (import_job));
  g_assert_null (sl_status_bar_get_cancel_button (status, import_job));
  g_assert_cmpint (sl_catalog_count_images (sl_window_get_catalog (window)), <, n_images + 40);
  g_assert_true (sl_train_page_get_running (train));
  g_assert_true (sl_gui_test_wait (has_points, train, 60000));

  /* the training's Cancel: nothing stored, the list empties */
  g_signal_emit_by_name (sl_status_bar_get_cancel_button (status, train_job), "clicked");
  g_assert_true (sl_gui_test_wait (has_no_job, jobs, 30000));
  g_assert_false (sl_train_page_get_running (train));
  g_assert_false (sl_window_is_busy (window));
  models = sl_catalog_list_models (sl_window_get_catalog (window));
  g_assert_cmpuint (models->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (20);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sightline/gui/train/from-panel", test_train_from_panel);
  g_test_add_func ("/sightline/gui/train/status-lists-jobs", test_status_lists_jobs);
  return g_test_run ();
}
