/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end: a catalog of demo images opened in SlWindow, labeled with key presses (through
 * the window's key controller, and one real X key event), undone and redone; the catalog's
 * append-only label history is checked after each step. */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-data-dirs.h"
#include "sl-gui-test.h"
#include "sl-image-view.h"
#include "sl-importer.h"
#include "sl-settings.h"
#include "sl-thumbnail-cache.h"
#include "sl-toast.h"
#include "sl-window.h"
#include "sl-test-util.h"

typedef struct
{
  char *dir;
  SlApplication *app;
  SlWindow *window;
  SlCatalog *catalog;     /* the window's */
  gint64 normal;
  gint64 pneumonia;
} Fixture;

/* A catalog of 300 demo images without labels, with the two classes. */
static char *
make_catalog (const char *dir,
              guint      *n_images)
{
  g_autofree char *path = g_build_filename (dir, "test.sightline", NULL);
  g_autofree char *source = g_build_filename (dir, "images", NULL);
  g_autofree char *normal = g_build_filename (sl_data_dirs_demo (), "train", "normal", NULL);
  g_autofree char *pneumonia = g_build_filename (sl_data_dirs_demo (), "train", "pneumonia", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (source, 0700), ==, 0);
  sl_test_copy_first_files (normal, source, 150);
  sl_test_copy_first_files (pneumonia, source, 150);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, source);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.imported, ==, 300);
  g_assert_cmpint (sl_catalog_ensure_class (catalog, "normal", &error), >, 0);
  g_assert_cmpint (sl_catalog_ensure_class (catalog, "pneumonia", &error), >, 0);
  *n_images = stats.imported;
  return g_steal_pointer (&path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint n_images;

  f->dir = sl_test_tmp_dir_new ();
  path = make_catalog (f->dir, &n_images);

  f->app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  f->window = sl_window_new (f->app);
  sl_window_set_annotator (f->window, "tester");
  g_assert_true (sl_window_open_catalog (f->window, path, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  f->catalog = sl_window_get_catalog (f->window);
  f->normal = sl_catalog_find_class (f->catalog, "normal");
  f->pneumonia = sl_catalog_find_class (f->catalog, "pneumonia");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sl_window_get_image_list (f->window))),
                    ==, n_images);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sl_gui_test_iterate (20);
  g_clear_object (&f->app);
  sl_test_tmp_dir_free (f->dir);
}

static void
assert_history (Fixture      *f,
                gint64        image_id,
                const gint64 *classes,
                guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = sl_catalog_label_history (f->catalog, image_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      SlLabelEvent *event = g_ptr_array_index (history, i);

      g_assert_cmpint (event->class_id, ==, classes[i]);
      g_assert_cmpstr (event->annotator, ==, "tester");
    }
}

