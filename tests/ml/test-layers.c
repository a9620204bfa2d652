/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every layer's backward pass against central finite differences, on random inputs with odd
 * sizes, strides and paddings, and a whole small network. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "grad-check.h"
#include "sl-layers.h"

/* ---- convolution ---- */

typedef struct
{
  sl_conv_shape s;
  int n;
  float *in, *w, *b, *col, *out, *r;
} conv_ctx;

static double
conv_loss (void *p)
{
  conv_ctx *c = p;

  sl_conv2d_forward (&c->s, c->n, c->in, c->w, c->b, c->col, c->out);
  return dot (c->out, c->r, (size_t) c->s.cout * c->n * c->s.ho * c->s.wo);
}

static void
check_conv (int cin, int h, int w, int cout, int k, int stride, int pad, int n)
{
  sl_rng rng;
  conv_ctx c = { { cin, h, w, cout, k, stride, pad, (h + 2 * pad - k) / stride + 1,
                   (w + 2 * pad - k) / stride + 1 }, n };
  size_t in_len = (size_t) cin * n * h * w, w_len = (size_t) cout * cin * k * k;
  size_t out_len = (size_t) cout * n * c.s.ho * c.s.wo, col_len = w_len / cout * n * c.s.ho * c.s.wo;
  float *dw = g_new (float, w_len), *db = g_new (float, cout), *din = g_new (float, in_len);
  char name[96];

  sl_rng_seed (&rng, 1000 + k * 10 + stride);
  c.in = g_new (float, in_len);
  c.w = g_new (float, w_len);
  c.b = g_new (float, cout);
  c.col = g_new (float, col_len);
  c.out = g_new (float, out_len);
  c.r = g_new (float, out_len);
  fill_normal (&rng, c.in, in_len, 1);
  fill_normal (&rng, c.w, w_len, 0.5f);
  fill_normal (&rng, c.b, cout, 0.5f);
  fill_normal (&rng, c.r, out_len, 1);
  conv_loss (&c);
  sl_conv2d_backward (&c.s, n, c.in, c.col, c.w, c.r, dw, db, din);
  snprintf (name, sizeof name, "conv k%d s%d p%d %dx%dx%d n%d", k, stride, pad, cin, h, w, n);
  /* large images: fewer entries (each costs two whole forwards) */
  check_grad (name, conv_loss, &c, c.in, din, in_len, in_len > 20000 ? 60 : 400);
  check_grad (name, conv_loss, &c, c.w, dw, w_len, in_len > 20000 ? 60 : 400);
  check_grad (name, conv_loss, &c, c.b, db, cout, 400);
  g_free (c.in), g_free (c.w), g_free (c.b), g_free (c.col), g_free (c.out), g_free (c.r);
  g_free (dw), g_free (db), g_free (din);
}

static void
test_conv (void)
{
  check_conv (3, 7, 5, 4, 3, 1, 1, 2);
  check_conv (2, 9, 8, 3, 3, 2, 1, 3);
  check_conv (2, 6, 7, 3, 5, 1, 2, 2);
  check_conv (3, 5, 5, 4, 1, 1, 0, 3);  /* pointwise: no im2col */
  check_conv (2, 7, 9, 3, 2, 2, 0, 2);
  check_conv (1, 8, 6, 5, 3, 1, 0, 2);
  check_conv (2, 11, 10, 2, 4, 3, 1, 1);
  check_conv (1, 5, 5, 2, 1, 2, 0, 2);  /* 1x1 with stride: im2col path */
  /* large images: the batch runs in several im2col chunks */
  g_assert_cmpint (sl_conv2d_chunk (&(sl_conv_shape) { 8, 64, 63, 2, 5, 1, 2, 64, 63 }, 3), <, 3);
  check_conv (8, 64, 63, 2, 5, 1, 2, 3);
  g_assert_cmpint (sl_conv2d_chunk (&(sl_conv_shape) { 32, 96, 96, 2, 3, 2, 1, 48, 48 }, 3), <, 3);
  check_conv (32, 96, 96, 2, 3, 2, 1, 3);
}

