/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-features.h"

#include <math.h>

#include "sl-net-private.h"

int
sl_net_feature_dim (const sl_net *net)
{
  const sl_net_layer *last = &net->layers[net->n_layers - 1];

  if (net->n_layers < 2 || last->spec.kind != SL_LAYER_FC)
    return 0;
  return last->c * last->h * last->w;
}

void
sl_net_features (sl_net *net, const float *x, int n, float *features, float *probs)
{
  const size_t img = (size_t) net->in_c * net->in_h * net->in_w;
  const sl_net_layer *last = &net->layers[net->n_layers - 1];
  const int dim = sl_net_feature_dim (net), hw = last->h * last->w, K = net->n_classes;

  for (int start = 0; start < n; start += net->max_batch)
    {
      int b = n - start < net->max_batch ? n - start : net->max_batch;
      const float *logits, *below;

      sl_net_load_input (net, x + start * img, b);
      logits = sl_net_forward (net, b, 0);
      below = net->layers[net->n_layers - 2].out;   /* (c, b, h, w) */
      for (int i = 0; i < b; i++)
        for (int c = 0; c < last->c; c++)
          for (int p = 0; p < hw; p++)
            features[(size_t) (start + i) * dim + (size_t) c * hw + p]
              = below[((size_t) c * b + i) * hw + p];
      if (probs == NULL)
        continue;
      for (int i = 0; i < b; i++)
        {
          float mx = -INFINITY;
          double z = 0;

          for (int k = 0; k < K; k++)
            mx = fmaxf (mx, logits[(size_t) k * b + i]);
          for (int k = 0; k < K; k++)
            z += exp (logits[(size_t) k * b + i] - mx);
          for (int k = 0; k < K; k++)
            probs[(size_t) (start + i) * K + k]
              = (float) (exp (logits[(size_t) k * b + i] - mx) / z);
        }
    }
}
