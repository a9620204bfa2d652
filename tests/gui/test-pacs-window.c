/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PACS in the window, against a real Orthanc: the connection dialog refusing a wrong
 * password and connecting with the right one, the study browser listing and importing the
 * studies, the triage window listing arriving images by probability with the heatmap a click
 * away. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-catalog-pacs.h"
#include "sl-image-view.h"
#include "sl-pacs-dialog.h"
#include "sl-study-browser.h"
#include "sl-toast.h"
#include "sl-triage-view.h"
#include "sl-window.h"
#include "sl-gui-test.h"
#include "sl-orthanc-fixture.h"
#include "sl-test-util.h"

#define WAIT_MS 60000
#define N_ARRIVALS 6
#define THRESHOLD 0.7

static SlOrthanc *orthanc;
static char *work_dir;
static char *model_path;
static SlWindow *window;

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return GTK_WIDGET (found);
}

/* The open toplevel of type (whose child is of child_type unless that is 0), or NULL. */
static GtkWindow *
find_toplevel (GType type,
               GType child_type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type)
          && (child_type == 0
              || G_TYPE_CHECK_INSTANCE_TYPE (gtk_window_get_child (GTK_WINDOW (item)), child_type)))
        return GTK_WINDOW (item);
    }
  return NULL;
}

/* What a click on a button does at once (its keyboard activation waits a moment). */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  if (g_getenv ("SL_SCREENSHOT_DIR") != NULL)
    {
      g_autoptr(GdkTexture) shot = NULL;

      gtk_test_widget_wait_for_draw (widget);
      shot = sl_gui_test_render (widget);

      sl_gui_test_save (shot, name);
    }
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !sl_pacs_dialog_is_testing (dialog);
}

static gboolean
dialog_closed (gpointer data)
{
  return find_toplevel (SL_TYPE_PACS_DIALOG, 0) == NULL;
}

static void
test_connect (void)
{
  SlPacsDialog *dialog;
  const char *status;

  if (orthanc == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pacs-connect", NULL);
  dialog = SL_PACS_DIALOG (find_toplevel (SL_TYPE_PACS_DIALOG, 0));
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  /* a wrong password: the client's error, and the dialog stays */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "url_entry")),
                         orthanc->dicomweb_url);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "user_entry")),
                         SL_ORTHANC_USER);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "secret_entry")),
                         "wrong-password");
  click (child (dialog, SL_TYPE_PACS_DIALOG, "connect_button"));
  g_assert_true (sl_pacs_dialog_is_testing (dialog));
  g_assert_true (sl_gui_test_wait (dialog_idle, dialog, WAIT_MS));
  status = gtk_label_get_label (GTK_LABEL (child (dialog, SL_TYPE_PACS_DIALOG, "status_label")));
  g_assert_nonnull (strstr (status, "HTTP 401"));
  g_assert_null (strstr (status, "wrong-password"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  screenshot (GTK_WIDGET (dialog), "pacs-dialog");

  /* nothing listening: unreachable */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "url_entry")),
                         "http://127.0.0.1:9/dicom-web");
  click (child (dialog, SL_TYPE_PACS_DIALOG, "test_button"));
  g_assert_true (sl_gui_test_wait (dialog_idle, dialog, WAIT_MS));
  status = gtk_label_get_label (GTK_LABEL (child (dialog, SL_TYPE_PACS_DIALOG, "status_label")));
  g_assert_nonnull (strstr (status, "Could not connect: "));
  g_assert_nonnull (strstr (status, "127.0.0.1:9"));

  /* an answer that is not DICOMweb */
  {
    const char *answers[] = {
      "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 15\r\n"
      "Connection: close\r\n\r\n<html>oops</ht>",
      NULL
    };
    g_autoptr(SlCannedServer) server = sl_canned_server_new (answers);

    gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "url_entry")),
                           sl_canned_server_get_url (server));
    click (child (dialog, SL_TYPE_PACS_DIALOG, "test_button"));
    g_assert_true (sl_gui_test_wait (dialog_idle, dialog, WAIT_MS));
    status = gtk_label_get_label (GTK_LABEL (child (dialog, SL_TYPE_PACS_DIALOG,
                                                    "status_label")));
    g_assert_nonnull (strstr (status, "malformed answer"));
  }

  /* the right password: connected, the dialog closes */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "url_entry")),
                         orthanc->dicomweb_url);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SL_TYPE_PACS_DIALOG, "secret_entry")),
                         SL_ORTHANC_PASSWORD);
  click (child (dialog, SL_TYPE_PACS_DIALOG, "connect_button"));
  g_assert_true (sl_gui_test_wait (dialog_closed, NULL, WAIT_MS));
}

