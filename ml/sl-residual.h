/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The residual block of the arch text's res:<C>[/s<S>]:
 *   out = relu (bn2 (conv2 (relu (bn1 (conv1 (in))))) + shortcut (in))
 * conv1 is 3x3 with stride S, conv2 3x3 with stride 1, both with padding 1 and no bias (the
 * batch norm after each cancels it). The shortcut is the input itself when the shape stays, else
 * bnp (convp (in)) with convp 1x1, stride S. Activations are (C, N, H, W) as elsewhere. */

#include <stddef.h>

#include "sl-layers.h"

typedef struct
{
  float *gamma, *beta, *dgamma, *dbeta;   /* parameters and their gradients */
  float *running_mean, *running_var;      /* buffers */
  float *mean, *invstd;                   /* the last training batch's statistics */
} sl_bn_state;

typedef struct
{
  sl_conv_shape conv1, conv2, proj;       /* proj.cout == 0: identity shortcut */
  float *w1, *w2, *wp, *dw1, *dw2, *dwp;  /* conv weights (Cout, Cin*K*K) and gradients */
  sl_bn_state bn1, bn2, bnp;
  float *a1, *r1, *a2, *ap;               /* conv1, relu (bn1), conv2, convp outputs */
  float *col;                             /* im2col scratch of the three convolutions */
  float *g1, *g2, *g3;                    /* scratch: (max (in, out) size, N) */
} sl_residual;

/* Every array of a network starts on a 64-byte line. */
#define SL_NET_ALIGN_FLOATS 16

/* Where a network's arrays go, in floats from each base; every array is rounded up to
 * SL_NET_ALIGN_FLOATS. With NULL bases the offsets advance and nothing is bound: a counting
 * pass. */
typedef struct
{
  float *params, *grads, *buffers, *acts;
  size_t decay_at, other_at, buffer_at, act_at;
} sl_net_slab;

float *sl_net_slab_take (float *base, size_t *at, size_t count);

/* Sets the block's shapes for a (c, h, w) input: the output is (channels, ho, wo) with
 * ho = (h - 1) / stride + 1 and the same for wo. */
void sl_residual_init_shapes (sl_residual *r, int c, int h, int w, int channels, int stride);
/* Takes the block's weights (decayed), batch norm parameters, buffers and activations for
 * batches of up to max_batch images from slab. */
void sl_residual_layout (sl_residual *r, sl_net_slab *slab, int max_batch);
size_t sl_residual_num_params (const sl_residual *r);
/* He-normal conv weights from rng; batch norm gamma 1, beta 0, running variance 1. */
void sl_residual_init_params (sl_residual *r, sl_rng *rng);

typedef void (*sl_tensor_fn) (float *x, size_t n, void *data);
/* Calls fn on each weight, batch norm parameter and running statistic, in a fixed order. */
void sl_residual_each_tensor (const sl_residual *r, sl_tensor_fn fn, void *data);

/* in: (Cin, N, H, W) -> out: (C, N, Ho, Wo). Training mode uses and updates batch statistics. */
void sl_residual_forward (sl_residual *r, int n, int training, const float *in, float *out);
/* dout: the gradient of out (as the forward left it); writes the parameter gradients (in
 * training mode) and din, the gradient of in, unless it is NULL. */
void sl_residual_backward (sl_residual *r, int n, int training, const float *in, const float *out,
                           const float *dout, float *din);
