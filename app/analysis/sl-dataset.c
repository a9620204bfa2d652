/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dataset.h"

#include <glib/gi18n.h>

#include "sl-error.h"
#include "sl-model-input.h"

void
sl_dataset_free (SlDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->x);
  g_free (dataset->y);
  g_free (dataset->image_ids);
  g_free (dataset);
}

static int
class_index_of (GHashTable *index_by_class_id,
                gint64      class_id)
{
  gpointer value;

  if (class_id == 0)
    return -1;
  if (g_hash_table_lookup_extended (index_by_class_id, &class_id, NULL, &value))
    return GPOINTER_TO_INT (value);
  return -1;
}

SlDataset *
sl_dataset_load (SlCatalog          *catalog,
                 SlSplit             split,
                 const char * const *class_names,
                 gboolean            labelled_only,
                 int                 width,
                 int                 height,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(SlDataset) dataset = g_new0 (SlDataset, 1);
  g_autoptr(GHashTable) index_by_class_id = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                   g_free, NULL);
  g_autoptr(GArray) ids = NULL;
  gsize pixels = (gsize) width * height;
  SlImageFilter filter;
  int n = 0;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  for (int k = 0; class_names != NULL && class_names[k] != NULL; k++)
    {
      gint64 class_id = sl_catalog_find_class (catalog, class_names[k]);

      if (class_id != 0)
        g_hash_table_insert (index_by_class_id, g_memdup2 (&class_id, sizeof class_id),
                             GINT_TO_POINTER (k));
    }

  sl_image_filter_init (&filter);
  filter.split = split;
  ids = sl_catalog_query_images (catalog, &filter, error);
  if (ids == NULL)
    return NULL;

  dataset->width = width;
  dataset->height = height;
  dataset->x = g_new (float, MAX (ids->len, 1) * pixels);
  dataset->y = g_new (int, MAX (ids->len, 1));
  dataset->image_ids = g_new (gint64, MAX (ids->len, 1));

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 image_id = g_array_index (ids, gint64, i);
      int label = class_index_of (index_by_class_id,
                                  sl_catalog_get_label (catalog, image_id));
      g_autoptr(SlImage) image = NULL;

      if (labelled_only && label < 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      image = sl_catalog_load_image (catalog, image_id, error);
      if (image == NULL)
        return NULL;

      sl_model_input_from_image (image, width, height, dataset->x + (gsize) n * pixels);
      dataset->y[n] = label;
      dataset->image_ids[n] = image_id;
      n++;
    }
  dataset->n = n;
  return g_steal_pointer (&dataset);
}

int
sl_dataset_choose_side (SlCatalog *catalog,
                        int        max_side)
{
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;
  int side = 1;

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, NULL);
  for (guint i = 0; ids != NULL && i < ids->len && side < max_side; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog,
                                                               g_array_index (ids, gint64, i),
                                                               NULL);
      if (info != NULL)
        side = MAX (side, MAX (info->width, info->height));
    }
  return MIN (side, max_side);
}
