/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-agreement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
sl_cohen_kappa (const int *ratings, int n_items, int n_raters, int n_classes, int a, int b,
                long *confusion, int *n_both)
{
  long *table = confusion != NULL ? confusion : calloc ((size_t) n_classes * n_classes,
                                                        sizeof *table);
  double observed = 0, expected = 0;
  int n = 0;

  if (confusion != NULL)
    memset (confusion, 0, sizeof *confusion * (size_t) n_classes * n_classes);
  for (int i = 0; i < n_items; i++)
    {
      int ka = ratings[(size_t) i * n_raters + a], kb = ratings[(size_t) i * n_raters + b];

      if (ka < 0 || kb < 0)
        continue;
      table[(size_t) ka * n_classes + kb]++;
      n++;
    }
  if (n_both != NULL)
    *n_both = n;
  if (n > 0)
    for (int k = 0; k < n_classes; k++)
      {
        long row = 0, col = 0;

        for (int j = 0; j < n_classes; j++)
          {
            row += table[(size_t) k * n_classes + j];
            col += table[(size_t) j * n_classes + k];
          }
        observed += (double) table[(size_t) k * n_classes + k] / n;
        expected += ((double) row / n) * ((double) col / n);
      }
  if (confusion == NULL)
    free (table);
  if (n == 0 || expected >= 1.0 - 1e-12)
    return NAN;
  return (observed - expected) / (1.0 - expected);
}

void
sl_fleiss_kappa (const int *ratings, int n_items, int n_raters, int n_classes, sl_agreement *out,
                 double *per_class_kappa, long *per_class_count)
{
  long *counts = calloc ((size_t) n_classes, sizeof *counts);   /* n_ik of one item */
  long *totals = calloc ((size_t) n_classes, sizeof *totals);
  double *disagree = calloc ((size_t) n_classes, sizeof *disagree);
  double sum_p = 0, pairs = 0, expected = 0, all = 0;
  int items = 0, unanimous = 0;

  for (int i = 0; i < n_items; i++)
    {
      long n_i = 0, agree = 0, top = 0;

      memset (counts, 0, sizeof *counts * (size_t) n_classes);
      for (int r = 0; r < n_raters; r++)
        {
          int k = ratings[(size_t) i * n_raters + r];

          if (k >= 0)
            {
              counts[k]++;
              n_i++;
            }
        }
      if (n_i < 2)
        continue;
      items++;
      for (int k = 0; k < n_classes; k++)
        {
          agree += counts[k] * (counts[k] - 1);
          totals[k] += counts[k];
          disagree[k] += (double) counts[k] * (n_i - counts[k]);
          if (counts[k] > top)
            top = counts[k];
        }
      sum_p += (double) agree / (n_i * (n_i - 1));
      pairs += (double) n_i * (n_i - 1);
      unanimous += top == n_i;
      all += n_i;
    }

  out->items = items;
  out->fleiss_kappa = NAN;
  out->percent_agreement = items > 0 ? (double) unanimous / items : NAN;
  out->mean_pair_agreement = items > 0 ? sum_p / items : NAN;
  for (int k = 0; k < n_classes && items > 0; k++)
    expected += ((double) totals[k] / all) * ((double) totals[k] / all);
  if (items > 0 && expected < 1.0 - 1e-12)
    out->fleiss_kappa = (out->mean_pair_agreement - expected) / (1.0 - expected);

  for (int k = 0; k < n_classes; k++)
    {
      double p = items > 0 ? totals[k] / all : 0;

      if (per_class_kappa != NULL)
        per_class_kappa[k] = p > 0 && p < 1 ? 1.0 - disagree[k] / (pairs * p * (1 - p)) : NAN;
      if (per_class_count != NULL)
        per_class_count[k] = totals[k];
    }
  free (counts);
  free (totals);
  free (disagree);
}
