/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The network's insides, shared by the training loop, Grad-CAM and the checkpoint code. */

#include "sl-arch.h"
#include "sl-layers.h"
#include "sl-net.h"
#include "sl-residual.h"
#include "sl-rng.h"

typedef struct
{
  sl_layer_spec spec;
  int c, h, w;                   /* input per image */
  int oc, oh, ow;                /* output per image */
  sl_conv_shape conv;
  float *wt, *bias, *dwt, *dbias; /* conv, fc: weights, bias; bn: gamma, beta */
  float *running_mean, *running_var; /* bn, inside net->buffers */
  float *out;                    /* (oc, N, oh, ow) */
  float *col;                    /* conv: (c*k*k, chunk*oh*ow) scratch, unless pointwise */
  float *mean, *invstd;          /* bn: (c) batch statistics */
  int32_t *arg;                  /* maxpool: (oc, N, oh, ow) */
  float *mask;                   /* dropout: (c, N, h, w) */
  float *flat;                   /* fc on a spatial input: (c*h*w, N) */
  sl_residual res;               /* res: the block's weights and activations */
  int no_bias;                   /* conv before bn: the bias would cancel, it stays 0 */
  int fused_relu;                /* bn before relu: computes the relu too, into the relu's out */
  int fused_away;                /* relu after bn: done by the bn */
  int fused_pool;                /* bn before relu, maxpool2: in training, pools as well, into
                                    the pool's out and arg */
  int pooled_by_bn;              /* maxpool2 after bn, relu: in training, done by the bn */
} sl_net_layer;

struct sl_net
{
  char *arch;
  int in_c, in_h, in_w, max_batch, n_classes;
  int n_layers;
  sl_net_layer layers[SL_ARCH_MAX_LAYERS];

  /* Parameters: decayed weights (conv and fc) first, then biases and bn's gamma/beta. */
  float *params, *grads;
  size_t n_params, n_decay;
  float *buffers;                /* bn running mean and variance, per bn layer */
  size_t n_buffers;
  float *acts;                   /* every activation and scratch buffer, for max_batch; mapped
                                    zero pages, resident only once a pass writes them */
  size_t n_acts;
  float *input;                  /* (in_c, N, in_h, in_w), normalised */
  float *grad_a, *grad_b;        /* ping-pong activation gradients */
  float *probs, *dlogits;        /* (K, N) */

  char **class_names;            /* n_classes */
  float *norm_mean, *norm_std;   /* (in_c): applied by sl_net_load_input */
  sl_rng dropout_rng;
  int training;                  /* mode of the last forward */
};

/* x: (n, c, h, w) raw 0..1 -> net->input (c, n, h, w) normalised with the net's per-channel
 * mean/std. */
void sl_net_load_input (sl_net *net, const float *x, int n);
/* Runs the layers on net->input; returns the logits (K, n). */
const float *sl_net_forward (sl_net *net, int n, int training);
/* Backward from dlogits (K, n) through the layers above down_to (-1: all of them, without the
 * gradient of the input; -2: all of them, with it). Returns the gradient of layer down_to's
 * output (of the input for -2; NULL for -1).
 * Parameter gradients of the layers passed are written to net->grads. */
float *sl_net_backward (sl_net *net, int n, const float *dlogits, int down_to);
