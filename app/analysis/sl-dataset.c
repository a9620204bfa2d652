/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dataset.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-dataset-cache.h"
#include "sl-defaults.h"
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

static SlDataset *
dataset_new (int n,
             int channels,
             int width,
             int height)
{
  SlDataset *dataset = g_new0 (SlDataset, 1);

  dataset->channels = channels;
  dataset->width = width;
  dataset->height = height;
  dataset->x = g_new (guint8, (gsize) MAX (n, 1) * channels * width * height);
  dataset->y = g_new (int, MAX (n, 1));
  dataset->image_ids = g_new (gint64, MAX (n, 1));
  return dataset;
}

/* Decodes the images of ids whose flag in decode is set into x, one after the other. */
static gboolean
decode_images (SlCatalog       *catalog,
               GArray          *ids,
               const gboolean  *decode,
               int              channels,
               int              width,
               int              height,
               guint8          *x,
               GCancellable    *cancellable,
               GError         **error)
{
  gsize sample = (gsize) channels * width * height, n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImage) image = NULL;

      if (!decode[i])
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      image = sl_catalog_load_image (catalog, g_array_index (ids, gint64, i), error);
      if (image == NULL)
        return FALSE;
      sl_model_input_from_image (image, channels, width, height, x + n++ * sample);
    }
  return TRUE;
}

/* Fills x with the kept images' inputs from the split's cache file, or decodes every image of
 * the split, writes the cache file and keeps the kept ones. */
static gboolean
load_through_cache (SlCatalog       *catalog,
                    SlSplit          split,
                    GArray          *ids,
                    const gboolean  *keep,
                    int              channels,
                    int              width,
                    int              height,
                    guint8          *x,
                    GCancellable    *cancellable,
                    GError         **error)
{
  gsize sample = (gsize) channels * width * height, n = 0;
  g_autofree char *key = sl_dataset_cache_key (catalog, ids, channels, width, height, error);
  g_autofree char *path = sl_dataset_cache_path (catalog, split, channels, width, height);
  g_autofree gboolean *all = NULL;

  if (key == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  if (sl_dataset_cache_read (path, key, (int) ids->len, sample, keep, x))
    return TRUE;

  all = g_new (gboolean, MAX (ids->len, 1));
  for (guint i = 0; i < ids->len; i++)
    all[i] = TRUE;
  if (!decode_images (catalog, ids, all, channels, width, height, x, cancellable, error))
    return FALSE;
  sl_dataset_cache_write (path, key, (int) ids->len, sample, x);
  for (guint i = 0; i < ids->len; i++)
    if (keep[i])
      memmove (x + n++ * sample, x + i * sample, sample);
  return TRUE;
}

SlDataset *
sl_dataset_load (SlCatalog          *catalog,
                 SlSplit             split,
                 const char * const *class_names,
                 gboolean            labelled_only,
                 gboolean            cached,
                 int                 channels,
                 int                 width,
                 int                 height,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(SlDataset) dataset = NULL;
  g_autoptr(GHashTable) index_by_class_id = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                   g_free, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autofree gboolean *keep = NULL;
  SlImageFilter filter;
  gboolean ok;
  int n = 0;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

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

  dataset = dataset_new ((int) ids->len, channels, width, height);
  keep = g_new (gboolean, MAX (ids->len, 1));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 image_id = g_array_index (ids, gint64, i);
      int label = class_index_of (index_by_class_id, sl_catalog_get_label (catalog, image_id));

      keep[i] = !labelled_only || label >= 0;
      if (!keep[i])
        continue;
      dataset->y[n] = label;
      dataset->image_ids[n] = image_id;
      n++;
    }
  dataset->n = n;

  if (cached)
    ok = load_through_cache (catalog, split, ids, keep, channels, width, height, dataset->x,
                             cancellable, error);
  else
    ok = decode_images (catalog, ids, keep, channels, width, height, dataset->x, cancellable,
                        error);
  return ok ? g_steal_pointer (&dataset) : NULL;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

void
sl_dataset_choose_input (SlCatalog *catalog,
                         int       *channels,
                         int       *side)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) sides = g_array_new (FALSE, FALSE, sizeof (int));
  SlImageFilter filter;

  *channels = 1;
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, NULL);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog,
                                                               g_array_index (ids, gint64, i),
                                                               NULL);
      int shorter;

      if (info == NULL)
        continue;
      shorter = MIN (info->width, info->height);
      g_array_append_val (sides, shorter);
      if (info->channels == 3)
        *channels = 3;
    }
  if (sides->len == 0)
    {
      *side = sl_input_size_default (0);
      return;
    }
  g_array_sort (sides, compare_ints);
  *side = sl_input_size_default (g_array_index (sides, int, sides->len / 2));
}

static void
shuffle (GArray  *positions,
         guint64  seed,
         int      label)
{
  guint32 seed_words[4] = { (guint32) seed, (guint32) (seed >> 32), (guint32) label,
                            (guint32) ((guint64) (gint64) label >> 32) };
  g_autoptr(GRand) rng = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));
  int *items = (int *) positions->data;

  for (guint i = positions->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rng, 0, (gint32) i);
      int tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