static gboolean
browser_idle (gpointer browser)
{
  return !sl_study_browser_is_searching (browser);
}

static gboolean
window_idle (gpointer data)
{
  return !sl_window_is_busy (window);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row);
  return n;
}

static void
test_browse_and_import (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GError) error = NULL;
  SlDicomwebQuery query = { 0 };
  SlStudyBrowser *browser;
  GtkWidget *list;
  SlToast *toast;

  if (orthanc == NULL)
    return;
  sl_orthanc_post_valid_files (orthanc, NULL);
  web = sl_dicomweb_new (orthanc->dicomweb_url, &error);
  g_assert_no_error (error);
  sl_dicomweb_set_basic_auth (web, SL_ORTHANC_USER, SL_ORTHANC_PASSWORD);
  studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (studies->len, >=, 2);

  /* connected in test_connect: no dialog this time */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pacs-studies", NULL);
  g_assert_null (find_toplevel (SL_TYPE_PACS_DIALOG, 0));
  browser = SL_STUDY_BROWSER (find_toplevel (SL_TYPE_STUDY_BROWSER, 0));
  g_assert_nonnull (browser);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (browser));
  list = child (browser, SL_TYPE_STUDY_BROWSER, "study_list");

  /* a bad date is refused before asking the server */
  gtk_editable_set_text (GTK_EDITABLE (child (browser, SL_TYPE_STUDY_BROWSER, "from_entry")),
                         "2024-13-45");
  click (child (browser, SL_TYPE_STUDY_BROWSER, "search_button"));
  g_assert_false (sl_study_browser_is_searching (browser));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (browser, SL_TYPE_STUDY_BROWSER,
                                                                   "status_label"))),
                            "2024-13-45"));
  gtk_editable_set_text (GTK_EDITABLE (child (browser, SL_TYPE_STUDY_BROWSER, "from_entry")), "");

  /* every study listed, found as a job of the workspace */
  click (child (browser, SL_TYPE_STUDY_BROWSER, "search_button"));
  g_assert_true (sl_study_browser_is_searching (browser));
  g_assert_true (sl_gui_test_wait (browser_idle, browser, WAIT_MS));
  g_assert_cmpuint (count_rows (list), ==, studies->len);
  screenshot (GTK_WIDGET (browser), "pacs-studies");

  /* a modality no study has: none */
  gtk_editable_set_text (GTK_EDITABLE (child (browser, SL_TYPE_STUDY_BROWSER, "modality_entry")),
                         "XA");
  click (child (browser, SL_TYPE_STUDY_BROWSER, "search_button"));
  g_assert_true (sl_gui_test_wait (browser_idle, browser, WAIT_MS));
  g_assert_cmpuint (count_rows (list), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (browser, SL_TYPE_STUDY_BROWSER, "modality_entry")),
                         "");
  click (child (browser, SL_TYPE_STUDY_BROWSER, "search_button"));
  g_assert_true (sl_gui_test_wait (browser_idle, browser, WAIT_MS));

  /* import them all: Orthanc keeps 9 instances of the 14 files */
  g_assert_false (gtk_widget_get_sensitive (child (browser, SL_TYPE_STUDY_BROWSER,
                                                   "import_button")));
  gtk_list_box_select_all (GTK_LIST_BOX (list));
  g_assert_true (gtk_widget_get_sensitive (child (browser, SL_TYPE_STUDY_BROWSER,
                                                  "import_button")));
  g_assert_cmpint (sl_catalog_count_images (sl_window_get_catalog (window)), ==, 0);
  click (child (browser, SL_TYPE_STUDY_BROWSER, "import_button"));
  g_assert_true (sl_window_is_busy (window));
  g_assert_true (sl_gui_test_wait (window_idle, NULL, WAIT_MS));
  g_assert_cmpint (sl_catalog_count_images (sl_window_get_catalog (window)), ==, 9);
  toast = SL_TOAST (child (window, SL_TYPE_WINDOW, "toast"));
  g_assert_true (sl_toast_is_shown (toast));
  g_assert_cmpstr (sl_toast_get_message (toast), ==,
                   "PACS import: imported 9, duplicates 0, skipped 0");
  gtk_window_destroy (GTK_WINDOW (browser));
}

