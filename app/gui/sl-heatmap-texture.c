/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-heatmap-texture.h"

#include "sl-heatmap.h"

#define MIN_HEATMAP_SIDE 256

GdkTexture *
sl_heatmap_texture_new (const float *heat,
                        int          heat_width,
                        int          heat_height,
                        int          image_width,
                        int          image_height)
{
  g_autoptr(GdkPixbuf) layer = NULL;
  g_autofree float *frame = NULL;
  int w, h, side, scale;

  g_return_val_if_fail (heat != NULL, NULL);
  frame = sl_heatmap_in_image_frame (heat, heat_width, heat_height, image_width, image_height,
                                     &w, &h);
  side = MAX (w, h);
  scale = MAX (1, (MIN_HEATMAP_SIDE + side - 1) / side);
  layer = sl_heatmap_render_layer (frame, w, h, w * scale, h * scale, SL_HEATMAP_COLORMAP);
  return layer != NULL ? gdk_texture_new_for_pixbuf (layer) : NULL;
}
