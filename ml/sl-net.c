/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-net-private.h"
#include "sl-ml-error.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t
round_up (size_t n)
{
  return (n + SL_NET_ALIGN_FLOATS - 1) / SL_NET_ALIGN_FLOATS * SL_NET_ALIGN_FLOATS;
}

static float *
alloc_floats (size_t n)
{
  void *p = NULL;

  if (posix_memalign (&p, 64, sizeof (float) * (n ? n : 1)))
    return NULL;
  memset (p, 0, sizeof (float) * (n ? n : 1));
  return p;
}

/* Zeroed floats whose pages take memory only when first written: a replica or a short batch
 * leaves part of its activations untouched. NULL when out of memory. */
static float *
map_floats (size_t n)
{
  void *p = mmap (NULL, sizeof (float) * (n ? n : 1), PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  return p == MAP_FAILED ? NULL : p;
}

void
sl_set_threads (int threads)
{
  if (threads <= 0)
    {
      long n = sysconf (_SC_NPROCESSORS_ONLN);

      threads = n > 0 ? (int) n : 1;
    }
  openblas_set_num_threads (threads);
}

/* Works out every layer's shapes; returns 0 or -1 with err set. */
static int
infer_shapes (sl_net *net, const sl_layer_spec *specs, int n, char *err, size_t err_len)
{
  int c = net->in_c, h = net->in_h, w = net->in_w;

  for (int i = 0; i < n; i++)
    {
      sl_net_layer *L = &net->layers[i];
      const sl_layer_spec *s = &specs[i];

      L->spec = *s;
      L->c = c;
      L->h = h;
      L->w = w;
      switch (s->kind)
        {
        case SL_LAYER_CONV:
          {
            int oh = (h + 2 * s->pad - s->k) / s->stride + 1;
            int ow = (w + 2 * s->pad - s->k) / s->stride + 1;

            if (h + 2 * s->pad < s->k || w + 2 * s->pad < s->k || oh < 1 || ow < 1)
              {
                sl_ml_fail (err, err_len, "layer %d (conv%d): kernel larger than its %dx%d input",
                            i + 1, s->k, h, w);
                return -1;
              }
            if (s->pad >= s->k)
              {
                sl_ml_fail (err, err_len,
                            "layer %d (conv%d): padding %d must be smaller than the kernel",
                            i + 1, s->k, s->pad);
                return -1;
              }
            L->conv = (sl_conv_shape) { c, h, w, s->channels, s->k, s->stride, s->pad, oh, ow,
                                        SL_CONV_AUTO, 1 };
            c = s->channels;
            h = oh;
            w = ow;
          }
          break;
        case SL_LAYER_RES:
          sl_residual_init_shapes (&L->res, c, h, w, s->channels, s->stride);
          c = s->channels;
          h = L->res.conv1.ho;
          w = L->res.conv1.wo;
          break;
        case SL_LAYER_MAXPOOL:
          if (h < s->k || w < s->k)
            {
              sl_ml_fail (err, err_len, "layer %d (maxpool%d): window larger than its %dx%d input",
                          i + 1, s->k, h, w);
              return -1;
            }
          h /= s->k;
          w /= s->k;
          break;
        case SL_LAYER_GAP:
          h = w = 1;
          break;
        case SL_LAYER_FC:
          c = s->channels;
          h = w = 1;
          break;
        case SL_LAYER_BN:
        case SL_LAYER_RELU:
        case SL_LAYER_DROPOUT:
          break;
        }
      L->oc = c;
      L->oh = h;
      L->ow = w;
    }
  net->n_classes = c;
  return 0;
}

static void
init_params (sl_net *net, uint64_t seed)
{
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  for (int i = 0; i < net->n_layers; i++)
    {
      sl_net_layer *L = &net->layers[i];
      size_t fan_in, nw;

      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
        case SL_LAYER_FC:
          /* He: normal with sd sqrt(2 / fan_in); bias 0 */
          fan_in = L->spec.kind == SL_LAYER_CONV ? (size_t) L->c * L->spec.k * L->spec.k
                                                 : (size_t) L->c * L->h * L->w;
          nw = fan_in * L->oc;
          for (size_t j = 0; j < nw; j++)
            L->wt[j] = sl_rng_normal (&rng) * sqrtf (2.0f / fan_in);
          break;
        case SL_LAYER_BN:
          for (int j = 0; j < L->c; j++)
            {
              L->wt[j] = 1;
              L->running_var[j] = 1;
            }
          break;
        case SL_LAYER_RES:
          sl_residual_init_params (&L->res, &rng);
          break;
        default:
          break;
        }
    }
}

