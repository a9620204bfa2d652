/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-colormap.h"

G_BEGIN_DECLS

#define SL_HEATMAP_COLORMAP SL_COLORMAP_TURBO

/* The layer an SlImageView draws over an image (sl_image_view_set_heatmap): a Grad-CAM map in
 * the model's input frame (heat_width × heat_height) moved into the image's frame, coloured,
 * at least 256 pixels on its longer side. NULL when it cannot be drawn. */
GdkTexture *sl_heatmap_texture_new (const float *heat,
                                    int          heat_width,
                                    int          heat_height,
                                    int          image_width,
                                    int          image_height);

G_END_DECLS
