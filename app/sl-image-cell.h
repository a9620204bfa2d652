/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One thumbnail of the browse grid, drawn in a single snapshot: the image, a strip in the
 * label's colour along the bottom and a dot in the predicted class's colour (ringed in red when
 * the prediction disagrees with the label). Cheap to rebind. */

#define SL_TYPE_IMAGE_CELL (sl_image_cell_get_type ())
G_DECLARE_FINAL_TYPE (SlImageCell, sl_image_cell, SL, IMAGE_CELL, GtkWidget)

GtkWidget    *sl_image_cell_new            (int            size);
void          sl_image_cell_set_texture    (SlImageCell   *self,
                                            GdkTexture    *texture);
GdkTexture   *sl_image_cell_get_texture    (SlImageCell   *self);
/* NULL colours hide the strip or the dot. */
void          sl_image_cell_set_label      (SlImageCell   *self,
                                            const GdkRGBA *color);
void          sl_image_cell_set_prediction (SlImageCell   *self,
                                            const GdkRGBA *color,
                                            gboolean       disagrees);
/* Per-cell state owned by the grid's factory. */
gint64        sl_image_cell_get_image_id   (SlImageCell   *self);
void          sl_image_cell_set_image_id   (SlImageCell   *self,
                                            gint64         image_id);
GCancellable *sl_image_cell_get_cancellable (SlImageCell  *self);
void          sl_image_cell_reset_cancellable (SlImageCell *self);

G_END_DECLS
