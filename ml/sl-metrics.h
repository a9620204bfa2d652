/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Classification metrics from class probabilities. The predicted class is the argmax of each row
 * (the first one on ties). A ratio whose denominator is zero (e.g. precision of a class that is
 * never predicted) is 0, never NAN; only an AUC is NAN, when its class or its complement is absent
 * from y_true. */
typedef struct
{
  int n_classes;
  int n;
  int *confusion;           /* n_classes * n_classes, [true * n_classes + predicted] */
  double accuracy;
  double macro_f1;          /* mean of f1 over the classes */
  double auc;               /* binary: ROC AUC of p(class 1); more classes: macro one-vs-rest,
                             * the mean over the classes whose AUC is not NAN (NAN if none) */
  double *precision;        /* n_classes each */
  double *recall;           /* = sensitivity */
  double *specificity;
  double *f1;
  double *auc_per_class;    /* one-vs-rest AUC of p(class k); for 2 classes [1] = auc */
} sl_metrics;

/* y_true: (n), labels in [0, n_classes); probs: (n, n_classes). Returns 0, or -1 on bad
 * arguments (n < 1, n_classes < 2, a label out of range, NULL pointers), leaving m zeroed. */
int    sl_metrics_compute (sl_metrics  *m,
                           const int   *y_true,
                           const float *probs,
                           int          n,
                           int          n_classes);
void   sl_metrics_free    (sl_metrics  *m);

/* ROC AUC = P(score of a positive > score of a negative) with ties counting 1/2 (Mann-Whitney).
 * is_positive: (n), non-zero for positives. NAN if there are no positives or no negatives. */
double sl_roc_auc         (const float *scores,
                           const int   *is_positive,
                           int          n);

/* ROC curve points, starting at (0, 0) and ending at (1, 1): one point per distinct score,
 * taken from the highest threshold down. fpr, tpr: room for n + 1 points. Returns the number
 * of points written, or 0 if there are no positives or no negatives. */
int    sl_roc_curve       (const float *scores,
                           const int   *is_positive,
                           int          n,
                           float       *fpr,
                           float       *tpr);