sl_net *
sl_net_create (const char *arch, int in_c, int in_h, int in_w, int max_batch, uint64_t seed,
               char *err, size_t err_len)
{
  sl_layer_spec specs[SL_ARCH_MAX_LAYERS];
  sl_net *net;
  int n;
  size_t n_decay = 0, n_other = 0, n_buf = 0, n_acts = 0, max_act = 0, decay_at, other_at,
         buf_at = 0, act_at = 0;
  const size_t B = (size_t) max_batch;

  if (in_c < 1 || in_h < 1 || in_w < 1 || max_batch < 1)
    {
      sl_ml_fail (err, err_len, "bad input shape %dx%dx%d or batch %d", in_c, in_h, in_w,
                  max_batch);
      return NULL;
    }
  n = sl_arch_parse (arch, specs, SL_ARCH_MAX_LAYERS, err, err_len);
  if (n < 0)
    return NULL;
  net = calloc (1, sizeof *net);
  net->in_c = in_c;
  net->in_h = in_h;
  net->in_w = in_w;
  net->max_batch = max_batch;
  net->n_layers = n;
  net->norm_mean = malloc (sizeof (float) * in_c);
  net->norm_std = malloc (sizeof (float) * in_c);
  if (!net->norm_mean || !net->norm_std)
    {
      sl_net_free (net);
      sl_ml_fail (err, err_len, "out of memory");
      return NULL;
    }
  for (int c = 0; c < in_c; c++)
    {
      net->norm_mean[c] = 0;
      net->norm_std[c] = 1;
    }
  if (infer_shapes (net, specs, n, err, err_len) < 0)
    {
      sl_net_free (net);
      return NULL;
    }
  net->arch = strdup (arch);

  /* sizes */
  max_act = (size_t) in_c * in_h * in_w;
  n_acts += round_up (max_act * B);
  for (int i = 0; i < n; i++)
    {
      sl_net_layer *L = &net->layers[i];
      size_t in_sz = (size_t) L->c * L->h * L->w, out_sz = (size_t) L->oc * L->oh * L->ow;

      if (out_sz > max_act)
        max_act = out_sz;
      n_acts += round_up (out_sz * B);
      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
          n_decay += round_up ((size_t) L->oc * L->c * L->spec.k * L->spec.k);
          n_other += round_up (L->oc);
          if (!sl_conv2d_is_pointwise (&L->conv))
            n_acts += round_up (sl_conv2d_scratch_floats (&L->conv, max_batch));
          break;
        case SL_LAYER_FC:
          n_decay += round_up ((size_t) L->oc * in_sz);
          n_other += round_up (L->oc);
          if (L->h * L->w > 1)
            n_acts += round_up (in_sz * B);
          break;
        case SL_LAYER_BN:
          n_other += 2 * round_up (L->c);
          n_buf += 2 * round_up (L->c);
          n_acts += 2 * round_up (L->c);
          break;
        case SL_LAYER_MAXPOOL:
          n_acts += round_up (out_sz * B);
          break;
        case SL_LAYER_DROPOUT:
          n_acts += round_up (in_sz * B);
          break;
        case SL_LAYER_RES:
          {
            sl_net_slab count = { 0 };

            sl_residual_layout (&L->res, &count, max_batch);
            n_decay += count.decay_at;
            n_other += count.other_at;
            n_buf += count.buffer_at;
            n_acts += count.act_at;
          }
          break;
        default:
          break;
        }
    }
  n_acts += 2 * round_up (max_act * B) + 2 * round_up ((size_t) net->n_classes * B);

  net->n_params = n_decay + n_other;
  net->n_decay = n_decay;
  net->n_buffers = n_buf;
  net->params = alloc_floats (net->n_params);
  net->grads = alloc_floats (net->n_params);
  net->buffers = alloc_floats (n_buf);
  net->acts = map_floats (n_acts);
  net->n_acts = n_acts;
  if (!net->params || !net->grads || !net->buffers || !net->acts)
    {
      sl_net_free (net);
      sl_ml_fail (err, err_len, "out of memory for a network of %zu parameters and %zu "
                  "activations", n_decay + n_other, n_acts);
      return NULL;
    }

