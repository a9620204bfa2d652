/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sl-gui-test.h"
#include "sl-image-view.h"

#define VIEW_W 400
#define VIEW_H 300

/* A @width × @height texture of opaque grey levels from @value (x, y). */
static GdkTexture *
make_texture (int width,
              int height,
              guint8 (*value) (int x, int y))
{
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 3);
  g_autoptr(GBytes) bytes = NULL;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memset (data + 3 * ((gsize) y * width + x), value (x, y), 3);
  bytes = g_bytes_new_take (g_steal_pointer (&data), (gsize) width * height * 3);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, width * 3);
}

static guint8
checker (int x,
         int y)
{
  return (x + y) % 2 ? 255 : 0;
}

static guint8
ramp (int x,
      int y)
{
  return (guint8) ((x * 7 + y * 3) % 256);
}

typedef struct
{
  SlImageView *view;
  GtkWindow   *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = make_texture (200, 100, ramp);

  f->view = SL_IMAGE_VIEW (sl_image_view_new ());
  sl_image_view_set_texture (f->view, texture);
  f->window = sl_gui_test_show (GTK_WIDGET (f->view), VIEW_W, VIEW_H);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), ==, VIEW_W);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->view)), ==, VIEW_H);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  sl_gui_test_iterate (0);
}

static void
assert_round_trip (SlImageView *view)
{
  static const double points[][2] = { { 0, 0 }, { 17.5, 233 }, { VIEW_W, VIEW_H }, { -40, 512 } };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double ix, iy, wx, wy;

      sl_image_view_widget_to_image (view, points[i][0], points[i][1], &ix, &iy);
      sl_image_view_image_to_widget (view, ix, iy, &wx, &wy);
      g_assert_cmpfloat_with_epsilon (wx, points[i][0], 1e-9);
      g_assert_cmpfloat_with_epsilon (wy, points[i][1], 1e-9);
    }
}

/* In fit mode a 200×100 image in 400×300 is drawn 2× and centred vertically. */
static void
test_fit (Fixture       *f,
          gconstpointer  data)
{
  double wx, wy, ix, iy;

  g_assert_true (sl_image_view_get_fit (f->view));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2.0, 1e-12);
  sl_image_view_image_to_widget (f->view, 0, 0, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 50, 1e-9);
  sl_image_view_image_to_widget (f->view, 200, 100, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 250, 1e-9);
  sl_image_view_widget_to_image (f->view, 200, 150, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy, 50, 1e-9);

  /* Zooming leaves fit mode; asking for it again restores the fit zoom. */
  sl_image_view_set_zoom (f->view, 5);
  g_assert_false (sl_image_view_get_fit (f->view));
  sl_image_view_set_fit (f->view, TRUE);
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2.0, 1e-12);

  /* A new texture of the same size keeps the view (a new window/level); another size fits. */
  sl_image_view_set_zoom (f->view, 6);
  {
    g_autoptr(GdkTexture) same = make_texture (200, 100, checker);
    g_autoptr(GdkTexture) other = make_texture (50, 150, checker);

    sl_image_view_set_texture (f->view, same);
    g_assert_cmpfloat (sl_image_view_get_zoom (f->view), ==, 6);
    sl_image_view_set_texture (f->view, other);
    g_assert_true (sl_image_view_get_fit (f->view));
    g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2.0, 1e-12);
  }
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  static const double zooms[] = { 0.25, 1, 2, 3.7, 8, 40 };
  static const double pans[][2] = { { 0, 0 }, { 35, -12 }, { -300, 700 } };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint p = 0; p < G_N_ELEMENTS (pans); p++)
      {
        double x0, y0, x1, y1;

        sl_image_view_set_zoom (f->view, zooms[z]);
        g_assert_cmpfloat (sl_image_view_get_zoom (f->view), ==, zooms[z]);
        sl_image_view_pan (f->view, pans[p][0], pans[p][1]);
        assert_round_trip (f->view);

        /* The image covers the view whenever it is larger than it (panning is clamped)... */
        sl_image_view_image_to_widget (f->view, 0, 0, &x0, &y0);
        sl_image_view_image_to_widget (f->view, 200, 100, &x1, &y1);
        g_assert_cmpfloat_with_epsilon (x1 - x0, 200 * zooms[z], 1e-9);
        if (200 * zooms[z] > VIEW_W)
          {
            g_assert_cmpfloat (x0, <=, 1e-9);
            g_assert_cmpfloat (x1, >=, VIEW_W - 1e-9);
          }
        else /* ...and is centred along an axis it does not fill. */
          g_assert_cmpfloat_with_epsilon (x0 + x1, VIEW_W, 1e-9);
        if (100 * zooms[z] <= VIEW_H)
          g_assert_cmpfloat_with_epsilon (y0 + y1, VIEW_H, 1e-9);
      }
}

