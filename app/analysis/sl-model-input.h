/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* What the network sees of an image, as bytes: the image through its window (or its full
 * range) mapped to 0..255, in channels planes (1: gray, the mean of the colour channels;
 * 3: R, G, B, a gray image repeated in each), its centre cropped to the aspect of
 * width × height (nothing is stretched), then resized to width × height.
 * out holds channels × height × width bytes. */
void sl_model_input_from_image (const SlImage *image,
                                int            channels,
                                int            width,
                                int            height,
                                guint8        *out);

/* The region of an image_width × image_height image that becomes a width × height input:
 * the largest centred one with that aspect. */
void sl_model_input_crop       (int            image_width,
                                int            image_height,
                                int            width,
                                int            height,
                                int           *x0,
                                int           *y0,
                                int           *crop_width,
                                int           *crop_height);

/* The network's float input (0..1) of n input bytes. */
void sl_model_input_to_floats  (const guint8  *bytes,
                                gsize          n,
                                float         *out);

G_END_DECLS
