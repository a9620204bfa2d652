/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Winograd F(2x2, 3x3) convolution for 3x3 stride-1 layers: each 4x4 input tile is
 * transformed (B^T d B), the 16 transformed positions are multiplied by the transformed
 * weights (G g G^T) as 16 sgemms over every tile of a chunk of images, and the products are
 * transformed back (A^T m A) into 2x2 output tiles: 4 multiplies per output against im2col's 9.
 * The backward passes are the exact transposes of these steps, so the gradients are those of
 * the function computed. Layouts and arguments as sl_conv2d_forward / sl_conv2d_backward. */

#include <stddef.h>

#include "sl-layers.h"

/* 1 when the shape can run here (3x3, stride 1, padding at most 2). */
int    sl_winograd_applies (const sl_conv_shape *s);
/* Scratch floats the passes need for a batch of n. */
size_t sl_winograd_scratch_floats (const sl_conv_shape *s, int n);

void sl_winograd_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                          const float *b, float *scratch, float *out);
/* dw is overwritten; din (may be NULL) too. */
void sl_winograd_backward (const sl_conv_shape *s, int n, const float *in, float *scratch,
                           const float *w, const float *dout, float *dw, float *din);
