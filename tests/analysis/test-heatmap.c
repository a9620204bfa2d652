/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-heatmap.h"

static SlImage *
solid_rgb_image (int          width,
                 int          height,
                 const guint8 rgb[3])
{
  gsize n = (gsize) width * height;
  guint8 *pixels = g_malloc (n * 3);

  for (gsize i = 0; i < n; i++)
    memcpy (pixels + i * 3, rgb, 3);
  return sl_image_new_take (width, height, 3, SL_SAMPLE_U8, pixels, n * 3);
}

static void
assert_pixel (GdkPixbuf    *pixbuf,
              int           x,
              int           y,
              const guint8  rgb[3])
{
  const guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
                    + x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpint (p[0], ==, rgb[0]);
  g_assert_cmpint (p[1], ==, rgb[1]);
  g_assert_cmpint (p[2], ==, rgb[2]);
}

/* Where the heat is zero the overlay shows the image in its own colours; where it is hot the
 * colour changes. */
static void
test_overlay_keeps_colours (void)
{
  const guint8 colour[3] = { 200, 30, 60 };
  g_autoptr(SlImage) image = solid_rgb_image (16, 16, colour);
  float heat[8 * 8] = { 0 };
  g_autoptr(GdkPixbuf) cold = NULL;
  g_autoptr(GdkPixbuf) hot = NULL;
  const guint8 *p;

  cold = sl_heatmap_render_overlay (image, heat, 8, 8, 16, SL_COLORMAP_TURBO, 0.6);
  g_assert_cmpint (gdk_pixbuf_get_width (cold), ==, 16);
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++)
      assert_pixel (cold, x, y, colour);

  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++)
      heat[y * 8 + x] = 1;
  hot = sl_heatmap_render_overlay (image, heat, 8, 8, 16, SL_COLORMAP_TURBO, 0.6);
  assert_pixel (hot, 15, 15, colour);
  assert_pixel (hot, 15, 0, colour);
  p = gdk_pixbuf_get_pixels (hot);
  g_assert_true (p[0] != colour[0] || p[1] != colour[1] || p[2] != colour[2]);
}

/* A wide image's heatmap covers only the centre square the model saw. */
static void
test_overlay_follows_the_crop (void)
{
  const guint8 colour[3] = { 20, 180, 90 };
  g_autoptr(SlImage) image = solid_rgb_image (32, 16, colour);
  float heat[8 * 8];
  g_autoptr(GdkPixbuf) overlay = NULL;
  const guint8 *centre;
  int frame_w = 0, frame_h = 0;
  g_autofree float *frame = NULL;

  for (int i = 0; i < 64; i++)
    heat[i] = 1;
  frame = sl_heatmap_in_image_frame (heat, 8, 8, 32, 16, &frame_w, &frame_h);
  g_assert_cmpint (frame_w, ==, 16);
  g_assert_cmpint (frame_h, ==, 8);
  g_assert_cmpfloat (frame[0], ==, 0);
  g_assert_cmpfloat (frame[4], ==, 1);
  g_assert_cmpfloat (frame[11], ==, 1);
  g_assert_cmpfloat (frame[12], ==, 0);

  overlay = sl_heatmap_render_overlay (image, heat, 8, 8, 32, SL_COLORMAP_TURBO, 0.6);
  assert_pixel (overlay, 0, 8, colour);
  assert_pixel (overlay, 31, 8, colour);
  centre = gdk_pixbuf_get_pixels (overlay) + 8 * gdk_pixbuf_get_rowstride (overlay) + 16 * 3;
  g_assert_true (centre[0] != colour[0] || centre[1] != colour[1] || centre[2] != colour[2]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/analysis/overlay-keeps-colours", test_overlay_keeps_colours);
  g_test_add_func ("/sightline/analysis/overlay-follows-the-crop", test_overlay_follows_the_crop);
  return g_test_run ();
}
