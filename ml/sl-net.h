/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A convolutional network built from the arch text (sl-arch.h). The default arch for an input
 * and the tuned training settings are in sl-defaults.h. */

#include <stddef.h>
#include <stdint.h>

typedef struct sl_net sl_net;

/* NULL with err set when the arch does not parse or does not fit a (in_c, in_h, in_w) input. */
sl_net *sl_net_create (const char *arch, int in_c, int in_h, int in_w, int max_batch,
                       uint64_t seed, char *err, size_t err_len);
void    sl_net_free (sl_net *net);
int     sl_net_num_classes (const sl_net *net);
int     sl_net_num_params (const sl_net *net);
const char *sl_net_arch (const sl_net *net);
void    sl_net_input_shape (const sl_net *net, int *c, int *h, int *w);
void    sl_net_set_class_names (sl_net *net, const char *const *names, int n);
const char *sl_net_class_name (const sl_net *net, int k);
/* Per-channel normalisation applied inside predict: (x - mean[c]) / std[c]. mean and std hold
 * in_c values each (a std below 1e-6 counts as 1). sl_train sets them from the train split. */
void    sl_net_set_normalisation (sl_net *net, const float *mean, const float *std);
void    sl_net_get_normalisation (const sl_net *net, float *mean, float *std);
/* x: (n, c, h, w) raw 0..1; probs: (n, classes) */
void    sl_net_predict (sl_net *net, const float *x, int n, float *probs);
void    sl_set_threads (int threads);   /* OpenBLAS threads; 0 = all cores */
