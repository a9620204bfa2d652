/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Windowing to display bytes: a large integer image goes through a table of every stored
 * value, a small one through the arithmetic; both give each pixel the byte of its real value.
 * Shrinking to any size averages the pixels each output pixel covers. */
#include <glib.h>
#include <math.h>

#include "sl-image.h"

/* The byte of a real value v in the window lo..hi, computed here independently. */
static guint8
expected_byte (double v,
               double lo,
               double hi)
{
  return (guint8) CLAMP (lround ((v - lo) / (hi - lo) * 255.0), 0, 255);
}

static SlImage *
make_image (int          side,
            int          channels,
            SlSampleType type)
{
  gsize n = (gsize) side * side * channels;
  gsize size = n * sl_sample_type_size (type);
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  SlImage *image;

  for (gsize i = 0; i < n; i++)
    switch (type)
      {
      case SL_SAMPLE_U16:
        ((guint16 *) data)[i] = (guint16) g_rand_int_range (rand, 0, 65536);
        break;
      case SL_SAMPLE_S16:
        ((gint16 *) data)[i] = (gint16) g_rand_int_range (rand, -32768, 32768);
        break;
      case SL_SAMPLE_F32:
        ((float *) data)[i] = (float) g_rand_double_range (rand, -2000, 2000);
        break;
      case SL_SAMPLE_U8:
      default: data[i] = (guint8) g_rand_int_range (rand, 0, 256); break;
      }
  image = sl_image_new_take (side, side, channels, type, data, size);
  image->slope = 0.5;
  image->intercept = -1024;
  return image;
}

static void
check_rgb8 (int          side,
            int          channels,
            SlSampleType type)
{
  g_autoptr(SlImage) image = make_image (side, channels, type);
  gsize n_pixels = (gsize) side * side;
  g_autofree guint8 *out = g_malloc (n_pixels * 3);
  const double center = -600, width = 1500;

  sl_image_to_rgb8 (image, center, width, out);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      for (int c = 0; c < 3; c++)
        {
          double v = sl_image_value_at (image, x, y, channels == 3 ? c : 0);
          guint8 want = expected_byte (v, center - width / 2, center + width / 2);

          if (out[((gsize) y * side + x) * 3 + c] != want)
            g_error ("type %d, %d channels, %d²: pixel %d,%d channel %d is %u, not %u (value %g)",
                     type, channels, side, x, y, c, out[((gsize) y * side + x) * 3 + c], want, v);
        }
}

static void
test_rgb8_every_sample_type (void)
{
  static const SlSampleType types[] = { SL_SAMPLE_U8, SL_SAMPLE_U16, SL_SAMPLE_S16,
                                        SL_SAMPLE_F32 };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (int channels = 1; channels <= 3; channels += 2)
      {
        check_rgb8 (8, channels, types[t]);     /* fewer samples than a table: arithmetic */
        check_rgb8 (300, channels, types[t]);   /* 90,000 samples: through the table */
      }
}

/* A 5 × 2 S16 image shrunk to 2 pixels across: boxes of 2 and 3 columns, both rows in one;
 * the description kept. Already small enough: NULL. */
static void
test_shrink (void)
{
  static const gint16 values[] = { 0, 10, 20, 30, 40,
                                   -100, 10, 20, 30, 100 };
  g_autoptr(SlImage) image = sl_image_new_take (5, 2, 1, SL_SAMPLE_S16,
                                                g_memdup2 (values, sizeof values), sizeof values);
  g_autoptr(SlImage) shrunk = NULL;
  const gint16 *out;

  image->slope = 2;
  image->window_center = 40;
  shrunk = sl_image_shrink (image, 2);
  g_assert_nonnull (shrunk);
  g_assert_cmpint (shrunk->width, ==, 2);
  g_assert_cmpint (shrunk->height, ==, 1);   /* 2 * 2 / 5 rounds down */
  out = g_bytes_get_data (shrunk->pixels, NULL);
  g_assert_cmpint (out[0], ==, -20);         /* (0 + 10 - 100 + 10) / 4 */
  g_assert_cmpint (out[1], ==, 40);          /* (20 + 30 + 40 + 20 + 30 + 100) / 6 */
  g_assert_cmpfloat (shrunk->slope, ==, 2);
  g_assert_cmpfloat (shrunk->window_center, ==, 40);
  g_assert_null (sl_image_shrink (image, 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/core/image/rgb8-every-sample-type", test_rgb8_every_sample_type);
  g_test_add_func ("/sightline/core/image/shrink", test_shrink);
  return g_test_run ();
}