#define TAKE(base, at, count) sl_net_slab_take ((base), &(at), (count))
  decay_at = 0;
  other_at = n_decay;
  net->input = TAKE (net->acts, act_at, (size_t) in_c * in_h * in_w * B);
  for (int i = 0; i < n; i++)
    {
      sl_net_layer *L = &net->layers[i];
      size_t in_sz = (size_t) L->c * L->h * L->w, out_sz = (size_t) L->oc * L->oh * L->ow;
      size_t nw;

      L->out = TAKE (net->acts, act_at, out_sz * B);
      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
        case SL_LAYER_FC:
          nw = L->spec.kind == SL_LAYER_CONV ? (size_t) L->oc * L->c * L->spec.k * L->spec.k
                                             : (size_t) L->oc * in_sz;
          L->wt = net->params + decay_at;
          L->dwt = net->grads + decay_at;
          decay_at += round_up (nw);
          L->bias = net->params + other_at;
          L->dbias = net->grads + other_at;
          other_at += round_up (L->oc);
          if (L->spec.kind == SL_LAYER_CONV && !sl_conv2d_is_pointwise (&L->conv))
            L->col = TAKE (net->acts, act_at, sl_conv2d_scratch_floats (&L->conv, max_batch));
          if (L->spec.kind == SL_LAYER_FC && L->h * L->w > 1)
            L->flat = TAKE (net->acts, act_at, in_sz * B);
          break;
        case SL_LAYER_BN:
          L->wt = net->params + other_at;
          L->dwt = net->grads + other_at;
          other_at += round_up (L->c);
          L->bias = net->params + other_at;
          L->dbias = net->grads + other_at;
          other_at += round_up (L->c);
          L->running_mean = TAKE (net->buffers, buf_at, L->c);
          L->running_var = TAKE (net->buffers, buf_at, L->c);
          L->mean = TAKE (net->acts, act_at, L->c);
          L->invstd = TAKE (net->acts, act_at, L->c);
          break;
        case SL_LAYER_MAXPOOL:
          L->arg = (int32_t *) TAKE (net->acts, act_at, out_sz * B);
          break;
        case SL_LAYER_DROPOUT:
          L->mask = TAKE (net->acts, act_at, in_sz * B);
          break;
        case SL_LAYER_RES:
          {
            sl_net_slab slab = { net->params, net->grads, net->buffers, net->acts,
                                 decay_at, other_at, buf_at, act_at };

            sl_residual_layout (&L->res, &slab, max_batch);
            decay_at = slab.decay_at;
            other_at = slab.other_at;
            buf_at = slab.buffer_at;
            act_at = slab.act_at;
          }
          break;
        default:
          break;
        }
    }
  for (int i = 0; i + 1 < n; i++)
    {
      sl_net_layer *L = &net->layers[i], *next = &net->layers[i + 1];

      if (L->spec.kind == SL_LAYER_CONV && next->spec.kind == SL_LAYER_BN)
        L->no_bias = 1;
      if (L->spec.kind == SL_LAYER_BN && next->spec.kind == SL_LAYER_RELU)
        {
          L->fused_relu = 1;
          next->fused_away = 1;
          L->out = next->out;
          if (i + 2 < n && net->layers[i + 2].spec.kind == SL_LAYER_MAXPOOL
              && net->layers[i + 2].spec.k == 2)
            {
              L->fused_pool = 1;
              net->layers[i + 2].pooled_by_bn = 1;
            }
        }
    }
  net->grad_a = TAKE (net->acts, act_at, max_act * B);
  net->grad_b = TAKE (net->acts, act_at, max_act * B);
  net->probs = TAKE (net->acts, act_at, (size_t) net->n_classes * B);
  net->dlogits = TAKE (net->acts, act_at, (size_t) net->n_classes * B);
