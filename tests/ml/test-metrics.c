/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>

#include "sl-metrics.h"

/* Ten samples, scores of class 1. Threshold 0.5: TP 0,1,2; FN 3; FP 4,8; TN 5,6,7,9.
 * Ties across classes: 0.7 (samples 2 and 8) and 0.3 (samples 3 and 9). */
static const int ten_y[10] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 };
static const float ten_p[10] = { 0.9f, 0.8f, 0.7f, 0.3f, 0.6f, 0.4f, 0.2f, 0.1f, 0.7f, 0.3f };

static void
ten_probs (float *probs)
{
  for (int i = 0; i < 10; i++)
    {
      probs[2 * i] = 1.0f - ten_p[i];
      probs[2 * i + 1] = ten_p[i];
    }
}

static void
test_binary (void)
{
  float probs[20];
  sl_metrics m;

  ten_probs (probs);
  g_assert_cmpint (sl_metrics_compute (&m, ten_y, probs, 10, 2), ==, 0);
  g_assert_cmpint (m.n, ==, 10);
  g_assert_cmpint (m.n_classes, ==, 2);
  /* [true][predicted]: TN 4, FP 2, FN 1, TP 3 */
  g_assert_cmpint (m.confusion[0], ==, 4);
  g_assert_cmpint (m.confusion[1], ==, 2);
  g_assert_cmpint (m.confusion[2], ==, 1);
  g_assert_cmpint (m.confusion[3], ==, 3);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 7.0 / 10, 1e-12);
  /* class 1: precision 3/5, recall 3/4, specificity 4/6, F1 2*3/(2*3+2+1) */
  g_assert_cmpfloat_with_epsilon (m.precision[1], 3.0 / 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[1], 3.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.specificity[1], 4.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.f1[1], 6.0 / 9, 1e-12);
  /* class 0: precision 4/5, recall 4/6, specificity 3/4, F1 8/11 */
  g_assert_cmpfloat_with_epsilon (m.precision[0], 4.0 / 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[0], 4.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.specificity[0], 3.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.f1[0], 8.0 / 11, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.macro_f1, (6.0 / 9 + 8.0 / 11) / 2, 1e-12);
  /* Pairs won of 24: 0.9 -> 6, 0.8 -> 6, 0.7 -> 5 + 1/2 (tie), 0.3 -> 2 + 1/2 (tie). */
  g_assert_cmpfloat_with_epsilon (m.auc, 20.0 / 24, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[1], 20.0 / 24, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[0], 20.0 / 24, 1e-12);
  sl_metrics_free (&m);
  g_assert_null (m.confusion);
}

static void
test_roc_curve (void)
{
  /* Descending groups: .9 P, .8 P, .7 PN, .6 N, .4 N, .3 PN, .2 N, .1 N */
  static const float want_fpr[] = { 0, 0, 0, 1 / 6.f, 2 / 6.f, 3 / 6.f, 4 / 6.f, 5 / 6.f, 1 };
  static const float want_tpr[] = { 0, .25f, .5f, .75f, .75f, .75f, 1, 1, 1 };
  float fpr[11], tpr[11];
  int count = sl_roc_curve (ten_p, ten_y, 10, fpr, tpr);

  g_assert_cmpint (count, ==, 9);
  for (int i = 0; i < count; i++)
    {
      g_assert_cmpfloat_with_epsilon (fpr[i], want_fpr[i], 1e-6);
      g_assert_cmpfloat_with_epsilon (tpr[i], want_tpr[i], 1e-6);
    }
}

static void
test_auc_edge_cases (void)
{
  static const float same[4] = { 0.5f, 0.5f, 0.5f, 0.5f };
  static const float perfect[4] = { 0.1f, 0.2f, 0.8f, 0.9f };
  static const int y[4] = { 0, 0, 1, 1 };
  static const int all_pos[4] = { 1, 1, 1, 1 };
  float fpr[5], tpr[5];

  g_assert_cmpfloat_with_epsilon (sl_roc_auc (same, y, 4), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_roc_auc (perfect, y, 4), 1.0, 1e-12);
  g_assert_true (isnan (sl_roc_auc (perfect, all_pos, 4)));
  g_assert_cmpint (sl_roc_curve (perfect, all_pos, 4, fpr, tpr), ==, 0);
  g_assert_cmpint (sl_roc_curve (same, y, 4, fpr, tpr), ==, 2);
  g_assert_cmpfloat (fpr[1], ==, 1);
  g_assert_cmpfloat (tpr[1], ==, 1);
}

