/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-residual.h"

#include <math.h>
#include <string.h>

float *
sl_net_slab_take (float *base, size_t *at, size_t count)
{
  float *p = base ? base + *at : NULL;

  *at += (count + SL_NET_ALIGN_FLOATS - 1) / SL_NET_ALIGN_FLOATS * SL_NET_ALIGN_FLOATS;
  return p;
}

void
sl_residual_init_shapes (sl_residual *r, int c, int h, int w, int channels, int stride)
{
  const int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1;

  memset (r, 0, sizeof *r);
  r->conv1 = (sl_conv_shape) { c, h, w, channels, 3, stride, 1, ho, wo };
  r->conv2 = (sl_conv_shape) { channels, ho, wo, channels, 3, 1, 1, ho, wo };
  if (stride != 1 || c != channels)
    r->proj = (sl_conv_shape) { c, h, w, channels, 1, stride, 0, ho, wo };
}

static size_t
weights (const sl_conv_shape *s)
{
  return (size_t) s->cout * s->cin * s->k * s->k;
}

static size_t
col_size (const sl_conv_shape *s, int max_batch)
{
  if (!s->cout || sl_conv2d_is_pointwise (s))
    return 0;
  return weights (s) / s->cout * s->ho * s->wo * sl_conv2d_chunk (s, max_batch);
}

static void
layout_bn (sl_bn_state *bn, int c, sl_net_slab *slab)
{
  bn->gamma = sl_net_slab_take (slab->params, &slab->other_at, c);
  bn->dgamma = slab->grads ? slab->grads + (bn->gamma - slab->params) : NULL;
  bn->beta = sl_net_slab_take (slab->params, &slab->other_at, c);
  bn->dbeta = slab->grads ? slab->grads + (bn->beta - slab->params) : NULL;
  bn->running_mean = sl_net_slab_take (slab->buffers, &slab->buffer_at, c);
  bn->running_var = sl_net_slab_take (slab->buffers, &slab->buffer_at, c);
  bn->mean = sl_net_slab_take (slab->acts, &slab->act_at, c);
  bn->invstd = sl_net_slab_take (slab->acts, &slab->act_at, c);
}

static float *
take_weights (const sl_conv_shape *s, sl_net_slab *slab, float **grad)
{
  float *w = sl_net_slab_take (slab->params, &slab->decay_at, weights (s));

  *grad = slab->grads ? slab->grads + (w - slab->params) : NULL;
  return w;
}

void
sl_residual_layout (sl_residual *r, sl_net_slab *slab, int max_batch)
{
  const size_t B = (size_t) max_batch;
  const size_t in_sz = (size_t) r->conv1.cin * r->conv1.h * r->conv1.w;
  const size_t out_sz = (size_t) r->conv1.cout * r->conv1.ho * r->conv1.wo;
  const size_t scratch = (in_sz > out_sz ? in_sz : out_sz) * B;
  size_t col = col_size (&r->conv1, max_batch);

  if (col_size (&r->conv2, max_batch) > col)
    col = col_size (&r->conv2, max_batch);
  if (col_size (&r->proj, max_batch) > col)
    col = col_size (&r->proj, max_batch);
  r->w1 = take_weights (&r->conv1, slab, &r->dw1);
  r->w2 = take_weights (&r->conv2, slab, &r->dw2);
  layout_bn (&r->bn1, r->conv1.cout, slab);
  layout_bn (&r->bn2, r->conv2.cout, slab);
  r->a1 = sl_net_slab_take (slab->acts, &slab->act_at, out_sz * B);
  r->r1 = sl_net_slab_take (slab->acts, &slab->act_at, out_sz * B);
  r->a2 = sl_net_slab_take (slab->acts, &slab->act_at, out_sz * B);
  if (r->proj.cout)
    {
      r->wp = take_weights (&r->proj, slab, &r->dwp);
      layout_bn (&r->bnp, r->proj.cout, slab);
      r->ap = sl_net_slab_take (slab->acts, &slab->act_at, out_sz * B);
    }
  r->col = sl_net_slab_take (slab->acts, &slab->act_at, col);
  r->g1 = sl_net_slab_take (slab->acts, &slab->act_at, scratch);
  r->g2 = sl_net_slab_take (slab->acts, &slab->act_at, scratch);
  r->g3 = sl_net_slab_take (slab->acts, &slab->act_at, scratch);
}

size_t
sl_residual_num_params (const sl_residual *r)
{
  size_t n = weights (&r->conv1) + weights (&r->conv2) + 4 * (size_t) r->conv1.cout;

  if (r->proj.cout)
    n += weights (&r->proj) + 2 * (size_t) r->proj.cout;
  return n;
}

static void
init_conv (const sl_conv_shape *s, float *w, sl_rng *rng)
{
  const size_t n = weights (s), fan_in = n / s->cout;

  for (size_t i = 0; i < n; i++)
    w[i] = sl_rng_normal (rng) * sqrtf (2.0f / fan_in);
}

static void
init_bn (sl_bn_state *bn, int c)
{
  for (int j = 0; j < c; j++)
    {
      bn->gamma[j] = 1;
      bn->beta[j] = 0;
      bn->running_mean[j] = 0;
      bn->running_var[j] = 1;
    }
}

