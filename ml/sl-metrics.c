/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  float score;
  int positive;
} scored;

/* Descending by score; NAN sorts last. */
static int
compare_scored (const void *a, const void *b)
{
  float x = ((const scored *) a)->score, y = ((const scored *) b)->score;

  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return (x < y) - (x > y);
}

static scored *
sorted_scores (const float *scores, const int *is_positive, int n, int *n_pos)
{
  scored *s = malloc ((size_t) n * sizeof *s);

  *n_pos = 0;
  if (!s)
    return NULL;
  for (int i = 0; i < n; i++)
    {
      s[i].score = scores[i];
      s[i].positive = is_positive[i] != 0;
      *n_pos += s[i].positive;
    }
  qsort (s, n, sizeof *s, compare_scored);
  return s;
}

double
sl_roc_auc (const float *scores, const int *is_positive, int n)
{
  int n_pos;
  scored *s;
  double wins = 0, neg_below;

  if (n < 2 || !(s = sorted_scores (scores, is_positive, n, &n_pos)))
    return NAN;
  if (n_pos == 0 || n_pos == n)
    {
      free (s);
      return NAN;
    }
  /* Walk from the lowest score up in groups of equal scores: each positive beats every negative
   * below its group and half of the negatives inside it. */
  neg_below = 0;
  for (int end = n; end > 0;)
    {
      int start = end - 1, pos = 0, neg;

      while (start > 0 && s[start - 1].score == s[end - 1].score)
        start--;
      for (int i = start; i < end; i++)
        pos += s[i].positive;
      neg = end - start - pos;
      wins += pos * (neg_below + 0.5 * neg);
      neg_below += neg;
      end = start;
    }
  free (s);
  return wins / ((double) n_pos * (n - n_pos));
}

int
sl_roc_curve (const float *scores, const int *is_positive, int n, float *fpr, float *tpr)
{
  int n_pos, tp = 0, fp = 0, count = 1;
  scored *s;

  if (n < 2 || !(s = sorted_scores (scores, is_positive, n, &n_pos)))
    return 0;
  if (n_pos == 0 || n_pos == n)
    {
      free (s);
      return 0;
    }
  fpr[0] = tpr[0] = 0;
  for (int i = 0; i < n;)
    {
      int j = i;

      while (j < n && (j == i || s[j].score == s[i].score))
        {
          tp += s[j].positive;
          fp += !s[j].positive;
          j++;
        }
      fpr[count] = (float) fp / (n - n_pos);
      tpr[count] = (float) tp / n_pos;
      count++;
      i = j;
    }
  free (s);
  return count;
}

static double
ratio (double num, double den)
{
  return den > 0 ? num / den : 0;
}

static int
argmax (const float *row, int k)
{
  int best = 0;

  for (int j = 1; j < k; j++)
    if (row[j] > row[best])
      best = j;
  return best;
}

int
sl_metrics_compute (sl_metrics  *m,
                    const int   *y_true,
                    const float *probs,
                    int          n,
                    int          n_classes)
{
  int k = n_classes, correct = 0, n_auc = 0;
  float *column = NULL;
  int *positive = NULL;
  double auc_sum = 0;

  if (!m)
    return -1;
  memset (m, 0, sizeof *m);
  if (!y_true || !probs || n < 1 || k < 2)
    return -1;
  for (int i = 0; i < n; i++)
    if (y_true[i] < 0 || y_true[i] >= k)
      return -1;

  m->n = n;
  m->n_classes = k;
  m->confusion = calloc ((size_t) k * k, sizeof *m->confusion);
  m->precision = calloc ((size_t) 5 * k, sizeof (double));
  column = malloc ((size_t) n * sizeof *column);
  positive = malloc ((size_t) n * sizeof *positive);
  if (!m->confusion || !m->precision || !column || !positive)
    {
      free (column);
      free (positive);
      sl_metrics_free (m);
      return -1;
    }
  m->recall = m->precision + k;
  m->specificity = m->recall + k;
  m->f1 = m->specificity + k;
  m->auc_per_class = m->f1 + k;

  for (int i = 0; i < n; i++)
    m->confusion[y_true[i] * k + argmax (probs + (size_t) i * k, k)]++;

  for (int c = 0; c < k; c++)
    {
      double tp = m->confusion[c * k + c], fp = 0, fn = 0, tn;

      for (int j = 0; j < k; j++)
        if (j != c)
          {
            fp += m->confusion[j * k + c];
            fn += m->confusion[c * k + j];
          }
      tn = n - tp - fp - fn;
      correct += (int) tp;
      m->precision[c] = ratio (tp, tp + fp);
      m->recall[c] = ratio (tp, tp + fn);
      m->specificity[c] = ratio (tn, tn + fp);
      m->f1[c] = ratio (2 * tp, 2 * tp + fp + fn);
      m->macro_f1 += m->f1[c] / k;

      for (int i = 0; i < n; i++)
        {
          column[i] = probs[(size_t) i * k + c];
          positive[i] = y_true[i] == c;
        }
      m->auc_per_class[c] = sl_roc_auc (column, positive, n);
      if (!isnan (m->auc_per_class[c]))
        {
          auc_sum += m->auc_per_class[c];
          n_auc++;
        }
    }
  m->accuracy = (double) correct / n;
  if (k == 2)
    m->auc = m->auc_per_class[1];
  else
    m->auc = n_auc > 0 ? auc_sum / n_auc : NAN;

  free (column);
  free (positive);
  return 0;
}

void
sl_metrics_free (sl_metrics *m)
{
  if (!m)
    return;
  free (m->confusion);
  free (m->precision);
  memset (m, 0, sizeof *m);
}
