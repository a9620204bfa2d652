/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-gradcam.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl-augment.h"
#include "sl-net-private.h"
#include "sl-ml-error.h"

static int
is_map_layer (const sl_net_layer *L)
{
  return L->spec.kind == SL_LAYER_CONV || L->spec.kind == SL_LAYER_RES;
}

int
sl_gradcam_default_layer (const sl_net *net, int *map_h, int *map_w)
{
  int chosen = -1, largest = -1, seen = 0, at = -1;

  for (int i = 0; i < net->n_layers; i++)
    {
      const sl_net_layer *L = &net->layers[i];

      if (!is_map_layer (L))
        continue;
      if (L->oh >= 8 && L->ow >= 8)
        chosen = seen;
      if (largest < 0 || L->oh * L->ow > net->layers[at].oh * net->layers[at].ow)
        {
          largest = seen;
          at = i;
        }
      seen++;
    }
  if (chosen < 0)
    chosen = largest;
  for (int i = 0, k = 0; chosen >= 0 && i < net->n_layers; i++)
    if (is_map_layer (&net->layers[i]) && k++ == chosen)
      {
        if (map_h)
          *map_h = net->layers[i].oh;
        if (map_w)
          *map_w = net->layers[i].ow;
      }
  return chosen;
}

int
sl_gradcam (sl_net *net, const float *x, int class_index, int conv_layer, float *heatmap,
            char *err, size_t err_len)
{
  int layer_at = -1, seen = 0, target;
  const sl_net_layer *T;
  const float *grad;
  float *cam, *alpha, mx = 0;
  int hw;

  if (class_index < 0 || class_index >= net->n_classes)
    return sl_ml_fail (err, err_len, "class %d is outside 0..%d", class_index, net->n_classes - 1);
  if (conv_layer < 0)
    conv_layer = sl_gradcam_default_layer (net, NULL, NULL);
  for (int i = 0; i < net->n_layers; i++)
    if (is_map_layer (&net->layers[i]))
      {
        if (seen == conv_layer)
          layer_at = i;
        seen++;
      }
  if (layer_at < 0)
    return sl_ml_fail (err, err_len,
                 seen ? "conv layer %d does not exist: the network has %d conv and residual "
                 "layers" : "the network has no conv or residual layer (%d, %d)", conv_layer,
                 seen);

  /* a conv layer's maps: after the batch norm and ReLU that follow it */
  target = layer_at;
  while (net->layers[layer_at].spec.kind == SL_LAYER_CONV && target + 1 < net->n_layers
         && (net->layers[target + 1].spec.kind == SL_LAYER_BN
             || net->layers[target + 1].spec.kind == SL_LAYER_RELU))
    target++;
  T = &net->layers[target];
  hw = T->oh * T->ow;
  cam = malloc (sizeof (float) * ((size_t) hw + T->oc));
  if (!cam)
    return sl_ml_fail (err, err_len, "out of memory");
  alpha = cam + hw;

  /* d(class score)/d(activations) for this one image, in inference mode */
  sl_net_load_input (net, x, 1);
  sl_net_forward (net, 1, 0);
  memset (net->dlogits, 0, sizeof (float) * net->n_classes);
  net->dlogits[class_index] = 1;
  grad = sl_net_backward (net, 1, net->dlogits, target);

  /* weights: spatial mean of the gradient per channel; map: ReLU of the weighted sum */
  for (int c = 0; c < T->oc; c++)
    {
      double s = 0;

      for (int i = 0; i < hw; i++)
        s += grad[(size_t) c * hw + i];
      alpha[c] = (float) (s / hw);
    }
  for (int i = 0; i < hw; i++)
    {
      double s = 0;

      for (int c = 0; c < T->oc; c++)
        s += alpha[c] * T->out[(size_t) c * hw + i];
      cam[i] = s > 0 ? (float) s : 0;
    }
  /* normalised at the input's size: interpolation lowers the peak of the coarse map */
  sl_resize_bilinear (cam, 1, T->oh, T->ow, heatmap, net->in_h, net->in_w);
  for (int i = 0; i < net->in_h * net->in_w; i++)
    if (heatmap[i] > mx)
      mx = heatmap[i];
  for (int i = 0; i < net->in_h * net->in_w; i++)
    heatmap[i] = mx > 0 ? fminf (fmaxf (heatmap[i] / mx, 0), 1) : 0;
  free (cam);
  return 0;
}
