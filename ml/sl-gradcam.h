/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-net.h"

/* Grad-CAM of class_index for one image: the ReLU of the conv block's activations (after the
 * batch norm and ReLU following the convolution) weighted by the spatial mean of the class
 * score's gradient, scaled to 0..1 by its maximum and resized to the input's size. conv_layer
 * counts the conv layers from 0 (-1 = the last). Returns 0, or -1 with err set. */
int sl_gradcam (sl_net *net, const float *x /* one image (c,h,w) raw */, int class_index, int conv_layer /* -1 = last conv */,
                float *heatmap /* (h, w) of the input, 0..1 */, char *err, size_t err_len);
