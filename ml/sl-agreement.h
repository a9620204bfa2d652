/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inter-reader agreement on nominal labels. Ratings are an items × raters table of class indices
 * in 0..n_classes-1, -1 where a rater gave none. Undefined figures (expected agreement of 1, a
 * class nobody used) are NAN. */

/* Cohen's kappa of raters a and b over the items both rated. confusion (nullable) receives
 * n_classes × n_classes counts, row = a's class, column = b's; n_both the number of items. */
double sl_cohen_kappa (const int *ratings, int n_items, int n_raters, int n_classes,
                       int a, int b, long *confusion, int *n_both);

typedef struct
{
  int items;                  /* items with at least two ratings: the ones counted */
  double fleiss_kappa;
  double percent_agreement;   /* share of counted items on which every rating is the same */
  double mean_pair_agreement; /* Fleiss' P-bar: agreeing rater pairs over all pairs, averaged */
} sl_agreement;

/* Fleiss' kappa, generalised to items rated by different numbers of raters: P_i is the share
 * of agreeing pairs among item i's n_i(n_i - 1) ordered pairs, p_k the share of all ratings in
 * class k, kappa = (mean P_i - sum p_k^2) / (1 - sum p_k^2). With the same raters on every
 * item it is Fleiss' kappa. per_class_kappa (nullable, n_classes) receives the category
 * kappas 1 - sum_i n_ik (n_i - n_ik) / (sum_i n_i (n_i - 1) p_k (1 - p_k)); per_class_count
 * (nullable) the ratings per class over the counted items. */
void sl_fleiss_kappa (const int *ratings, int n_items, int n_raters, int n_classes,
                      sl_agreement *out, double *per_class_kappa, long *per_class_count);
