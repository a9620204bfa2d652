/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The image viewer in the window, on a catalog of the shared valid DICOM files: each image's own
 * window/level (a CT preset on the CT image, a right-drag on the MR image, each kept when moving
 * between them, thumbnails untouched), the zoom and window readout over the image, colour
 * DICOM in colour, the label badge on thumbnails, and a large image read on a worker. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-image-cell.h"
#include "sl-image-view.h"
#include "sl-importer.h"
#include "sl-review-page.h"
#include "sl-thumbnail-cache.h"
#include "sl-window-level.h"
#include "sl-window.h"
#include "sl-gui-test.h"
#include "sl-test-util.h"

#define THUMBNAIL_SIZE 128
#define LONG_NAME "Community-acquired pneumonia with bilateral pleural effusion, confirmed on CT"

typedef struct
{
  char *dir;
  SlApplication *app;
  SlWindow *window;
  SlCatalog *catalog;     /* the window's */
  SlImageView *view;
  SlBrowseView *browse;
  GtkDropDown *dropdown;  /* the inspector's window/level */
  gint64 ct;
  gint64 mr;
  gint64 colour;
  gint64 large;           /* a 1024 × 1024 PNG: read on a worker */
} Fixture;

/* DICOM files keep no name in the catalog: an image is found by its modality and width. */
static gint64
find_image (SlCatalog  *catalog,
            const char *modality,
            int         width)
{
  SlImageFilter filter;
  g_autoptr(GArray) ids = NULL;

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, NULL);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog, id, NULL);

      if (info != NULL && g_strcmp0 (info->modality, modality) == 0 && info->width == width)
        return id;
    }
  return 0;
}

/* A gray PNG of side × side pixels, dark to light from left to right. */
static void
write_gradient_png (const char *path,
                    int         side)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      memset (pixels + (gsize) y * stride + 3 * x, x * 256 / side, 3);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
}

/* Every image labeled (the three classes in turn) and in train; a tiny model trained on them
 * by the command line (its predictions fill the review queue). */
static void
add_model (SlCatalog  *catalog,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *model = g_strconcat (path, ".ckpt", NULL);
  gint64 classes[] = { sl_catalog_find_class (catalog, "normal"),
                       sl_catalog_find_class (catalog, "pneumonia"),
                       sl_catalog_find_class (catalog, LONG_NAME) };
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_assert_true (sl_catalog_set_label (catalog, id, classes[i % 3], "tester", &error));
      g_assert_true (sl_catalog_set_split (catalog, id, SL_SPLIT_TRAIN, 1, &error));
    }
  if (sl_test_run_cli (&out, &err, "train", "--catalog", path, "--out", model, "--arch",
                       "conv3:4,relu,gap,fc:3", "--input-size", "16", "--epochs", "1",
                       "--threads", "1", NULL) != 0)
    g_error ("train failed: %s", err);
  g_unlink (model);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *large = NULL;
  g_autofree char *valid = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                             NULL);
  GtkWidget *page;

  f->dir = sl_test_tmp_dir_new ();
  path = g_build_filename (f->dir, "viewer.sightline", NULL);
  large = g_build_filename (f->dir, "large.png", NULL);
  write_gradient_png (large, 1024);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
    g_autoptr(SlImporter) importer = sl_importer_new (catalog);
    SlImportStats stats;

    g_assert_no_error (error);
    sl_importer_add_path (importer, valid);
    sl_importer_add_path (importer, large);
    sl_importer_run (importer, NULL, &stats, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stats.imported, >=, 11);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, "normal", &error), >, 0);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, "pneumonia", &error), >, 0);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, LONG_NAME, &error), >, 0);
    if (data != NULL)
      add_model (catalog, path);
  }
  f->app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  f->window = sl_window_new (f->app);
  sl_window_set_annotator (f->window, "tester");
  g_assert_true (sl_window_open_catalog (f->window, path, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  f->catalog = sl_window_get_catalog (f->window);
  page = sl_window_get_page (f->window, "browse");
  f->view = SL_IMAGE_VIEW (gtk_paned_get_end_child (GTK_PANED (page)));
  f->browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (GTK_PANED (page)));
  f->dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                              SL_TYPE_WINDOW, "window_dropdown"));
  f->ct = find_image (f->catalog, "CT", 128);
  f->mr = find_image (f->catalog, "MR", 64);
  f->colour = find_image (f->catalog, "US", 80);  /* ExplVR_BigEnd.dcm: RGB */
  f->large = find_image (f->catalog, NULL, 1024);
  g_assert_cmpint (f->ct, >, 0);
  g_assert_cmpint (f->mr, >, 0);
  g_assert_cmpint (f->colour, >, 0);
  g_assert_cmpint (f->large, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sl_gui_test_iterate (50);
  g_clear_object (&f->app);
  sl_test_tmp_dir_free (f->dir);
}

