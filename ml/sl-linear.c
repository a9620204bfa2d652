/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-linear.h"

#include "sl-metrics.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY 10
#define PREDICT_CHUNK 256

struct sl_linear
{
  int d, k, iterations;
  float *mean;              /* (d) */
  float *inv_std;           /* (d), 0 for a constant feature */
  float *W;                 /* (d, k) on standardised features */
  float *b;                 /* (k) */
};

void
sl_linear_config_default (sl_linear_config *cfg)
{
  cfg->l2 = 0.1f;
  cfg->max_iter = 300;
  cfg->tol = 1e-5f;
  cfg->class_weights = 1;
  cfg->should_stop = NULL;
  cfg->stop_data = NULL;
}

/* Turns logits (k) into probabilities in place; returns log-sum-exp. */
static double
softmax (double *z, int k)
{
  double max = z[0], sum = 0;

  for (int c = 1; c < k; c++)
    if (z[c] > max)
      max = z[c];
  for (int c = 0; c < k; c++)
    {
      z[c] = exp (z[c] - max);
      sum += z[c];
    }
  for (int c = 0; c < k; c++)
    z[c] /= sum;
  return max + log (sum);
}

double
sl_linear_objective (const float  *Z,
                     const int    *y,
                     const float  *weight,
                     int           n,
                     int           d,
                     int           k,
                     float         l2,
                     const double *theta,
                     double       *grad)
{
  size_t wk = (size_t) d * k;
  float *Wf = malloc ((wk + (size_t) n * k + wk) * sizeof *Wf);
  float *logits, *gw;
  double *z = malloc ((size_t) k * sizeof *z);
  double loss = 0, total = 0, penalty = 0;

  if (!Wf || !z)
    {
      free (Wf);
      free (z);
      return NAN;
    }
  logits = Wf + wk;
  gw = logits + (size_t) n * k;
  for (size_t j = 0; j < wk; j++)
    Wf[j] = (float) theta[j];
  /* logits (n, k) = Z (n, d) W (d, k) */
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, d,
               1.0f, Z, d, Wf, k, 0.0f, logits, k);
  for (int i = 0; i < n; i++)
    total += weight ? weight[i] : 1.0;

  if (grad)
    memset (grad + wk, 0, (size_t) k * sizeof *grad);
  for (int i = 0; i < n; i++)
    {
      double s = weight ? weight[i] : 1.0;
      float *row = logits + (size_t) i * k;
      double zy;

      for (int c = 0; c < k; c++)
        z[c] = row[c] + theta[wk + c];
      zy = z[y[i]];
      loss += s * (softmax (z, k) - zy);
      if (!grad)
        continue;
      /* d loss / d logit = s (p - onehot) / total, kept in the logits buffer */
      for (int c = 0; c < k; c++)
        {
          double g = s * (z[c] - (c == y[i])) / total;

          row[c] = (float) g;
          grad[wk + c] += g;
        }
    }
  for (size_t j = 0; j < wk; j++)
    penalty += theta[j] * theta[j];

  if (grad)
    {
      /* dW (d, k) = Z^T (d, n) G (n, k) */
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, d, k, n,
                   1.0f, Z, d, logits, k, 0.0f, gw, k);
      for (size_t j = 0; j < wk; j++)
        grad[j] = gw[j] + l2 * theta[j];
    }
  free (Wf);
  free (z);
  return loss / total + 0.5 * l2 * penalty;
}

static double
dot (const double *a, const double *b, int n)
{
  double sum = 0;

  for (int i = 0; i < n; i++)
    sum += a[i] * b[i];
  return sum;
}

typedef struct
{
  const float *Z, *weight;
  const int *y;
  int n, d, k;
  float l2;
} problem;

static double
evaluate (const problem *p, const double *theta, double *grad)
{
  return sl_linear_objective (p->Z, p->y, p->weight, p->n, p->d, p->k, p->l2, theta, grad);
}

/* Minimises the objective from theta (P values) in place; returns the iterations run, or -1
 * when out of memory. Two-loop L-BFGS with backtracking (Armijo) line search. */
