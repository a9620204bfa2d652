/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-image-cell.h"

#define STRIP 5.f
#define DOT 10.f

struct _SlImageCell
{
  GtkWidget parent_instance;

  int size;
  gint64 image_id;
  GdkTexture *texture;
  GCancellable *cancellable;
  GdkRGBA label_color;
  GdkRGBA prediction_color;
  gboolean has_label;
  gboolean has_prediction;
  gboolean disagrees;
};

G_DEFINE_FINAL_TYPE (SlImageCell, sl_image_cell, GTK_TYPE_WIDGET)

static void
sl_image_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = SL_IMAGE_CELL (widget)->size;
}

static void
sl_image_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SlImageCell *self = SL_IMAGE_CELL (widget);
  float w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRoundedRect clip;
  GdkRGBA placeholder = { 0.5f, 0.5f, 0.5f, 0.15f };

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, w, h), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  if (self->texture != NULL)
    {
      float tw = gdk_texture_get_width (self->texture);
      float th = gdk_texture_get_height (self->texture);
      float scale = MIN (w / tw, h / th);
      graphene_rect_t rect = GRAPHENE_RECT_INIT ((w - tw * scale) / 2, (h - th * scale) / 2,
                                                 tw * scale, th * scale);

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                                 &GRAPHENE_RECT_INIT (0, 0, w, h));
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
    }
  else
    gtk_snapshot_append_color (snapshot, &placeholder, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->has_label)
    gtk_snapshot_append_color (snapshot, &self->label_color,
                               &GRAPHENE_RECT_INIT (0, h - STRIP, w, STRIP));
  gtk_snapshot_pop (snapshot);

  if (self->has_prediction)
    {
      GskRoundedRect dot;
      float ring = self->disagrees ? 2.f : 1.f;
      GdkRGBA ring_color = self->disagrees ? (GdkRGBA) { 0.88f, 0.11f, 0.14f, 1 }
                                           : (GdkRGBA) { 1, 1, 1, 0.9f };
      float x = w - DOT - 5, y = 5;

      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - ring, y - ring,
                                                                  DOT + 2 * ring,
                                                                  DOT + 2 * ring),
                                       DOT / 2 + ring);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &ring_color, &dot.bounds);
      gtk_snapshot_pop (snapshot);
      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x, y, DOT, DOT), DOT / 2);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &self->prediction_color, &dot.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

static void
sl_image_cell_dispose (GObject *object)
{
  SlImageCell *self = SL_IMAGE_CELL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  G_OBJECT_CLASS (sl_image_cell_parent_class)->dispose (object);
}

static void
sl_image_cell_class_init (SlImageCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_image_cell_dispose;
  widget_class->measure = sl_image_cell_measure;
  widget_class->snapshot = sl_image_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "slimagecell");
}

static void
sl_image_cell_init (SlImageCell *self)
{
}

GtkWidget *
sl_image_cell_new (int size)
{
  SlImageCell *self = g_object_new (SL_TYPE_IMAGE_CELL, NULL);

  self->size = size;
  return GTK_WIDGET (self);
}

void
sl_image_cell_set_texture (SlImageCell *self,
                           GdkTexture  *texture)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
sl_image_cell_get_texture (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), NULL);
  return self->texture;
}

void
sl_image_cell_set_label (SlImageCell   *self,
                         const GdkRGBA *color)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  self->has_label = color != NULL;
  if (color != NULL)
    self->label_color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_image_cell_set_prediction (SlImageCell   *self,
                              const GdkRGBA *color,
                              gboolean       disagrees)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  self->has_prediction = color != NULL;
  if (color != NULL)
    self->prediction_color = *color;
  self->disagrees = disagrees;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
sl_image_cell_get_image_id (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), 0);
  return self->image_id;
}

void
sl_image_cell_set_image_id (SlImageCell *self,
                            gint64       image_id)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));
  self->image_id = image_id;
}

GCancellable *
sl_image_cell_get_cancellable (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), NULL);
  return self->cancellable;
}

void
sl_image_cell_reset_cancellable (SlImageCell *self)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}
