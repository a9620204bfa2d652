/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-image-cell.h"

#include <string.h>

#define STRIP 5.f
#define DOT 10.f
#define BADGE_PADDING 3.f

struct _SlImageCell
{
  GtkWidget parent_instance;

  int size;
  SlImageItem *item;
  gint64 image_id;
  GdkTexture *texture;
  GdkRGBA label_color;
  GdkRGBA prediction_color;
  gboolean has_label;
  gboolean has_prediction;
  gboolean disagrees;
  char badge_text[16];      /* "1 N": the label's key and initial, "" for none */
  PangoLayout *badge;       /* made on first draw */
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

void
sl_image_cell_get_image_rect (SlImageCell     *self,
                              graphene_rect_t *rect)
{
  float w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  float side = MIN (MIN (w, h), self->size);

  *rect = GRAPHENE_RECT_INIT ((w - side) / 2, (h - side) / 2, side, side);
}

/* The label's key and initial on a plate of its colour, over the strip's left end: the label
 * can be told without telling colours apart. */
static void
snapshot_badge (SlImageCell *self,
                GtkSnapshot *snapshot,
                float        x0,
                float        bottom)
{
  const GdkRGBA *color = &self->label_color;
  gboolean light = 0.299f * color->red + 0.587f * color->green + 0.114f * color->blue > 0.55f;
  GdkRGBA text_color = light ? (GdkRGBA) { 0, 0, 0, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
  GdkRGBA outline = { 0, 0, 0, 0.45f };
  PangoRectangle extents;
  GskRoundedRect plate;
  float w, h;

  if (!self->has_label || self->badge_text[0] == '\0')
    return;
  if (self->badge == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
      self->badge = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->badge_text);
      pango_layout_set_attributes (self->badge, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_extents (self->badge, NULL, &extents);
  w = extents.width + 2 * BADGE_PADDING + 2;
  h = extents.height + 2;
  gsk_rounded_rect_init_from_rect (&plate, &GRAPHENE_RECT_INIT (x0 + 4, bottom - h - 2, w, h), 4);
  gtk_snapshot_push_rounded_clip (snapshot, &plate);
  gtk_snapshot_append_color (snapshot, color, &plate.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &plate, (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { outline, outline, outline, outline });
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0 + 4 + BADGE_PADDING + 1 - extents.x,
                                                          bottom - h - 1 - extents.y));
  gtk_snapshot_append_layout (snapshot, self->badge, &text_color);
  gtk_snapshot_restore (snapshot);
}

static void
sl_image_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SlImageCell *self = SL_IMAGE_CELL (widget);
  graphene_rect_t square;
  GskRoundedRect clip;
  GdkRGBA placeholder = { 0.5f, 0.5f, 0.5f, 0.15f };
  float x0, y0, side;

  sl_image_cell_get_image_rect (self, &square);
  x0 = square.origin.x;
  y0 = square.origin.y;
  side = square.size.width;
  gsk_rounded_rect_init_from_rect (&clip, &square, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  if (self->texture != NULL)
    {
      float tw = gdk_texture_get_width (self->texture);
      float th = gdk_texture_get_height (self->texture);
      float scale = MIN (side / tw, side / th);
      graphene_rect_t rect = GRAPHENE_RECT_INIT (x0 + (side - tw * scale) / 2,
                                                 y0 + (side - th * scale) / 2,
                                                 tw * scale, th * scale);

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 }, &square);
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
    }
  else
    gtk_snapshot_append_color (snapshot, &placeholder, &square);
  if (self->has_label)
    gtk_snapshot_append_color (snapshot, &self->label_color,
                               &GRAPHENE_RECT_INIT (x0, y0 + side - STRIP, side, STRIP));
  gtk_snapshot_pop (snapshot);
  snapshot_badge (self, snapshot, x0, y0 + side);

  if (self->has_prediction)
    {
      GskRoundedRect dot;
      float ring = self->disagrees ? 2.f : 1.f;
      GdkRGBA ring_color = self->disagrees ? (GdkRGBA) { 0.88f, 0.11f, 0.14f, 1 }
                                           : (GdkRGBA) { 1, 1, 1, 0.9f };
      float x = x0 + side - DOT - 5, y = y0 + 5;

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

  g_clear_object (&self->texture);
  g_clear_object (&self->badge);
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

static gboolean
same_color (gboolean       had,
            const GdkRGBA *old,
            const GdkRGBA *color)
{
  return had == (color != NULL) && (color == NULL || gdk_rgba_equal (old, color));
}

void
sl_image_cell_set_marks (SlImageCell   *self,
                         const GdkRGBA *label_color,
                         const GdkRGBA *prediction_color,
                         gboolean       disagrees)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  if (same_color (self->has_label, &self->label_color, label_color) &&
      same_color (self->has_prediction, &self->prediction_color, prediction_color) &&
      !self->disagrees == !disagrees)
    return;
  self->has_label = label_color != NULL;
  if (label_color != NULL)
    self->label_color = *label_color;
  self->has_prediction = prediction_color != NULL;
  if (prediction_color != NULL)
    self->prediction_color = *prediction_color;
  self->disagrees = disagrees;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SlImageItem *
sl_image_cell_get_item (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), NULL);
  return self->item;
}

void
sl_image_cell_set_item (SlImageCell *self,
                        SlImageItem *item)
{
  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  self->item = item;
  self->image_id = item != NULL ? sl_image_item_get_id (item) : 0;
}

gint64
sl_image_cell_get_image_id (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), 0);
  return self->image_id;
}

void
sl_image_cell_set_badge (SlImageCell *self,
                         int          key,
                         gunichar     initial)
{
  char text[sizeof self->badge_text] = "";
  int len = 0;

  g_return_if_fail (SL_IS_IMAGE_CELL (self));

  if (key > 0)
    len = g_snprintf (text, sizeof text, "%d", key);
  if (initial != 0)
    {
      if (len > 0)
        text[len++] = ' ';
      len += g_unichar_to_utf8 (initial, text + len);
      text[len] = '\0';
    }
  if (strcmp (text, self->badge_text) == 0)
    return;
  memcpy (self->badge_text, text, sizeof text);
  if (self->badge != NULL)
    pango_layout_set_text (self->badge, text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
sl_image_cell_get_badge (SlImageCell *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_CELL (self), NULL);
  return self->badge_text;
}