#undef TAKE

  net->class_names = calloc (net->n_classes, sizeof (char *));
  for (int k = 0; k < net->n_classes; k++)
    {
      char name[32];

      snprintf (name, sizeof name, "class %d", k);
      net->class_names[k] = strdup (name);
    }
  init_params (net, seed);
  sl_rng_seed (&net->dropout_rng, seed ^ 0x5d0f00d5ull);
  return net;
}

void
sl_net_free (sl_net *net)
{
  if (!net)
    return;
  if (net->class_names)
    for (int k = 0; k < net->n_classes; k++)
      free (net->class_names[k]);
  free (net->class_names);
  free (net->params);
  free (net->grads);
  free (net->buffers);
  if (net->acts)
    munmap (net->acts, sizeof (float) * (net->n_acts ? net->n_acts : 1));
  free (net->arch);
  free (net->norm_mean);
  free (net->norm_std);
  free (net);
}

int
sl_net_num_classes (const sl_net *net)
{
  return net->n_classes;
}

int
sl_net_num_params (const sl_net *net)
{
  size_t total = 0;

  for (int i = 0; i < net->n_layers; i++)
    {
      const sl_net_layer *L = &net->layers[i];

      if (L->spec.kind == SL_LAYER_CONV)
        total += (size_t) L->oc * (L->c * L->spec.k * L->spec.k + 1);
      else if (L->spec.kind == SL_LAYER_FC)
        total += (size_t) L->oc * ((size_t) L->c * L->h * L->w + 1);
      else if (L->spec.kind == SL_LAYER_BN)
        total += 2 * (size_t) L->c;
      else if (L->spec.kind == SL_LAYER_RES)
        total += sl_residual_num_params (&L->res);
    }
  return (int) total;
}

const char *
sl_net_arch (const sl_net *net)
{
  return net->arch;
}

void
sl_net_input_shape (const sl_net *net, int *c, int *h, int *w)
{
  if (c)
    *c = net->in_c;
  if (h)
    *h = net->in_h;
  if (w)
    *w = net->in_w;
}

void
sl_net_set_class_names (sl_net *net, const char *const *names, int n)
{
  for (int k = 0; k < net->n_classes && k < n; k++)
    if (names[k])
      {
        free (net->class_names[k]);
        net->class_names[k] = strdup (names[k]);
      }
}

const char *
sl_net_class_name (const sl_net *net, int k)
{
  if (k < 0 || k >= net->n_classes)
    return NULL;
  return net->class_names[k];
}

void
sl_net_set_normalisation (sl_net *net, const float *mean, const float *std)
{
  for (int c = 0; c < net->in_c; c++)
    {
      net->norm_mean[c] = mean[c];
      net->norm_std[c] = std[c] > 1e-6f ? std[c] : 1.0f;
    }
}

void
sl_net_get_normalisation (const sl_net *net, float *mean, float *std)
{
  memcpy (mean, net->norm_mean, sizeof (float) * net->in_c);
  memcpy (std, net->norm_std, sizeof (float) * net->in_c);
}

