/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>

#include "sl-agreement.h"
#include "sl-select.h"

/* Two readers, 50 items, yes (0) / no (1): both yes 20, A yes B no 5, A no B yes 10, both no 15.
 * p_o = 35/50 = 0.7; A says yes 25/50, B 30/50: p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.5;
 * kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4. */
static void
test_cohen_two_readers (void)
{
  int ratings[100];
  long confusion[4];
  int n = 0, both = 0;
  sl_agreement agreement;

  for (int i = 0; i < 50; i++, n++)
    {
      ratings[2 * n] = i < 25 ? 0 : 1;
      ratings[2 * n + 1] = i < 20 ? 0 : i < 25 ? 1 : i < 35 ? 0 : 1;
    }
  g_assert_cmpfloat_with_epsilon (sl_cohen_kappa (ratings, 50, 2, 2, 0, 1, confusion, &both),
                                  0.4, 1e-12);
  g_assert_cmpint (both, ==, 50);
  g_assert_cmpint (confusion[0], ==, 20);
  g_assert_cmpint (confusion[1], ==, 5);
  g_assert_cmpint (confusion[2], ==, 10);
  g_assert_cmpint (confusion[3], ==, 15);

  /* with two raters Fleiss' percent agreement is p_o */
  sl_fleiss_kappa (ratings, 50, 2, 2, &agreement, NULL, NULL);
  g_assert_cmpint (agreement.items, ==, 50);
  g_assert_cmpfloat_with_epsilon (agreement.percent_agreement, 0.7, 1e-12);
}

/* Perfect agreement over three classes: kappa 1. Agreement no better than chance: A = 0 0 1 1,
 * B = 0 1 0 1 gives p_o = 0.5, p_e = 0.5 × 0.5 + 0.5 × 0.5 = 0.5, kappa 0. */
static void
test_cohen_perfect_and_chance (void)
{
  const int perfect[] = { 0, 0, 1, 1, 2, 2, 0, 0 };
  const int chance[] = { 0, 0, 0, 1, 1, 0, 1, 1 };
  const int one_class[] = { 1, 1, 1, 1 };
  sl_agreement agreement;

  g_assert_cmpfloat_with_epsilon (sl_cohen_kappa (perfect, 4, 2, 3, 0, 1, NULL, NULL), 1.0,
                                  1e-12);
  sl_fleiss_kappa (perfect, 4, 2, 3, &agreement, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (agreement.fleiss_kappa, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (agreement.percent_agreement, 1.0, 1e-12);

  g_assert_cmpfloat_with_epsilon (sl_cohen_kappa (chance, 4, 2, 2, 0, 1, NULL, NULL), 0.0,
                                  1e-12);
  /* everybody always says the same class: p_e = 1, kappa undefined */
  g_assert_true (isnan (sl_cohen_kappa (one_class, 2, 2, 2, 0, 1, NULL, NULL)));
}

/* Three readers, four items, classes 0 and 1 used, class 2 by nobody:
 *   item ratings  n_i0 n_i1  P_i = sum n(n-1) / (3 × 2)
 *   0 0 0          3    0    1
 *   1 1 1          0    3    1
 *   0 0 1          2    1    2/6
 *   1 1 0          1    2    2/6
 * P-bar = (8/3) / 4 = 2/3; p_0 = p_1 = 6/12; P_e = 0.5; kappa = (2/3 - 1/2) / (1/2) = 1/3.
 * Per class: sum n_ik (n_i - n_ik) = 0 + 0 + 2 + 2 = 4 over 4 × 3 × 2 × 0.25 = 6: 1 - 4/6 = 1/3;
 * class 2: undefined. Unanimous items 2 of 4. */
static void
test_fleiss_three_readers (void)
{
  const int ratings[] = { 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0 };
  double per_class[3];
  long counts[3];
  sl_agreement agreement;

  sl_fleiss_kappa (ratings, 4, 3, 3, &agreement, per_class, counts);
  g_assert_cmpint (agreement.items, ==, 4);
  g_assert_cmpfloat_with_epsilon (agreement.fleiss_kappa, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (agreement.mean_pair_agreement, 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (agreement.percent_agreement, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (per_class[0], 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (per_class[1], 1.0 / 3, 1e-12);
  g_assert_true (isnan (per_class[2]));
  g_assert_cmpint (counts[0], ==, 6);
  g_assert_cmpint (counts[1], ==, 6);
  g_assert_cmpint (counts[2], ==, 0);
}

/* A missing rating (-1) drops the item from a pair and, below two ratings, from Fleiss:
 * items 0 and 1 both rated by A and B (agree, disagree); item 2 rated by A alone. */
static void
test_missing_ratings (void)
{
  const int ratings[] = { 0, 0, 0, 1, 1, -1 };
  long confusion[4];
  int both = 0;
  sl_agreement agreement;

  /* p_o = 1/2; A: 0 0, B: 0 1: p_e = 1 × 0.5 + 0 × 0.5 = 0.5: kappa 0 */
  g_assert_cmpfloat_with_epsilon (sl_cohen_kappa (ratings, 3, 2, 2, 0, 1, confusion, &both), 0.0,
                                  1e-12);
  g_assert_cmpint (both, ==, 2);
  sl_fleiss_kappa (ratings, 3, 2, 2, &agreement, NULL, NULL);
  g_assert_cmpint (agreement.items, ==, 2);
}

/* Margin 1 - (p1 - p2) and entropy rank a 50/50 case first; k-centre picks far-apart points. */
static void
test_selection (void)
{
  const float probs[] = { 0.9f, 0.1f, 0.5f, 0.5f, 0.7f, 0.3f };
  const float points[] = { 0, 0, 0.1f, 0, 10, 10, 0, 0.2f, 5, 5 };
  const int candidates[] = { 0, 1, 2, 3, 4 };
  double scores[3];
  int order[3], chosen[5];

  sl_uncertainty_scores (probs, 3, 2, SL_UNCERTAINTY_MARGIN, scores);
  g_assert_cmpfloat_with_epsilon (scores[0], 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (scores[1], 1.0, 1e-6);
  sl_rank_by_score (scores, 3, order);
  g_assert_cmpint (order[0], ==, 1);
  g_assert_cmpint (order[1], ==, 2);
  g_assert_cmpint (order[2], ==, 0);
  sl_uncertainty_scores (probs, 3, 2, SL_UNCERTAINTY_ENTROPY, scores);
  g_assert_cmpfloat_with_epsilon (scores[1], log (2.0), 1e-6);

  /* from (0,0): (10,10) is farthest; then (5,5) (distance² 50 to both); then a near one */
  g_assert_cmpint (sl_k_centre_greedy (points, 2, candidates, 5, 3, chosen), ==, 3);
  g_assert_cmpint (chosen[0], ==, 0);
  g_assert_cmpint (chosen[1], ==, 2);
  g_assert_cmpint (chosen[2], ==, 4);
  g_assert_cmpint (sl_k_centre_greedy (points, 2, candidates, 5, 9, chosen), ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agreement/cohen-two-readers", test_cohen_two_readers);
  g_test_add_func ("/agreement/cohen-perfect-and-chance", test_cohen_perfect_and_chance);
  g_test_add_func ("/agreement/fleiss-three-readers", test_fleiss_three_readers);
  g_test_add_func ("/agreement/missing-ratings", test_missing_ratings);
  g_test_add_func ("/agreement/selection", test_selection);
  return g_test_run ();
}
