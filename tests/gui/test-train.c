/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training from the panel: a short run on a small labeled catalog draws chart points while it
 * runs, keeps the window usable (labeling during the run), and ends with the new model's
 * predictions on the browse items and in the review queue. The status bar lists the running
 * jobs, and each row's Cancel stops its own job only. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-data-dirs.h"
#include "sl-export-actions.h"
#include "sl-gui-test.h"
#include "sl-image-view.h"
#include "sl-import-job.h"
#include "sl-json.h"
#include "sl-importer.h"
#include "sl-metrics-page.h"
#include "sl-review-page.h"
#include "sl-split-dialog.h"
#include "sl-status-bar.h"
#include "sl-train-job.h"
#include "sl-train-page.h"
#include "sl-toast.h"
#include "sl-window.h"
#include "sl-test-util.h"

#define PER_CLASS 120

static gboolean
has_points (gpointer data)
{
  double x0, x1, y0, y1;

  return sl_chart_get_range (sl_train_page_get_chart (data), SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1);
}

static gboolean
has_model (gpointer data)
{
  return sl_window_get_model_id (data) > 0;
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

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* With SL_SCREENSHOT_DIR set: the widget as shown, for a look at it. */
static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (g_getenv ("SL_SCREENSHOT_DIR") == NULL)
    return;
  texture = sl_gui_test_render (widget);
  sl_gui_test_save (texture, name);
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
    SlToast *toast = SL_TOAST (find_descendant (GTK_WIDGET (metrics), SL_TYPE_TOAST));

    g_assert_nonnull (toast);
    g_assert_true (sl_toast_is_shown (toast));
    g_assert_nonnull (strstr (sl_toast_get_message (toast), "report.pdf"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sl_toast_get_button (toast))));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sl_toast_get_button (toast))),
                     ==, "metrics.open-report");
    save_shot (GTK_WIDGET (window), "metrics-report-toast");
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
  g_assert_cmpuint (g_strv_length (lines), ==, 2 * PER_CLASS + 1);
  g_assert_true (g_str_has_prefix (lines[0], "image_id,"));
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_true (g_file_get_contents (predictions, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  /* the metrics view's split: validation, a quarter of the images */
  g_assert_cmpuint (g_strv_length (lines), ==, PER_CLASS / 2 + 1);
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

static GtkWidget *
find_labeled_button (GtkWidget  *widget,
                     const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labeled_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The open question dialog over window, or NULL. */
static GtkDialog *
find_question (SlWindow *window)
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
  dialog = find_question (window);
  g_assert_nonnull (dialog);
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, before);
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_CANCEL), "clicked");
  sl_gui_test_iterate (20);
  g_assert_null (find_question (window));
  g_assert_cmpint (sl_catalog_get_label (catalog, reviewed), ==, before);
  g_assert_cmpint (sl_review_page_get_current (review), ==, reviewed);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (window), GDK_KEY_Return, 0));
  dialog = find_question (window);
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
  GtkWidget *view = find_descendant (GTK_WIDGET (review), SL_TYPE_IMAGE_VIEW);
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

static gboolean
finished (gpointer data)
{
  return !sl_train_page_get_running (data);
}

/* A catalog of 2 × PER_CLASS labeled demo images (class folders give the labels on import),
 * without splits. */
static char *
make_unsplit_catalog (const char *dir)
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

      sl_test_copy_first_files (from, to, PER_CLASS);
    }
  catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_cmpuint (stats.imported, ==, 2 * PER_CLASS);
  return path;
}

/* The same, a quarter of each class in the validation split. */
static char *
make_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = make_unsplit_catalog (dir);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (sl_catalog_make_split (catalog, 0.25, 0, 7, TRUE, &error));
  return path;
}

