/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "sl-colormap.h"
#include "sl-image.h"

G_BEGIN_DECLS

/* A heatmap (values 0..1, heat_width × heat_height) as an RGBA layer of width × height:
 * colour from the colormap, alpha growing with the value so cold regions stay see-through. */
GdkPixbuf *sl_heatmap_render_layer   (const float *heat,
                                      int          heat_width,
                                      int          heat_height,
                                      int          width,
                                      int          height,
                                      sl_colormap  colormap);

/* A heatmap of the model input (heat_width × heat_height) placed over the whole image it was
 * cropped from (sl_model_input_crop): a map of *frame_width × *frame_height, 0 outside the
 * crop, to be stretched over the image. */
float     *sl_heatmap_in_image_frame (const float *heat,
                                      int          heat_width,
                                      int          heat_height,
                                      int          image_width,
                                      int          image_height,
                                      int         *frame_width,
                                      int         *frame_height);

/* The image (through its window, in colour) with the heatmap blended over its centre crop
 * (sl_heatmap_in_image_frame), at least min_side pixels on its longer side so small images
 * stay legible. */
GdkPixbuf *sl_heatmap_render_overlay (const SlImage *image,
                                      const float   *heat,
                                      int            heat_width,
                                      int            heat_height,
                                      int            min_side,
                                      sl_colormap    colormap,
                                      double         opacity);

G_END_DECLS
