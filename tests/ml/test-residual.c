/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Residual blocks (res:<C>[/s<S>]): parsing, shapes and parameter counts, and their backward
 * pass against finite differences with identity and projected shortcuts, strides, odd sizes,
 * in training and in inference mode (Grad-CAM's backward). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "grad-check.h"
#include "sl-net-private.h"

static void
expect_error (const char *arch, const char *fragment)
{
  char err[256] = "";
  sl_net *net = sl_net_create (arch, 3, 16, 16, 4, 1, err, sizeof err);

  g_test_message ("%s -> %s", arch, err);
  g_assert_null (net);
  g_assert_nonnull (strstr (err, fragment));
}

static void
test_parse_and_shapes (void)
{
  sl_layer_spec specs[SL_ARCH_MAX_LAYERS];
  char err[256];
  sl_net *net;

  g_assert_cmpint (sl_arch_parse ("res:16,res:32/s2,gap,fc:2", specs, SL_ARCH_MAX_LAYERS, err,
                                  sizeof err), ==, 4);
  g_assert_cmpint (specs[0].kind, ==, SL_LAYER_RES);
  g_assert_cmpint (specs[0].channels, ==, 16);
  g_assert_cmpint (specs[0].stride, ==, 1);
  g_assert_cmpint (specs[1].channels, ==, 32);
  g_assert_cmpint (specs[1].stride, ==, 2);
  expect_error ("res,fc:2", "res:<C>[/s<S>]");
  expect_error ("res:0,fc:2", "res:<C>[/s<S>]");
  expect_error ("res:8/s0,fc:2", "stride");
  expect_error ("res:8/p1,fc:2", "res takes only /s<S>");
  expect_error ("res:8/s2x,fc:2", "unexpected \"x\"");

  /* 3x9x7 -> identity block keeps 3x9x7 -> strided block: 8x5x4 */
  net = sl_net_create ("res:3,res:8/s2,fc:2", 3, 9, 7, 4, 1, err, sizeof err);
  g_assert_nonnull (net);
  g_assert_cmpint (net->layers[0].oc, ==, 3);
  g_assert_cmpint (net->layers[0].oh, ==, 9);
  g_assert_cmpint (net->layers[0].ow, ==, 7);
  g_assert_cmpint (net->layers[0].res.proj.cout, ==, 0);
  g_assert_cmpint (net->layers[1].oc, ==, 8);
  g_assert_cmpint (net->layers[1].oh, ==, 5);
  g_assert_cmpint (net->layers[1].ow, ==, 4);
  g_assert_cmpint (net->layers[1].res.proj.cout, ==, 8);
  /* block 1: 2 convs 3x3x3x3 + 2 bn; block 2: 8x3x9 + 8x8x9 + 1x1 8x3 + 3 bn; fc 2x160 + 2 */
  g_assert_cmpint (sl_net_num_params (net), ==,
                   (2 * 81 + 4 * 3) + (216 + 576 + 24 + 6 * 8) + (2 * 160 + 2));
  sl_net_free (net);

  /* a channel change alone also needs the projection */
  net = sl_net_create ("res:5,gap,fc:2", 3, 6, 6, 4, 1, err, sizeof err);
  g_assert_nonnull (net);
  g_assert_cmpint (net->layers[0].res.proj.cout, ==, 5);
  g_assert_cmpint (net->layers[0].res.proj.stride, ==, 1);
  sl_net_free (net);
}

/* ---- one block on its own against a double-precision reference: the float32 block's output
 * must match the reference, and its gradients the reference's central differences (in double,
 * free of the rounding that makes a whole float32 net's input gradient noisy) ---- */

typedef struct
{
  const sl_residual *r;
  int n, training;
  double *in, *w1, *w2, *wp, *g1, *b1, *g2, *b2, *gp, *bp, *target;
  double *t1, *t2, *out;   /* scratch */
} ref_block;

/* direct convolution, no bias: in (cin, n, h, w) -> out (cout, n, ho, wo) */
static void
ref_conv (const sl_conv_shape *s, int n, const double *in, const double *w, double *out)
{
  for (int co = 0; co < s->cout; co++)
    for (int i = 0; i < n; i++)
      for (int oy = 0; oy < s->ho; oy++)
        for (int ox = 0; ox < s->wo; ox++)
          {
            double acc = 0;

            for (int ci = 0; ci < s->cin; ci++)
              for (int ky = 0; ky < s->k; ky++)
                for (int kx = 0; kx < s->k; kx++)
                  {
                    int iy = oy * s->stride - s->pad + ky, ix = ox * s->stride - s->pad + kx;

                    if (iy >= 0 && iy < s->h && ix >= 0 && ix < s->w)
                      acc += w[((co * s->cin + ci) * s->k + ky) * s->k + kx]
                             * in[(((size_t) ci * n + i) * s->h + iy) * s->w + ix];
                  }
            out[(((size_t) co * n + i) * s->ho + oy) * s->wo + ox] = acc;
          }
}

/* batch norm over rows of m, in place, optional ReLU: with the batch's statistics in training
 * mode, else with the float block's running statistics */
static void
ref_bn (const ref_block *b, const sl_bn_state *bn, int c, int m, double *x, const double *gamma,
        const double *beta, int relu)
{
  for (int ch = 0; ch < c; ch++)
    {
      double *row = x + (size_t) ch * m, mean = 0, var = 0;

      if (b->training)
        {
          for (int i = 0; i < m; i++)
            mean += row[i] / m;
          for (int i = 0; i < m; i++)
            var += (row[i] - mean) * (row[i] - mean) / m;
        }
      else
        {
          mean = bn->running_mean[ch];
          var = bn->running_var[ch];
        }
      for (int i = 0; i < m; i++)
        {
          double v = gamma[ch] * (row[i] - mean) / sqrt (var + SL_BN_EPS) + beta[ch];

          row[i] = relu && v < 0 ? 0 : v;
        }
    }
}

static double
ref_block_loss (void *p)
{
  ref_block *b = p;
  const sl_residual *r = b->r;
  const int c = r->conv1.cout, m = b->n * r->conv1.ho * r->conv1.wo;
  double loss = 0;

  ref_conv (&r->conv1, b->n, b->in, b->w1, b->t1);
  ref_bn (b, &r->bn1, c, m, b->t1, b->g1, b->b1, 1);
  ref_conv (&r->conv2, b->n, b->t1, b->w2, b->out);
  ref_bn (b, &r->bn2, c, m, b->out, b->g2, b->b2, 0);
  if (r->proj.cout)
    {
      ref_conv (&r->proj, b->n, b->in, b->wp, b->t2);
      ref_bn (b, &r->bnp, c, m, b->t2, b->gp, b->bp, 0);
    }
  for (size_t i = 0; i < (size_t) c * m; i++)
    {
      b->out[i] += r->proj.cout ? b->t2[i] : b->in[i];
      b->out[i] = b->out[i] > 0 ? b->out[i] : 0;
      loss += b->out[i] * b->target[i];
    }
  return loss;
}

static double *
to_double (const float *x, size_t n)
{
  double *d = g_new (double, n);

  for (size_t i = 0; i < n; i++)
    d[i] = x[i];
  return d;
}

/* analytic (float) against central differences of the reference in x (double) */
static void
check_against_reference (const char *what, ref_block *b, double *x, const float *analytic,
                         size_t n)
{
  double diff2 = 0, norm2 = 0;

  for (size_t i = 0; i < n; i++)
    {
      double saved = x[i], lp, lm, num;

      x[i] = saved + 1e-6;
      lp = ref_block_loss (b);
      x[i] = saved - 1e-6;
      lm = ref_block_loss (b);
      x[i] = saved;
      num = (lp - lm) / 2e-6;
      diff2 += (num - analytic[i]) * (num - analytic[i]);
      norm2 += num * num;
    }
  g_test_message ("%s: relative error %.2e over %zu entries", what, sqrt (diff2 / norm2), n);
  if (!(sqrt (diff2 / norm2) < GRAD_TOL))
    g_error ("%s: relative error %.3e against the double reference", what, sqrt (diff2 / norm2));
}

static void
check_block (int in_c, int h, int w, int channels, int stride, int training)
{
  const int n = 3;
  char arch[64], err[256];
  sl_net *net;
  sl_residual *r;
  ref_block b = { 0 };
  size_t in_len, out_len, w1_len, w2_len, wp_len;
  float *din, *target, *out;
  double max_diff = 0;
  sl_rng rng;

  g_snprintf (arch, sizeof arch, "res:%d/s%d,gap,fc:2", channels, stride);
  net = sl_net_create (arch, in_c, h, w, n, 5, err, sizeof err);
  g_assert_nonnull (net);
  r = &net->layers[0].res;
  in_len = (size_t) in_c * n * h * w;
  out_len = (size_t) channels * n * r->conv1.ho * r->conv1.wo;
  w1_len = (size_t) channels * in_c * 9;
  w2_len = (size_t) channels * channels * 9;
  wp_len = (size_t) channels * in_c;
  target = g_new (float, out_len);
  din = g_new (float, in_len);
  out = net->layers[0].out;
  sl_rng_seed (&rng, 41);
  fill_normal (&rng, net->input, in_len, 1);
  fill_normal (&rng, target, out_len, 1);
  fill_normal (&rng, net->params + net->n_decay, net->n_params - net->n_decay, 0.3f);
  for (int ch = 0; ch < channels; ch++)
    {
      r->bn1.gamma[ch] += 1;
      r->bn2.gamma[ch] += 1;
      if (r->proj.cout)
        r->bnp.gamma[ch] += 1;
    }
  for (size_t i = 0; i < net->n_buffers; i++)
    net->buffers[i] = 0.5f + 0.4f * sl_rng_uniform (&rng);
  sl_residual_forward (r, n, training, net->input, out);
  sl_residual_backward (r, n, training, net->input, out, target, din);

  b = (ref_block) { r, n, training, to_double (net->input, in_len), to_double (r->w1, w1_len),
                    to_double (r->w2, w2_len), r->proj.cout ? to_double (r->wp, wp_len) : NULL,
                    to_double (r->bn1.gamma, channels), to_double (r->bn1.beta, channels),
                    to_double (r->bn2.gamma, channels), to_double (r->bn2.beta, channels),
                    r->proj.cout ? to_double (r->bnp.gamma, channels) : NULL,
                    r->proj.cout ? to_double (r->bnp.beta, channels) : NULL,
                    to_double (target, out_len), g_new (double, out_len),
                    g_new (double, out_len), g_new (double, out_len) };
  ref_block_loss (&b);
  for (size_t i = 0; i < out_len; i++)
    max_diff = fmax (max_diff, fabs (b.out[i] - out[i]));
  g_test_message ("block %s on %dx%dx%d, %s mode: forward differs from the reference by %.2e "
                  "at most", arch, in_c, h, w, training ? "training" : "inference", max_diff);
  g_assert_cmpfloat (max_diff, <, 1e-4);
  check_against_reference ("input", &b, b.in, din, in_len);
  if (!training)
    goto out;   /* inference-mode backward: the input gradient only (for Grad-CAM) */
  check_against_reference ("conv1", &b, b.w1, r->dw1, w1_len);
  check_against_reference ("conv2", &b, b.w2, r->dw2, w2_len);
  check_against_reference ("bn1 gamma", &b, b.g1, r->bn1.dgamma, channels);
  check_against_reference ("bn1 beta", &b, b.b1, r->bn1.dbeta, channels);
  check_against_reference ("bn2 gamma", &b, b.g2, r->bn2.dgamma, channels);
  check_against_reference ("bn2 beta", &b, b.b2, r->bn2.dbeta, channels);
  if (r->proj.cout)
    {
      check_against_reference ("shortcut conv", &b, b.wp, r->dwp, wp_len);
      check_against_reference ("shortcut bn gamma", &b, b.gp, r->bnp.dgamma, channels);
      check_against_reference ("shortcut bn beta", &b, b.bp, r->bnp.dbeta, channels);
    }
out:
  g_free (b.in), g_free (b.w1), g_free (b.w2), g_free (b.wp), g_free (b.g1), g_free (b.b1);
  g_free (b.g2), g_free (b.b2), g_free (b.gp), g_free (b.bp), g_free (b.target);
  g_free (b.t1), g_free (b.t2), g_free (b.out);
  g_free (din);
  g_free (target);
  sl_net_free (net);
}

static void
test_block (void)
{
  for (int training = 1; training >= 0; training--)
    {
      check_block (3, 7, 6, 3, 1, training);   /* identity */
      check_block (2, 9, 7, 5, 2, training);   /* projection with stride, odd sizes */
      check_block (3, 5, 6, 4, 1, training);   /* projection for the channels alone */
      check_block (4, 10, 10, 4, 3, training); /* stride 3 */
    }
}

/* whole nets: the blocks wired among other layers (parameters and input gradient) */
static void
test_gradients (void)
{
  check_net ("res:3,gap,fc:3", 3, 7, 6);                    /* identity shortcut */
  check_net ("res:5/s2,gap,fc:3", 2, 6, 6);                 /* projection with stride */
  check_net ("res:4,fc:3", 3, 5, 5);                        /* projection, stride 1 */
  check_net ("conv3:5,bn,relu,res:5,gap,fc:3", 2, 7, 7);
  check_net ("conv3:4/s2,bn,relu,res:5/s3,dropout:0.2,fc:3", 1, 11, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/residual/parse-and-shapes", test_parse_and_shapes);
  g_test_add_func ("/sightline/ml/residual/block", test_block);
  g_test_add_func ("/sightline/ml/residual/gradients", test_gradients);
  return g_test_run ();
}
