/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-image-item.h"

struct _SlImageItem
{
  GObject parent_instance;

  gint64 id;
  gint64 class_id;
  int predicted;
  double confidence;
};

G_DEFINE_FINAL_TYPE (SlImageItem, sl_image_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CLASS_ID,
  PROP_PREDICTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_image_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlImageItem *self = SL_IMAGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CLASS_ID:
      g_value_set_int64 (value, self->class_id);
      break;
    case PROP_PREDICTED:
      g_value_set_int (value, self->predicted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_image_item_class_init (SlImageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_image_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLASS_ID] =
    g_param_spec_int64 ("class-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PREDICTED] =
    g_param_spec_int ("predicted", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_image_item_init (SlImageItem *self)
{
  self->predicted = -1;
}

SlImageItem *
sl_image_item_new (gint64 id)
{
  SlImageItem *self = g_object_new (SL_TYPE_IMAGE_ITEM, NULL);

  self->id = id;
  return self;
}

gint64
sl_image_item_get_id (SlImageItem *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_ITEM (self), 0);
  return self->id;
}

gint64
sl_image_item_get_class_id (SlImageItem *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_ITEM (self), 0);
  return self->class_id;
}

void
sl_image_item_set_class_id (SlImageItem *self,
                            gint64       class_id)
{
  g_return_if_fail (SL_IS_IMAGE_ITEM (self));

  if (self->class_id == class_id)
    return;
  self->class_id = class_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLASS_ID]);
}

int
sl_image_item_get_predicted (SlImageItem *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_ITEM (self), -1);
  return self->predicted;
}

double
sl_image_item_get_confidence (SlImageItem *self)
{
  g_return_val_if_fail (SL_IS_IMAGE_ITEM (self), 0);
  return self->confidence;
}

void
sl_image_item_set_prediction (SlImageItem *self,
                              int          predicted,
                              double       confidence)
{
  g_return_if_fail (SL_IS_IMAGE_ITEM (self));

  if (self->predicted == predicted && self->confidence == confidence)
    return;
  self->predicted = predicted;
  self->confidence = confidence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTED]);
}