typedef struct
{
  const char *origin;
  gint64 model_id;
} Ready;

static gboolean
watcher_ready (gpointer data)
{
  Ready *ready = data;
  gint64 position;

  return sl_catalog_watch_get_cursor (sl_window_get_catalog (window), ready->origin,
                                      ready->model_id, &position);
}

static gboolean
all_arrived (gpointer triage)
{
  g_autoptr(GArray) ids = sl_triage_view_dup_image_ids (triage);

  return ids->len >= N_ARRIVALS;
}

static gboolean
two_arrived (gpointer triage)
{
  g_autoptr(GArray) ids = sl_triage_view_dup_image_ids (triage);

  return ids->len >= 2;
}

static void
on_alert_cb (SlTriageView *triage,
             gint64        image_id,
             guint        *n_alerts)
{
  (*n_alerts)++;
}

static gint64
add_model (SlCatalog *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModel) model = sl_model_load_file (model_path, &error);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  gsize length;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (model_path, &contents, &length, &error));
  checkpoint = g_bytes_new_take (g_steal_pointer (&contents), length);
  for (int k = 0; k < sl_model_get_n_classes (model); k++)
    g_assert_cmpint (sl_catalog_ensure_class (catalog, sl_model_get_class_name (model, k), &error),
                     >, 0);
  id = sl_catalog_add_model (catalog, "tiny", sl_model_get_arch (model), checkpoint, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_triage (void)
{
  g_autoptr(GPtrArray) pngs = sl_orthanc_demo_pngs ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) ids = NULL;
  GtkWindow *triage_window;
  SlTriageView *triage;
  SlImageView *view;
  Ready ready;
  guint n_alerts = 0, n_high = 0;
  double previous = 2;

  if (orthanc == NULL)
    return;
  /* the second half: images the model was not trained on */
  for (guint i = 0; i < N_ARRIVALS; i++)
    g_ptr_array_add (files, sl_orthanc_make_file (orthanc,
                                                  g_ptr_array_index (pngs, pngs->len / 2 + i)));
  ready.origin = orthanc->dicomweb_url;
  ready.model_id = add_model (sl_window_get_catalog (window));
  sl_window_set_model_id (window, ready.model_id);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.pacs-triage", NULL);
  triage_window = find_toplevel (GTK_TYPE_WINDOW, SL_TYPE_TRIAGE_VIEW);
  g_assert_nonnull (triage_window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (triage_window));
  triage = SL_TRIAGE_VIEW (gtk_window_get_child (triage_window));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (triage, SL_TYPE_TRIAGE_VIEW,
                                                     "threshold_spin")), THRESHOLD);
  g_signal_connect (triage, "alert", G_CALLBACK (on_alert_cb), &n_alerts);
  click (child (triage, SL_TYPE_TRIAGE_VIEW, "pacs_button"));
  g_assert_true (sl_triage_view_is_watching (triage));
  g_assert_true (sl_gui_test_wait (watcher_ready, &ready, WAIT_MS));

  for (guint i = 0; i < files->len; i++)
    g_assert_cmpuint (sl_orthanc_post_bytes (orthanc, g_ptr_array_index (files, i)), ==, 200);
  g_assert_true (sl_gui_test_wait (all_arrived, triage, WAIT_MS));

  /* each once, the highest probability of the chosen class first */
  ids = sl_triage_view_dup_image_ids (triage);
  g_assert_cmpuint (ids->len, ==, N_ARRIVALS);
  for (guint i = 0; i < ids->len; i++)
    {
      double p = sl_triage_view_get_probability (triage, g_array_index (ids, gint64, i));

      g_assert_cmpfloat (p, >=, 0);
      g_assert_cmpfloat (p, <=, previous);
      previous = p;
      n_high += p >= THRESHOLD;
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (g_array_index (ids, gint64, j), !=, g_array_index (ids, gint64, i));
    }
  g_test_message ("%u of %d at or above %.2f", n_high, N_ARRIVALS, THRESHOLD);
  g_assert_cmpuint (n_alerts, ==, n_high);
  {
    GtkListBox *list = GTK_LIST_BOX (child (triage, SL_TYPE_TRIAGE_VIEW, "arrival_list"));
    guint n_marked = 0;

    for (guint i = 0; i < N_ARRIVALS; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
        GtkWidget *label = g_object_get_data (G_OBJECT (row), "probability");

        n_marked += gtk_widget_has_css_class (label, "error");
      }
    g_assert_cmpuint (n_marked, ==, n_high);
  }

  /* a click on the last row shows that image with its heatmap */
  view = SL_IMAGE_VIEW (child (triage, SL_TYPE_TRIAGE_VIEW, "image_view"));
  g_assert_null (sl_image_view_get_heatmap (view));
  {
    GtkListBox *list = GTK_LIST_BOX (child (triage, SL_TYPE_TRIAGE_VIEW, "arrival_list"));
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, N_ARRIVALS - 1);
    g_autofree char *expected = g_strdup_printf ("Image %lld:",
                                                 (long long) g_array_index (ids, gint64,
                                                                            N_ARRIVALS - 1));

    gtk_list_box_select_row (list, row);
    g_assert_nonnull (sl_image_view_get_texture (view));
    g_assert_nonnull (sl_image_view_get_heatmap (view));
    g_assert_true (sl_image_view_get_heatmap_visible (view));
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (triage,
                                                                            SL_TYPE_TRIAGE_VIEW,
                                                                            "detail_label"))),
                                     expected));
  }
  screenshot (GTK_WIDGET (triage_window), "pacs-triage");

  /* the predictions are in the catalog; stopping ends the worker */
  g_assert_cmpint (sl_catalog_count_images (sl_window_get_catalog (window)), ==, 9 + N_ARRIVALS);
  click (child (triage, SL_TYPE_TRIAGE_VIEW, "stop_button"));
  g_assert_false (sl_triage_view_is_watching (triage));
  g_signal_handlers_disconnect_by_func (triage, on_alert_cb, &n_alerts);
  gtk_window_destroy (triage_window);
}

