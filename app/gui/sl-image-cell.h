/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-image-item.h"

G_BEGIN_DECLS

/* One thumbnail of the browse grid, drawn in a single snapshot: the image in a square of the
 * cell's size (centred when the grid makes the cell wider), a strip in the label's colour along
 * its bottom with a badge of the label's key and initial ("1 N", for readers who do not tell
 * the colours apart), and a dot in the predicted class's colour (ringed in red when the
 * prediction disagrees with the label). Binding only stores fields: no allocation, one queued
 * draw. */

#define SL_TYPE_IMAGE_CELL (sl_image_cell_get_type ())
G_DECLARE_FINAL_TYPE (SlImageCell, sl_image_cell, SL, IMAGE_CELL, GtkWidget)

GtkWidget    *sl_image_cell_new            (int            size);
void          sl_image_cell_set_texture    (SlImageCell   *self,
                                            GdkTexture    *texture);
GdkTexture   *sl_image_cell_get_texture    (SlImageCell   *self);
/* NULL colours hide the strip or the dot. */
void          sl_image_cell_set_marks      (SlImageCell   *self,
                                            const GdkRGBA *label_color,
                                            const GdkRGBA *prediction_color,
                                            gboolean       disagrees);
/* The label's badge: its key (1–9, 0 for none) and initial (0 for none); shown with the
 * label's strip. */
void          sl_image_cell_set_badge      (SlImageCell   *self,
                                            int            key,
                                            gunichar       initial);
/* The badge's text, e.g. "1 N"; "" when there is none. */
const char   *sl_image_cell_get_badge      (SlImageCell   *self);
/* The bound item (borrowed: the list item holds it while bound; NULL when unbound). */
SlImageItem  *sl_image_cell_get_item       (SlImageCell   *self);
void          sl_image_cell_set_item       (SlImageCell   *self,
                                            SlImageItem   *item);
/* The image id of the bound item, 0 when unbound. */
gint64        sl_image_cell_get_image_id   (SlImageCell   *self);
/* The rectangle the image square takes in the cell. */
void          sl_image_cell_get_image_rect (SlImageCell   *self,
                                            graphene_rect_t *rect);

G_END_DECLS