static void
test_three_classes (void)
{
  static const int y[6] = { 0, 0, 1, 1, 2, 2 };
  static const float probs[18] = {
    0.7f, 0.2f, 0.1f,   /* predicted 0 */
    0.3f, 0.4f, 0.3f,   /* 1 */
    0.1f, 0.8f, 0.1f,   /* 1 */
    0.2f, 0.3f, 0.5f,   /* 2 */
    0.1f, 0.1f, 0.8f,   /* 2 */
    0.5f, 0.2f, 0.3f,   /* 0 */
  };
  static const int confusion[9] = { 1, 1, 0, 0, 1, 1, 1, 0, 1 };
  sl_metrics m;

  g_assert_cmpint (sl_metrics_compute (&m, y, probs, 6, 3), ==, 0);
  for (int i = 0; i < 9; i++)
    g_assert_cmpint (m.confusion[i], ==, confusion[i]);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 0.5, 1e-12);
  /* every class: TP 1, FP 1, FN 1, TN 3 */
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat_with_epsilon (m.precision[c], 0.5, 1e-12);
      g_assert_cmpfloat_with_epsilon (m.recall[c], 0.5, 1e-12);
      g_assert_cmpfloat_with_epsilon (m.specificity[c], 0.75, 1e-12);
      g_assert_cmpfloat_with_epsilon (m.f1[c], 0.5, 1e-12);
    }
  g_assert_cmpfloat_with_epsilon (m.macro_f1, 0.5, 1e-12);
  /* one-vs-rest, 2 positives x 4 negatives each:
   * class 0: 0.7 beats 4, 0.3 beats 3 -> 7/8
   * class 1: 0.8 beats 4, 0.3 beats 0.2, 0.1, 0.2 -> 7/8
   * class 2: 0.8 beats 4, 0.3 beats 0.1, 0.1 and ties 0.3 -> 6.5/8 */
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[0], 7.0 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[1], 7.0 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[2], 6.5 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc, (7.0 / 8 + 7.0 / 8 + 6.5 / 8) / 3, 1e-12);
  sl_metrics_free (&m);
}

static void
test_absent_class (void)
{
  /* Class 2 never occurs and is never predicted: its ratios are 0, its AUC NAN, and the macro
   * AUC averages the other two. */
  static const int y[4] = { 0, 0, 1, 1 };
  static const float probs[12] = {
    0.8f, 0.1f, 0.1f,
    0.3f, 0.6f, 0.1f,
    0.4f, 0.5f, 0.1f,
    0.2f, 0.7f, 0.1f,
  };
  sl_metrics m;

  g_assert_cmpint (sl_metrics_compute (&m, y, probs, 4, 3), ==, 0);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 3.0 / 4, 1e-12);
  g_assert_cmpfloat (m.precision[2], ==, 0);
  g_assert_cmpfloat (m.recall[2], ==, 0);
  g_assert_cmpfloat (m.f1[2], ==, 0);
  g_assert_cmpfloat_with_epsilon (m.specificity[2], 1.0, 1e-12);
  g_assert_true (isnan (m.auc_per_class[2]));
  /* class 0: 0.8 beats 0.4 and 0.2, 0.3 beats 0.2 -> 3/4;
   * class 1: 0.5 beats 0.1 only, 0.7 beats 0.1 and 0.6 -> 3/4 */
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[0], 3.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc_per_class[1], 3.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.auc, 3.0 / 4, 1e-12);
  /* precision of class 1: TP 2 (samples 2, 3), FP 1 (sample 1) */
  g_assert_cmpfloat_with_epsilon (m.precision[1], 2.0 / 3, 1e-12);
  sl_metrics_free (&m);
}

static void
test_bad_arguments (void)
{
  static const int y[2] = { 0, 2 };
  static const float probs[4] = { 0.5f, 0.5f, 0.5f, 0.5f };
  sl_metrics m;

  g_assert_cmpint (sl_metrics_compute (&m, y, probs, 2, 2), ==, -1);
  g_assert_null (m.confusion);
  g_assert_cmpint (sl_metrics_compute (&m, y, probs, 0, 2), ==, -1);
  g_assert_cmpint (sl_metrics_compute (&m, y, probs, 2, 1), ==, -1);
  sl_metrics_free (&m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/metrics/binary", test_binary);
  g_test_add_func ("/sightline/ml/metrics/roc-curve", test_roc_curve);
  g_test_add_func ("/sightline/ml/metrics/auc-edge-cases", test_auc_edge_cases);
  g_test_add_func ("/sightline/ml/metrics/three-classes", test_three_classes);
  g_test_add_func ("/sightline/ml/metrics/absent-class", test_absent_class);
  g_test_add_func ("/sightline/ml/metrics/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