/* Zooming around a point keeps the image point under it fixed, for the API and the wheel. */
static void
test_zoom_at_pointer (Fixture       *f,
                      gconstpointer  data)
{
  GtkEventController *motion, *scroll;
  double ix0, iy0, ix1, iy1, zoom;
  gboolean handled = FALSE;

  sl_image_view_set_zoom (f->view, 4);
  sl_image_view_widget_to_image (f->view, 123, 77, &ix0, &iy0);
  sl_image_view_zoom_at (f->view, 1.5, 123, 77);
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 6, 1e-12);
  sl_image_view_widget_to_image (f->view, 123, 77, &ix1, &iy1);
  g_assert_cmpfloat_with_epsilon (ix1, ix0, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy1, iy0, 1e-9);

  motion = sl_gui_test_find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  scroll = sl_gui_test_find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_signal_emit_by_name (motion, "motion", 300.0, 210.0);
  sl_image_view_widget_to_image (f->view, 300, 210, &ix0, &iy0);
  zoom = sl_image_view_get_zoom (f->view);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), zoom * G_SQRT2, 1e-9);
  sl_image_view_widget_to_image (f->view, 300, 210, &ix1, &iy1);
  g_assert_cmpfloat_with_epsilon (ix1, ix0, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy1, iy0, 1e-9);

  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), zoom, 1e-9);
}

static void
on_pixel_hovered (SlImageView *view,
                  int          x,
                  int          y,
                  int         *out)
{
  out[0] = x;
  out[1] = y;
  out[2]++;
}

static void
test_pixel_hovered (Fixture       *f,
                    gconstpointer  data)
{
  GtkEventController *motion;
  int got[3] = { 0, 0, 0 };

  motion = sl_gui_test_find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_signal_connect (f->view, "pixel-hovered", G_CALLBACK (on_pixel_hovered), got);

  /* Fit: zoom 2, image from y = 50; widget (31, 61) is image (15.5, 5.5). */
  g_signal_emit_by_name (motion, "motion", 31.0, 61.0);
  g_assert_cmpint (got[0], ==, 15);
  g_assert_cmpint (got[1], ==, 5);
  g_assert_cmpint (got[2], ==, 1);
  g_signal_emit_by_name (motion, "motion", 31.5, 61.5);   /* same pixel: no emission */
  g_assert_cmpint (got[2], ==, 1);
  g_signal_emit_by_name (motion, "motion", 31.0, 20.0);   /* above the image */
  g_assert_cmpint (got[0], ==, -1);
  g_assert_cmpint (got[1], ==, -1);
  g_signal_emit_by_name (motion, "motion", 399.0, 249.0);
  g_assert_cmpint (got[0], ==, 199);
  g_assert_cmpint (got[1], ==, 99);
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (got[0], ==, -1);
  g_assert_cmpint (got[2], ==, 4);
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->view);
  double ix0, iy0, ix1, iy1, x0, x1;

  sl_image_view_widget_to_image (f->view, VIEW_W / 2.0, VIEW_H / 2.0, &ix0, &iy0);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_plus, GDK_SHIFT_MASK));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2 * G_SQRT2, 1e-9);
  g_assert_false (sl_image_view_get_fit (f->view));
  sl_image_view_widget_to_image (f->view, VIEW_W / 2.0, VIEW_H / 2.0, &ix1, &iy1);
  g_assert_cmpfloat_with_epsilon (ix1, ix0, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy1, iy0, 1e-9);

  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_KP_Add, 0));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 4, 1e-9);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_minus, 0));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2 * G_SQRT2, 1e-9);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_0, 0));
  g_assert_cmpfloat (sl_image_view_get_zoom (f->view), ==, 1.0);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_f, 0));
  g_assert_true (sl_image_view_get_fit (f->view));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2.0, 1e-12);

  /* Shortcuts with Ctrl belong to the window. */
  g_assert_false (sl_gui_test_press_key (widget, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2.0, 1e-12);

  /* Arrows pan only when the image is larger than the view, otherwise they propagate. */
  g_assert_false (sl_gui_test_press_key (widget, GDK_KEY_Left, 0));
  sl_image_view_set_zoom (f->view, 8);
  sl_image_view_image_to_widget (f->view, 0, 0, &x0, NULL);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Left, 0));
  sl_image_view_image_to_widget (f->view, 0, 0, &x1, NULL);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 0.1 * VIEW_W, 1e-9);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Down, 0));
  g_assert_false (sl_gui_test_press_key (widget, GDK_KEY_a, 0));
}

