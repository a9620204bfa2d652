/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DICOM in the window: a catalog of the shared valid DICOM files; CT_small shown with the
 * file's window, then with the lung preset in the image view while its thumbnail and the MR
 * image keep their file's window. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-image-cell.h"
#include "sl-image-view.h"
#include "sl-importer.h"
#include "sl-thumbnail-cache.h"
#include "sl-window-level.h"
#include "sl-window.h"
#include "sl-gui-test.h"
#include "sl-test-util.h"

typedef struct
{
  SlBrowseView *browse;
  gint64 image_id;
  GdkTexture *expected;
} ThumbnailCheck;

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

/* The grid cell showing the image has the expected thumbnail. */
static gboolean
thumbnail_is (gpointer data)
{
  ThumbnailCheck *check = data;
  GtkWidget *grid = GTK_WIDGET (sl_browse_view_get_grid (check->browse));

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      if (SL_IS_IMAGE_CELL (cell) && sl_image_cell_get_image_id (SL_IMAGE_CELL (cell)) == check->image_id)
        return same_pixels (check->expected, sl_image_cell_get_texture (SL_IMAGE_CELL (cell)));
    }
  return FALSE;
}

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

static void
test_ct_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "dicom.sightline", NULL);
  g_autofree char *valid = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid", NULL);
  g_autoptr(SlApplication) app = sl_application_new ();
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GdkTexture) from_file = NULL;
  g_autoptr(GdkTexture) lung = NULL;
  const SlWindowLevelPreset *preset = sl_window_level_preset_lookup ("lung");
  SlWindowChoice choice = { SL_WINDOW_FIXED, preset->center, preset->width };
  ThumbnailCheck check;
  SlImageView *view;
  SlWindow *window;
  gint64 ct;
  double center, width;

  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
    g_autoptr(SlImporter) importer = sl_importer_new (catalog);
    SlImportStats stats;

    sl_importer_add_path (importer, valid);
    g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
    g_assert_cmpuint (stats.imported, >=, 10);
  }
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  g_assert_true (sl_window_open_catalog (window, path, &error));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  ct = find_image (sl_window_get_catalog (window), "CT", 128);
  g_assert_cmpint (ct, >, 0);
  image = sl_catalog_load_image (sl_window_get_catalog (window), ct, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (image->modality, ==, "CT");
  g_assert_true (sl_window_choice_applies (image));
  view = SL_IMAGE_VIEW (gtk_paned_get_end_child (GTK_PANED (sl_window_get_page (window, "browse"))));

  /* From the file by default (CT_small has no window: its full range) */
  g_assert_true (sl_window_select_image (window, ct));
  sl_image_default_window (image, &center, &width);
  from_file = sl_texture_from_image (image, 0, center, width);
  g_assert_true (same_pixels (from_file, sl_image_view_get_texture (view)));

  /* The lung preset: in the image view at once; the thumbnail keeps the file's window */
  sl_window_set_window_choice (window, &choice);
  lung = sl_texture_from_image (image, 0, preset->center, preset->width);
  g_assert_false (same_pixels (lung, from_file));
  g_assert_true (same_pixels (lung, sl_image_view_get_texture (view)));
  check.browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (GTK_PANED (sl_window_get_page (window, "browse"))));
  check.image_id = ct;
  check.expected = sl_texture_from_image (image, 128, center, width);
  g_assert_true (sl_gui_test_wait (thumbnail_is, &check, 10000));
  g_object_unref (check.expected);
  if (g_getenv ("SL_SCREENSHOT_DIR") != NULL)
    {
      g_autoptr(GdkTexture) shot = sl_gui_test_render (GTK_WIDGET (window));

      sl_gui_test_save (shot, "dicom-window");
    }

  /* the preset was the CT image's: an MR image shows its file's window */
  {
    g_autoptr(SlImage) mr = NULL;
    g_autoptr(GdkTexture) mr_file = NULL;
    double file_c, file_w;
    gint64 id = find_image (sl_window_get_catalog (window), "MR", 64);

    g_assert_cmpint (id, >, 0);
    mr = sl_catalog_load_display_image (sl_window_get_catalog (window), id, &error);
    g_assert_no_error (error);
    g_assert_true (sl_window_choice_applies (mr));
    g_assert_true (sl_window_select_image (window, id));
    sl_image_default_window (mr, &file_c, &file_w);
    mr_file = sl_texture_from_image (mr, 0, file_c, file_w);
    g_assert_true (same_pixels (mr_file, sl_image_view_get_texture (view)));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (50);
  {
    const char *files[] = { "dicom.sightline", "dicom.sightline-wal", "dicom.sightline-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (dir, files[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sightline/gui/dicom/ct-window", test_ct_window);
  return g_test_run ();
}
