/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several readers in the window: under blind reading a reader sees neither another reader's
 * label nor the model's suggestion anywhere in the window; the adjudication queue shows every
 * label and records the adjudicator's pick. */
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "sl-catalog-readers.h"
#include "sl-checkpoint.h"
#include "sl-gui-test.h"
#include "sl-importer.h"
#include "sl-net.h"
#include "sl-test-util.h"
#include "sl-window.h"

typedef struct
{
  char *dir;
  char *path;
  gint64 first, second, normal, pneumonia, model_id;
} Study;

/* 8 demo images labelled by the import; of two it called normal, ann says normal and bob
 * pneumonia on the first, both normal on the second; a
 * model (untrained, its predictions stored by hand) suggests pneumonia at 90 % everywhere. */
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
  sl_net *net;
  float *probs;

  s->path = g_build_filename (s->dir, "readers.sightline", NULL);
  sl_test_copy_demo_subset (images, 2, 1, 1);
  catalog = sl_catalog_open (s->path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  s->normal = sl_catalog_find_class (catalog, "normal");
  s->pneumonia = sl_catalog_find_class (catalog, "pneumonia");
  /* two of the images the import (a reader too) labelled normal */
  sl_image_filter_init (&filter);
  filter.class_id = s->normal;
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 4);
  s->first = g_array_index (ids, gint64, 0);
  s->second = g_array_index (ids, gint64, 1);
  g_clear_pointer (&ids, g_array_unref);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_cmpuint (ids->len, ==, 8);
  g_assert_true (sl_catalog_set_label (catalog, s->first, s->normal, "ann", &error));
  g_assert_true (sl_catalog_set_label (catalog, s->first, s->pneumonia, "bob", &error));
  g_assert_true (sl_catalog_set_label (catalog, s->second, s->normal, "ann", &error));
  g_assert_true (sl_catalog_set_label (catalog, s->second, s->normal, "bob", &error));

  net = sl_net_create ("conv3:4,relu,gap,fc:2", 1, 28, 28, 8, 1, err, sizeof err);
  g_assert_nonnull (net);
  sl_net_set_class_names (net, names, 2);
  g_assert_cmpint (sl_checkpoint_save_buffer (net, &buffer, &length), ==, 0);
  checkpoint = g_bytes_new_take (buffer, length);
  sl_net_free (net);
  s->model_id = sl_catalog_add_model (catalog, "untrained", "conv3:4,relu,gap,fc:2", checkpoint,
                                      NULL, &error);
  g_assert_no_error (error);
  probs = g_new (float, 2 * ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      probs[2 * i] = 0.1f;
      probs[2 * i + 1] = 0.9f;
    }
  g_assert_true (sl_catalog_add_predictions (catalog, s->model_id, (gint64 *) ids->data,
                                             (int) ids->len, 2, probs, &error));
  g_assert_no_error (error);
  g_free (probs);
}

static SlWindow *
open_window (SlApplication *app,
             const Study   *s,
             const char    *annotator)
{
  g_autoptr(GError) error = NULL;
  SlWindow *window = sl_window_new (app);

  sl_window_set_annotator (window, annotator);
  g_assert_true (sl_window_open_catalog (window, s->path, &error));
  g_assert_no_error (error);
  sl_window_set_model_id (window, s->model_id);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

/* Every text the window shows: visible labels, buttons' labels and tooltips, recursively. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (tooltip != NULL)
    g_string_append_printf (text, "%s\n", tooltip);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
window_text (SlWindow *window)
{
  GString *text = g_string_new (NULL);

  sl_gui_test_iterate (50);
  collect_text (GTK_WIDGET (window), text);
  return g_string_free (text, FALSE);
}

static void
test_blind_reading (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  Study s = { dir };
  g_autofree char *path = NULL;   /* s.path's owner */
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *seeing = NULL, *blind = NULL, *own = NULL;
  SlWindow *window;
  SlImageList *images;
  GtkWidget *review;
  g_autoptr(SlImageItem) item = NULL;

  make_study (&s);
  path = s.path;
  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  /* not blind: cy sees ann's and bob's labels and the suggestion */
  window = open_window (app, &s, "cy");
  g_assert_true (sl_window_select_image (window, s.first));
  seeing = window_text (window);
  g_assert_nonnull (strstr (seeing, "ann"));
  g_assert_nonnull (strstr (seeing, "bob"));
  g_assert_nonnull (strstr (seeing, "Model suggests"));
  gtk_window_destroy (GTK_WINDOW (window));

  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (s.path, &error);

    g_assert_true (sl_catalog_set_blind_reading (catalog, TRUE, &error));
  }

  /* blind: nothing of ann, bob or the model; the grid's items carry cy's labels (none) */
  window = open_window (app, &s, "cy");
  g_assert_true (sl_window_select_image (window, s.first));
  blind = window_text (window);
  g_assert_null (strstr (blind, "ann"));
  g_assert_null (strstr (blind, "bob"));
  g_assert_null (strstr (blind, "Model suggests"));
  g_assert_nonnull (strstr (blind, "Blind reading"));
  review = sl_window_get_page (window, "review");
  g_assert_false (gtk_stack_page_get_visible (gtk_stack_get_page (
    GTK_STACK (gtk_widget_get_parent (review)), review)));
  images = sl_window_get_image_list (window);
  item = g_list_model_get_item (G_LIST_MODEL (images), 0);
  g_assert_cmpint (sl_image_item_get_class_id (item), ==, 0);

  /* cy labels the first image normal (ann's class too: stored, it is cy's own label) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 0);
  g_assert_cmpint (sl_catalog_get_reader_label (sl_window_get_catalog (window), s.first, "cy"),
                   ==, s.normal);
  g_assert_true (sl_window_select_image (window, s.first));
  own = window_text (window);
  g_assert_nonnull (strstr (own, "normal · cy"));
  g_assert_null (strstr (own, "ann"));
  g_assert_cmpint (sl_image_item_get_class_id (item), ==, s.normal);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_adjudication_queue (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  Study s = { dir };
  g_autofree char *path = NULL;   /* s.path's owner */
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *text = NULL;
  SlWindow *window;
  GtkWidget *check;

  make_study (&s);
  path = s.path;
  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = open_window (app, &s, "chief");

  /* the queue: only the first image (bob disagrees); the inspector names every reader */
  check = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_WINDOW,
                                                     "readers_check"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sl_window_get_image_list (window))),
                    ==, 1);
  g_assert_cmpint (sl_window_get_current_image (window), ==, s.first);
  text = window_text (window);
  g_assert_nonnull (strstr (text, "Readers: ann normal · bob pneumonia"));

  /* picking pneumonia (key 2) records an adjudication, and the image leaves the queue */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 1);
  g_assert_cmpint (sl_catalog_get_adjudication (sl_window_get_catalog (window), s.first), ==,
                   s.pneumonia);
  g_assert_cmpint (sl_catalog_get_label (sl_window_get_catalog (window), s.first), ==,
                   s.pneumonia);
  g_assert_cmpint (sl_catalog_get_reader_label (sl_window_get_catalog (window), s.first,
                                                "chief"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sl_window_get_image_list (window))),
                    ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/gui/readers/blind-reading", test_blind_reading);
  g_test_add_func ("/sightline/gui/readers/adjudication-queue", test_adjudication_queue);
  return g_test_run ();
}
