/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fast convolution paths (Winograd F(2x2,3x3), direct) against the im2col + sgemm
 * reference on the same inputs (forward, weight gradient, input gradient), and each pass of
 * each path against central finite differences. Tolerance against the reference: the largest
 * difference at most 2e-5 of the largest reference value (float32 rounding of the transforms;
 * measured 1e-7 to 6e-7 on these shapes). Then a whole network whose second conv layer runs on
 * Winograd: its gradients against the same network on im2col, and two training runs. The
 * im2col path keeping its col from the forward pass against recomputing it: bit for bit. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sl-conv-direct.h"
#include "sl-layers.h"
#include "sl-net-private.h"
#include "sl-defaults.h"
#include "sl-train.h"
#include "sl-winograd.h"

#define REF_TOL 2e-5
#define FD_TOL 1e-3

typedef struct
{
  sl_conv_shape s;
  int n;
  float *in, *w, *b, *col, *out, *r;
} conv_case;

static void
fill_normal (sl_rng *rng, float *x, size_t n, float scale)
{
  for (size_t i = 0; i < n; i++)
    x[i] = sl_rng_normal (rng) * scale;
}

static size_t
in_len (const conv_case *c)
{
  return (size_t) c->s.cin * c->n * c->s.h * c->s.w;
}

static size_t
w_len (const conv_case *c)
{
  return (size_t) c->s.cout * c->s.cin * c->s.k * c->s.k;
}

static size_t
out_len (const conv_case *c)
{
  return (size_t) c->s.cout * c->n * c->s.ho * c->s.wo;
}

static conv_case
make_case (int cin, int h, int w, int cout, int k, int pad, int n, sl_conv_algo algo)
{
  conv_case c = { { cin, h, w, cout, k, 1, pad, h + 2 * pad - k + 1, w + 2 * pad - k + 1, algo },
                  n };
  sl_conv_shape ref = c.s;
  sl_rng rng;
  size_t col;

  ref.algo = SL_CONV_IM2COL;
  col = MAX (sl_conv2d_scratch_floats (&c.s, n), sl_conv2d_scratch_floats (&ref, n));
  sl_rng_seed (&rng, 77 + cin * 13 + h + pad);
  c.in = g_new (float, in_len (&c));
  c.w = g_new (float, w_len (&c));
  c.b = g_new (float, cout);
  c.col = g_new (float, col + 1);
  c.out = g_new (float, out_len (&c));
  c.r = g_new (float, out_len (&c));
  fill_normal (&rng, c.in, in_len (&c), 1);
  fill_normal (&rng, c.w, w_len (&c), 0.5f);
  fill_normal (&rng, c.b, cout, 0.5f);
  fill_normal (&rng, c.r, out_len (&c), 1);
  return c;
}

static void
free_case (conv_case *c)
{
  g_free (c->in), g_free (c->w), g_free (c->b), g_free (c->col), g_free (c->out), g_free (c->r);
}

/* largest |a - b| over the largest |b| */
static double
rel_diff (const float *a, const float *b, size_t n)
{
  double d = 0, m = 0;

  for (size_t i = 0; i < n; i++)
    {
      d = fmax (d, fabs ((double) a[i] - b[i]));
      m = fmax (m, fabs ((double) b[i]));
    }
  return m > 0 ? d / m : d;
}

static void
check_against_reference (const char *name, conv_case *c)
{
  sl_conv_shape ref = c->s;
  float *out_ref = g_new (float, out_len (c)), *dw = g_new (float, w_len (c));
  float *dw_ref = g_new (float, w_len (c)), *din = g_new (float, in_len (c));
  float *din_ref = g_new (float, in_len (c)), db[64], db_ref[64];
  double e_out, e_dw, e_din;

  ref.algo = SL_CONV_IM2COL;
  g_assert_cmpint (sl_conv2d_algo (&c->s), ==, c->s.algo);
  sl_conv2d_forward (&ref, c->n, c->in, c->w, c->b, c->col, out_ref);
  sl_conv2d_backward (&ref, c->n, c->in, c->col, c->w, c->r, dw_ref, db_ref, din_ref);
  sl_conv2d_forward (&c->s, c->n, c->in, c->w, c->b, c->col, c->out);
  sl_conv2d_backward (&c->s, c->n, c->in, c->col, c->w, c->r, dw, db, din);
  e_out = rel_diff (c->out, out_ref, out_len (c));
  e_dw = rel_diff (dw, dw_ref, w_len (c));
  e_din = rel_diff (din, din_ref, in_len (c));
  g_test_message ("%s: against im2col: forward %.1e, weight gradient %.1e, input gradient %.1e",
                  name, e_out, e_dw, e_din);
  g_assert_cmpfloat (e_out, <, REF_TOL);
  g_assert_cmpfloat (e_dw, <, REF_TOL);
  g_assert_cmpfloat (e_din, <, REF_TOL);
  g_assert_cmpfloat (rel_diff (db, db_ref, c->s.cout), <, REF_TOL);
  /* the gradient without din: same weight gradient */
  sl_conv2d_backward (&c->s, c->n, c->in, c->col, c->w, c->r, dw_ref, db, NULL);
  g_assert_cmpfloat (rel_diff (dw_ref, dw, w_len (c)), ==, 0);
  g_free (out_ref), g_free (dw), g_free (dw_ref), g_free (din), g_free (din_ref);
}