static void
test_label_undo_redo (Fixture       *f,
                      gconstpointer  data)
{
  SlImageList *images = sl_window_get_image_list (f->window);
  gint64 first = sl_image_list_get_id (images, 0);
  gint64 second = sl_image_list_get_id (images, 1);
  gint64 third = sl_image_list_get_id (images, 2);

  g_assert_cmpint (sl_window_get_current_image (f->window), ==, first);

  /* "1" labels the current image normal and moves on; "2" gives pneumonia. */
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_1, 0));
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, f->normal);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, second);
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_KP_2, 0));
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, f->pneumonia);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, third);
  /* Keys with Ctrl are not labels. */
  g_assert_false (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_1, GDK_CONTROL_MASK));
  g_assert_cmpint (sl_catalog_get_label (f->catalog, third), ==, 0);

  /* The same through the action, relabeling the second image. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.previous", NULL);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, second);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.label", "i", 0);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, f->normal);
  assert_history (f, second, (gint64[]) { f->pneumonia, f->normal }, 2);

  /* Undo appends a row restoring the previous label; history is never rewritten. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, f->pneumonia);
  assert_history (f, second, (gint64[]) { f->pneumonia, f->normal, f->pneumonia }, 3);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, second);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, 0);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, 0);
  assert_history (f, first, (gint64[]) { f->normal, 0 }, 2);
  /* Nothing more to undo: no new rows. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  assert_history (f, first, (gint64[]) { f->normal, 0 }, 2);

  /* Redo replays in order. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, f->normal);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, f->pneumonia);
  assert_history (f, second, (gint64[]) { f->pneumonia, f->normal, f->pneumonia, 0, f->pneumonia }, 5);

  /* A new label clears the redo stack (one redo was left: second back to normal). */
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, second);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.label", "i", 0);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, second), ==, f->normal);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, third);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  assert_history (f, second, (gint64[]) { f->pneumonia, f->normal, f->pneumonia, 0, f->pneumonia,
                                          f->normal, f->pneumonia, f->normal }, 8);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  SlImageList *images = sl_window_get_image_list (f->window);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (images));
  SlImageFilter filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImageItem) item = NULL;

  for (int i = 0; i < 5; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.label", "i", i % 2);

  sl_image_filter_init (&filter);
  filter.class_id = f->pneumonia;
  g_assert_true (sl_image_list_set_filter (images, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (images)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (images), 1);
  g_assert_cmpint (sl_image_item_get_class_id (item), ==, f->pneumonia);
  g_assert_cmpint (sl_image_item_get_id (item), ==, sl_image_list_get_id (images, 1));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (images), 2));

  filter.class_id = 0;   /* unlabeled */
  g_assert_true (sl_image_list_set_filter (images, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (images)), ==, total - 5);

  /* A label given while the item is cached updates it in place. */
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (images), 0);
  g_assert_cmpint (sl_image_item_get_class_id (item), ==, 0);
  g_assert_true (sl_catalog_set_label (f->catalog, sl_image_item_get_id (item), f->normal, "tester",
                                       &error));
  g_assert_cmpint (sl_image_item_get_class_id (item), ==, f->normal);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  SlImageList *images = sl_window_get_image_list (f->window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (images));
  gint64 previous = 0;

  /* Items come in id order and only touched pages are loaded. */
  for (guint i = 0; i < n; i += 37)
    {
      g_autoptr(SlImageItem) item = g_list_model_get_item (G_LIST_MODEL (images), i);

      g_assert_cmpint (sl_image_item_get_id (item), >, previous);
      previous = sl_image_item_get_id (item);
    }
  g_assert_cmpuint (sl_image_list_get_n_loaded_pages (images), <=,
                    (n + SL_IMAGE_LIST_PAGE_SIZE - 1) / SL_IMAGE_LIST_PAGE_SIZE);
  g_assert_cmpuint (sl_image_list_find (images, previous), !=, G_MAXUINT);
  g_assert_cmpuint (sl_image_list_find (images, -5), ==, G_MAXUINT);
}

typedef struct
{
  GdkTexture *texture;
  GError *error;
  gboolean done;
} Load;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;

  load->texture = sl_thumbnail_cache_load_finish (SL_THUMBNAIL_CACHE (source), result, &load->error);
  load->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((Load *) data)->done;
}

static void
test_thumbnails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SlThumbnailCache) cache = sl_thumbnail_cache_new (sl_catalog_get_path (f->catalog), 16, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 first = sl_image_list_get_id (sl_window_get_image_list (f->window), 0);
  gint64 second = sl_image_list_get_id (sl_window_get_image_list (f->window), 1);
  gint64 third = sl_image_list_get_id (sl_window_get_image_list (f->window), 2);
  Load load = { 0 }, cancelled = { 0 };

  /* decoded on a worker, scaled to fit 16 pixels (the images are 28 × 28), then cached */
  g_assert_null (sl_thumbnail_cache_lookup (cache, first));
  sl_thumbnail_cache_load_async (cache, first, NULL, on_loaded_cb, &load);
  g_assert_true (sl_gui_test_wait (load_done, &load, 10000));
  g_assert_no_error (load.error);
  g_assert_cmpint (gdk_texture_get_width (load.texture), ==, 16);
  g_assert_true (sl_thumbnail_cache_lookup (cache, first) == load.texture);
  g_clear_object (&load.texture);

  /* a request cancelled before it ran reports the cancel and caches nothing */
  g_cancellable_cancel (cancellable);
  sl_thumbnail_cache_load_async (cache, second, cancellable, on_loaded_cb, &cancelled);
  g_assert_true (sl_gui_test_wait (load_done, &cancelled, 10000));
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sl_thumbnail_cache_lookup (cache, second));
  g_clear_error (&cancelled.error);

  /* capacity 2: a third image evicts the least recently used */
  load.done = FALSE;
  sl_thumbnail_cache_load_async (cache, second, NULL, on_loaded_cb, &load);
  g_assert_true (sl_gui_test_wait (load_done, &load, 10000));
  g_clear_object (&load.texture);
  g_assert_nonnull (sl_thumbnail_cache_lookup (cache, first));   /* first is now the newest */
  load.done = FALSE;
  sl_thumbnail_cache_load_async (cache, third, NULL, on_loaded_cb, &load);
  g_assert_true (sl_gui_test_wait (load_done, &load, 10000));
  g_clear_object (&load.texture);
  g_assert_cmpuint (sl_thumbnail_cache_get_n_cached (cache), ==, 2);
  g_assert_null (sl_thumbnail_cache_lookup (cache, second));
  g_assert_nonnull (sl_thumbnail_cache_lookup (cache, first));
}

