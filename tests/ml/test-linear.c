/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sl-linear.h"
#include "sl-rng.h"

/* Three classes around centres 4 apart in the first two of five dimensions, noise sd 0.5 and
 * uniform clutter in the rest: linearly separable with a wide margin. */
static void
make_blobs (float *X, int *y, int n, uint64_t seed)
{
  static const float centre[3][2] = { { 0, 0 }, { 4, 0 }, { 2, 4 } };
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      int c = i % 3;

      y[i] = c;
      X[i * 5 + 0] = centre[c][0] + 0.5f * sl_rng_normal (&rng);
      X[i * 5 + 1] = centre[c][1] + 0.5f * sl_rng_normal (&rng);
      for (int j = 2; j < 5; j++)
        X[i * 5 + j] = 100 * sl_rng_uniform (&rng);
    }
}

static int
count_correct (const float *probs, const int *y, int n, int k)
{
  int correct = 0;

  for (int i = 0; i < n; i++)
    {
      int best = 0;

      for (int c = 1; c < k; c++)
        if (probs[i * k + c] > probs[i * k + best])
          best = c;
      correct += best == y[i];
    }
  return correct;
}

static void
test_separable (void)
{
  enum { N = 300 };
  float X[N * 5], T[N * 5], probs[N * 3];
  int y[N], yt[N];
  sl_linear_config cfg;
  sl_linear *m;

  make_blobs (X, y, N, 1);
  make_blobs (T, yt, N, 2);
  sl_linear_config_default (&cfg);
  cfg.l2 = 1e-4f;
  m = sl_linear_train (X, y, N, 5, 3, &cfg);
  g_assert_nonnull (m);
  g_assert_cmpint (sl_linear_num_features (m), ==, 5);
  g_assert_cmpint (sl_linear_num_classes (m), ==, 3);
  g_assert_cmpint (sl_linear_iterations (m), >, 0);
  sl_linear_predict (m, X, N, probs);
  g_assert_cmpint (count_correct (probs, y, N, 3), ==, N);
  for (int i = 0; i < N; i++)
    g_assert_cmpfloat_with_epsilon (probs[i * 3] + probs[i * 3 + 1] + probs[i * 3 + 2], 1, 1e-5);
  sl_linear_predict (m, T, N, probs);
  g_assert_cmpint (count_correct (probs, yt, N, 3), ==, N);
  sl_linear_free (m);
}

static void
test_select (void)
{
  enum { N = 150 };
  static const float grid[] = SL_LINEAR_L2_GRID;
  float X[N * 5], V[N * 5], probs[N * 3];
  int y[N], yv[N], in_grid = 0;
  float l2 = -1;
  sl_linear_config cfg;
  sl_linear *m;

  make_blobs (X, y, N, 21);
  make_blobs (V, yv, N, 22);
  sl_linear_config_default (&cfg);
  m = sl_linear_train_select (X, y, N, V, yv, N, 5, 3, &cfg, &l2);
  g_assert_nonnull (m);
  for (guint g = 0; g < G_N_ELEMENTS (grid); g++)
    in_grid += l2 == grid[g];
  g_assert_cmpint (in_grid, ==, 1);
  sl_linear_predict (m, V, N, probs);
  g_assert_cmpint (count_correct (probs, yv, N, 3), ==, N);
  sl_linear_free (m);
  g_assert_null (sl_linear_train_select (X, y, N, V, yv, 0, 5, 3, &cfg, &l2));
}