static SlImage *
load_image (Fixture *f,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  SlImage *image = sl_catalog_load_display_image (f->catalog, id, &error);

  g_assert_no_error (error);
  return image;
}

static gboolean
same_pixels (GdkTexture *a,
             GdkTexture *b)
{
  int w = gdk_texture_get_width (a), h = gdk_texture_get_height (a);
  g_autofree guchar *pa = NULL;
  g_autofree guchar *pb = NULL;

  if (b == NULL || w != gdk_texture_get_width (b) || h != gdk_texture_get_height (b))
    return FALSE;
  pa = g_malloc ((gsize) w * h * 4);
  pb = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (a, pa, (gsize) w * 4);
  gdk_texture_download (b, pb, (gsize) w * 4);
  return memcmp (pa, pb, (gsize) w * h * 4) == 0;
}

/* The view shows @image rendered with that window. */
static void
assert_shows (SlImageView   *view,
              const SlImage *image,
              double         center,
              double         width)
{
  g_autoptr(GdkTexture) expected = sl_texture_from_image (image, 0, center, width);

  g_assert_true (same_pixels (expected, sl_image_view_get_texture (view)));
}

static void
assert_view_shows (Fixture       *f,
                   const SlImage *image,
                   double         center,
                   double         width)
{
  assert_shows (f->view, image, center, width);
}

static const char *
dropdown_text (Fixture *f)
{
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (f->dropdown));
}

/* The readout over the image: "Zoom N%", then " · C c W w" for images with a window. */
static void
assert_readout (Fixture    *f,
                const char *window_part)
{
  g_autofree char *readout = sl_image_view_dup_readout (f->view);
  g_autofree char *zoom = g_strdup_printf ("Zoom %.0f%%", 100 * sl_image_view_get_zoom (f->view));
  g_autofree char *expected = window_part != NULL ? g_strdup_printf ("%s · %s", zoom, window_part)
                                                  : g_steal_pointer (&zoom);

  g_assert_cmpstr (readout, ==, expected);
}

static SlImageCell *
find_cell (SlBrowseView *browse,
           gint64        image_id)
{
  GtkWidget *grid = GTK_WIDGET (sl_browse_view_get_grid (browse));

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      if (SL_IS_IMAGE_CELL (cell) && sl_image_cell_get_image_id (SL_IMAGE_CELL (cell)) == image_id)
        return SL_IMAGE_CELL (cell);
    }
  return NULL;
}

typedef struct
{
  SlBrowseView *browse;
  gint64 image_id;
} CellQuery;

static gboolean
thumbnail_loaded (gpointer data)
{
  CellQuery *query = data;
  SlImageCell *cell = find_cell (query->browse, query->image_id);

  return cell != NULL && sl_image_cell_get_texture (cell) != NULL;
}

static GdkTexture *
wait_for_thumbnail (Fixture *f,
                    gint64   image_id)
{
  CellQuery query = { f->browse, image_id };

  g_assert_true (sl_gui_test_wait (thumbnail_loaded, &query, 10000));
  return sl_image_cell_get_texture (find_cell (f->browse, image_id));
}

static GtkGesture *
level_gesture (SlImageView *view)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

/* Two images of different modality and window keep their own window/level; the presets follow
 * the modality; a right-drag shows "Custom"; thumbnails keep the file's window. */
