/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing SlImageView: the texture (or its preview, or square pixels when zoomed in), the
 * heatmap over it and the zoom and window readout. */
#include "config.h"

#include "sl-image-view-private.h"

/* Above SL_IMAGE_VIEW_NEAREST_ZOOM pixels are drawn as squares: GTK 4.8 has no filter choice
 * for texture nodes (gtk_snapshot_append_scaled_texture is 4.10), so the visible part is
 * painted by a cairo node with CAIRO_FILTER_NEAREST; its cost is bounded by the view size. */
static void
snapshot_nearest (SlImageView           *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *image_rect,
                  int                    width,
                  int                    height)
{
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, width, height);
  graphene_rect_t visible;
  cairo_t *cr;

  if (!graphene_rect_intersection (image_rect, &view, &visible))
    return;
  graphene_rect_round_extents (&visible, &visible);

  if (self->surface == NULL)
    {
      self->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, image_width (self),
                                                  image_height (self));
      gdk_texture_download (self->texture, cairo_image_surface_get_data (self->surface),
                            cairo_image_surface_get_stride (self->surface));
      cairo_surface_mark_dirty (self->surface);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &visible);
  cairo_translate (cr, image_rect->origin.x, image_rect->origin.y);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  /* The node's surface starts empty: copying is enough (and pixman's fastest path). */
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
}

#define READOUT_MARGIN 8
#define READOUT_PADDING 4

/* White text on a translucent dark plate: readable over any image, small enough not to hide
 * much of it; left out when the view is too small to hold it. */
static void
snapshot_readout (SlImageView *self,
                  GtkSnapshot *snapshot,
                  int          width,
                  int          height)
{
  PangoRectangle extents;
  GskRoundedRect plate;
  float pw, ph;

  if (self->readout == NULL)
    return;
  pango_layout_get_pixel_extents (self->readout, NULL, &extents);
  pw = extents.width + 2 * READOUT_PADDING;
  ph = extents.height + 2 * READOUT_PADDING;
  if (pw + 2 * READOUT_MARGIN > width || ph + 2 * READOUT_MARGIN > height)
    return;
  gsk_rounded_rect_init_from_rect (&plate,
                                   &GRAPHENE_RECT_INIT (READOUT_MARGIN,
                                                        height - READOUT_MARGIN - ph, pw, ph),
                                   4);
  gtk_snapshot_push_rounded_clip (snapshot, &plate);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.6f }, &plate.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (READOUT_MARGIN + READOUT_PADDING - extents.x,
                                                height - READOUT_MARGIN - ph + READOUT_PADDING
                                                - extents.y));
  gtk_snapshot_append_layout (snapshot, self->readout, &(GdkRGBA) { 1, 1, 1, 0.95f });
  gtk_snapshot_restore (snapshot);
}

/* The preview while the image is shown no larger than it, else the texture. */
static GdkTexture *
drawn_texture (SlImageView *self)
{
  if (self->preview != NULL
      && self->zoom * image_width (self) <= gdk_texture_get_width (self->preview) + 0.5)
    return self->preview;
  return self->texture;
}

gboolean
sl_image_view_get_preview_shown (SlImageView *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_VIEW (self), FALSE);
  return self->preview != NULL && drawn_texture (self) == self->preview;
}

void
_sl_image_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SlImageView *self = SL_IMAGE_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  graphene_rect_t rect;
  double x0, y0;

  if (self->texture == NULL)
    return;

  sl_image_view_image_to_widget (self, 0, 0, &x0, &y0);
  rect = GRAPHENE_RECT_INIT (x0, y0, image_width (self) * self->zoom,
                             image_height (self) * self->zoom);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->zoom > SL_IMAGE_VIEW_NEAREST_ZOOM)
    snapshot_nearest (self, snapshot, &rect, w, h);
  else
    gtk_snapshot_append_texture (snapshot, drawn_texture (self), &rect);

  if (self->heatmap != NULL && self->heatmap_visible && self->heatmap_opacity > 0)
    {
      gtk_snapshot_push_opacity (snapshot, self->heatmap_opacity);
      gtk_snapshot_append_texture (snapshot, self->heatmap, &rect);
      gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_pop (snapshot);
  snapshot_readout (self, snapshot, w, h);
}