/* The bounding box of the white pixels. */
static void
white_rect (GdkTexture *texture,
            int        *x0,
            int        *y0,
            int        *x1,
            int        *y1)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  *x0 = w;
  *y0 = h;
  *x1 = *y1 = -1;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixels[(gsize) y * w + x] == 0xffffffff)
        {
          *x0 = MIN (*x0, x);
          *y0 = MIN (*y0, y);
          *x1 = MAX (*x1, x);
          *y1 = MAX (*y1, y);
        }
}

/* The browse page's image view shows a 28 × 28 image as a square, whatever the view's shape. */
static void
test_image_aspect (Fixture       *f,
                   gconstpointer  data)
{
  GtkPaned *paned = GTK_PANED (sl_window_get_page (f->window, "browse"));
  GtkWidget *view = gtk_paned_get_end_child (paned);
  /* a tall view (wide pane), a narrow one, then a wide short one (window made low) */
  const int positions[] = { 260, 560, 260 };
  g_autofree guint8 *white = g_malloc (28 * 28 * 3);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GdkTexture *shown;

  g_assert_true (sl_window_select_image (f->window, sl_image_list_get_id (sl_window_get_image_list (f->window), 3)));
  shown = sl_image_view_get_texture (SL_IMAGE_VIEW (view));
  g_assert_cmpint (gdk_texture_get_width (shown), ==, 28);
  g_assert_cmpint (gdk_texture_get_height (shown), ==, 28);
  /* the same size in white keeps the view's zoom and pan and is easy to find */
  memset (white, 0xff, 28 * 28 * 3);
  bytes = g_bytes_new_take (g_steal_pointer (&white), 28 * 28 * 3);
  texture = gdk_memory_texture_new (28, 28, GDK_MEMORY_R8G8B8, bytes, 28 * 3);
  sl_image_view_set_texture (SL_IMAGE_VIEW (view), texture);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(GdkTexture) shot = NULL;
      int x0, y0, x1, y1, vw, vh;

      gtk_paned_set_position (paned, positions[i]);
      if (i == 2)
        gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 330);
      shot = sl_gui_test_render (view);
      vw = gtk_widget_get_width (view);
      vh = gtk_widget_get_height (view);
      white_rect (shot, &x0, &y0, &x1, &y1);
      g_test_message ("view %d × %d, image drawn at %d,%d .. %d,%d", vw, vh, x0, y0, x1, y1);
      g_assert_cmpint (x1, >, x0);
      /* fit: touches two opposite sides, centred, square to a pixel */
      g_assert_true ((x0 == 0 && x1 == vw - 1) || (y0 == 0 && y1 == vh - 1));
      g_assert_cmpint (ABS ((x1 - x0) - (y1 - y0)), <=, 1);
      g_assert_cmpint (ABS (x0 - (vw - 1 - x1)), <=, 1);
      g_assert_cmpint (ABS (y0 - (vh - 1 - y1)), <=, 1);
      sl_gui_test_save (shot, "image-aspect");
    }
}

/* A real key press: XTest (loaded at run time, as the headers may be missing) types "2" into
 * the focused window; GTK delivers it like any keyboard event. */
typedef int (*XTestFakeKeyEventFunc) (Display *, unsigned int, int, unsigned long);

static gboolean
label_is (gpointer data)
{
  Fixture *f = data;
  gint64 first = sl_image_list_get_id (sl_window_get_image_list (f->window), 0);

  return sl_catalog_get_label (f->catalog, first) == f->pneumonia;
}

static gboolean
at_third (gpointer data)
{
  Fixture *f = data;

  return sl_window_get_current_image (f->window) ==
         sl_image_list_get_id (sl_window_get_image_list (f->window), 2);
}

static void
type_key (Display               *xdisplay,
          XTestFakeKeyEventFunc  fake_key,
          KeySym                 keysym)
{
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);

  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  XFlush (xdisplay);
}