static void
test_window_per_image (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SlImage) ct = load_image (f, f->ct);
  g_autoptr(SlImage) mr = load_image (f, f->mr);
  g_autoptr(GdkTexture) ct_thumbnail = NULL;
  const SlWindowLevelPreset *lung = sl_window_level_preset_lookup ("lung");
  GtkGesture *drag = level_gesture (f->view);
  double ct_c, ct_w, lo, hi, step;
  guint n_ct;
  g_autofree char *ct_readout = NULL;

  /* CT opens with its file's window (CT_small has none: its full range); CT presets offered */
  g_assert_true (sl_window_select_image (f->window, f->ct));
  sl_image_default_window (ct, &ct_c, &ct_w);
  assert_view_shows (f, ct, ct_c, ct_w);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (f->dropdown))));
  g_assert_cmpstr (dropdown_text (f), ==, "From file");
  sl_window_level_presets_for_modality ("CT", &n_ct);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (f->dropdown)), ==, 2 + n_ct);
  ct_readout = g_strdup_printf ("C %.0f W %.0f", ct_c, ct_w);
  assert_readout (f, ct_readout);
  ct_thumbnail = g_object_ref (wait_for_thumbnail (f, f->ct));

  /* the lung preset, picked in the dropdown, applies to the CT image */
  gtk_drop_down_set_selected (f->dropdown, 2);
  g_assert_cmpstr (lung->name, ==, "lung");
  assert_view_shows (f, ct, lung->center, lung->width);
  assert_readout (f, "C -600 W 1500");

  /* the MR image opens with its own file window (600, 1600); no CT presets for it */
  g_assert_true (sl_window_select_image (f->window, f->mr));
  g_assert_cmpfloat (mr->window_center, ==, 600);
  g_assert_cmpfloat (mr->window_width, ==, 1600);
  assert_view_shows (f, mr, 600, 1600);
  assert_readout (f, "C 600 W 1600");
  g_assert_cmpstr (dropdown_text (f), ==, "From file");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (f->dropdown)), ==, 2);

  /* a right-drag (20 px right, 10 px down) widens and raises the MR window: "Custom" */
  sl_image_value_range (mr, &lo, &hi);
  step = (hi - lo) / 256;
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (drag, "drag-update", 20.0, 10.0);
  g_signal_emit_by_name (drag, "drag-end", 20.0, 10.0);
  sl_gui_test_iterate (20);
  assert_view_shows (f, mr, 600 + 10 * step, 1600 + 20 * step);
  g_assert_cmpstr (dropdown_text (f), ==, "Custom");
  {
    g_autofree char *custom = g_strdup_printf ("C %.0f W %.0f", 600 + 10 * step,
                                               1600 + 20 * step);

    assert_readout (f, custom);
  }

  /* back to CT: still lung; back to MR: still its custom window */
  g_assert_true (sl_window_select_image (f->window, f->ct));
  assert_view_shows (f, ct, lung->center, lung->width);
  g_assert_cmpstr (dropdown_text (f), ==, "Lung (C -600, W 1500)");
  g_assert_true (sl_window_select_image (f->window, f->mr));
  assert_view_shows (f, mr, 600 + 10 * step, 1600 + 20 * step);
  g_assert_cmpstr (dropdown_text (f), ==, "Custom");

  /* "From file" undoes it and the Custom row goes */
  gtk_drop_down_set_selected (f->dropdown, 0);
  assert_view_shows (f, mr, 600, 1600);
  sl_gui_test_iterate (20);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (f->dropdown)), ==, 2);

  /* the CT thumbnail kept its file's window through all this */
  sl_gui_test_iterate (200);
  g_assert_true (same_pixels (ct_thumbnail, wait_for_thumbnail (f, f->ct)));
  {
    g_autoptr(GdkTexture) expected = sl_texture_from_image (ct, THUMBNAIL_SIZE, ct_c, ct_w);

    g_assert_true (same_pixels (expected, ct_thumbnail));
  }
  if (g_getenv ("SL_SCREENSHOT_DIR") != NULL)
    {
      g_autoptr(GdkTexture) shot = NULL;

      g_assert_true (sl_window_select_image (f->window, f->ct));
      shot = sl_gui_test_render (GTK_WIDGET (f->window));
      sl_gui_test_save (shot, "viewer-window-level");
    }
}

