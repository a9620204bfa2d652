/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Layer kernels: each a forward / backward pair on plain float buffers.
 *
 * Activations are kept channel-major, (C, N, H, W): a whole batch's convolution is then one
 * sgemm, out (Cout, N*Ho*Wo) = W (Cout, Cin*K*K) x col (Cin*K*K, N*Ho*Wo), and batch norm's
 * statistics run over one contiguous row per channel. Backward functions overwrite (never
 * accumulate into) their parameter gradients and input gradient. */

#include <stddef.h>
#include <stdint.h>

#include "sl-rng.h"

/* How a convolution runs: im2col + sgemm is the reference every other path is tested against;
 * AUTO picks per shape (sl_conv2d_algo). */
typedef enum
{
  SL_CONV_AUTO,
  SL_CONV_IM2COL,
  SL_CONV_WINOGRAD,    /* sl-winograd.h: 3x3 stride 1 */
  SL_CONV_DIRECT,      /* sl-conv-direct.h: stride 1, few input channels */
} sl_conv_algo;

typedef struct
{
  int cin, h, w;       /* input per image */
  int cout, k, stride, pad;
  int ho, wo;          /* output per image */
  sl_conv_algo algo;   /* AUTO unless a test or benchmark asks for one path */
  int keep_col;        /* im2col: the col scratch is this layer's alone, so a backward pass
                        * after the forward pass on the same input reuses its col when the
                        * batch was one chunk (and puts its own work in a second half) */
} sl_conv_shape;

/* 1 when the convolution is a plain matrix product of the input (1x1, stride 1, no padding):
 * then no col buffer is used. */
int  sl_conv2d_is_pointwise (const sl_conv_shape *s);

/* The path a shape runs on: s->algo when it applies to the shape, else im2col; for AUTO, the
 * fastest measured (see sl-layers.c). */
sl_conv_algo sl_conv2d_algo (const sl_conv_shape *s);

/* Images per im2col chunk for a batch of n (the col scratch holds Cin*K*K x chunk*Ho*Wo). */
int  sl_conv2d_chunk (const sl_conv_shape *s, int n);

/* Floats of scratch ("col") the forward and backward passes need for batches up to n. */
size_t sl_conv2d_scratch_floats (const sl_conv_shape *s, int n);

/* in: (Cin, N, H, W), w: (Cout, Cin*K*K), b: (Cout) or NULL for no bias, col: scratch of
 * sl_conv2d_scratch_floats (unused when pointwise), out: (Cout, N, Ho, Wo) */
void sl_conv2d_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                        const float *b, float *col, float *out);
/* dout: (Cout, N, Ho, Wo); col: scratch as for forward (with keep_col, as the forward pass on
 * the same in left it); dw: (Cout, Cin*K*K), db: (Cout) or
 * NULL; din: (Cin, N, H, W) or NULL when the input gradient is not needed */
void sl_conv2d_backward (const sl_conv_shape *s, int n, const float *in, float *col,
                         const float *w, const float *dout, float *dw, float *db, float *din);

#define SL_BN_EPS 1e-5f
#define SL_BN_MOMENTUM 0.1f

/* x, y: (C, M) with M = N*H*W; gamma, beta, mean, invstd, running_mean, running_var: (C).
 * Training mode: normalises with the batch statistics (kept in mean/invstd for backward) and
 * updates the running statistics (unbiased variance, like PyTorch). */
void sl_batchnorm_forward_train (int c, int m, const float *x, const float *gamma,
                                 const float *beta, float *mean, float *invstd,
                                 float *running_mean, float *running_var, float *y);
/* Inference mode: normalises with the running statistics. */
void sl_batchnorm_forward_eval (int c, int m, const float *x, const float *gamma,
                                const float *beta, const float *running_mean,
                                const float *running_var, float *y);
/* Training-mode backward. dy, dx: (C, M); dgamma, dbeta: (C) */
void sl_batchnorm_backward (int c, int m, const float *x, const float *mean, const float *invstd,
                            const float *gamma, const float *dy, float *dgamma, float *dbeta,
                            float *dx);
/* Inference-mode backward (the statistics are constants); dx only. */
void sl_batchnorm_backward_eval (int c, int m, const float *gamma, const float *running_var,
                                 const float *dy, float *dx);

