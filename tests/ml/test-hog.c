/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>

#include "sl-hog.h"

static void
test_feature_size (void)
{
  sl_hog_config cfg;
  sl_hog_config bad = { 0, 2, 9 };

  sl_hog_config_default (&cfg);
  g_assert_cmpint (cfg.cell_size, ==, 4);
  g_assert_cmpint (cfg.block_size, ==, 2);
  g_assert_cmpint (cfg.bins, ==, 9);
  /* (28 / 4 - 2 + 1)^2 blocks of 2 * 2 cells of 9 bins */
  g_assert_cmpint (sl_hog_feature_size (28, 28, &cfg), ==, 6 * 6 * 4 * 9);
  /* leftover pixels do not count: 31 x 30 holds 7 x 7 cells */
  g_assert_cmpint (sl_hog_feature_size (31, 30, &cfg), ==, 6 * 6 * 4 * 9);
  g_assert_cmpint (sl_hog_feature_size (16, 28, &cfg), ==, 3 * 6 * 4 * 9);
  cfg = (sl_hog_config) { 7, 3, 6 };
  g_assert_cmpint (sl_hog_feature_size (28, 28, &cfg), ==, 2 * 2 * 9 * 6);
  /* too small for one block */
  g_assert_cmpint (sl_hog_feature_size (20, 28, &cfg), ==, 0);
  g_assert_cmpint (sl_hog_feature_size (28, 28, &bad), ==, -1);
}

/* 8 x 8 image, one 8-pixel cell, one block, 9 bins of 20 degrees (centres 10, 30, ..., 170).
 * I = [x >= 4] + [y >= 4]. Centred differences are 1 across each edge, at x = 3, 4 for gx and
 * y = 3, 4 for gy, 0 elsewhere (the border repeats):
 * - 12 pixels with gx = 1, gy = 0: 0 degrees, half-way between the centres 170 and 10, so
 *   bins 0 and 8 get 12 * 1/2 = 6 each;
 * - 12 pixels with gy = 1: 90 degrees, the centre of bin 4, which gets 12;
 * - 4 pixels with gx = gy = 1: 45 degrees, magnitude sqrt 2, 3/4 of the way from 30 to 50, so
 *   bin 1 gets 4 * sqrt 2 / 4 = sqrt 2 and bin 2 gets 3 sqrt 2.
 * v = (6, sqrt 2, 3 sqrt 2, 0, 12, 0, 0, 0, 6), |v|^2 = 236. L2: 6 / sqrt 236 = 0.39,
 * 3 sqrt 2 / sqrt 236 = 0.28 and 12 / sqrt 236 = 0.78 clip to 0.2, sqrt (2 / 236) = 0.092 stays;
 * then |v|^2 = 4 * 0.04 + 2 / 236 and each value is divided by its square root. */
static void
test_hand_computed (void)
{
  sl_hog_config cfg = { 8, 1, 9 };
  float img[64], out[9];
  double small = sqrt (2.0 / 236), norm = sqrt (4 * 0.04 + 2.0 / 236);
  double want[9] = { 0.2, small, 0.2, 0, 0.2, 0, 0, 0, 0.2 };

  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++)
      img[y * 8 + x] = (x >= 4) + (y >= 4);
  g_assert_cmpint (sl_hog_feature_size (8, 8, &cfg), ==, 9);
  sl_hog_compute (img, 8, 8, &cfg, out);
  for (int b = 0; b < 9; b++)
    g_assert_cmpfloat_with_epsilon (out[b], want[b] / norm, 1e-5);
}

/* The same image in four 4-pixel cells and one 2 x 2 block, vertical edge only: each cell has
 * the 4 edge pixels of its column 3 or 4, so bins 0 and 8 of every cell get 2; all eight
 * values are equal after normalisation, 1 / sqrt 8. */
static void
test_layout (void)
{
  sl_hog_config cfg = { 4, 2, 9 };
  float img[64], out[36];

  for (int i = 0; i < 64; i++)
    img[i] = 3 * (i % 8 >= 4);
  g_assert_cmpint (sl_hog_feature_size (8, 8, &cfg), ==, 36);
  sl_hog_compute (img, 8, 8, &cfg, out);
  for (int i = 0; i < 36; i++)
    {
      int bin = i % 9;
      double want = (bin == 0 || bin == 8) ? 1 / sqrt (8.0) : 0;

      g_assert_cmpfloat_with_epsilon (out[i], want, 1e-5);
    }

  /* the transposed image: a horizontal edge, 90 degrees, bin 4 of each cell, 1/2 each */
  for (int i = 0; i < 64; i++)
    img[i] = 3 * (i / 8 >= 4);
  sl_hog_compute (img, 8, 8, &cfg, out);
  for (int i = 0; i < 36; i++)
    g_assert_cmpfloat_with_epsilon (out[i], i % 9 == 4 ? 0.5 : 0, 1e-5);
}

static void
test_contrast_invariance (void)
{
  sl_hog_config cfg;
  float img[28 * 28], brighter[28 * 28], a[1296], b[1296];
  double total = 0;

  sl_hog_config_default (&cfg);
  for (int i = 0; i < 28 * 28; i++)
    {
      int y = i / 28, x = i % 28;

      img[i] = 0.5f + 0.4f * sinf (0.3f * x + 0.2f * y * y / 28);
      brighter[i] = 2 * img[i] + 0.1f;
    }
  sl_hog_compute (img, 28, 28, &cfg, a);
  sl_hog_compute (brighter, 28, 28, &cfg, b);
  for (int i = 0; i < 1296; i++)
    {
      g_assert_cmpfloat_with_epsilon (a[i], b[i], 1e-4);
      g_assert_cmpfloat (a[i], >=, 0);
      total += a[i];
    }
  g_assert_cmpfloat (total, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/hog/feature-size", test_feature_size);
  g_test_add_func ("/sightline/ml/hog/hand-computed", test_hand_computed);
  g_test_add_func ("/sightline/ml/hog/layout", test_layout);
  g_test_add_func ("/sightline/ml/hog/contrast-invariance", test_contrast_invariance);
  return g_test_run ();
}