/* Four samples, three standardised features, three classes, weighted samples, l2 = 0.1. */
static void
test_gradient (void)
{
  static const float Z[12] = {
    0.5f, -1.0f, 0.25f,
    -0.3f, 0.8f, 1.5f,
    1.2f, 0.1f, -0.7f,
    -1.4f, 0.1f, -1.05f,
  };
  static const int y[4] = { 0, 2, 1, 2 };
  static const float weight[4] = { 1.0f, 0.5f, 2.0f, 0.5f };
  double theta[12], grad[12], shifted[12];
  const double h = 1e-2;
  sl_rng rng;

  sl_rng_seed (&rng, 5);
  for (int j = 0; j < 12; j++)
    theta[j] = sl_rng_normal (&rng);
  sl_linear_objective (Z, y, weight, 4, 3, 3, 0.1f, theta, grad);
  for (int j = 0; j < 12; j++)
    {
      double up, down, fd;

      memcpy (shifted, theta, sizeof theta);
      shifted[j] += h;
      up = sl_linear_objective (Z, y, weight, 4, 3, 3, 0.1f, shifted, NULL);
      shifted[j] -= 2 * h;
      down = sl_linear_objective (Z, y, weight, 4, 3, 3, 0.1f, shifted, NULL);
      fd = (up - down) / (2 * h);
      g_assert_cmpfloat (fabs (fd - grad[j]), <=, 2e-4 * fmax (fabs (fd), 0.1));
    }
}

/* Rescaling a feature changes nothing (standardisation), and a constant one is ignored. */
static void
test_standardisation (void)
{
  enum { N = 90 };
  float X[N * 5], S[N * 5], a[N * 3], b[N * 3];
  int y[N];
  sl_linear_config cfg;
  sl_linear *ma, *mb;

  make_blobs (X, y, N, 3);
  for (int i = 0; i < N; i++)
    {
      X[i * 5 + 4] = 7;
      for (int j = 0; j < 5; j++)
        S[i * 5 + j] = X[i * 5 + j] * (j == 0 ? 1000 : 1);
    }
  sl_linear_config_default (&cfg);
  ma = sl_linear_train (X, y, N, 5, 3, &cfg);
  mb = sl_linear_train (S, y, N, 5, 3, &cfg);
  sl_linear_predict (ma, X, N, a);
  sl_linear_predict (mb, S, N, b);
  for (int i = 0; i < N * 3; i++)
    g_assert_cmpfloat_with_epsilon (a[i], b[i], 1e-3);
  sl_linear_free (ma);
  sl_linear_free (mb);
}

/* Overlapping classes, 1 in 5 positive: balanced weights raise the minority's probabilities. */
static void
test_class_weights (void)
{
  enum { N = 500 };
  float X[N], probs[N * 2];
  int y[N], recall_plain = 0, recall_weighted = 0;
  sl_linear_config cfg;
  sl_linear *m;
  sl_rng rng;

  sl_rng_seed (&rng, 11);
  for (int i = 0; i < N; i++)
    {
      y[i] = i % 5 == 0;
      X[i] = y[i] + sl_rng_normal (&rng);
    }
  sl_linear_config_default (&cfg);
  cfg.class_weights = 0;
  m = sl_linear_train (X, y, N, 1, 2, &cfg);
  sl_linear_predict (m, X, N, probs);
  for (int i = 0; i < N; i++)
    recall_plain += y[i] && probs[2 * i + 1] > 0.5f;
  sl_linear_free (m);
  cfg.class_weights = 1;
  m = sl_linear_train (X, y, N, 1, 2, &cfg);
  sl_linear_predict (m, X, N, probs);
  for (int i = 0; i < N; i++)
    recall_weighted += y[i] && probs[2 * i + 1] > 0.5f;
  sl_linear_free (m);
  g_assert_cmpint (recall_weighted, >, recall_plain + 20);
}

static void
test_bad_arguments (void)
{
  static const float X[4] = { 0, 1, 2, 3 };
  static const int y[4] = { 0, 1, 2, 1 };
  sl_linear_config cfg;

  sl_linear_config_default (&cfg);
  g_assert_null (sl_linear_train (X, y, 4, 1, 2, &cfg));
  g_assert_null (sl_linear_train (X, y, 0, 1, 3, &cfg));
  g_assert_null (sl_linear_train (X, y, 4, 1, 1, &cfg));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/linear/separable", test_separable);
  g_test_add_func ("/sightline/ml/linear/select", test_select);
  g_test_add_func ("/sightline/ml/linear/gradient", test_gradient);
  g_test_add_func ("/sightline/ml/linear/standardisation", test_standardisation);
  g_test_add_func ("/sightline/ml/linear/class-weights", test_class_weights);
  g_test_add_func ("/sightline/ml/linear/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
