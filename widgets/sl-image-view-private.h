/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image-view.h"

G_BEGIN_DECLS

struct _SlImageView
{
  GtkWidget        parent_instance;

  GdkTexture      *texture;
  GdkTexture      *preview;
  GdkTexture      *heatmap;
  /* The texture as a cairo surface for nearest-neighbour drawing; made on first use. */
  cairo_surface_t *surface;
  double           heatmap_opacity;
  gboolean         heatmap_visible;

  gboolean         fit;
  double           zoom;
  /* The image point shown at the centre of the view. */
  double           cx;
  double           cy;

  gboolean         pointer_inside;
  double           pointer_x;
  double           pointer_y;
  int              hover_x;
  int              hover_y;

  double           drag_cx;
  double           drag_cy;
  double           level_x;
  double           level_y;
  double           pinch_zoom;

  /* The readout drawn over the image's bottom-left corner: zoom, and the window/level when
   * window_width > 0. */
  double           window_center;
  double           window_width;
  PangoLayout     *readout;
};

static inline int
image_width (SlImageView *self)
{
  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static inline int
image_height (SlImageView *self)
{
  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

/* sl-image-view-draw.c: the widget's snapshot vfunc */
void _sl_image_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot);

G_END_DECLS
