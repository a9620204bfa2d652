/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "grad-check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sl-layers.h"
#include "sl-net-private.h"

void
fill_normal (sl_rng *rng, float *x, size_t n, float scale)
{
  for (size_t i = 0; i < n; i++)
    x[i] = sl_rng_normal (rng) * scale;
}

double
dot (const float *a, const float *b, size_t n)
{
  double s = 0;

  for (size_t i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

/* Compares analytic[i] with (loss(x+h) - loss(x-h)) / 2h on up to max_checks entries of x
 * (evenly spread); the error is relative to the norm of the gradient checked. */
void
check_grad_step (const char *what, loss_fn loss, void *ctx, float *x, const float *analytic,
                 size_t n, size_t max_checks, double step)
{
  size_t stride = n > max_checks ? n / max_checks : 1;
  double diff2 = 0, norm2 = 0;

  for (size_t i = 0; i < n; i += stride)
    {
      float saved = x[i];
      double lp, lm, num;

      x[i] = saved + (float) step;
      lp = loss (ctx);
      x[i] = saved - (float) step;
      lm = loss (ctx);
      x[i] = saved;
      num = (lp - lm) / (2 * step);
      diff2 += (num - analytic[i]) * (num - analytic[i]);
      if (g_getenv ("SL_FD_DEBUG") && fabs (num - analytic[i]) > 1e-3)
        g_test_message ("  %zu: analytic %g numeric %g", i, analytic[i], num);
      norm2 += fmax (num * num, (double) analytic[i] * analytic[i]);
    }
  if (norm2 == 0)
    {
      g_test_message ("%s: gradient is zero", what);
      return;
    }
  g_test_message ("%s: relative error %.2e", what, sqrt (diff2 / norm2));
  if (!(sqrt (diff2 / norm2) < GRAD_TOL))
    g_error ("%s: relative error %.3e (>= %.0e)", what, sqrt (diff2 / norm2), GRAD_TOL);
}

/* Central difference at x[i]. */
static double
numeric_grad (loss_fn loss, void *ctx, float *x, size_t i, double step)
{
  float saved = x[i];
  double lp, lm;

  x[i] = saved + (float) step;
  lp = loss (ctx);
  x[i] = saved - (float) step;
  lm = loss (ctx);
  x[i] = saved;
  return (lp - lm) / (2 * step);
}

/* A whole net in float32: a small step drowns small gradients in rounding, a large one may
 * cross a ReLU or max-pool kink. The reference is the fourth-order difference with a large
 * step; entries where it disagrees with a plain small-step difference sit near a kink (not
 * differentiable within the step) and are left out, as long as they are few. */
void
check_grad_net (const char *what, loss_fn loss, void *ctx, float *x, const float *analytic,
                size_t n, size_t max_checks, double tol)
{
  size_t stride = n > max_checks ? n / max_checks : 1;
  double diff2 = 0, norm2 = 0;
  int kinks = 0, checked = 0;

  for (size_t i = 0; i < n; i += stride)
    {
      double h1 = numeric_grad (loss, ctx, x, i, 5e-3), h2 = numeric_grad (loss, ctx, x, i, 1e-2);
      double num = (4 * h1 - h2) / 3, small = numeric_grad (loss, ctx, x, i, 1e-3);

      checked++;
      if (fabs (num - small) > 0.002 * fmax (fabs (num), fabs (small)) + 1e-4)
        {
          kinks++;
          continue;
        }
      diff2 += (num - analytic[i]) * (num - analytic[i]);
      norm2 += fmax (num * num, (double) analytic[i] * analytic[i]);
      if (g_getenv ("SL_FD_DEBUG") && fabs (num - analytic[i]) > 1e-3)
        g_test_message ("  %zu: analytic %g numeric %g / %g", i, analytic[i], num, small);
    }
  g_test_message ("%s: relative error %.2e (%d of %d near a kink)", what, sqrt (diff2 / norm2),
                  kinks, checked);
  g_assert_cmpint (kinks, <, checked / 4);
  if (!(sqrt (diff2 / norm2) < tol))
    g_error ("%s: relative error %.3e (>= %.0e)", what, sqrt (diff2 / norm2), tol);
}

/* The derivative along random unit directions d against analytic . d, relative to |analytic|:
 * every entry moves by about step / sqrt(n), so the difference is large next to float32
 * rounding and crosses few kinks. */
static double
dir_loss (loss_fn loss, void *ctx, float *x, const float *saved, const float *d, size_t n,
          double t)
{
  for (size_t i = 0; i < n; i++)
    x[i] = saved[i] + (float) (t * d[i]);
  return loss (ctx);
}

void
check_grad_directions (const char *what, loss_fn loss, void *ctx, float *x,
                       const float *analytic, size_t n)
{
  float *saved = g_memdup2 (x, sizeof (float) * n), *d = g_new (float, n);
  sl_rng rng;

  sl_rng_seed (&rng, 29);
  for (int k = 0; k < 4; k++)
    {
      double norm = 0, gd = 0, gnorm = 0, num, h = 2e-3;

      for (size_t i = 0; i < n; i++)
        {
          d[i] = sl_rng_normal (&rng);
          norm += (double) d[i] * d[i];
        }
      for (size_t i = 0; i < n; i++)
        {
          d[i] /= sqrt (norm);
          gd += (double) d[i] * analytic[i];
          gnorm += (double) analytic[i] * analytic[i];
        }
      num = (8 * (dir_loss (loss, ctx, x, saved, d, n, h) - dir_loss (loss, ctx, x, saved, d, n, -h))
             - (dir_loss (loss, ctx, x, saved, d, n, 2 * h)
                - dir_loss (loss, ctx, x, saved, d, n, -2 * h))) / (12 * h);
      memcpy (x, saved, sizeof (float) * n);
      gnorm = sqrt (gnorm);
      g_test_message ("%s: along direction %d: analytic %.6g numeric %.6g, error / |g| %.2e",
                      what, k, gd, num, fabs (num - gd) / gnorm);
      if (!(fabs (num - gd) < GRAD_TOL * gnorm))
        g_error ("%s: directional derivative %g, numeric %g", what, gd, num);
    }
  g_free (saved);
  g_free (d);
}

void
check_grad (const char *what, loss_fn loss, void *ctx, float *x, const float *analytic, size_t n,
            size_t max_checks)
{
  check_grad_step (what, loss, ctx, x, analytic, n, max_checks, 2e-3);
}

/* ---- a whole small network ---- */

typedef struct
{
  sl_net *net;
  int n;
  int *y;
  float *x;
  sl_rng rng;
} net_ctx;

static double
net_loss (void *p)
{
  net_ctx *c = p;
  const float *logits;

  c->net->dropout_rng = c->rng;
  logits = sl_net_forward (c->net, c->n, 1);
  return sl_softmax_xent (c->net->n_classes, c->n, logits, c->y, NULL, 0, c->net->probs, NULL);
}

void
check_net (const char *arch, int in_c, int h, int w)
{
  char err[256];
  sl_net *net = sl_net_create (arch, in_c, h, w, 4, 3, err, sizeof err);
  int y[3] = { 0, 2, 1 };
  net_ctx c = { net, 3, y };
  size_t in_len = (size_t) in_c * h * w * 3;
  float *x = g_new (float, in_len), *gin, *gin_copy, *grads;
  const float *logits;
  sl_rng rng;

  g_assert_nonnull (net);
  sl_rng_seed (&rng, 19);
  sl_rng_seed (&c.rng, 23);
  fill_normal (&rng, x, in_len, 1);
  sl_net_load_input (net, x, 3);
  /* random biases and bn affine parameters so that nothing starts at a symmetric point */
  fill_normal (&rng, net->params + net->n_decay, net->n_params - net->n_decay, 0.3f);
  net->dropout_rng = c.rng;
  logits = sl_net_forward (net, 3, 1);
  sl_softmax_xent (net->n_classes, 3, logits, y, NULL, 0, net->probs, net->dlogits);
  gin = sl_net_backward (net, 3, net->dlogits, -2);
  gin_copy = g_memdup2 (gin, sizeof (float) * in_len);
  grads = g_memdup2 (net->grads, sizeof (float) * net->n_params);
  check_grad_net (arch, net_loss, &c, net->params, grads, net->n_params, 300, GRAD_TOL);
  check_grad_directions (arch, net_loss, &c, net->params, grads, net->n_params);
  /* The input gradient of a whole net (not used by training; each layer's own input gradient
   * is checked at 1e-3 above) is tiny next to the float32 loss after batch norm's centring:
   * rounding alone reaches ~1e-3 here, so this check allows 5e-3. */
  check_grad_net (arch, net_loss, &c, net->input, gin_copy, in_len, 300, 5e-3);
  g_free (gin_copy);
  g_free (grads);
  g_free (x);
  sl_net_free (net);
}
