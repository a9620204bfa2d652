/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sl-augment.h"

#define W 28
#define N (W * W)

static void
random_image (float *img, int n, uint64_t seed)
{
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    img[i] = sl_rng_uniform (&rng);
}

static void
test_identity (void)
{
  float in[3 * N], out[3 * N];
  sl_augment_config cfg;
  sl_rng rng, before;

  random_image (in, 3 * N, 1);
  sl_augment_config_default (&cfg);
  sl_rng_seed (&rng, 7);
  before = rng;
  sl_augment_image (&cfg, &rng, in, out, 3, W, W);
  g_assert_cmpmem (in, sizeof in, out, sizeof out);
  /* nothing switched on draws nothing */
  g_assert_cmpmem (&rng, sizeof rng, &before, sizeof before);
}

static void
test_flip (void)
{
  float in[2 * 5 * 7], out[2 * 5 * 7];
  sl_augment_config cfg;
  sl_rng rng;
  int flipped = 0, kept = 0;

  random_image (in, 2 * 5 * 7, 2);
  sl_augment_config_default (&cfg);
  cfg.hflip = 1;
  sl_rng_seed (&rng, 3);
  for (int trial = 0; trial < 64; trial++)
    {
      sl_augment_image (&cfg, &rng, in, out, 2, 5, 7);
      if (memcmp (in, out, sizeof in) == 0)
        {
          kept++;
          continue;
        }
      flipped++;
      for (int c = 0; c < 2; c++)
        for (int y = 0; y < 5; y++)
          for (int x = 0; x < 7; x++)
            g_assert_cmpfloat (out[(c * 5 + y) * 7 + x], ==, in[(c * 5 + y) * 7 + 6 - x]);
    }
  g_assert_cmpint (flipped, >, 16);
  g_assert_cmpint (kept, >, 16);
}

static void
test_rotate_90 (void)
{
  float in[N], out[N];

  random_image (in, N, 4);
  sl_warp_affine (in, out, 1, W, W, 0, 90, 0, 0, 1);
  /* Counter-clockwise as displayed: the right edge becomes the top row. */
  for (int y = 0; y < W; y++)
    for (int x = 0; x < W; x++)
      g_assert_cmpfloat_with_epsilon (out[y * W + x], in[x * W + (W - 1 - y)], 1e-4);
}

static void
test_shift_and_scale (void)
{
  float in[N], out[N];

  random_image (in, N, 5);
  sl_warp_affine (in, out, 1, W, W, 0, 0, 1, 0, 1);
  for (int y = 0; y < W; y++)
    {
      g_assert_cmpfloat_with_epsilon (out[y * W], in[y * W], 1e-6);   /* replicated border */
      for (int x = 1; x < W; x++)
        g_assert_cmpfloat_with_epsilon (out[y * W + x], in[y * W + x - 1], 1e-6);
    }
  /* Zoom 2 about the centre 13.5: output x samples the source at 13.5 + (x - 13.5) / 2. */
  for (int i = 0; i < N; i++)
    in[i] = (float) (i % W);
  sl_warp_affine (in, out, 1, W, W, 0, 0, 0, 0, 2);
  for (int x = 0; x < W; x++)
    g_assert_cmpfloat_with_epsilon (out[5 * W + x], 13.5 + (x - 13.5) / 2, 1e-4);
}

static void
test_photometric (void)
{
  float in[N], out[N];
  sl_augment_config cfg;
  sl_rng rng;
  double mean_in = 0, mean_out = 0, f;

  random_image (in, N, 6);
  sl_augment_config_default (&cfg);
  cfg.brightness = 0.2f;
  sl_rng_seed (&rng, 8);
  sl_augment_image (&cfg, &rng, in, out, 1, W, W);
  for (int i = 1; i < N; i++)
    g_assert_cmpfloat_with_epsilon (out[i] - in[i], out[0] - in[0], 1e-5);
  g_assert_cmpfloat (fabs (out[0] - in[0]), <=, 0.2f + 1e-6);
  g_assert_cmpfloat (fabs (out[0] - in[0]), >, 0);

  sl_augment_config_default (&cfg);
  cfg.contrast = 0.5f;
  sl_augment_image (&cfg, &rng, in, out, 1, W, W);
  for (int i = 0; i < N; i++)
    {
      mean_in += in[i] / N;
      mean_out += out[i] / N;
    }
  g_assert_cmpfloat_with_epsilon (mean_out, mean_in, 1e-5);
  f = (out[0] - mean_in) / (in[0] - mean_in);
  g_assert_cmpfloat (f, >=, 0.5 - 1e-4);
  g_assert_cmpfloat (f, <=, 1.5 + 1e-4);
  for (int i = 0; i < N; i++)
    g_assert_cmpfloat_with_epsilon (out[i] - mean_in, f * (in[i] - mean_in), 1e-4);
}