/* Zoom keys update the readout; F fits again. */
static void
test_zoom_readout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SlImage) mr = load_image (f, f->mr);
  g_autofree char *readout = NULL;

  g_assert_true (sl_window_select_image (f->window, f->mr));
  sl_gui_test_iterate (50);
  g_assert_true (sl_image_view_get_fit (f->view));
  g_assert_cmpfloat (sl_image_view_get_zoom (f->view), >, 1);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->view), GDK_KEY_0, 0));
  readout = sl_image_view_dup_readout (f->view);
  g_assert_cmpstr (readout, ==, "Zoom 100% · C 600 W 1600");
  g_clear_pointer (&readout, g_free);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->view), GDK_KEY_plus, 0));
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->view), GDK_KEY_plus, 0));
  readout = sl_image_view_dup_readout (f->view);
  g_assert_cmpstr (readout, ==, "Zoom 200% · C 600 W 1600");
  g_clear_pointer (&readout, g_free);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->view), GDK_KEY_f, 0));
  g_assert_true (sl_image_view_get_fit (f->view));
  assert_readout (f, "C 600 W 1600");
  g_assert_cmpfloat (fabs (sl_image_view_get_zoom (f->view) - 1), >, 0.5);
}

static gboolean
view_is_1024_wide (gpointer data)
{
  GdkTexture *texture = sl_image_view_get_texture (data);

  return texture != NULL && gdk_texture_get_width (texture) == 1024;
}

typedef struct
{
  SlImageView *view;
  GdkTexture *texture;
} Shows;

static gboolean
view_shows (gpointer data)
{
  Shows *shows = data;

  return same_pixels (shows->texture, sl_image_view_get_texture (shows->view));
}

/* A large image is read and rendered on a worker: the view shows its thumbnail (or nothing)
 * at once, then the image, drawn from a preview at the view's size while fitted; a new
 * window/level renders the preview at once and the image once changes pause; a small image
 * selected meanwhile is shown at once and stays. */
static void
test_large_on_worker (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SlImage) large = load_image (f, f->large);
  g_autoptr(SlImage) ct = load_image (f, f->ct);
  GtkWidget *window_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                      SL_TYPE_WINDOW,
                                                                      "window_box"));
  GdkTexture *shown;
  double center, width;

  g_assert_true (sl_window_select_image (f->window, f->ct));
  g_assert_true (gtk_widget_get_visible (window_box));
  g_assert_true (sl_window_select_image (f->window, f->large));
  shown = sl_image_view_get_texture (f->view);
  g_assert_true (shown == NULL || gdk_texture_get_width (shown) < 1024);
  g_assert_true (gtk_widget_get_visible (window_box));   /* the inspector does not jump */
  g_assert_true (sl_gui_test_wait (view_is_1024_wide, f->view, 10000));
  sl_image_default_window (large, &center, &width);
  assert_view_shows (f, large, center, width);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, f->large);
  /* fitted, it is drawn from a preview at the view's size */
  shown = sl_image_view_get_preview (f->view);
  g_assert_nonnull (shown);
  g_assert_cmpint (gdk_texture_get_width (shown), <, 1024);
  g_assert_true (sl_image_view_get_preview_shown (f->view));
  /* a new window/level: the preview at once, the full image after a pause */
  {
    SlWindowChoice choice = { SL_WINDOW_FIXED, 100, 50 };
    g_autoptr(SlImage) shrunk = sl_image_shrink (large, gdk_texture_get_width (shown));
    g_autoptr(GdkTexture) expected = sl_texture_from_image (shrunk, 0, 100, 50);
    Shows full = { f->view, sl_texture_from_image (large, 0, 100, 50) };

    sl_window_set_window_choice (f->window, &choice);
    g_assert_true (same_pixels (expected, sl_image_view_get_preview (f->view)));
    g_assert_true (sl_image_view_get_preview_shown (f->view));
    g_assert_false (view_shows (&full));
    g_assert_true (sl_gui_test_wait (view_shows, &full, 10000));
    g_assert_true (same_pixels (expected, sl_image_view_get_preview (f->view)));
    g_object_unref (full.texture);
  }

  /* away and back, then at once to the CT: the large image's late result is dropped */
  g_assert_true (sl_window_select_image (f->window, f->ct));
  g_assert_true (sl_window_select_image (f->window, f->large));
  g_assert_true (sl_window_select_image (f->window, f->ct));
  sl_image_default_window (ct, &center, &width);
  assert_view_shows (f, ct, center, width);
  sl_gui_test_iterate (1000);
  assert_view_shows (f, ct, center, width);
  g_assert_true (gtk_widget_get_visible (window_box));
}