/* im2col against a direct convolution: the forward itself must be right. */
static void
test_conv_direct (void)
{
  sl_conv_shape s = { 2, 6, 5, 3, 3, 2, 1, 3, 3 };
  int n = 2;
  sl_rng rng;
  float in[2 * 2 * 6 * 5], w[3 * 2 * 9], b[3], col[2 * 9 * 2 * 9], out[3 * 2 * 9];

  sl_rng_seed (&rng, 5);
  fill_normal (&rng, in, G_N_ELEMENTS (in), 1);
  fill_normal (&rng, w, G_N_ELEMENTS (w), 1);
  fill_normal (&rng, b, 3, 1);
  sl_conv2d_forward (&s, n, in, w, b, col, out);
  for (int co = 0; co < 3; co++)
    for (int i = 0; i < n; i++)
      for (int oy = 0; oy < 3; oy++)
        for (int ox = 0; ox < 3; ox++)
          {
            double acc = b[co];

            for (int ci = 0; ci < 2; ci++)
              for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                  {
                    int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;

                    if (iy >= 0 && iy < 6 && ix >= 0 && ix < 5)
                      acc += w[(co * 2 + ci) * 9 + ky * 3 + kx] * in[((ci * n + i) * 6 + iy) * 5 + ix];
                  }
            g_assert_cmpfloat_with_epsilon (out[((co * n + i) * 3 + oy) * 3 + ox], acc, 1e-4);
          }
}

/* ---- batch norm ---- */

typedef struct
{
  int c, m, eval;
  float *x, *gamma, *beta, *mean, *invstd, *rm, *rv, *y, *r;
} bn_ctx;

static double
bn_loss (void *p)
{
  bn_ctx *b = p;

  if (b->eval)
    sl_batchnorm_forward_eval (b->c, b->m, b->x, b->gamma, b->beta, b->rm, b->rv, b->y);
  else
    sl_batchnorm_forward_train (b->c, b->m, b->x, b->gamma, b->beta, b->mean, b->invstd, b->rm,
                                b->rv, b->y);
  return dot (b->y, b->r, (size_t) b->c * b->m);
}

static void
test_batchnorm (void)
{
  bn_ctx b = { 3, 4 * 5 * 3 };
  size_t len = (size_t) b.c * b.m;
  float dgamma[3], dbeta[3];
  float *dx = g_new (float, len);
  sl_rng rng;

  sl_rng_seed (&rng, 7);
  b.x = g_new (float, len);
  b.y = g_new (float, len);
  b.r = g_new (float, len);
  b.gamma = g_new (float, 3), b.beta = g_new (float, 3), b.mean = g_new (float, 3);
  b.invstd = g_new (float, 3), b.rm = g_new0 (float, 3), b.rv = g_new (float, 3);
  fill_normal (&rng, b.x, len, 2);
  for (size_t i = 0; i < len; i++)
    b.x[i] += 1;
  fill_normal (&rng, b.r, len, 1);
  fill_normal (&rng, b.gamma, 3, 1);
  fill_normal (&rng, b.beta, 3, 1);
  for (int i = 0; i < 3; i++)
    b.rv[i] = 1.5f;
  bn_loss (&b);
  sl_batchnorm_backward (b.c, b.m, b.x, b.mean, b.invstd, b.gamma, b.r, dgamma, dbeta, dx);
  check_grad ("bn train x", bn_loss, &b, b.x, dx, len, 400);
  check_grad ("bn train gamma", bn_loss, &b, b.gamma, dgamma, 3, 3);
  check_grad ("bn train beta", bn_loss, &b, b.beta, dbeta, 3, 3);

  /* the normalised output has mean beta and sd |gamma| per channel */
  bn_loss (&b);
  for (int ch = 0; ch < 3; ch++)
    {
      double s = 0, s2 = 0;

      for (int i = 0; i < b.m; i++)
        s += b.y[ch * b.m + i];
      s /= b.m;
      for (int i = 0; i < b.m; i++)
        s2 += (b.y[ch * b.m + i] - s) * (b.y[ch * b.m + i] - s);
      g_assert_cmpfloat_with_epsilon (s, b.beta[ch], 1e-4);
      g_assert_cmpfloat_with_epsilon (sqrt (s2 / b.m), fabsf (b.gamma[ch]), 1e-3);
    }

  b.eval = 1;
  bn_loss (&b);
  sl_batchnorm_backward_eval (b.c, b.m, b.gamma, b.rv, b.r, dx);
  check_grad ("bn eval x", bn_loss, &b, b.x, dx, len, 400);
  g_free (b.x), g_free (b.y), g_free (b.r), g_free (b.gamma), g_free (b.beta), g_free (b.mean);
  g_free (b.invstd), g_free (b.rm), g_free (b.rv), g_free (dx);
}