static void
test_seed (void)
{
  float in[N], a[N], b[N], c[N];
  sl_augment_config cfg = { 1, 15, 0.1f, 0.1f, 0.1f, 0.1f };
  sl_rng r1, r2, r3;

  random_image (in, N, 9);
  sl_rng_seed (&r1, 42);
  sl_rng_seed (&r2, 42);
  sl_rng_seed (&r3, 43);
  for (int trial = 0; trial < 4; trial++)
    {
      sl_augment_image (&cfg, &r1, in, a, 1, W, W);
      sl_augment_image (&cfg, &r2, in, b, 1, W, W);
      sl_augment_image (&cfg, &r3, in, c, 1, W, W);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
      g_assert_true (memcmp (a, c, sizeof a) != 0);
    }
}

static void
test_resize (void)
{
  static const int sizes[][2] = { { 17, 23 }, { 64, 40 }, { 7, 7 }, { 28, 28 } };
  float in[3 * N], out[3 * 64 * 40], small[8], big[8];

  for (int i = 0; i < 3 * N; i++)
    in[i] = 0.25f * (1 + i / N);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int oh = sizes[s][0], ow = sizes[s][1];

      sl_resize_bilinear (in, 3, W, W, out, oh, ow);
      for (int i = 0; i < 3 * oh * ow; i++)
        g_assert_cmpfloat_with_epsilon (out[i], 0.25f * (1 + i / (oh * ow)), 1e-6);
    }

  /* Enlarging 4 -> 8: output x samples x / 2 - 1/4, linear where no border is reached. */
  for (int i = 0; i < 4; i++)
    small[i] = 1 + 2 * i;
  sl_resize_bilinear (small, 1, 1, 4, big, 1, 8);
  for (int x = 1; x < 7; x++)
    g_assert_cmpfloat_with_epsilon (big[x], 1 + 2 * (x / 2.0 - 0.25), 1e-5);
  g_assert_cmpfloat_with_epsilon (big[0], 1, 1e-6);
  g_assert_cmpfloat_with_epsilon (big[7], 7, 1e-6);

  /* Shrinking 16 -> 8: a tent two pixels wide centred on 2x + 1/2. */
  for (int i = 0; i < 16; i++)
    in[i] = 3 + 0.5f * i;
  sl_resize_bilinear (in, 1, 1, 16, small, 1, 8);
  for (int x = 1; x < 7; x++)
    g_assert_cmpfloat_with_epsilon (small[x], 3 + 0.5 * (2 * x + 0.5), 1e-5);
  /* along the rows as well */
  sl_resize_bilinear (in, 1, 16, 1, small, 8, 1);
  for (int y = 1; y < 7; y++)
    g_assert_cmpfloat_with_epsilon (small[y], 3 + 0.5 * (2 * y + 0.5), 1e-5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/augment/identity", test_identity);
  g_test_add_func ("/sightline/ml/augment/flip", test_flip);
  g_test_add_func ("/sightline/ml/augment/rotate-90", test_rotate_90);
  g_test_add_func ("/sightline/ml/augment/shift-and-scale", test_shift_and_scale);
  g_test_add_func ("/sightline/ml/augment/photometric", test_photometric);
  g_test_add_func ("/sightline/ml/augment/seed", test_seed);
  g_test_add_func ("/sightline/ml/augment/resize", test_resize);
  return g_test_run ();
}