/* Some pixel of the texture has R, G and B apart. */
static gboolean
has_colour (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      const guchar *p = pixels + 4 * i;

      if (ABS (p[0] - p[1]) > 32 || ABS (p[1] - p[2]) > 32)
        return TRUE;
    }
  return FALSE;
}

/* Colour DICOM (RGB ultrasound, a YBR_FULL JPEG) shows in colour in the view and its
 * thumbnail, with no window/level. */
static void
test_colour (Fixture       *f,
             gconstpointer  data)
{
  gint64 ids[] = { f->colour, find_image (f->catalog, "OT", 100) };  /* SC_rgb_jpeg_dcmtk.dcm */
  GtkWidget *window_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                     SL_TYPE_WINDOW,
                                                                     "window_box"));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(SlImage) image = NULL;

      g_assert_cmpint (ids[i], >, 0);
      image = load_image (f, ids[i]);
      g_assert_cmpint (image->channels, ==, 3);
      g_assert_true (sl_window_select_image (f->window, ids[i]));
      assert_view_shows (f, image, 127.5, 255);
      g_assert_true (has_colour (sl_image_view_get_texture (f->view)));
      g_assert_true (has_colour (wait_for_thumbnail (f, ids[i])));
      assert_readout (f, NULL);
      g_assert_false (gtk_widget_get_visible (window_box));
    }
}

/* A labeled image's thumbnail carries its class key and initial on a plate of its colour. */
static void
test_badge (Fixture       *f,
            gconstpointer  data)
{
  SlImageCell *cell;
  g_autoptr(GdkTexture) shot = NULL;
  graphene_rect_t square;
  int left, bottom;

  g_assert_true (sl_window_select_image (f->window, f->ct));
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_2, 0));
  g_assert_cmpint (sl_catalog_get_label (f->catalog, f->ct), ==,
                   sl_catalog_find_class (f->catalog, "pneumonia"));
  sl_gui_test_iterate (100);
  wait_for_thumbnail (f, f->ct);
  cell = find_cell (f->browse, f->ct);
  g_assert_cmpstr (sl_image_cell_get_badge (cell), ==, "2 P");
  g_assert_cmpstr (sl_image_cell_get_badge (find_cell (f->browse, f->mr)), ==, "");

  /* drawn: the plate left of the text has the colour of the label strip */
  shot = sl_gui_test_render (GTK_WIDGET (cell));
  sl_image_cell_get_image_rect (cell, &square);
  left = (int) square.origin.x;
  bottom = (int) (square.origin.y + square.size.height);
  g_assert_cmphex (sl_gui_test_pixel (shot, left + 6, bottom - 9), ==,
                   sl_gui_test_pixel (shot, left + (int) square.size.width / 2, bottom - 2));
  if (g_getenv ("SL_SCREENSHOT_DIR") != NULL)
    {
      g_autoptr(GdkTexture) window_shot = sl_gui_test_render (GTK_WIDGET (f->window));

      sl_gui_test_save (window_shot, "viewer-badge");
    }
}

/* On the Review page the dropdown, the drag and the readout act on the reviewed image, which
 * keeps its window when the queue moves on and back, and in the Browse view; the header keeps
 * the image in place. */