/* ---- relu, max pool, gap, dropout ---- */

typedef struct
{
  int kind; /* 0 relu, 1 maxpool, 2 gap, 3 dropout */
  int planes, h, w, k;
  float *x, *y, *r, *mask;
  int32_t *arg;
  sl_rng rng;
} elem_ctx;

static size_t
elem_out_len (elem_ctx *e)
{
  switch (e->kind)
    {
    case 1: return (size_t) e->planes * (e->h / e->k) * (e->w / e->k);
    case 2: return e->planes;
    default: return (size_t) e->planes * e->h * e->w;
    }
}

static double
elem_loss (void *p)
{
  elem_ctx *e = p;
  size_t len = (size_t) e->planes * e->h * e->w;
  sl_rng rng = e->rng; /* the same mask every time */

  switch (e->kind)
    {
    case 0: sl_relu_forward (len, e->x, e->y); break;
    case 1: sl_maxpool_forward (e->planes, e->h, e->w, e->k, e->x, e->y, e->arg); break;
    case 2: sl_gap_forward (e->planes, e->h * e->w, e->x, e->y); break;
    default: sl_dropout_forward (len, 0.4f, &rng, e->x, e->mask, e->y); break;
    }
  return dot (e->y, e->r, elem_out_len (e));
}

static void
check_elem (const char *name, int kind, int planes, int h, int w, int k)
{
  elem_ctx e = { kind, planes, h, w, k };
  size_t len = (size_t) planes * h * w;
  float *dx = g_new (float, len);

  sl_rng_seed (&e.rng, 11 + kind);
  e.x = g_new (float, len);
  e.y = g_new (float, len);
  e.r = g_new (float, len);
  e.mask = g_new (float, len);
  e.arg = g_new (int32_t, len);
  /* values on a shuffled grid spaced well beyond the step: no kink or tie is crossed */
  for (size_t i = 0; i < len; i++)
    e.x[i] = (float) ((long) ((i * 7919) % len) - (long) len / 2) * 0.05f + 0.0173f;
  fill_normal (&e.rng, e.r, len, 1);
  elem_loss (&e);
  switch (kind)
    {
    case 0: sl_relu_backward (len, e.y, e.r, dx); break;
    case 1: sl_maxpool_backward (planes, h, w, k, e.arg, e.r, dx); break;
    case 2: sl_gap_backward (planes, h * w, e.r, dx); break;
    default: sl_dropout_backward (len, e.mask, e.r, dx); break;
    }
  check_grad (name, elem_loss, &e, e.x, dx, len, 1000);
  g_free (e.x), g_free (e.y), g_free (e.r), g_free (e.mask), g_free (e.arg), g_free (dx);
}

static void
test_elementwise (void)
{
  check_elem ("relu", 0, 3, 5, 7, 0);
  check_elem ("maxpool2 odd", 1, 4, 7, 5, 2);
  check_elem ("maxpool2", 1, 2, 8, 6, 2);
  check_elem ("maxpool3", 1, 3, 7, 8, 3);
  check_elem ("gap", 2, 5, 3, 7, 0);
  check_elem ("dropout", 3, 3, 5, 5, 0);
}

/* ---- fully connected, flatten ---- */

typedef struct
{
  int f, nout, n, c, hw;
  float *in, *flat, *w, *b, *out, *r;
} fc_ctx;

static double
fc_loss (void *p)
{
  fc_ctx *c = p;

  sl_flatten_forward (c->c, c->n, c->hw, c->in, c->flat);
  sl_fc_forward (c->f, c->nout, c->n, c->flat, c->w, c->b, c->out);
  return dot (c->out, c->r, (size_t) c->nout * c->n);
}