/* The same commands as widget actions, for buttons and window shortcuts. */
static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->view);

  g_assert_true (gtk_widget_activate_action (widget, "image-view.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 2 * G_SQRT2, 1e-9);
  g_assert_true (gtk_widget_activate_action (widget, "image-view.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "image-view.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), G_SQRT2, 1e-9);
  g_assert_true (gtk_widget_activate_action (widget, "image-view.zoom-original", NULL));
  g_assert_cmpfloat (sl_image_view_get_zoom (f->view), ==, 1.0);
  g_assert_false (sl_image_view_get_fit (f->view));
  g_assert_true (gtk_widget_activate_action (widget, "image-view.zoom-fit", NULL));
  g_assert_true (sl_image_view_get_fit (f->view));
}

static void
on_window_changed (SlImageView *view,
                   double       center,
                   double       width,
                   double      *out)
{
  out[0] += center;
  out[1] += width;
  out[2]++;
}

/* Right-drag reports incremental window/level deltas; primary drag pans. */
static void
test_drags (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->view));
  GtkGesture *pan = NULL, *level = NULL;
  double got[3] = { 0, 0, 0 }, x0, x1;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_GESTURE_DRAG (controller))
        continue;
      if (gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        level = GTK_GESTURE (controller);
      else
        pan = GTK_GESTURE (controller);
    }
  g_assert_nonnull (pan);
  g_assert_nonnull (level);

  g_signal_connect (f->view, "window-changed", G_CALLBACK (on_window_changed), got);
  g_signal_emit_by_name (level, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (level, "drag-update", 10.0, -4.0);
  g_assert_cmpfloat (got[0], ==, -4);
  g_assert_cmpfloat (got[1], ==, 10);
  g_signal_emit_by_name (level, "drag-update", 25.0, -4.0);
  g_assert_cmpfloat (got[0], ==, -4);
  g_assert_cmpfloat (got[1], ==, 25);
  g_assert_cmpfloat (got[2], ==, 2);
  g_signal_emit_by_name (level, "drag-end", 25.0, -4.0);

  sl_image_view_set_zoom (f->view, 4);
  sl_image_view_image_to_widget (f->view, 0, 0, &x0, NULL);
  g_signal_emit_by_name (pan, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (pan, "drag-update", 30.0, 0.0);
  g_signal_emit_by_name (pan, "drag-end", 30.0, 0.0);
  sl_image_view_image_to_widget (f->view, 0, 0, &x1, NULL);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 30, 1e-9);
}

static int
channel (guint32 pixel,
         int     shift)
{
  return (pixel >> shift) & 0xff;
}

/* Above 2× pixels are squares with sharp edges; the heatmap is blended at its opacity. */
static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GdkTexture) checkers = make_texture (8, 6, checker);
  g_autoptr(GdkTexture) rendered = NULL;
  static const guint8 red[4] = { 255, 0, 0, 255 };
  g_autoptr(GBytes) red_bytes = g_bytes_new_static (red, sizeof red);
  g_autoptr(GdkTexture) heatmap = gdk_memory_texture_new (1, 1, GDK_MEMORY_R8G8B8A8, red_bytes, 4);
  guint32 left, right;

  sl_image_view_set_texture (f->view, checkers);   /* fit: 50 px per image pixel */
  g_assert_cmpfloat_with_epsilon (sl_image_view_get_zoom (f->view), 50, 1e-9);
  rendered = sl_gui_test_render (GTK_WIDGET (f->view));
  sl_gui_test_save (rendered, "image-view-checkers");
  /* Image pixels (0, 0) and (1, 0) meet at widget x = 50; row 0 spans y 0..50. */
  left = sl_gui_test_pixel (rendered, 49, 25);
  right = sl_gui_test_pixel (rendered, 50, 25);
  g_assert_cmphex (left, ==, 0xff000000);
  g_assert_cmphex (right, ==, 0xffffffff);
  g_clear_object (&rendered);

  sl_image_view_set_heatmap (f->view, heatmap);
  sl_image_view_set_heatmap_opacity (f->view, 0.5);
  rendered = sl_gui_test_render (GTK_WIDGET (f->view));
  right = sl_gui_test_pixel (rendered, 75, 25);
  g_assert_cmpint (channel (right, 16), >=, 250);
  g_assert_cmpint (ABS (channel (right, 8) - 128), <=, 3);
  g_clear_object (&rendered);
  sl_image_view_set_heatmap_visible (f->view, FALSE);
  rendered = sl_gui_test_render (GTK_WIDGET (f->view));
  g_assert_cmphex (sl_gui_test_pixel (rendered, 75, 25), ==, 0xffffffff);
  g_clear_object (&rendered);
}