static void
test_real_key (Fixture       *f,
               gconstpointer  data)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (f->window));
  void *xtst = dlopen ("libXtst.so.6", RTLD_NOW);
  XTestFakeKeyEventFunc fake_key;
  Display *xdisplay;
  GdkSurface *surface;
  GtkWidget *browse;

  if (!GDK_IS_X11_DISPLAY (display) || xtst == NULL)
    {
      g_test_skip ("needs X11 and libXtst");
      return;
    }
  fake_key = (XTestFakeKeyEventFunc) dlsym (xtst, "XTestFakeKeyEvent");
  g_assert_nonnull (fake_key);
  xdisplay = gdk_x11_display_get_xdisplay (display);
  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  browse = gtk_paned_get_start_child (GTK_PANED (sl_window_get_page (f->window, "browse")));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (sl_browse_view_get_grid (SL_BROWSE_VIEW (browse)))));
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  sl_gui_test_iterate (100);

  /* "2" labels the first image and selects the second ... */
  type_key (xdisplay, fake_key, XK_2);
  g_assert_true (sl_gui_test_wait (label_is, f, 5000));
  /* ... and the grid's focus followed, so Right goes on to the third. */
  sl_gui_test_iterate (50);
  type_key (xdisplay, fake_key, XK_Right);
  g_assert_true (sl_gui_test_wait (at_third, f, 5000));
  dlclose (xtst);
}

static gboolean
toast_hidden (gpointer data)
{
  return !sl_toast_is_shown (data);
}

/* Each label change is confirmed by a toast whose Undo button restores the label; the toast
 * goes away by itself. */
static void
test_toast_undo (Fixture       *f,
                 gconstpointer  data)
{
  SlImageList *images = sl_window_get_image_list (f->window);
  gint64 first = sl_image_list_get_id (images, 0);
  SlToast *toast = SL_TOAST (sl_gui_test_find_descendant (GTK_WIDGET (f->window), SL_TYPE_TOAST));
  g_autofree char *expected = g_strdup_printf ("Image %lld → normal", (long long) first);
  GtkWidget *button = GTK_WIDGET (sl_toast_get_button (toast));

  g_assert_false (sl_toast_is_shown (toast));
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_1, 0));
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, f->normal);
  g_assert_true (sl_toast_is_shown (toast));
  g_assert_cmpstr (sl_toast_get_message (toast), ==, expected);
  g_assert_true (gtk_widget_get_visible (button));
  sl_gui_test_iterate (400);   /* slid in: it takes clicks now */
  g_assert_true (gtk_widget_get_can_target (GTK_WIDGET (toast)));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, 0);
  assert_history (f, first, (gint64[]) { f->normal, 0 }, 2);
  /* the undo is confirmed in turn, and that toast offers Redo */
  g_assert_cmpstr (sl_toast_get_message (toast), ==, "Undone");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (sl_catalog_get_label (f->catalog, first), ==, f->normal);
  g_assert_cmpstr (sl_toast_get_message (toast), ==, "Redone");
  g_assert_true (sl_gui_test_wait (toast_hidden, toast, SL_TOAST_TIMEOUT_MS + 3000));
  sl_gui_test_iterate (400);
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (toast)));
}

/* A class key with no class says why nothing happened. */
static void
test_no_op_explained (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "empty.sightline", NULL);
  SlToast *toast = SL_TOAST (sl_gui_test_find_descendant (GTK_WIDGET (f->window), SL_TYPE_TOAST));
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_window_open_catalog (f->window, path, &error));
  g_assert_no_error (error);
  g_assert_false (sl_toast_is_shown (toast));
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_3, 0));
  g_assert_true (sl_toast_is_shown (toast));
  g_assert_true (g_str_has_prefix (sl_toast_get_message (toast), "No classes yet"));
  g_assert_cmpstr (gtk_button_get_label (sl_toast_get_button (toast)), ==, "_Add Class");
}