/* loss = out . r, so d loss / d out = r */
static double
loss (conv_case *c)
{
  double s = 0;

  sl_conv2d_forward (&c->s, c->n, c->in, c->w, c->b, c->col, c->out);
  for (size_t i = 0; i < out_len (c); i++)
    s += (double) c->out[i] * c->r[i];
  return s;
}

/* central differences on up to 150 entries of x, error relative to the gradient's norm */
static void
check_fd (const char *what, conv_case *c, float *x, const float *analytic, size_t n)
{
  size_t stride = n > 150 ? n / 150 : 1;
  double diff2 = 0, norm2 = 0, err;
  const double h = 1e-2;

  for (size_t i = 0; i < n; i += stride)
    {
      float saved = x[i];
      double lp, lm, num;

      x[i] = saved + (float) h;
      lp = loss (c);
      x[i] = saved - (float) h;
      lm = loss (c);
      x[i] = saved;
      num = (lp - lm) / (2 * h);
      diff2 += (num - analytic[i]) * (num - analytic[i]);
      norm2 += fmax (num * num, (double) analytic[i] * analytic[i]);
    }
  err = sqrt (diff2 / norm2);
  g_test_message ("%s: finite differences, relative error %.2e", what, err);
  g_assert_cmpfloat (err, <, FD_TOL);
}

static void
check_gradients (const char *name, conv_case *c)
{
  float *dw = g_new (float, w_len (c)), *din = g_new (float, in_len (c)), db[64];
  char what[128];

  sl_conv2d_backward (&c->s, c->n, c->in, c->col, c->w, c->r, dw, db, din);
  snprintf (what, sizeof what, "%s input gradient", name);
  check_fd (what, c, c->in, din, in_len (c));
  snprintf (what, sizeof what, "%s weight gradient", name);
  check_fd (what, c, c->w, dw, w_len (c));
  g_free (dw), g_free (din);
}

static void
check_path (sl_conv_algo algo, int cin, int h, int w, int cout, int k, int pad, int n)
{
  conv_case c = make_case (cin, h, w, cout, k, pad, n, algo);
  char name[96];

  snprintf (name, sizeof name, "%s k%d p%d %dx%dx%d -> %d, n%d",
            algo == SL_CONV_WINOGRAD ? "winograd" : "direct", k, pad, cin, h, w, cout, n);
  check_against_reference (name, &c);
  check_gradients (name, &c);
  free_case (&c);
}

static void
test_winograd (void)
{
  check_path (SL_CONV_WINOGRAD, 16, 9, 7, 8, 3, 1, 3);   /* odd sizes: partial edge tiles */
  check_path (SL_CONV_WINOGRAD, 5, 6, 6, 4, 3, 0, 2);    /* no padding */
  check_path (SL_CONV_WINOGRAD, 3, 5, 8, 6, 3, 2, 2);    /* padding 2 */
  check_path (SL_CONV_WINOGRAD, 2, 1, 1, 3, 3, 1, 2);    /* one pixel */
}

/* a batch larger than one chunk of transforms */
static void
test_winograd_chunks (void)
{
  sl_conv_shape s = { 16, 48, 48, 16, 3, 1, 1, 48, 48, SL_CONV_WINOGRAD };
  size_t one = sl_winograd_scratch_floats (&s, 1), five = sl_winograd_scratch_floats (&s, 5);

  /* five images need more scratch than one, but not five times the transforms */
  g_assert_cmpuint (five, >, one);
  g_assert_cmpuint (five - 32 * 16 * 16, <, 5 * (one - 32 * 16 * 16));
  check_path (SL_CONV_WINOGRAD, 16, 48, 48, 16, 3, 1, 5);
}