void
sl_net_load_input (sl_net *net, const float *x, int n)
{
  const size_t hw = (size_t) net->in_h * net->in_w;

  for (int c = 0; c < net->in_c; c++)
    {
      const float scale = 1.0f / net->norm_std[c], shift = -net->norm_mean[c] / net->norm_std[c];

      for (int i = 0; i < n; i++)
        {
          const float *src = x + ((size_t) i * net->in_c + c) * hw;
          float *dst = net->input + ((size_t) c * n + i) * hw;

          for (size_t j = 0; j < hw; j++)
            dst[j] = src[j] * scale + shift;
        }
    }
}

const float *
sl_net_forward (sl_net *net, int n, int training)
{
  const float *x = net->input;

  net->training = training;
  for (int i = 0; i < net->n_layers; i++)
    {
      sl_net_layer *L = &net->layers[i];
      const size_t in_len = (size_t) L->c * n * L->h * L->w;
      const int hw = L->h * L->w;

      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
          sl_conv2d_forward (&L->conv, n, x, L->wt, L->no_bias ? NULL : L->bias, L->col, L->out);
          break;
        case SL_LAYER_BN:
          if (L->fused_pool && training)
            {
              sl_net_layer *pool = &net->layers[i + 2];

              sl_batchnorm_relu_maxpool2_forward_train (L->c, n, L->h, L->w, x, L->wt, L->bias,
                                                        L->mean, L->invstd, L->running_mean,
                                                        L->running_var, pool->out, pool->arg);
            }
          else if (L->fused_relu && training)
            sl_batchnorm_relu_forward_train (L->c, n * hw, x, L->wt, L->bias, L->mean, L->invstd,
                                             L->running_mean, L->running_var, L->out);
          else if (L->fused_relu)
            sl_batchnorm_relu_forward_eval (L->c, n * hw, x, L->wt, L->bias, L->running_mean,
                                            L->running_var, L->out);
          else if (training)
            sl_batchnorm_forward_train (L->c, n * hw, x, L->wt, L->bias, L->mean, L->invstd,
                                        L->running_mean, L->running_var, L->out);
          else
            sl_batchnorm_forward_eval (L->c, n * hw, x, L->wt, L->bias, L->running_mean,
                                       L->running_var, L->out);
          break;
        case SL_LAYER_RELU:
          if (!L->fused_away)
            sl_relu_forward (in_len, x, L->out);
          break;
        case SL_LAYER_MAXPOOL:
          if (!(L->pooled_by_bn && training))
            sl_maxpool_forward (L->c * n, L->h, L->w, L->spec.k, x, L->out, L->arg);
          break;
        case SL_LAYER_GAP:
          sl_gap_forward (L->c * n, hw, x, L->out);
          break;
        case SL_LAYER_DROPOUT:
          if (training && L->spec.p > 0)
            sl_dropout_forward (in_len, L->spec.p, &net->dropout_rng, x, L->mask, L->out);
          else
            memcpy (L->out, x, sizeof (float) * in_len);
          break;
        case SL_LAYER_FC:
          if (hw > 1)
            {
              sl_flatten_forward (L->c, n, hw, x, L->flat);
              x = L->flat;
            }
          sl_fc_forward (L->c * hw, L->oc, n, x, L->wt, L->bias, L->out);
          break;
        case SL_LAYER_RES:
          sl_residual_forward (&L->res, n, training, x, L->out);
          break;
        }
      x = L->out;
    }
  return x;
}

