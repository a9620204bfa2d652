/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <stdlib.h>

#include "sl-colormap.h"

static void
assert_rgb (sl_colormap map, float v, int r, int g, int b)
{
  unsigned char rgb[3];

  sl_colormap_rgb (map, v, rgb);
  g_assert_cmpint (rgb[0], ==, r);
  g_assert_cmpint (rgb[1], ==, g);
  g_assert_cmpint (rgb[2], ==, b);
}

static void
test_endpoints (void)
{
  assert_rgb (SL_COLORMAP_VIRIDIS, 0, 68, 1, 84);
  assert_rgb (SL_COLORMAP_VIRIDIS, 1, 253, 231, 37);
  assert_rgb (SL_COLORMAP_VIRIDIS, 0.5f, 33, 144, 141);
  assert_rgb (SL_COLORMAP_INFERNO, 0, 0, 0, 4);
  assert_rgb (SL_COLORMAP_INFERNO, 1, 252, 255, 164);
  assert_rgb (SL_COLORMAP_TURBO, 0, 48, 18, 59);
  assert_rgb (SL_COLORMAP_TURBO, 1, 122, 4, 3);
  /* clamped */
  assert_rgb (SL_COLORMAP_VIRIDIS, -3, 68, 1, 84);
  assert_rgb (SL_COLORMAP_VIRIDIS, 7, 253, 231, 37);
  assert_rgb (SL_COLORMAP_VIRIDIS, NAN, 68, 1, 84);
}

static void
test_interpolation (void)
{
  /* halfway between the first two viridis anchors, (68, 1, 84) and (71, 44, 122) */
  unsigned char rgb[3];

  sl_colormap_rgb (SL_COLORMAP_VIRIDIS, 1 / 16.f, rgb);
  g_assert_cmpint (abs (rgb[0] - 69), <=, 1);
  g_assert_cmpint (abs (rgb[1] - 22), <=, 1);
  g_assert_cmpint (rgb[2], ==, 103);
}

static double
linear (unsigned char c)
{
  double v = c / 255.0;

  return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static double
luminance (sl_colormap map, float v)
{
  unsigned char rgb[3];

  sl_colormap_rgb (map, v, rgb);
  return 0.2126 * linear (rgb[0]) + 0.7152 * linear (rgb[1]) + 0.0722 * linear (rgb[2]);
}

static void
test_monotone_luminance (void)
{
  static const sl_colormap maps[] = { SL_COLORMAP_VIRIDIS, SL_COLORMAP_INFERNO };

  for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
    {
      double prev = luminance (maps[m], 0);

      for (int i = 1; i <= 64; i++)
        {
          double y = luminance (maps[m], i / 64.0f);

          g_assert_cmpfloat (y, >, prev);
          prev = y;
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/colormap/endpoints", test_endpoints);
  g_test_add_func ("/sightline/ml/colormap/interpolation", test_interpolation);
  g_test_add_func ("/sightline/ml/colormap/monotone-luminance", test_monotone_luminance);
  return g_test_run ();
}
