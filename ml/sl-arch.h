/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

/* The architecture text: comma-separated layers
 *   conv<K>:<C>[/s<S>][/p<P>]  K x K kernel, C output channels, stride S (1), padding P ((K-1)/2)
 *   res:<C>[/s<S>]             residual block: conv3 (C, stride S) -> bn -> relu -> conv3 (C) ->
 *                              bn, plus the block's input (through a 1x1 conv with stride S and
 *                              a bn when the shape changes), then relu
 *   bn  relu  maxpool<K>  gap  dropout:<p>  fc:<N>
 * e.g. "conv3:32/s2,bn,relu,res:64/s2,res:128/s2,gap,fc:2". The last layer is fc:<classes>. */
typedef enum
{
  SL_LAYER_CONV,
  SL_LAYER_BN,
  SL_LAYER_RELU,
  SL_LAYER_MAXPOOL,
  SL_LAYER_GAP,
  SL_LAYER_DROPOUT,
  SL_LAYER_FC,
  SL_LAYER_RES,
} sl_layer_kind;

typedef struct
{
  sl_layer_kind kind;
  int k, channels, stride, pad; /* conv: all; res: channels, stride; maxpool: k;
                                 * fc: channels = outputs */
  float p;                      /* dropout */
} sl_layer_spec;

#define SL_ARCH_MAX_LAYERS 64

/* Parses arch into specs (at most max). Returns the number of layers, or -1 with a message in
 * err naming the offending item. Shapes are checked later, by sl_net_create. */
int sl_arch_parse (const char *arch, sl_layer_spec *specs, int max, char *err, size_t err_len);