float *
sl_net_backward (sl_net *net, int n, const float *dlogits, int down_to)
{
  const float *dy = dlogits;
  float *din = NULL;
  const int lowest = down_to < 0 ? 0 : down_to + 1;

  for (int i = net->n_layers - 1; i >= lowest; i--)
    {
      sl_net_layer *L = &net->layers[i];
      const float *x = i > 0 ? net->layers[i - 1].out : net->input;
      const size_t in_len = (size_t) L->c * n * L->h * L->w;
      const int hw = L->h * L->w;
      const int need_din = i > 0 || down_to == -2;

      if (L->fused_away || (L->pooled_by_bn && net->training))
        continue; /* the bn below takes this gradient as it is */
      din = dy == net->grad_a ? net->grad_b : net->grad_a;
      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
          sl_conv2d_backward (&L->conv, n, x, L->col, L->wt, dy, L->dwt,
                              L->no_bias ? NULL : L->dbias, need_din ? din : NULL);
          break;
        case SL_LAYER_BN:
          if (L->fused_pool && net->training)
            {
              const sl_net_layer *pool = &net->layers[i + 2];

              sl_batchnorm_relu_maxpool2_backward (L->c, n, L->h, L->w, x, pool->out, pool->arg,
                                                   L->mean, L->invstd, L->wt, dy, L->dwt,
                                                   L->dbias, din);
            }
          else if (L->fused_relu && net->training)
            sl_batchnorm_relu_backward (L->c, n * hw, x, L->out, L->mean, L->invstd, L->wt, dy,
                                        L->dwt, L->dbias, din);
          else if (L->fused_relu)
            sl_batchnorm_relu_backward_eval (L->c, n * hw, L->out, L->wt, L->running_var, dy, din);
          else if (net->training)
            sl_batchnorm_backward (L->c, n * hw, x, L->mean, L->invstd, L->wt, dy, L->dwt, L->dbias,
                                   din);
          else
            sl_batchnorm_backward_eval (L->c, n * hw, L->wt, L->running_var, dy, din);
          break;
        case SL_LAYER_RELU:
          sl_relu_backward (in_len, L->out, dy, din);
          break;
        case SL_LAYER_MAXPOOL:
          sl_maxpool_backward (L->c * n, L->h, L->w, L->spec.k, L->arg, dy, din);
          break;
        case SL_LAYER_GAP:
          sl_gap_backward (L->c * n, hw, dy, din);
          break;
        case SL_LAYER_DROPOUT:
          if (net->training && L->spec.p > 0)
            sl_dropout_backward (in_len, L->mask, dy, din);
          else
            memcpy (din, dy, sizeof (float) * in_len);
          break;
        case SL_LAYER_FC:
          if (hw > 1)
            {
              /* dw reads flat before din overwrites it */
              sl_fc_backward (L->c * hw, L->oc, n, L->flat, L->wt, dy, L->dwt, L->dbias,
                              need_din ? L->flat : NULL);
              if (need_din)
                sl_flatten_backward (L->c, n, hw, L->flat, din);
            }
          else
            sl_fc_backward (L->c, L->oc, n, x, L->wt, dy, L->dwt, L->dbias, need_din ? din : NULL);
          break;
        case SL_LAYER_RES:
          sl_residual_backward (&L->res, n, net->training, x, L->out, dy, need_din ? din : NULL);
          break;
        }
      dy = din;
    }
  return down_to == -1 ? NULL : din;
}

void
sl_net_predict (sl_net *net, const float *x, int n, float *probs)
{
  const size_t img = (size_t) net->in_c * net->in_h * net->in_w;
  const int K = net->n_classes;

  for (int start = 0; start < n; start += net->max_batch)
    {
      int b = n - start < net->max_batch ? n - start : net->max_batch;
      const float *logits;

      sl_net_load_input (net, x + start * img, b);
      logits = sl_net_forward (net, b, 0);
      for (int i = 0; i < b; i++)
        {
          float mx = -INFINITY;
          double z = 0;

          for (int k = 0; k < K; k++)
            if (logits[(size_t) k * b + i] > mx)
              mx = logits[(size_t) k * b + i];
          for (int k = 0; k < K; k++)
            z += exp (logits[(size_t) k * b + i] - mx);
          for (int k = 0; k < K; k++)
            probs[(size_t) (start + i) * K + k] = (float) (exp (logits[(size_t) k * b + i] - mx) / z);
        }
    }
}