static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  SlReviewPage *review = SL_REVIEW_PAGE (sl_window_get_page (f->window, "review"));
  SlImageView *view = SL_IMAGE_VIEW (sl_gui_test_find_descendant (GTK_WIDGET (review), SL_TYPE_IMAGE_VIEW));
  g_autoptr(SlImage) ct = load_image (f, f->ct);
  const SlWindowLevelPreset *lung = sl_window_level_preset_lookup ("lung");
  graphene_rect_t at_ct, at_next;
  double center, width;
  int step;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "review");
  sl_review_page_set_scope (review, SL_REVIEW_SCOPE_ALL);
  g_assert_cmpuint (sl_review_page_get_n_queued (review), >=, 10);
  while (sl_review_page_get_current (review) != f->ct)
    g_assert_true (sl_review_page_move (review, 1));
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, f->ct);
  g_assert_cmpstr (dropdown_text (f), ==, "From file");

  /* lung on the reviewed CT image */
  gtk_drop_down_set_selected (f->dropdown, 2);
  assert_shows (view, ct, lung->center, lung->width);
  {
    g_autofree char *readout = sl_image_view_dup_readout (view);

    g_assert_true (g_str_has_suffix (readout, " · C -600 W 1500"));
  }
  sl_gui_test_iterate (50);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), GTK_WIDGET (review), &at_ct));

  /* a neighbour in the queue opens with its own window; back to the CT image: lung again */
  step = sl_review_page_move (review, 1) ? 1 : -1;
  if (step < 0)
    g_assert_true (sl_review_page_move (review, -1));
  g_assert_cmpint (sl_review_page_get_current (review), !=, f->ct);
  {
    const SlImage *next = sl_review_page_get_image (review);

    sl_image_default_window (next, &center, &width);
    assert_shows (view, next, center, width);
    if (next->channels == 1)
      g_assert_cmpstr (dropdown_text (f), ==, "From file");
  }
  sl_gui_test_iterate (50);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), GTK_WIDGET (review), &at_next));
  g_assert_cmpfloat (at_ct.origin.y, ==, at_next.origin.y);
  g_assert_cmpfloat (at_ct.size.height, ==, at_next.size.height);
  g_assert_true (sl_review_page_move (review, -step));
  g_assert_cmpint (sl_review_page_get_current (review), ==, f->ct);
  g_assert_cmpstr (dropdown_text (f), ==, "Lung (C -600, W 1500)");
  assert_shows (view, ct, lung->center, lung->width);

  /* a right-drag on the review image: Custom, here and in the Browse view */
  g_signal_emit_by_name (level_gesture (view), "drag-begin", 50.0, 50.0);
  g_signal_emit_by_name (level_gesture (view), "drag-update", -30.0, 0.0);
  g_signal_emit_by_name (level_gesture (view), "drag-end", -30.0, 0.0);
  sl_gui_test_iterate (20);
  g_assert_cmpstr (dropdown_text (f), ==, "Custom");
  sl_review_page_get_window (review, &center, &width);
  g_assert_cmpfloat (center, ==, lung->center);
  g_assert_cmpfloat (width, <, lung->width);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "browse");
  g_assert_true (sl_window_select_image (f->window, f->ct));
  assert_view_shows (f, ct, center, width);
  g_assert_cmpstr (dropdown_text (f), ==, "Custom");
}

static GtkWidget *
find_by_css_class (GtkWidget  *widget,
                   const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A long class name (in the class list, the palette, and picked in the label filter) is
 * ellipsized: the sidebar and the inspector keep their width. */
static void
test_long_names (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *sidebar = find_by_css_class (GTK_WIDGET (f->window), "sidebar-pane");
  GtkWidget *inspector = find_by_css_class (GTK_WIDGET (f->window), "inspector-pane");
  GtkDropDown *label_filter = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                            SL_TYPE_WINDOW,
                                                                            "class_dropdown"));
  GListModel *names = gtk_drop_down_get_model (label_filter);
  guint n = g_list_model_get_n_items (names), pos = n;

  g_assert_nonnull (sidebar);
  g_assert_nonnull (inspector);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), LONG_NAME) == 0)
      pos = i;
  g_assert_cmpuint (pos, <, n);
  gtk_drop_down_set_selected (label_filter, pos);
  sl_gui_test_iterate (100);
  g_assert_cmpint (gtk_widget_get_width (sidebar), <=, 240);
  g_assert_cmpint (gtk_widget_get_width (inspector), <=, 260);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(name, func) \
  g_test_add ("/sightline/gui/viewer/" name, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("window-per-image", test_window_per_image);
  ADD ("zoom-readout", test_zoom_readout);
  ADD ("colour", test_colour);
  ADD ("badge", test_badge);
  ADD ("long-names", test_long_names);
  ADD ("large-on-worker", test_large_on_worker);
#undef ADD
  g_test_add ("/sightline/gui/viewer/review", Fixture, "with a model", fixture_set_up, test_review,
              fixture_tear_down);
  return g_test_run ();
}
