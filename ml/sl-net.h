/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The tuned default (see bench/ml/quality for the figures behind it). */
#define SL_DEFAULT_ARCH "conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap,fc:2"
typedef struct sl_net sl_net;
sl_net *sl_net_create (const char *arch, int in_c, int in_h, int in_w, int max_batch, uint64_t seed, char *err, size_t err_len);
void    sl_net_free (sl_net *net);
int     sl_net_num_classes (const sl_net *net);
int     sl_net_num_params  (const sl_net *net);
const char *sl_net_arch (const sl_net *net);
void    sl_net_input_shape (const sl_net *net, int *c, int *h, int *w);
void    sl_net_set_class_names (sl_net *net, const char *const *names, int n);
const char *sl_net_class_name (const sl_net *net, int k);
void    sl_net_set_normalisation (sl_net *net, float mean, float std);   /* applied inside predict */
void    sl_net_predict (sl_net *net, const float *x /* (n,c,h,w) raw 0..1 */, int n, float *probs /* (n, classes) */);
void    sl_set_threads (int threads);   /* OpenBLAS threads; 0 = all cores */