static guint8
black (int x,
       int y)
{
  return 0;
}

static guint8
white (int x,
       int y)
{
  return 255;
}

/* The preview is drawn while the image is shown no larger than it (a black image of 1000 px, a
 * white preview of 300 px); a new texture drops it. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GdkTexture) image = make_texture (1000, 1000, black);
  g_autoptr(GdkTexture) preview = make_texture (300, 300, white);
  g_autoptr(GdkTexture) other = make_texture (1000, 1000, black);
  const struct { double zoom; guint32 centre; } cases[] = {
    { 0.25, 0xffffffff }, { 0.3, 0xffffffff }, { 0.31, 0xff000000 }, { 1, 0xff000000 },
  };

  sl_image_view_set_texture (f->view, image);
  sl_image_view_set_preview (f->view, preview);
  g_assert_true (sl_image_view_get_preview (f->view) == preview);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkTexture) rendered = NULL;

      sl_image_view_set_zoom (f->view, cases[i].zoom);
      rendered = sl_gui_test_render (GTK_WIDGET (f->view));
      g_assert_cmphex (sl_gui_test_pixel (rendered, VIEW_W / 2, VIEW_H / 2), ==, cases[i].centre);
    }
  sl_image_view_set_texture (f->view, other);
  g_assert_null (sl_image_view_get_preview (f->view));
}

/* Prints the cost of the two drawing paths on a large view (the cairo node of the nearest
 * path is bounded by the view size, the texture path by the image). */
static void
test_render_cost (void)
{
  g_autoptr(GdkTexture) big = make_texture (512, 512, ramp);
  SlImageView *view = SL_IMAGE_VIEW (sl_image_view_new ());
  GtkWindow *window;

  sl_image_view_set_texture (view, big);
  window = sl_gui_test_show (GTK_WIDGET (view), 1200, 760);
  for (int nearest = 0; nearest < 2; nearest++)
    {
      g_autoptr(GdkTexture) rendered = NULL;
      gint64 best = G_MAXINT64;

      sl_image_view_set_zoom (view, nearest ? 4 : 1.5);
      rendered = sl_gui_test_render (GTK_WIDGET (view));   /* warm the caches */
      g_assert_cmphex (sl_gui_test_pixel (rendered, 600, 380), !=, 0);
      g_clear_object (&rendered);
      /* The best of 10: the machine may be busy with other tests. */
      for (int i = 0; i < 10; i++)
        {
          gint64 start = g_get_monotonic_time ();

          rendered = sl_gui_test_render_now (GTK_WIDGET (view));
          g_clear_object (&rendered);
          best = MIN (best, g_get_monotonic_time () - start);
        }
      g_test_message ("render 1200x760 at zoom %.1f (%s): %.2f ms",
                      sl_image_view_get_zoom (view), nearest ? "nearest" : "texture",
                      best / 1000.0);
    }
  gtk_window_destroy (window);
}

