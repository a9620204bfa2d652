/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One row of the browse grid: an image id with the few fields a cell shows. The list model
 * updates class-id in place when the label changes, so bound cells follow. */

#define SL_TYPE_IMAGE_ITEM (sl_image_item_get_type ())
G_DECLARE_FINAL_TYPE (SlImageItem, sl_image_item, SL, IMAGE_ITEM, GObject)

SlImageItem *sl_image_item_new                (gint64       id);
gint64       sl_image_item_get_id             (SlImageItem *self);
gint64       sl_image_item_get_class_id       (SlImageItem *self);
void         sl_image_item_set_class_id       (SlImageItem *self,
                                               gint64       class_id);
/* Index of the predicted class in the model's order, -1 = no prediction. */
int          sl_image_item_get_predicted      (SlImageItem *self);
double       sl_image_item_get_confidence     (SlImageItem *self);
void         sl_image_item_set_prediction     (SlImageItem *self,
                                               int          predicted,
                                               double       confidence);

G_END_DECLS
