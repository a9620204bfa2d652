/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Choosing which unlabelled images to label next (active learning). */

#include <stdint.h>

typedef enum
{
  SL_UNCERTAINTY_MARGIN,    /* 1 - (p_first - p_second) */
  SL_UNCERTAINTY_ENTROPY,   /* -sum p log p, in nats */
} sl_uncertainty;

/* scores[i] of probs (n × n_classes): higher = more uncertain. */
void sl_uncertainty_scores (const float *probs, int n, int n_classes, sl_uncertainty kind,
                            double *scores);

/* order receives the n indices sorted by descending score (ties: lower index first). */
void sl_rank_by_score (const double *scores, int n, int *order);

/* k-centre greedy: from the candidates (indices into features, n × dim, in preference order)
 * picks count of them: the first candidate, then again and again the candidate farthest
 * (Euclidean) from every pick so far. chosen receives min(count, n_candidates) indices; returns
 * that number. */
int sl_k_centre_greedy (const float *features, int dim, const int *candidates, int n_candidates,
                        int count, int *chosen);
