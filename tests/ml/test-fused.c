/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batch norm + ReLU + 2x2 max pool in one pass (training mode) against the three layers run in
 * turn: the forward pass gives the same pooled values, indices and statistics bit for bit; the
 * backward pass's gradients (its sums run over the windows' maxima instead of every value)
 * differ from the reference's by at most 1e-5 of its largest value. Then its gradients against
 * finite differences, and a net using it against the same net with the fusion turned off. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "grad-check.h"
#include "sl-layers.h"
#include "sl-net-private.h"

#define REF_TOL 1e-5

typedef struct
{
  int c, n, h, w;
  float *x, *gamma, *beta, *mean, *invstd, *rm, *rv, *out, *r;
  int32_t *arg;
} fused_case;

static size_t
in_len (const fused_case *f)
{
  return (size_t) f->c * f->n * f->h * f->w;
}

static size_t
pooled_len (const fused_case *f)
{
  return (size_t) f->c * f->n * (f->h / 2) * (f->w / 2);
}

static fused_case
make_case (int c, int n, int h, int w, guint64 seed)
{
  fused_case f = { c, n, h, w };
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  f.x = g_new (float, in_len (&f));
  f.gamma = g_new (float, c), f.beta = g_new (float, c), f.mean = g_new (float, c);
  f.invstd = g_new (float, c), f.rm = g_new0 (float, c), f.rv = g_new (float, c);
  f.out = g_new (float, pooled_len (&f));
  f.r = g_new (float, pooled_len (&f));
  f.arg = g_new (int32_t, pooled_len (&f));
  fill_normal (&rng, f.x, in_len (&f), 2);
  fill_normal (&rng, f.gamma, c, 1);
  fill_normal (&rng, f.beta, c, 0.5f);
  fill_normal (&rng, f.r, pooled_len (&f), 1);
  for (int i = 0; i < c; i++)
    f.rv[i] = 1;
  return f;
}

static void
free_case (fused_case *f)
{
  g_free (f->x), g_free (f->gamma), g_free (f->beta), g_free (f->mean), g_free (f->invstd);
  g_free (f->rm), g_free (f->rv), g_free (f->out), g_free (f->r), g_free (f->arg);
}

static double
fused_loss (void *p)
{
  fused_case *f = p;

  sl_batchnorm_relu_maxpool2_forward_train (f->c, f->n, f->h, f->w, f->x, f->gamma, f->beta,
                                            f->mean, f->invstd, f->rm, f->rv, f->out, f->arg);
  return dot (f->out, f->r, pooled_len (f));
}

static double
max_abs_diff (const float *a, const float *b, size_t n, double *largest)
{
  double d = 0;

  *largest = 0;
  for (size_t i = 0; i < n; i++)
    {
      d = fmax (d, fabs ((double) a[i] - b[i]));
      *largest = fmax (*largest, fabs ((double) b[i]));
    }
  return d;
}

static void
check_close (const char *what, const float *got, const float *want, size_t n)
{
  double largest, d = max_abs_diff (got, want, n, &largest);

  g_test_message ("%s: largest difference %.2e of %.2e", what, d, largest);
  g_assert_cmpfloat (largest, >, 0);
  g_assert_cmpfloat (d, <=, REF_TOL * largest);
}

/* odd sizes leave an edge row or column outside every window */
static void
check_against_reference (int c, int n, int h, int w)
{
  fused_case f = make_case (c, n, h, w, 100 + h * w);
  const size_t len = in_len (&f), plen = pooled_len (&f);
  float *y = g_new (float, len), *pool = g_new (float, plen), *dpool = g_new (float, len);
  float *dx = g_new (float, len), *dx_ref = g_new (float, len);
  float *mean = g_new (float, c), *invstd = g_new (float, c);
  float *rm = g_new0 (float, c), *rv = g_new (float, c);
  float dg[8], db[8], dg_ref[8], db_ref[8];
  int32_t *arg = g_new (int32_t, plen);

  g_assert_cmpint (c, <=, 8);
  memcpy (rv, f.rv, sizeof (float) * c);
  sl_batchnorm_relu_forward_train (c, n * h * w, f.x, f.gamma, f.beta, mean, invstd, rm, rv, y);
  sl_maxpool_forward (c * n, h, w, 2, y, pool, arg);
  fused_loss (&f);
  g_assert_cmpmem (f.out, sizeof (float) * plen, pool, sizeof (float) * plen);
  g_assert_cmpmem (f.arg, sizeof (int32_t) * plen, arg, sizeof (int32_t) * plen);
  g_assert_cmpmem (f.mean, sizeof (float) * c, mean, sizeof (float) * c);
  g_assert_cmpmem (f.invstd, sizeof (float) * c, invstd, sizeof (float) * c);
  g_assert_cmpmem (f.rm, sizeof (float) * c, rm, sizeof (float) * c);
  g_assert_cmpmem (f.rv, sizeof (float) * c, rv, sizeof (float) * c);

  sl_maxpool_backward (c * n, h, w, 2, arg, f.r, dpool);
  sl_batchnorm_relu_backward (c, n * h * w, f.x, y, mean, invstd, f.gamma, dpool, dg_ref, db_ref,
                              dx_ref);
  sl_batchnorm_relu_maxpool2_backward (c, n, h, w, f.x, f.out, f.arg, f.mean, f.invstd, f.gamma,
                                       f.r, dg, db, dx);
  check_close ("fused dx", dx, dx_ref, len);
  check_close ("fused dgamma", dg, dg_ref, c);
  check_close ("fused dbeta", db, db_ref, c);

  g_free (y), g_free (pool), g_free (dpool), g_free (dx), g_free (dx_ref), g_free (mean);
  g_free (invstd), g_free (rm), g_free (rv), g_free (arg);
  free_case (&f);
}

