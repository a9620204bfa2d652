/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Direct convolution for stride-1 layers with few input channels (the first layer: 1 to 3),
 * where im2col + sgemm has K = Cin*K*K of 9 to 27 and sgemm runs far below its peak. The loops
 * run over blocks of output columns and channels, which the compiler vectorises. Layouts and
 * arguments as sl_conv2d_forward / sl_conv2d_backward. */

#include <stddef.h>

#include "sl-layers.h"

/* 1 when the shape can run here (stride 1). */
int  sl_conv_direct_applies (const sl_conv_shape *s);
/* Scratch floats the passes need (a zero-padded copy of one image). */
size_t sl_conv_direct_scratch_floats (const sl_conv_shape *s);

void sl_conv_direct_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                             const float *b, float *scratch, float *out);
/* dw is overwritten; din (may be NULL) too. */
void sl_conv_direct_backward (const sl_conv_shape *s, int n, const float *in, const float *w,
                              const float *dout, float *scratch, float *dw, float *din);
