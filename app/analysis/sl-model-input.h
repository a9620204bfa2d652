/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* What the network sees of an image: gray, through the image's window (or its full range),
 * scaled to 0..1 and resized to width × height. out holds width × height floats. */
void sl_model_input_from_image (const SlImage *image,
                                int            width,
                                int            height,
                                float         *out);

G_END_DECLS