static void
test_reference (void)
{
  check_against_reference (3, 4, 8, 6);
  check_against_reference (5, 3, 7, 9);
  check_against_reference (8, 2, 14, 14);
}

static void
test_finite_differences (void)
{
  fused_case f = make_case (3, 3, 7, 6, 5);
  const size_t len = in_len (&f);
  float *dx = g_new (float, len), dg[3], db[3];

  /* values on a shuffled grid spaced well beyond the step: no ReLU kink or window tie is
   * crossed */
  for (size_t i = 0; i < len; i++)
    f.x[i] = (float) ((long) ((i * 7919) % len) - (long) len / 2) * 0.01f + 0.0173f;
  fused_loss (&f);
  sl_batchnorm_relu_maxpool2_backward (f.c, f.n, f.h, f.w, f.x, f.out, f.arg, f.mean, f.invstd,
                                       f.gamma, f.r, dg, db, dx);
  check_grad ("fused x", fused_loss, &f, f.x, dx, len, 400);
  check_grad ("fused gamma", fused_loss, &f, f.gamma, dg, 3, 3);
  check_grad ("fused beta", fused_loss, &f, f.beta, db, 3, 3);
  g_free (dx);
  free_case (&f);
}

/* One training step's gradients of a net with two fused bn-relu-pool runs against the same
 * net with the fusion switched off (its layers run one by one). */
static void
test_net_against_unfused (void)
{
  const char *arch = "conv3:6,bn,relu,maxpool2,conv3:8,bn,relu,maxpool2,conv3:8,bn,relu,gap,fc:3";
  const int n = 5, y[5] = { 0, 1, 2, 1, 0 };
  char err[256];
  sl_net *fused = sl_net_create (arch, 2, 13, 12, n, 3, err, sizeof err);
  sl_net *plain = sl_net_create (arch, 2, 13, 12, n, 3, err, sizeof err);
  float *x = g_new (float, (size_t) n * 2 * 13 * 12);
  sl_rng rng;
  int fused_layers = 0;

  g_assert_nonnull (fused);
  g_assert_nonnull (plain);
  for (int i = 0; i < plain->n_layers; i++)
    {
      fused_layers += fused->layers[i].fused_pool;
      plain->layers[i].fused_pool = plain->layers[i].pooled_by_bn = 0;
    }
  g_assert_cmpint (fused_layers, ==, 2);
  sl_rng_seed (&rng, 9);
  for (size_t i = 0; i < (size_t) n * 2 * 13 * 12; i++)
    x[i] = sl_rng_uniform (&rng);
  for (int k = 0; k < 2; k++)
    {
      sl_net *net = k ? plain : fused;

      sl_net_load_input (net, x, n);
      sl_softmax_xent (net->n_classes, n, sl_net_forward (net, n, 1), y, NULL, 0, net->probs,
                       net->dlogits);
      sl_net_backward (net, n, net->dlogits, -2);
    }
  g_assert_cmpmem (fused->probs, sizeof (float) * 3 * n, plain->probs, sizeof (float) * 3 * n);
  check_close ("net parameter gradients", fused->grads, plain->grads, fused->n_params);
  sl_net_free (fused);
  sl_net_free (plain);
  g_free (x);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/fused/reference", test_reference);
  g_test_add_func ("/sightline/ml/fused/finite-differences", test_finite_differences);
  g_test_add_func ("/sightline/ml/fused/net", test_net_against_unfused);
  return g_test_run ();
}