/* Batch norm followed by ReLU in one pass each way: y = max(0, bn(x)). dy is the gradient of
 * y; the ReLU's mask comes from y itself. Same shapes as above. */
void sl_batchnorm_relu_forward_train (int c, int m, const float *x, const float *gamma,
                                      const float *beta, float *mean, float *invstd,
                                      float *running_mean, float *running_var, float *y);
void sl_batchnorm_relu_forward_eval (int c, int m, const float *x, const float *gamma,
                                     const float *beta, const float *running_mean,
                                     const float *running_var, float *y);
void sl_batchnorm_relu_backward (int c, int m, const float *x, const float *y, const float *mean,
                                 const float *invstd, const float *gamma, const float *dy,
                                 float *dgamma, float *dbeta, float *dx);
void sl_batchnorm_relu_backward_eval (int c, int m, const float *y, const float *gamma,
                                      const float *running_var, const float *dy, float *dx);

/* Training-mode batch norm, ReLU and 2x2 max pool in one pass each way, without the
 * full-size ReLU output: x, dx: (C, N, H, W); out, arg, dout: (C, N, H/2, W/2) as
 * sl_maxpool_forward leaves them (the same values and indices as the three layers in turn);
 * mean, invstd, gamma, ...: (C) as in sl_batchnorm_relu_forward_train. */
void sl_batchnorm_relu_maxpool2_forward_train (int c, int n, int h, int w, const float *x,
                                               const float *gamma, const float *beta,
                                               float *mean, float *invstd, float *running_mean,
                                               float *running_var, float *out, int32_t *arg);
void sl_batchnorm_relu_maxpool2_backward (int c, int n, int h, int w, const float *x,
                                          const float *out, const int32_t *arg,
                                          const float *mean, const float *invstd,
                                          const float *gamma, const float *dout, float *dgamma,
                                          float *dbeta, float *dx);

/* x, y, dy, dx: (len) */
void sl_relu_forward (size_t len, const float *x, float *y);
void sl_relu_backward (size_t len, const float *y, const float *dy, float *dx);

/* in: (P, H, W) planes (P = C*N), out: (P, H/K, W/K) (floor), arg: (P, H/K, W/K) index of the
 * maximum inside its plane */
void sl_maxpool_forward (int planes, int h, int w, int k, const float *in, float *out,
                         int32_t *arg);
void sl_maxpool_backward (int planes, int h, int w, int k, const int32_t *arg, const float *dout,
                          float *din);

/* in: (P, HW) -> out: (P) */
void sl_gap_forward (int planes, int hw, const float *in, float *out);
void sl_gap_backward (int planes, int hw, const float *dout, float *din);

/* Inverted dropout: y = x * mask, mask = 0 or 1/(1-p). x, y, mask: (len) */
void sl_dropout_forward (size_t len, float p, sl_rng *rng, const float *x, float *mask, float *y);
void sl_dropout_backward (size_t len, const float *mask, const float *dy, float *dx);

/* in: (F, N), w: (Nout, F), b: (Nout), out: (Nout, N) */
void sl_fc_forward (int f, int nout, int n, const float *in, const float *w, const float *b,
                    float *out);
/* dout: (Nout, N), dw: (Nout, F), db: (Nout), din: (F, N) or NULL */
void sl_fc_backward (int f, int nout, int n, const float *in, const float *w, const float *dout,
                     float *dw, float *db, float *din);

/* (C, N, HW) <-> (C*HW, N): the feature-major matrix a fully connected layer reads. */
void sl_flatten_forward (int c, int n, int hw, const float *in, float *out);
void sl_flatten_backward (int c, int n, int hw, const float *dout, float *din);

/* Softmax cross-entropy, mean over the batch weighted by class (PyTorch's convention:
 * sum_i w[y_i] * loss_i / sum_i w[y_i]), with optional label smoothing eps (target
 * (1 - eps) on the true class plus eps / K on every class).
 * logits, probs, dlogits: (K, N); y: (N); class_weight: (K) or NULL. Returns the loss;
 * dlogits may be NULL. */
float sl_softmax_xent (int k, int n, const float *logits, const int *y, const float *class_weight,
                       float smoothing, float *probs, float *dlogits);