static int
lbfgs (const problem *p, double *theta, int P, int max_iter, double tol)
{
  double *buf = malloc ((size_t) P * (4 + 2 * HISTORY) * sizeof *buf);
  double *g, *g_new, *x_new, *dir, *S, *Y;
  double rho[HISTORY], alpha[HISTORY], f;
  int stored = 0, head = 0, iter;

  if (!buf)
    return -1;
  g = buf;
  g_new = g + P;
  x_new = g_new + P;
  dir = x_new + P;
  S = dir + P;
  Y = S + (size_t) HISTORY * P;

  f = evaluate (p, theta, g);
  for (iter = 0; iter < max_iter; iter++)
    {
      double gmax = 0, gtd, step = 1, f_new = f;
      int accepted = 0;

      for (int j = 0; j < P; j++)
        gmax = fmax (gmax, fabs (g[j]));
      if (gmax < tol || !isfinite (f))
        break;

      for (int j = 0; j < P; j++)
        dir[j] = -g[j];
      for (int m = 0; m < stored; m++)
        {
          int slot = (head - 1 - m + HISTORY) % HISTORY;

          alpha[slot] = rho[slot] * dot (S + (size_t) slot * P, dir, P);
          for (int j = 0; j < P; j++)
            dir[j] -= alpha[slot] * Y[(size_t) slot * P + j];
        }
      if (stored > 0)
        {
          int last = (head - 1 + HISTORY) % HISTORY;
          double *yl = Y + (size_t) last * P;
          double gamma = dot (S + (size_t) last * P, yl, P) / dot (yl, yl, P);

          for (int j = 0; j < P; j++)
            dir[j] *= gamma;
        }
      else
        {
          double norm = sqrt (dot (g, g, P));

          for (int j = 0; j < P; j++)
            dir[j] /= fmax (norm, 1.0);
        }
      for (int m = stored - 1; m >= 0; m--)
        {
          int slot = (head - 1 - m + HISTORY) % HISTORY;
          double beta = rho[slot] * dot (Y + (size_t) slot * P, dir, P);

          for (int j = 0; j < P; j++)
            dir[j] += (alpha[slot] - beta) * S[(size_t) slot * P + j];
        }
      gtd = dot (g, dir, P);
      if (gtd >= 0)
        {
          /* not a descent direction: forget the history and go down the gradient */
          stored = 0;
          for (int j = 0; j < P; j++)
            dir[j] = -g[j];
          gtd = -dot (g, g, P);
        }

      for (int tries = 0; tries < 40; tries++, step *= 0.5)
        {
          for (int j = 0; j < P; j++)
            x_new[j] = theta[j] + step * dir[j];
          f_new = evaluate (p, x_new, g_new);
          if (f_new <= f + 1e-4 * step * gtd)
            {
              accepted = 1;
              break;
            }
        }
      if (!accepted)
        break;

      {
        double *s = S + (size_t) head * P, *yv = Y + (size_t) head * P, sy;

        for (int j = 0; j < P; j++)
          {
            s[j] = x_new[j] - theta[j];
            yv[j] = g_new[j] - g[j];
          }
        sy = dot (s, yv, P);
        if (sy > 1e-12)
          {
            rho[head] = 1 / sy;
            head = (head + 1) % HISTORY;
            if (stored < HISTORY)
              stored++;
          }
      }
      memcpy (theta, x_new, (size_t) P * sizeof *theta);
      memcpy (g, g_new, (size_t) P * sizeof *g);
      if (f - f_new <= 1e-12 * fmax (1.0, fabs (f)))
        {
          iter++;
          break;
        }
      f = f_new;
    }
  free (buf);
  return iter;
}

void
sl_linear_free (sl_linear *m)
{
  if (!m)
    return;
  free (m->mean);
  free (m);
}

sl_linear *
sl_linear_train (const float            *X,
                 const int              *y,
                 int                     n,
                 int                     d,
                 int                     n_classes,
                 const sl_linear_config *cfg)
{
  int k = n_classes, P = (d + 1) * k;
  sl_linear *m;
  double *sum, *theta;
  float *Z, *weight;
  int *count;
  problem prob;

  if (!X || !y || !cfg || n < 1 || d < 1 || k < 2)
    return NULL;
  for (int i = 0; i < n; i++)
    if (y[i] < 0 || y[i] >= k)
      return NULL;

  m = calloc (1, sizeof *m);
  sum = calloc ((size_t) 2 * d + P, sizeof *sum);
  Z = malloc ((size_t) n * d * sizeof *Z);
  weight = malloc ((size_t) n * sizeof *weight);
  count = calloc ((size_t) k, sizeof *count);
  if (m)
    m->mean = malloc (((size_t) 2 * d + (size_t) d * k + k) * sizeof *m->mean);
  if (!m || !m->mean || !sum || !Z || !weight || !count)
    goto fail;
  m->d = d;
  m->k = k;
  m->inv_std = m->mean + d;
  m->W = m->inv_std + d;
  m->b = m->W + (size_t) d * k;

  /* standardisation, in double */
  {
    double *sq = sum + d;

    for (int i = 0; i < n; i++)
      for (int j = 0; j < d; j++)
        {
          double v = X[(size_t) i * d + j];

          sum[j] += v;
          sq[j] += v * v;
        }
    for (int j = 0; j < d; j++)
      {
        double mean = sum[j] / n, var = sq[j] / n - mean * mean;

        m->mean[j] = (float) mean;
        m->inv_std[j] = var > 1e-12 * fmax (1.0, mean * mean) ? (float) (1 / sqrt (var)) : 0.0f;
      }
    for (int i = 0; i < n; i++)
      for (int j = 0; j < d; j++)
        Z[(size_t) i * d + j] = (X[(size_t) i * d + j] - m->mean[j]) * m->inv_std[j];
  }

  for (int i = 0; i < n; i++)
    count[y[i]]++;
  for (int i = 0; i < n; i++)
    weight[i] = cfg->class_weights ? (float) n / ((float) k * count[y[i]]) : 1.0f;

  theta = sum + 2 * d;
  prob = (problem) { Z, weight, y, n, d, k, cfg->l2 };
  m->iterations = lbfgs (&prob, theta, P, cfg->max_iter, cfg->tol);
  if (m->iterations < 0)
    goto fail;
  for (int j = 0; j < d * k; j++)
    m->W[j] = (float) theta[j];
  for (int c = 0; c < k; c++)
    m->b[c] = (float) theta[(size_t) d * k + c];

  free (sum);
  free (Z);
  free (weight);
  free (count);
  return m;

fail:
  free (sum);
  free (Z);
  free (weight);
  free (count);
  sl_linear_free (m);
  return NULL;
}