static void
test_direct (void)
{
  check_path (SL_CONV_DIRECT, 1, 9, 7, 5, 3, 1, 3);
  check_path (SL_CONV_DIRECT, 3, 8, 11, 4, 3, 1, 2);
  check_path (SL_CONV_DIRECT, 2, 7, 6, 3, 5, 2, 2);
  check_path (SL_CONV_DIRECT, 3, 6, 9, 4, 3, 0, 2);
  check_path (SL_CONV_DIRECT, 1, 20, 37, 4, 3, 1, 2);   /* rows longer than the 8-wide sums */
}

/* im2col keeping its col between the passes: the same outputs and gradients, bit for bit, as
 * recomputing it, on a batch of one chunk (col reused) and of several (recomputed) */
static void
check_kept_col (int cin, int h, int w, int cout, int n)
{
  conv_case c = make_case (cin, h, w, cout, 3, 1, n, SL_CONV_IM2COL);
  sl_conv_shape kept = c.s;
  float *out = g_new (float, out_len (&c)), *dw = g_new (float, w_len (&c));
  float *dw_ref = g_new (float, w_len (&c)), *din = g_new (float, in_len (&c));
  float *din_ref = g_new (float, in_len (&c)), *col;

  kept.keep_col = 1;
  g_assert_cmpuint (sl_conv2d_scratch_floats (&kept, n), ==,
                    2 * sl_conv2d_scratch_floats (&c.s, n));
  col = g_new (float, sl_conv2d_scratch_floats (&kept, n));
  sl_conv2d_forward (&c.s, n, c.in, c.w, c.b, c.col, c.out);
  sl_conv2d_backward (&c.s, n, c.in, c.col, c.w, c.r, dw_ref, NULL, din_ref);
  sl_conv2d_forward (&kept, n, c.in, c.w, c.b, col, out);
  sl_conv2d_backward (&kept, n, c.in, col, c.w, c.r, dw, NULL, din);
  g_assert_cmpmem (out, sizeof (float) * out_len (&c), c.out, sizeof (float) * out_len (&c));
  g_assert_cmpmem (dw, sizeof (float) * w_len (&c), dw_ref, sizeof (float) * w_len (&c));
  g_assert_cmpmem (din, sizeof (float) * in_len (&c), din_ref, sizeof (float) * in_len (&c));
  /* a second backward pass (as Grad-CAM's after a training step's) still finds the col */
  sl_conv2d_backward (&kept, n, c.in, col, c.w, c.r, dw, NULL, NULL);
  g_assert_cmpmem (dw, sizeof (float) * w_len (&c), dw_ref, sizeof (float) * w_len (&c));
  g_free (out), g_free (dw), g_free (dw_ref), g_free (din), g_free (din_ref), g_free (col);
  free_case (&c);
}

static void
test_kept_col (void)
{
  g_assert_cmpint (sl_conv2d_chunk (&(sl_conv_shape) { 4, 9, 7, 5, 3, 1, 1, 9, 7 }, 3), ==, 3);
  check_kept_col (4, 9, 7, 5, 3);
  g_assert_cmpint (sl_conv2d_chunk (&(sl_conv_shape) { 64, 40, 40, 8, 3, 1, 1, 40, 40 }, 3), <, 3);
  check_kept_col (64, 40, 40, 8, 3);
}

/* AUTO picks Winograd for 3x3 stride-1 layers with many input channels and outputs of 8x8 or
 * more; everything else stays on im2col */
static void
test_choice (void)
{
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 1, 28, 28, 32, 3, 1, 1, 28, 28 }), ==,
                   SL_CONV_IM2COL);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 32, 14, 14, 64, 3, 1, 1, 14, 14 }), ==,
                   SL_CONV_WINOGRAD);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 64, 7, 7, 128, 3, 1, 1, 7, 7 }), ==,
                   SL_CONV_IM2COL);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 32, 14, 14, 64, 3, 2, 1, 7, 7 }), ==,
                   SL_CONV_IM2COL);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 32, 14, 14, 64, 1, 1, 0, 14, 14,
                                                      SL_CONV_WINOGRAD }), ==, SL_CONV_IM2COL);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 32, 14, 14, 64, 5, 1, 2, 14, 14,
                                                      SL_CONV_WINOGRAD }), ==, SL_CONV_IM2COL);
  g_assert_cmpint (sl_conv2d_algo (&(sl_conv_shape) { 1, 14, 14, 8, 5, 2, 2, 7, 7,
                                                      SL_CONV_DIRECT }), ==, SL_CONV_IM2COL);
}

