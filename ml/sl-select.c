/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-select.h"

#include <math.h>
#include <stdlib.h>

void
sl_uncertainty_scores (const float *probs, int n, int n_classes, sl_uncertainty kind,
                       double *scores)
{
  for (int i = 0; i < n; i++)
    {
      const float *p = probs + (size_t) i * n_classes;
      double first = 0, second = 0, entropy = 0;

      for (int k = 0; k < n_classes; k++)
        {
          if (p[k] > first)
            {
              second = first;
              first = p[k];
            }
          else if (p[k] > second)
            second = p[k];
          if (p[k] > 0)
            entropy -= p[k] * log (p[k]);
        }
      scores[i] = kind == SL_UNCERTAINTY_MARGIN ? 1.0 - (first - second) : entropy;
    }
}

static int
by_descending_score (const void *a, const void *b, void *data)
{
  const double *scores = data;
  int ia = *(const int *) a, ib = *(const int *) b;

  if (scores[ia] != scores[ib])
    return scores[ia] > scores[ib] ? -1 : 1;
  return ia - ib;
}

void
sl_rank_by_score (const double *scores, int n, int *order)
{
  for (int i = 0; i < n; i++)
    order[i] = i;
  qsort_r (order, (size_t) n, sizeof *order, by_descending_score, (void *) scores);
}

static double
distance2 (const float *a, const float *b, int dim)
{
  double d = 0;

  for (int j = 0; j < dim; j++)
    d += ((double) a[j] - b[j]) * ((double) a[j] - b[j]);
  return d;
}

int
sl_k_centre_greedy (const float *features, int dim, const int *candidates, int n_candidates,
                    int count, int *chosen)
{
  double *nearest = malloc (sizeof *nearest * (size_t) (n_candidates > 0 ? n_candidates : 1));
  int picked = 0, next = 0;

  if (count > n_candidates)
    count = n_candidates;
  for (int i = 0; i < n_candidates; i++)
    nearest[i] = INFINITY;
  while (picked < count)
    {
      const float *centre = features + (size_t) candidates[next] * dim;
      double farthest = -1;

      chosen[picked++] = candidates[next];
      nearest[next] = -1;   /* taken */
      for (int i = 0; i < n_candidates; i++)
        {
          double d;

          if (nearest[i] < 0)
            continue;
          d = distance2 (features + (size_t) candidates[i] * dim, centre, dim);
          if (d < nearest[i])
            nearest[i] = d;
          if (nearest[i] > farthest)
            {
              farthest = nearest[i];
              next = i;
            }
        }
    }
  free (nearest);
  return picked;
}