void
sl_residual_init_params (sl_residual *r, sl_rng *rng)
{
  init_conv (&r->conv1, r->w1, rng);
  init_conv (&r->conv2, r->w2, rng);
  init_bn (&r->bn1, r->conv1.cout);
  init_bn (&r->bn2, r->conv2.cout);
  if (r->proj.cout)
    {
      init_conv (&r->proj, r->wp, rng);
      init_bn (&r->bnp, r->proj.cout);
    }
}

static void
each_bn (const sl_bn_state *bn, int c, sl_tensor_fn fn, void *data)
{
  fn (bn->gamma, c, data);
  fn (bn->beta, c, data);
  fn (bn->running_mean, c, data);
  fn (bn->running_var, c, data);
}

void
sl_residual_each_tensor (const sl_residual *r, sl_tensor_fn fn, void *data)
{
  fn (r->w1, weights (&r->conv1), data);
  each_bn (&r->bn1, r->conv1.cout, fn, data);
  fn (r->w2, weights (&r->conv2), data);
  each_bn (&r->bn2, r->conv2.cout, fn, data);
  if (r->proj.cout)
    {
      fn (r->wp, weights (&r->proj), data);
      each_bn (&r->bnp, r->proj.cout, fn, data);
    }
}

static void
bn_forward (sl_bn_state *bn, int c, int m, int training, int relu, const float *x, float *y)
{
  if (training && relu)
    sl_batchnorm_relu_forward_train (c, m, x, bn->gamma, bn->beta, bn->mean, bn->invstd,
                                     bn->running_mean, bn->running_var, y);
  else if (training)
    sl_batchnorm_forward_train (c, m, x, bn->gamma, bn->beta, bn->mean, bn->invstd,
                                bn->running_mean, bn->running_var, y);
  else if (relu)
    sl_batchnorm_relu_forward_eval (c, m, x, bn->gamma, bn->beta, bn->running_mean,
                                    bn->running_var, y);
  else
    sl_batchnorm_forward_eval (c, m, x, bn->gamma, bn->beta, bn->running_mean, bn->running_var,
                               y);
}

void
sl_residual_forward (sl_residual *r, int n, int training, const float *in, float *out)
{
  const int c = r->conv1.cout, m = n * r->conv1.ho * r->conv1.wo;
  const size_t len = (size_t) c * m;

  sl_conv2d_forward (&r->conv1, n, in, r->w1, NULL, r->col, r->a1);
  bn_forward (&r->bn1, c, m, training, 1, r->a1, r->r1);
  sl_conv2d_forward (&r->conv2, n, r->r1, r->w2, NULL, r->col, r->a2);
  bn_forward (&r->bn2, c, m, training, 0, r->a2, out);
  if (r->proj.cout)
    {
      sl_conv2d_forward (&r->proj, n, in, r->wp, NULL, r->col, r->ap);
      bn_forward (&r->bnp, c, m, training, 0, r->ap, r->g1);
      for (size_t i = 0; i < len; i++)
        out[i] += r->g1[i];
    }
  else
    for (size_t i = 0; i < len; i++)
      out[i] += in[i];
  sl_relu_forward (len, out, out);
}

/* dy -> dx through a batch norm without a ReLU (dx may not be dy) */
static void
bn_backward (const sl_bn_state *bn, int c, int m, int training, const float *x, const float *dy,
             float *dx)
{
  if (training)
    sl_batchnorm_backward (c, m, x, bn->mean, bn->invstd, bn->gamma, dy, bn->dgamma, bn->dbeta,
                           dx);
  else
    sl_batchnorm_backward_eval (c, m, bn->gamma, bn->running_var, dy, dx);
}

void
sl_residual_backward (sl_residual *r, int n, int training, const float *in, const float *out,
                      const float *dout, float *din)
{
  const int c = r->conv1.cout, m = n * r->conv1.ho * r->conv1.wo;
  const size_t len = (size_t) c * m;
  const size_t in_len = (size_t) r->conv1.cin * n * r->conv1.h * r->conv1.w;
  float *g_sum = r->g1, *g_a = r->g2, *g_b = r->g3;

  /* the gradient of the sum (before the final relu) feeds both paths */
  sl_relu_backward (len, out, dout, g_sum);

  /* main path: bn2, conv2, bn1 + relu, conv1 */
  bn_backward (&r->bn2, c, m, training, r->a2, g_sum, g_a);
  sl_conv2d_backward (&r->conv2, n, r->r1, r->col, r->w2, g_a, r->dw2, NULL, g_b);
  if (training)
    sl_batchnorm_relu_backward (c, m, r->a1, r->r1, r->bn1.mean, r->bn1.invstd, r->bn1.gamma, g_b,
                                r->bn1.dgamma, r->bn1.dbeta, g_b);
  else
    sl_batchnorm_relu_backward_eval (c, m, r->r1, r->bn1.gamma, r->bn1.running_var, g_b, g_b);
  sl_conv2d_backward (&r->conv1, n, in, r->col, r->w1, g_b, r->dw1, NULL, din);

  /* shortcut */
  if (r->proj.cout)
    {
      bn_backward (&r->bnp, c, m, training, r->ap, g_sum, g_a);
      sl_conv2d_backward (&r->proj, n, in, r->col, r->wp, g_a, r->dwp, NULL, din ? g_b : NULL);
      if (din)
        for (size_t i = 0; i < in_len; i++)
          din[i] += g_b[i];
    }
  else if (din)
    for (size_t i = 0; i < in_len; i++)
      din[i] += g_sum[i];
}
