/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

/* The architecture text: comma-separated layers
 *   conv<K>:<C>[/s<S>][/p<P>]  K x K kernel, C output channels, stride S (1), padding P ((K-1)/2)
 *   bn  relu  maxpool<K>  gap  dropout:<p>  fc:<N> */
typedef enum
{
  SL_LAYER_CONV,
  SL_LAYER_BN,
  SL_LAYER_RELU,
  SL_LAYER_MAXPOOL,
  SL_LAYER_GAP,
  SL_LAYER_DROPOUT,
  SL_LAYER_FC,
} sl_layer_kind;

typedef struct
{
  sl_layer_kind kind;
  int k, channels, stride, pad; /* conv: all; maxpool: k; fc: channels = outputs */
  float p;                      /* dropout */
} sl_layer_spec;

#define SL_ARCH_MAX_LAYERS 64

/* Parses arch into specs (at most max). Returns the number of layers, or -1 with a message in
 * err naming the offending item. Shapes are checked later, by sl_net_create. */
int sl_arch_parse (const char *arch, sl_layer_spec *specs, int max, char *err, size_t err_len);