/* The first label or button showing text (borrowed; for buttons, the button). */
static GtkWidget *
find_labeled (GtkWidget  *widget,
              const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON);
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labeled (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A window whose catalog could not be opened shows the welcome page only: no page switcher, no
 * filters with "(None)", no Import button that cannot work; a good catalog brings them back. */
static void
test_welcome_after_failed_open (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "notes.sightline", NULL);
  g_autofree char *good = g_strdup (sl_catalog_get_path (f->catalog));
  g_autoptr(GError) error = NULL;
  SlWindow *window = sl_window_new (f->app);
  GtkWidget *content, *sidebar_dropdown;

  g_assert_true (g_file_set_contents (bad, "not a catalog", -1, &error));
  g_assert_false (sl_window_open_catalog (window, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_null (sl_window_get_catalog (window));
  content = sl_window_get_page (window, "browse");
  sidebar_dropdown = sl_gui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);
  g_assert_false (gtk_widget_is_drawable (sidebar_dropdown));
  g_assert_false (gtk_widget_is_drawable (content));
  g_assert_false (gtk_widget_get_visible (find_labeled (GTK_WIDGET (window), "_Import…")));
  g_assert_true (gtk_widget_is_drawable (find_labeled (GTK_WIDGET (window), "_New Catalog…")));

  g_assert_true (sl_window_open_catalog (window, good, &error));
  g_assert_no_error (error);
  sl_gui_test_iterate (50);
  g_assert_true (gtk_widget_is_drawable (sidebar_dropdown));
  g_assert_true (gtk_widget_get_visible (find_labeled (GTK_WIDGET (window), "_Import…")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At 1024×700 the window fits the screen: its allocated width is at most 1,024 px. */
static void
test_fits_1024 (Fixture       *f,
                gconstpointer  data)
{
  const char *pages[] = { "browse", "train", "review", "metrics" };

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 700);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", pages[i]);
      sl_gui_test_iterate (200);
      g_test_message ("%s page: window %d px wide", pages[i],
                      gtk_widget_get_width (GTK_WIDGET (f->window)));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
    }
}

static GtkPaned *
browse_paned (SlWindow *window)
{
  return GTK_PANED (sl_gui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_PANED));
}

/* At 1280 px the image view takes at least half the window; the grid's width is remembered
 * for the next window. */
static void
test_viewer_first (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlWindow *window, *second;
  GtkWidget *view;

  sl_settings_set_string (SL_SETTINGS_GRID_WIDTH, "");   /* the default */
  window = sl_window_new (f->app);
  g_assert_true (sl_window_open_catalog (window, sl_catalog_get_path (f->catalog), &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  sl_gui_test_iterate (200);
  view = gtk_paned_get_end_child (browse_paned (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 1260);
  g_assert_cmpint (gtk_widget_get_width (view), >=, gtk_widget_get_width (GTK_WIDGET (window)) / 2);

  /* F9 and F10 fold the sidebar and the inspector away; the image view takes their place */
  {
    int before = gtk_widget_get_width (view);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-inspector", NULL);
    sl_gui_test_iterate (200);
    g_assert_cmpint (gtk_widget_get_width (view), >=, before + 400);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
    sl_gui_test_iterate (200);
    g_assert_cmpint (gtk_widget_get_width (view), <, before + 400);
  }

  gtk_paned_set_position (browse_paned (window), 300);
  sl_gui_test_iterate (800);
  second = sl_window_new (f->app);
  g_assert_cmpint (gtk_paned_get_position (browse_paned (second)), ==, 300);
  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlTestTmpDir) config = g_dir_make_tmp ("sl-test-window-config-XXXXXX", NULL);

  /* the settings (annotator, grid width) are written here, not in the user's own */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sightline/gui/window/label-undo-redo", Fixture, NULL, fixture_set_up,
              test_label_undo_redo, fixture_tear_down);
  g_test_add ("/sightline/gui/window/filters", Fixture, NULL, fixture_set_up, test_filters,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/paging", Fixture, NULL, fixture_set_up, test_paging,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/thumbnails", Fixture, NULL, fixture_set_up, test_thumbnails,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/image-aspect", Fixture, NULL, fixture_set_up,
              test_image_aspect, fixture_tear_down);
  g_test_add ("/sightline/gui/window/real-key", Fixture, NULL, fixture_set_up, test_real_key,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/toast-undo", Fixture, NULL, fixture_set_up, test_toast_undo,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/no-op-explained", Fixture, NULL, fixture_set_up,
              test_no_op_explained, fixture_tear_down);
  g_test_add ("/sightline/gui/window/welcome-after-failed-open", Fixture, NULL, fixture_set_up,
              test_welcome_after_failed_open, fixture_tear_down);
  g_test_add ("/sightline/gui/window/fits-1024", Fixture, NULL, fixture_set_up, test_fits_1024,
              fixture_tear_down);
  g_test_add ("/sightline/gui/window/viewer-first", Fixture, NULL, fixture_set_up,
              test_viewer_first, fixture_tear_down);
  return g_test_run ();
}