/* Copies the samples of dataset whose flag in chosen equals want, in order. */
static SlDataset *
dataset_select (const SlDataset *dataset,
                const gboolean  *chosen,
                gboolean         want)
{
  gsize sample = (gsize) dataset->channels * dataset->width * dataset->height;
  SlDataset *out;
  int n = 0;

  for (int i = 0; i < dataset->n; i++)
    n += chosen[i] == want;
  out = dataset_new (n, dataset->channels, dataset->width, dataset->height);
  out->n = n;
  for (int i = 0, j = 0; i < dataset->n; i++)
    if (chosen[i] == want)
      {
        memcpy (out->x + j * sample, dataset->x + i * sample, sample);
        out->y[j] = dataset->y[i];
        out->image_ids[j] = dataset->image_ids[i];
        j++;
      }
  return out;
}

void
sl_dataset_choose_part (const int *labels,
                        int        n,
                        double     fraction,
                        guint64    seed,
                        gboolean  *chosen)
{
  g_autoptr(GHashTable) strata = g_hash_table_new_full (NULL, NULL, NULL,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (fraction >= 0 && fraction <= 1);

  for (int i = 0; i < n; i++)
    {
      gpointer label = GINT_TO_POINTER (labels[i]);
      GArray *positions = g_hash_table_lookup (strata, label);

      chosen[i] = FALSE;
      if (positions == NULL)
        {
          positions = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (strata, label, positions);
        }
      g_array_append_val (positions, i);
    }

  g_hash_table_iter_init (&iter, strata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *positions = value;
      guint count = (guint) lround (positions->len * fraction);

      if (count == 0 && positions->len >= 2 && fraction > 0)
        count = 1;
      shuffle (positions, seed, GPOINTER_TO_INT (key));
      for (guint i = 0; i < count; i++)
        chosen[g_array_index (positions, int, i)] = TRUE;
    }
}

SlDataset *
sl_dataset_hold_out (SlDataset *dataset,
                     double     fraction,
                     guint64    seed)
{
  g_autofree gboolean *chosen = g_new0 (gboolean, MAX (dataset->n, 1));
  g_autoptr(SlDataset) kept = NULL;
  SlDataset *held;

  g_return_val_if_fail (dataset != NULL, NULL);

  sl_dataset_choose_part (dataset->y, dataset->n, fraction, seed, chosen);
  held = dataset_select (dataset, chosen, TRUE);
  kept = dataset_select (dataset, chosen, FALSE);
  g_free (dataset->x);
  g_free (dataset->y);
  g_free (dataset->image_ids);
  *dataset = *kept;
  g_free (g_steal_pointer (&kept));
  return held;
}

static GArray *
split_images (SlCatalog  *catalog,
              SlSplit     split,
              GError    **error)
{
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  filter.split = split;
  return sl_catalog_query_images (catalog, &filter, error);
}

int
sl_dataset_fill_split (SlCatalog  *catalog,
                       SlSplit     split,
                       double      fraction,
                       guint64     seed,
                       GError    **error)
{
  g_autoptr(GArray) existing = NULL;
  g_autoptr(GArray) train = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GHashTable) index_by_class_id = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                   g_free, NULL);
  g_autofree int *labels = NULL;
  g_autofree gboolean *chosen = NULL;
  int moved = 0;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), -1);
  g_return_val_if_fail (split == SL_SPLIT_VAL || split == SL_SPLIT_TEST, -1);

  if (!(fraction >= 0 && fraction <= 1))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The part of train to move must be between 0 and 1, not %g"), fraction);
      return -1;
    }
  existing = split_images (catalog, split, error);
  if (existing == NULL)
    return -1;
  train = split_images (catalog, SL_SPLIT_TRAIN, error);
  if (train == NULL)
    return -1;
  if (existing->len > 0 || train->len == 0)
    return 0;

  classes = sl_catalog_list_classes (catalog);
  for (guint k = 0; k < classes->len; k++)
    g_hash_table_insert (index_by_class_id,
                         g_memdup2 (&((SlClassInfo *) g_ptr_array_index (classes, k))->id,
                                    sizeof (gint64)),
                         GINT_TO_POINTER ((int) k));
  labels = g_new (int, train->len);
  chosen = g_new (gboolean, train->len);
  for (guint i = 0; i < train->len; i++)
    labels[i] = class_index_of (index_by_class_id,
                                sl_catalog_get_label (catalog, g_array_index (train, gint64, i)));
  sl_dataset_choose_part (labels, (int) train->len, fraction, seed, chosen);

  if (!sl_catalog_begin (catalog, error))
    return -1;
  for (guint i = 0; i < train->len; i++)
    if (chosen[i])
      {
        if (!sl_catalog_set_split (catalog, g_array_index (train, gint64, i), split,
                                   (gint64) seed, error))
          {
            sl_catalog_rollback (catalog);
            return -1;
          }
        moved++;
      }
  if (!sl_catalog_commit (catalog, error))
    {
      sl_catalog_rollback (catalog);
      return -1;
    }
  return moved;
}
