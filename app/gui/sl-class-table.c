/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-class-table.h"

struct _SlClassTable
{
  GPtrArray *classes;     /* SlClassInfo* */
  GdkRGBA *colors;
  gint64 *model_map;
  int n_model_classes;
};

static void
sl_class_table_clear (SlClassTable *self)
{
  g_ptr_array_unref (self->classes);
  g_free (self->colors);
  g_free (self->model_map);
}

SlClassTable *
sl_class_table_new (SlCatalog         *catalog,
                    const char *const *model_class_names,
                    int                n_model_classes)
{
  SlClassTable *self = g_rc_box_new0 (SlClassTable);
  static const char *fallback[] = { "#3584e4", "#e66100", "#2ec27e", "#c061cb", "#f5c211",
                                    "#986a44", "#1c71d8", "#ed333b", "#26a269" };

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self->classes = sl_catalog_list_classes (catalog);
  self->colors = g_new0 (GdkRGBA, MAX (self->classes->len, 1));
  for (guint i = 0; i < self->classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (self->classes, i);

      if (info->color == NULL || !gdk_rgba_parse (&self->colors[i], info->color))
        gdk_rgba_parse (&self->colors[i], fallback[i % G_N_ELEMENTS (fallback)]);
    }
  self->n_model_classes = MAX (n_model_classes, 0);
  self->model_map = g_new0 (gint64, MAX (self->n_model_classes, 1));
  for (int k = 0; k < self->n_model_classes; k++)
    self->model_map[k] = sl_catalog_find_class (catalog, model_class_names[k]);
  return self;
}

SlClassTable *
sl_class_table_ref (SlClassTable *self)
{
  return g_rc_box_acquire (self);
}

void
sl_class_table_unref (SlClassTable *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) sl_class_table_clear);
}

guint
sl_class_table_get_n_classes (SlClassTable *self)
{
  return self->classes->len;
}

const SlClassInfo *
sl_class_table_get (SlClassTable *self,
                    guint         index)
{
  g_return_val_if_fail (index < self->classes->len, NULL);
  return g_ptr_array_index (self->classes, index);
}

int
sl_class_table_index_of (SlClassTable *self,
                         gint64        class_id)
{
  for (guint i = 0; class_id > 0 && i < self->classes->len; i++)
    if (((SlClassInfo *) g_ptr_array_index (self->classes, i))->id == class_id)
      return (int) i;
  return -1;
}

const GdkRGBA *
sl_class_table_get_color (SlClassTable *self,
                          gint64        class_id)
{
  int index = sl_class_table_index_of (self, class_id);

  return index < 0 ? NULL : &self->colors[index];
}

const char *
sl_class_table_get_name (SlClassTable *self,
                         gint64        class_id)
{
  int index = sl_class_table_index_of (self, class_id);

  return index < 0 ? NULL : ((SlClassInfo *) g_ptr_array_index (self->classes, index))->name;
}

gint64
sl_class_table_model_class_id (SlClassTable *self,
                               int           k)
{
  if (k < 0 || k >= self->n_model_classes)
    return 0;
  return self->model_map[k];
}
