/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-net.h"

/* The maps Grad-CAM uses by default: those of the last conv or residual layer whose output is at
 * least 8x8, else of the one with the largest output (the finest maps the net has). Returns that
 * layer's number counting conv and residual layers from 0, and its map size in *map_h, *map_w
 * (either may be NULL); -1 when the net has no such layer. */
int sl_gradcam_default_layer (const sl_net *net, int *map_h, int *map_w);

/* Grad-CAM of class_index for one image: the ReLU of a layer's maps (a conv layer's after the
 * batch norm and ReLU following it, a residual block's output) weighted by the spatial mean of
 * the class score's gradient, scaled to 0..1 by its maximum and resized to the input's size.
 * conv_layer counts the conv and residual layers from 0; -1 = sl_gradcam_default_layer ().
 * x: one image (c, h, w) raw 0..1; heatmap: (h, w) of the input. Returns 0, or -1 with err set. */
int sl_gradcam (sl_net *net, const float *x, int class_index, int conv_layer, float *heatmap,
                char *err, size_t err_len);