static void
test_fc (void)
{
  fc_ctx c = { 3 * 5, 4, 3, 3, 5 };
  size_t in_len = (size_t) c.f * c.n, w_len = (size_t) c.nout * c.f;
  float *dw = g_new (float, w_len), *db = g_new (float, c.nout), *dflat = g_new (float, in_len);
  float *din = g_new (float, in_len);
  sl_rng rng;

  sl_rng_seed (&rng, 13);
  c.in = g_new (float, in_len), c.flat = g_new (float, in_len), c.w = g_new (float, w_len);
  c.b = g_new (float, c.nout), c.out = g_new (float, c.nout * c.n), c.r = g_new (float, c.nout * c.n);
  fill_normal (&rng, c.in, in_len, 1);
  fill_normal (&rng, c.w, w_len, 1);
  fill_normal (&rng, c.b, c.nout, 1);
  fill_normal (&rng, c.r, (size_t) c.nout * c.n, 1);
  fc_loss (&c);
  sl_fc_backward (c.f, c.nout, c.n, c.flat, c.w, c.r, dw, db, dflat);
  sl_flatten_backward (c.c, c.n, c.hw, dflat, din);
  check_grad ("fc+flatten in", fc_loss, &c, c.in, din, in_len, 400);
  check_grad ("fc w", fc_loss, &c, c.w, dw, w_len, 400);
  check_grad ("fc b", fc_loss, &c, c.b, db, c.nout, 400);
  g_free (c.in), g_free (c.flat), g_free (c.w), g_free (c.b), g_free (c.out), g_free (c.r);
  g_free (dw), g_free (db), g_free (dflat), g_free (din);
}

/* ---- softmax cross-entropy ---- */

typedef struct
{
  int k, n;
  float *logits, *probs, *weights, smoothing;
  int *y;
} xent_ctx;

static double
xent_loss (void *p)
{
  xent_ctx *x = p;

  return sl_softmax_xent (x->k, x->n, x->logits, x->y, x->weights, x->smoothing, x->probs, NULL);
}

static void
test_xent (void)
{
  int y[5] = { 0, 2, 1, 2, 2 };
  float logits[15], probs[15], dl[15], weights[3] = { 2.0f, 0.5f, 1.0f };
  xent_ctx x = { 3, 5, logits, probs, weights, 0.1f, y };
  sl_rng rng;
  float l1;

  sl_rng_seed (&rng, 17);
  fill_normal (&rng, logits, 15, 2);
  sl_softmax_xent (3, 5, logits, y, weights, 0.1f, probs, dl);
  check_grad ("xent weighted smoothed", xent_loss, &x, logits, dl, 15, 15);
  x.weights = NULL;
  x.smoothing = 0;
  sl_softmax_xent (3, 5, logits, y, NULL, 0, probs, dl);
  check_grad ("xent plain", xent_loss, &x, logits, dl, 15, 15);

  /* a hand-computed value: two classes, logits (0, ln 3) -> p = (1/4, 3/4) */
  {
    float lg[2] = { 0, logf (3) }, pr[2];
    int yy = 0;

    l1 = sl_softmax_xent (2, 1, lg, &yy, NULL, 0, pr, NULL);
    g_assert_cmpfloat_with_epsilon (l1, logf (4), 1e-6);
    g_assert_cmpfloat_with_epsilon (pr[1], 0.75, 1e-6);
  }
}

static void
test_net (void)
{
  check_net ("conv3:4/s2,bn,relu,maxpool2,conv1:5,bn,relu,dropout:0.3,fc:3", 2, 11, 9);
  check_net ("conv3:3,bn,relu,conv3:4/p0,gap,fc:3", 1, 7, 7);
  check_net ("conv5:3/s2/p1,relu,fc:6,relu,fc:3", 1, 9, 8);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/layers/conv", test_conv);
  g_test_add_func ("/sightline/ml/layers/conv-direct", test_conv_direct);
  g_test_add_func ("/sightline/ml/layers/batchnorm", test_batchnorm);
  g_test_add_func ("/sightline/ml/layers/elementwise", test_elementwise);
  g_test_add_func ("/sightline/ml/layers/fc", test_fc);
  g_test_add_func ("/sightline/ml/layers/softmax-xent", test_xent);
  g_test_add_func ("/sightline/ml/layers/net", test_net);
  return g_test_run ();
}