static SlWindow *
open_window (SlApplication *app,
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

static SlApplication *
new_app (void)
{
  g_autoptr(GError) error = NULL;
  SlApplication *app = sl_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static void
test_train_from_panel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = make_catalog (dir);
  g_autoptr(SlApplication) app = new_app ();
  g_autoptr(SlImageItem) item = NULL;
  SlWindow *window;
  SlTrainPage *train;
  SlReviewPage *review;
  SlImageList *list;
  gint64 first;
  guint n_queued;
  double x0, x1, y0, y1;

  window = open_window (app, path);
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

  g_assert_true (sl_gui_test_wait (finished, train, 120000));
  /* the job's last progress idles (lower priority) may come after its completion callback;
   * the window loads the new model on a worker */
  sl_gui_test_iterate (200);
  g_assert_true (sl_gui_test_wait (has_model, window, 10000));
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
    n_queued = 2 * PER_CLASS - reviewed->len;
  }
  /* Every image has a label from the import: by default the queue leaves them all out, and
   * the empty page's button widens it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "review");
  g_assert_cmpuint (sl_review_page_get_n_queued (review), ==, 0);
  g_assert_cmpint (sl_review_page_get_scope (review), ==, SL_REVIEW_SCOPE_UNLABELED);
  {
    GtkWidget *widen = find_labeled_button (GTK_WIDGET (review), "Review _Labeled Images Too");

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
  return find_question (data) != NULL;
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
  g_autofree char *path = make_unsplit_catalog (dir);
  g_autofree char *copy = g_build_filename (dir, "copy.sightline", NULL);
  g_autoptr(SlApplication) app = new_app ();
  g_autoptr(SlCatalog) reference = NULL;
  g_autoptr(GArray) ids = NULL;
  SlWindow *window = open_window (app, path);
  SlCatalog *catalog = sl_window_get_catalog (window);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  GtkWidget *start, *make_splits;
  SlSplitDialog *dialog;
  SlImageFilter filter;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  sl_gui_test_iterate (20);
  start = find_labeled_button (GTK_WIDGET (train), "_Start Training");
  make_splits = find_labeled_button (GTK_WIDGET (train), "Make _Splits…");
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (sl_train_page_get_start_blocker (train), "train split"));
  g_assert_true (gtk_widget_is_drawable (make_splits));
  save_shot (GTK_WIDGET (window), "train-start-blocked");
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
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sl_split_dialog_get_apply_button (dialog))));
  gtk_spin_button_set_value (sl_split_dialog_get_val_spin (dialog), 25);
  gtk_spin_button_set_value (sl_split_dialog_get_test_spin (dialog), 0);
  gtk_spin_button_set_value (sl_split_dialog_get_seed_spin (dialog), 7);
  assert_preview (dialog, 0, 90, 30, 0);
  assert_preview (dialog, 1, 90, 30, 0);
  save_shot (GTK_WIDGET (dialog), "split-dialog");
  g_assert_cmpint (count_in (catalog, SL_SPLIT_NONE, 0), ==, PER_CLASS);

  g_assert_true (sl_catalog_backup (catalog, copy, &error));
  g_signal_emit_by_name (sl_split_dialog_get_apply_button (dialog), "clicked");
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
  g_signal_emit_by_name (find_labeled_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
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
  g_autoptr(SlApplication) app = new_app ();
  SlWindow *window = open_window (app, path);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  sl_gui_test_iterate (20);
  g_assert_false (gtk_widget_get_sensitive (find_labeled_button (GTK_WIDGET (train),
                                                                 "_Start Training")));
  g_assert_nonnull (strstr (sl_train_page_get_start_blocker (train), "two classes"));
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
  g_signal_emit_by_name (find_labeled_button (GTK_WIDGET (train), "_Start Training"), "clicked");
  g_assert_true (sl_train_page_get_running (train));
  g_assert_true (sl_gui_test_wait (has_two_epochs, window, 120000));
  g_signal_emit_by_name (find_labeled_button (GTK_WIDGET (train), "_Cancel"), "clicked");
  g_assert_true (sl_gui_test_wait (has_question, window, 30000));
  g_assert_false (sl_train_page_get_running (train));
  return find_question (window);
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
  g_autofree char *path = make_catalog (dir);
  g_autoptr(SlApplication) app = new_app ();
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(SlCatalog) other = NULL;
  g_autoptr(SlModelInfo) renamed = NULL;
  SlWindow *window = open_window (app, path);
  SlTrainPage *train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  SlModelInfo *kept;
  GtkDialog *dialog;
  GtkWidget *keep;
  GtkWindow *rename;
  const char *keep_label;
  double x0, x1, y0, y1;
  float probs[2];
  int epoch;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  g_assert_null (sl_train_page_get_error (train));
  sl_train_page_set_arch (train, "conv3:8,relu,gap,fc:3");
  g_signal_emit_by_name (find_labeled_button (GTK_WIDGET (train), "_Start Training"), "clicked");
  g_assert_true (sl_gui_test_wait (finished, train, 60000));
  g_assert_nonnull (sl_train_page_get_error (train));
  g_assert_nonnull (strstr (sl_train_page_get_error (train), "3 outputs"));
  save_shot (GTK_WIDGET (window), "train-error");

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
  save_shot (GTK_WIDGET (dialog), "train-keep-best");
  epoch = atoi (keep_label + strlen ("Keep best (epoch "));
  g_assert_cmpint (epoch, >=, 1);
  g_signal_emit_by_name (keep, "clicked");
  g_assert_true (sl_gui_test_wait (finished, train, 60000));
  g_assert_true (sl_gui_test_wait (has_model, window, 10000));
  models = sl_catalog_list_models (sl_window_get_catalog (window));
  g_assert_cmpuint (models->len, ==, 1);
  kept = g_ptr_array_index (models, 0);
  g_assert_cmpint (kept->id, ==, sl_window_get_model_id (window));
  metrics = sl_json_parse_object (kept->metrics_json, "metrics", &error);
  g_assert_no_error (error);
  g_assert_cmpint ((int) json_object_get_int_member (metrics, "best_epoch"), ==, epoch);
  g_assert_cmpint ((int) json_array_get_length (json_object_get_array_member (metrics, "history")),
                   >=, 2);
  g_assert_true (sl_catalog_get_prediction (sl_window_get_catalog (window), kept->id,
                                            sl_image_list_get_id (sl_window_get_image_list (window), 0),
                                            probs, 2));

  /* Rename… on the page: a dialog with the name */
  g_signal_emit_by_name (find_labeled_button (GTK_WIDGET (train), "_Rename…"), "clicked");
  rename = find_toplevel (window, GTK_TYPE_DIALOG);
  g_assert_nonnull (rename);
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (rename), GTK_TYPE_ENTRY)),
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
  window = open_window (app, path);
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
  save_shot (GTK_WIDGET (window), "train-stored-curves");
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
  g_autofree char *path = make_catalog (dir);
  g_autofree char *more = g_build_filename (dir, "more", NULL);
  g_autofree char *source = g_build_filename (sl_data_dirs_demo (), "val", "normal", NULL);
  g_autoptr(SlApplication) app = new_app ();
  g_autoptr(GFile) folder = NULL;
  g_autoptr(SlJob) train_job = NULL;
  g_autoptr(SlJob) import_job = NULL;
  g_autoptr(GPtrArray) models = NULL;
  SlWindow *window = open_window (app, path);
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
  g_test_add_func ("/sightline/gui/train/split-dialog", test_split_dialog);
  g_test_add_func ("/sightline/gui/train/report-extension", test_report_extension);
  g_test_add_func ("/sightline/gui/train/start-needs-classes", test_start_needs_classes);
  g_test_add_func ("/sightline/gui/train/cancel-keep-rename", test_cancel_keep_rename);
  g_test_add_func ("/sightline/gui/train/status-lists-jobs", test_status_lists_jobs);
  return g_test_run ();
}