/* A net whose second conv layer AUTO puts on Winograd: one training step's gradients against
 * the same net with that layer on im2col, and two trainings with the same seed and threads. */
#define NET_ARCH "conv3:16,bn,relu,conv3:16,bn,relu,maxpool2,gap,fc:3"

static void
net_gradients (sl_net *net, const float *x, const int *y, int n, float *grads)
{
  sl_net_load_input (net, x, n);
  sl_softmax_xent (3, n, sl_net_forward (net, n, 1), y, NULL, 0, net->probs, net->dlogits);
  sl_net_backward (net, n, net->dlogits, -1);
  memcpy (grads, net->grads, sizeof (float) * net->n_params);
}

static void
test_winograd_net (void)
{
  const int n = 6, side = 12;
  char err[256];
  sl_net *net = sl_net_create (NET_ARCH, 1, side, side, n, 3, err, sizeof err);
  sl_net_layer *L = &net->layers[3];
  float *x = g_new (float, n * side * side), *g_wino = g_new (float, net->n_params);
  float *g_ref = g_new (float, net->n_params), *col;
  int y[6] = { 0, 1, 2, 0, 1, 2 };
  sl_rng rng;

  g_assert_cmpint (L->spec.kind, ==, SL_LAYER_CONV);
  g_assert_cmpint (sl_conv2d_algo (&L->conv), ==, SL_CONV_WINOGRAD);
  g_assert_cmpint (sl_conv2d_algo (&net->layers[0].conv), ==, SL_CONV_IM2COL);
  sl_rng_seed (&rng, 8);
  for (int i = 0; i < n * side * side; i++)
    x[i] = sl_rng_uniform (&rng);
  net_gradients (net, x, y, n, g_wino);
  L->conv.algo = SL_CONV_IM2COL;
  col = g_new (float, sl_conv2d_scratch_floats (&L->conv, n));
  L->col = col;
  net_gradients (net, x, y, n, g_ref);
  g_test_message ("whole net, Winograd against im2col: gradients differ by %.1e",
                  rel_diff (g_wino, g_ref, net->n_params));
  g_assert_cmpfloat (rel_diff (g_wino, g_ref, net->n_params), <, 10 * REF_TOL);
  sl_net_free (net);
  g_free (col), g_free (x), g_free (g_wino), g_free (g_ref);
}

static void
test_winograd_deterministic (void)
{
  const int n = 64, side = 12;
  float *x = g_new (float, n * side * side);
  int *y = g_new (int, n);
  sl_net *a, *b;
  sl_train_config cfg;
  sl_train_result res;
  sl_dataset d = { x, y, n, 1, side, side };
  char err[256];
  sl_rng rng;

  sl_rng_seed (&rng, 9);
  for (int i = 0; i < n * side * side; i++)
    x[i] = sl_rng_uniform (&rng);
  for (int i = 0; i < n; i++)
    y[i] = i % 3;
  sl_train_defaults_for (&cfg, 1, side, side, n, 3);
  cfg.epochs = 2;
  cfg.batch_size = 16;
  cfg.threads = 2;
  a = sl_net_create (NET_ARCH, 1, side, side, 16, 4, err, sizeof err);
  b = sl_net_create (NET_ARCH, 1, side, side, 16, 4, err, sizeof err);
  g_assert_cmpint (sl_train (a, &d, NULL, &cfg, NULL, NULL, &res, err, sizeof err), ==, 0);
  g_assert_cmpint (sl_train (b, &d, NULL, &cfg, NULL, NULL, &res, err, sizeof err), ==, 0);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params,
                   b->n_params * sizeof (float));
  sl_net_free (a);
  sl_net_free (b);
  g_free (x);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/conv-paths/winograd", test_winograd);
  g_test_add_func ("/sightline/ml/conv-paths/winograd-chunks", test_winograd_chunks);
  g_test_add_func ("/sightline/ml/conv-paths/direct", test_direct);
  g_test_add_func ("/sightline/ml/conv-paths/kept-col", test_kept_col);
  g_test_add_func ("/sightline/ml/conv-paths/choice", test_choice);
  g_test_add_func ("/sightline/ml/conv-paths/winograd-net", test_winograd_net);
  g_test_add_func ("/sightline/ml/conv-paths/winograd-deterministic", test_winograd_deterministic);
  return g_test_run ();
}
