/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-net.h"

int sl_gradcam (sl_net *net, const float *x /* one image (c,h,w) raw */, int class_index, int conv_layer /* -1 = last conv */,
                float *heatmap /* (h, w) of the input, 0..1 */, char *err, size_t err_len);