/* A demo X-ray with a synthetic heatmap blob, for looking at. */
static void
test_screenshot (void)
{
  const char *root = g_getenv ("SL_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) heatmap = NULL;
  g_autoptr(GdkTexture) rendered = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgba = g_malloc (16 * 16 * 4);
  SlImageView *view;
  GtkWindow *window;
  const char *name;

  if (root == NULL)
    {
      g_test_skip ("SL_SOURCE_ROOT is not set");
      g_free (rgba);
      return;
    }
  dir = g_build_filename (root, "resources", "demo-pneumoniamnist", "train", "pneumonia", NULL);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  name = g_dir_read_name (listing);
  g_assert_nonnull (name);
  path = g_build_filename (dir, name, NULL);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);

  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++)
      {
        double d = hypot (x - 10.5, y - 9.5) / 6.0, v = exp (-d * d);
        guint8 *p = rgba + 4 * (y * 16 + x);

        /* an inferno-like ramp */
        p[0] = (guint8) (255 * MIN (1.0, 1.6 * v));
        p[1] = (guint8) (255 * v * v);
        p[2] = (guint8) (255 * 0.4 * (1 - v) * (v > 0.05));
        p[3] = (guint8) (255 * MIN (1.0, 2 * v));
      }
  bytes = g_bytes_new_take (rgba, 16 * 16 * 4);
  heatmap = gdk_memory_texture_new (16, 16, GDK_MEMORY_R8G8B8A8, bytes, 16 * 4);

  view = SL_IMAGE_VIEW (sl_image_view_new ());
  sl_image_view_set_texture (view, texture);
  sl_image_view_set_heatmap (view, heatmap);
  sl_image_view_set_heatmap_opacity (view, 0.6);
  window = sl_gui_test_show (GTK_WIDGET (view), 640, 480);
  rendered = sl_gui_test_render (GTK_WIDGET (view));
  sl_gui_test_save (rendered, "image-view-heatmap");
  /* The image is centred on the dark background: corners are background, the centre is not. */
  g_assert_cmphex (sl_gui_test_pixel (rendered, 5, 5), ==, sl_gui_test_pixel (rendered, 5, 470));
  g_assert_cmphex (sl_gui_test_pixel (rendered, 5, 5), !=, sl_gui_test_pixel (rendered, 320, 240));
  gtk_window_destroy (window);
}

/* Pixels of the rectangle whose green is above 200. */
static guint
count_bright (GdkTexture *texture,
              int         x0,
              int         y0,
              int         width,
              int         height)
{
  int stride = gdk_texture_get_width (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) stride * gdk_texture_get_height (texture));
  guint n = 0;

  gdk_texture_download (texture, (guchar *) pixels, (gsize) stride * 4);
  for (int y = y0; y < y0 + height; y++)
    for (int x = x0; x < x0 + width; x++)
      n += ((pixels[(gsize) y * stride + x] >> 8) & 0xff) > 200;
  return n;
}

static char *
readout (Fixture *f)
{
  return sl_image_view_dup_readout (f->view);
}

/* The readout: zoom alone, then with the window/level given; drawn as a dark plate at the
 * bottom-left corner; gone without a texture. */
static void
test_readout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *text = readout (f);
  g_autoptr(GdkTexture) shot = NULL;

  g_assert_cmpstr (text, ==, "Zoom 200%");
  g_clear_pointer (&text, g_free);
  sl_image_view_set_window_level (f->view, 40, 400);
  text = readout (f);
  g_assert_cmpstr (text, ==, "Zoom 200% · C 40 W 400");
  g_clear_pointer (&text, g_free);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "image-view.zoom-in", NULL);
  text = readout (f);
  g_assert_cmpstr (text, ==, "Zoom 283% · C 40 W 400");
  g_clear_pointer (&text, g_free);
  sl_image_view_set_window_level (f->view, 0.5, 0.25);
  text = readout (f);
  g_assert_cmpstr (text, ==, "Zoom 283% · C 0.5 W 0.25");
  g_clear_pointer (&text, g_free);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "image-view.zoom-fit", NULL);
  sl_image_view_set_window_level (f->view, 0, 0);
  text = readout (f);
  g_assert_cmpstr (text, ==, "Zoom 200%");

  /* below the image (rows 250..300 show the dark background): white text at the left corner
   * only */
  shot = sl_gui_test_render (GTK_WIDGET (f->view));
  g_assert_cmpuint (count_bright (shot, 8, VIEW_H - 30, 100, 22), >, 20);
  g_assert_cmpuint (count_bright (shot, VIEW_W - 108, VIEW_H - 30, 100, 22), ==, 0);

  sl_image_view_set_texture (f->view, NULL);
  g_assert_null (sl_image_view_dup_readout (f->view));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/sightline/widgets/image-view/" path, Fixture, NULL, fixture_set_up, fn, \
              fixture_tear_down)
  ADD ("fit", test_fit);
  ADD ("round-trip", test_round_trip);
  ADD ("zoom-at-pointer", test_zoom_at_pointer);
  ADD ("pixel-hovered", test_pixel_hovered);
  ADD ("keys", test_keys);
  ADD ("actions", test_actions);
  ADD ("drags", test_drags);
  ADD ("render", test_render);
  ADD ("readout", test_readout);
  ADD ("preview", test_preview);
#undef ADD
  g_test_add_func ("/sightline/widgets/image-view/render-cost", test_render_cost);
  g_test_add_func ("/sightline/widgets/image-view/screenshot", test_screenshot);

  return g_test_run ();
}