sl_linear *
sl_linear_train_select (const float            *X,
                        const int              *y,
                        int                     n,
                        const float            *X_val,
                        const int              *y_val,
                        int                     n_val,
                        int                     d,
                        int                     n_classes,
                        const sl_linear_config *cfg,
                        float                  *chosen_l2)
{
  static const float grid[] = SL_LINEAR_L2_GRID;
  sl_linear *best = NULL;
  double best_auc = -1;
  float *probs;

  if (!X_val || !y_val || n_val < 1 || !cfg)
    return NULL;
  probs = malloc ((size_t) n_val * n_classes * sizeof *probs);
  if (!probs)
    return NULL;
  for (size_t g = 0; g < sizeof grid / sizeof grid[0]; g++)
    {
      sl_linear_config c = *cfg;
      sl_linear *m;
      sl_metrics metrics;
      double auc;

      if (cfg->should_stop && cfg->should_stop (cfg->stop_data))
        {
          sl_linear_free (best);
          best = NULL;
          break;
        }
      c.l2 = grid[g];
      m = sl_linear_train (X, y, n, d, n_classes, &c);
      if (!m)
        break;
      sl_linear_predict (m, X_val, n_val, probs);
      if (sl_metrics_compute (&metrics, y_val, probs, n_val, n_classes) != 0)
        {
          sl_linear_free (m);
          break;
        }
      auc = isnan (metrics.auc) ? 0 : metrics.auc;
      sl_metrics_free (&metrics);
      if (auc > best_auc)
        {
          sl_linear_free (best);
          best = m;
          best_auc = auc;
          if (chosen_l2)
            *chosen_l2 = c.l2;
        }
      else
        sl_linear_free (m);
    }
  free (probs);
  return best;
}

void
sl_linear_predict (const sl_linear *m, const float *X, int n, float *probs)
{
  int d = m->d, k = m->k;
  float *Z = malloc ((size_t) PREDICT_CHUNK * d * sizeof *Z);
  double *z = malloc ((size_t) k * sizeof *z);

  if (!Z || !z)
    {
      for (size_t i = 0; i < (size_t) n * k; i++)
        probs[i] = NAN;
      free (Z);
      free (z);
      return;
    }
  for (int start = 0; start < n; start += PREDICT_CHUNK)
    {
      int rows = n - start < PREDICT_CHUNK ? n - start : PREDICT_CHUNK;
      float *out = probs + (size_t) start * k;

      for (int i = 0; i < rows; i++)
        for (int j = 0; j < d; j++)
          Z[(size_t) i * d + j] = (X[(size_t) (start + i) * d + j] - m->mean[j]) * m->inv_std[j];
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, k, d,
                   1.0f, Z, d, m->W, k, 0.0f, out, k);
      for (int i = 0; i < rows; i++)
        {
          for (int c = 0; c < k; c++)
            z[c] = out[(size_t) i * k + c] + m->b[c];
          softmax (z, k);
          for (int c = 0; c < k; c++)
            out[(size_t) i * k + c] = (float) z[c];
        }
    }
  free (Z);
  free (z);
}

int
sl_linear_num_features (const sl_linear *m)
{
  return m->d;
}

int
sl_linear_num_classes (const sl_linear *m)
{
  return m->k;
}

int
sl_linear_iterations (const sl_linear *m)
{
  return m->iterations;
}