/* A folder instead of the PACS, through the view's own entry point (the button asks for the folder
 * in a file chooser). */
static void
test_triage_folder (void)
{
  g_autoptr(GPtrArray) pngs = sl_orthanc_demo_pngs ();
  g_autofree char *folder = g_build_filename (work_dir, "arrivals", NULL);
  g_autofree char *origin = g_strconcat ("folder:", folder, NULL);
  g_autoptr(GArray) ids = NULL;
  GtkWindow *triage_window;
  SlTriageView *triage;
  Ready ready = { origin, sl_window_get_model_id (window) };

  if (orthanc == NULL)
    return;
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pacs-triage", NULL);
  triage_window = find_toplevel (GTK_TYPE_WINDOW, SL_TYPE_TRIAGE_VIEW);
  g_assert_nonnull (triage_window);
  triage = SL_TRIAGE_VIEW (gtk_window_get_child (triage_window));
  sl_triage_view_watch_folder (triage, folder);
  g_assert_true (sl_gui_test_wait (watcher_ready, &ready, WAIT_MS));
  for (guint i = 0; i < 2; i++)
    {
      const char *png = g_ptr_array_index (pngs, pngs->len - 1 - i);
      g_autofree char *name = g_path_get_basename (png);
      g_autofree char *target = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }
  g_assert_true (sl_gui_test_wait (two_arrived, triage, WAIT_MS));
  ids = sl_triage_view_dup_image_ids (triage);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpfloat (sl_triage_view_get_probability (triage, g_array_index (ids, gint64, 0)), >=,
                     sl_triage_view_get_probability (triage, g_array_index (ids, gint64, 1)));
  /* closing the window stops watching */
  gtk_window_destroy (triage_window);
  sl_gui_test_iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = NULL;
  int status;

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  work_dir = g_dir_make_tmp ("sl-pacs-window-XXXXXX", NULL);
  model_path = g_build_filename (work_dir, "model.slm", NULL);
  catalog = g_build_filename (work_dir, "window.sightline", NULL);
  orthanc = sl_orthanc_start ();
  if (orthanc != NULL)
    {
      sl_pacs_train_tiny_model (work_dir, model_path);
      app = sl_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      window = sl_window_new (app);
      g_assert_true (sl_window_open_catalog (window, catalog, &error));
      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    }

  g_test_add_func ("/sightline/gui/pacs/connect", test_connect);
  g_test_add_func ("/sightline/gui/pacs/browse-and-import", test_browse_and_import);
  g_test_add_func ("/sightline/gui/pacs/triage", test_triage);
  g_test_add_func ("/sightline/gui/pacs/triage-folder", test_triage_folder);
  status = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (50);
  sl_orthanc_stop (orthanc);
  sl_test_remove_tree (work_dir);
  g_free (model_path);
  g_free (work_dir);
  return status;
}
