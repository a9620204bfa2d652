/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-ratings.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"
#include "sl-error.h"

void
sl_ratings_free (SlRatings *ratings)
{
  if (ratings == NULL)
    return;
  g_ptr_array_unref (ratings->raters);
  g_ptr_array_unref (ratings->class_names);
  g_array_unref (ratings->image_ids);
  g_array_unref (ratings->ratings);
  g_free (ratings);
}

int
sl_ratings_get (const SlRatings *ratings,
                guint            image,
                guint            rater)
{
  return g_array_index (ratings->ratings, int, image * ratings->raters->len + rater);
}

static int
rater_index (const SlRatings *ratings,
             const char      *name)
{
  for (guint i = 0; i < ratings->raters->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ratings->raters, i), name) == 0)
      return (int) i;
  return -1;
}

SlRatings *
sl_ratings_from_catalog (SlCatalog          *catalog,
                         const char * const *annotators,
                         GError            **error)
{
  g_autoptr(SlRatings) ratings = g_new0 (SlRatings, 1);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
  g_autoptr(GHashTable) position = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          NULL);
  g_auto(GStrv) readers = NULL;

  ratings->raters = g_ptr_array_new_with_free_func (g_free);
  ratings->class_names = g_ptr_array_new_with_free_func (g_free);
  ratings->image_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ratings->ratings = g_array_new (FALSE, FALSE, sizeof (int));

  if ((readers = sl_catalog_list_readers (catalog, error)) == NULL
      || (labels = sl_catalog_reader_labels (catalog, 0, error)) == NULL)
    return NULL;
  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      g_ptr_array_add (ratings->class_names, g_strdup (info->name));
      g_hash_table_insert (position, &info->id, GUINT_TO_POINTER (i));
    }
  if (annotators == NULL)
    annotators = (const char * const *) readers;
  for (guint i = 0; annotators[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *) readers, annotators[i]))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                       _("%s: no reader “%s” has a label in this catalog"),
                       sl_catalog_get_path (catalog), annotators[i]);
          return NULL;
        }
      if (rater_index (ratings, annotators[i]) < 0)
        g_ptr_array_add (ratings->raters, g_strdup (annotators[i]));
    }

  for (guint i = 0; i < labels->len; i++)
    {
      SlReaderLabel *label = g_ptr_array_index (labels, i);
      int rater = rater_index (ratings, label->annotator);
      guint row;

      if (rater < 0)
        continue;
      if (ratings->image_ids->len == 0
          || g_array_index (ratings->image_ids, gint64, ratings->image_ids->len - 1)
             != label->image_id)
        {
          int none = -1;

          g_array_append_val (ratings->image_ids, label->image_id);
          for (guint r = 0; r < ratings->raters->len; r++)
            g_array_append_val (ratings->ratings, none);
        }
      row = ratings->image_ids->len - 1;
      g_array_index (ratings->ratings, int, row * ratings->raters->len + (guint) rater)
        = (int) GPOINTER_TO_UINT (g_hash_table_lookup (position, &label->class_id));
    }
  return g_steal_pointer (&ratings);
}

/* to_catalog[k]: the catalog class position of the model's class k. */
static int *
map_model_classes (SlRatings  *ratings,
                   SlCatalog  *catalog,
                   SlModel    *model,
                   GError    **error)
{
  int n_classes = sl_model_get_n_classes (model);
  g_autofree int *to_catalog = g_new (int, n_classes);

  for (int k = 0; k < n_classes; k++)
    {
      const char *class_name = sl_model_get_class_name (model, k);

      to_catalog[k] = -1;
      for (guint c = 0; c < ratings->class_names->len; c++)
        if (g_strcmp0 (g_ptr_array_index (ratings->class_names, c), class_name) == 0)
          to_catalog[k] = (int) c;
      if (to_catalog[k] < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _("%s: the model's class “%s” is not a class of this catalog"),
                       sl_catalog_get_path (catalog), class_name);
          return NULL;
        }
    }
  return g_steal_pointer (&to_catalog);
}

static int
most_probable (const float *probs,
               int          n_classes)
{
  int best = 0;

  for (int k = 1; k < n_classes; k++)
    if (probs[k] > probs[best])
      best = k;
  return best;
}

/* Appends the rater whose rating of image i is column[i]. */
static void
add_rater (SlRatings  *ratings,
           const int  *column,
           const char *name)
{
  guint old_width = ratings->raters->len, n_images = ratings->image_ids->len;
  GArray *table = g_array_sized_new (FALSE, FALSE, sizeof (int), n_images * (old_width + 1));

  for (guint i = 0; i < n_images; i++)
    {
      g_array_append_vals (table, &g_array_index (ratings->ratings, int, i * old_width),
                           old_width);
      g_array_append_val (table, column[i]);
    }
  g_array_unref (ratings->ratings);
  ratings->ratings = table;
  g_ptr_array_add (ratings->raters, g_strdup (name));
}

gboolean
sl_ratings_add_model (SlRatings   *ratings,
                      SlCatalog   *catalog,
                      SlModel     *model,
                      const char  *name,
                      GError     **error)
{
  int n_classes = sl_model_get_n_classes (model);
  g_autofree int *to_catalog = map_model_classes (ratings, catalog, model, error);
  g_autofree float *probs = g_new (float, n_classes);
  g_autofree int *column = g_new (int, MAX (ratings->image_ids->len, 1));

  if (to_catalog == NULL)
    return FALSE;
  for (guint i = 0; i < ratings->image_ids->len; i++)
    {
      g_autoptr(SlImage) image = sl_catalog_load_image (catalog,
                                                        g_array_index (ratings->image_ids,
                                                                       gint64, i), error);

      if (image == NULL || !sl_model_predict (model, image, probs, NULL, error))
        return FALSE;
      column[i] = to_catalog[most_probable (probs, n_classes)];
    }
  add_rater (ratings, column, name);
  return TRUE;
}

gboolean
sl_ratings_add_predictions (SlRatings   *ratings,
                            SlCatalog   *catalog,
                            gint64       model_id,
                            SlModel     *model,
                            const char  *name,
                            GError     **error)
{
  int n_classes = sl_model_get_n_classes (model);
  g_autofree int *to_catalog = map_model_classes (ratings, catalog, model, error);
  g_autofree float *probs = g_new (float, n_classes);
  g_autofree int *column = g_new (int, MAX (ratings->image_ids->len, 1));

  if (to_catalog == NULL)
    return FALSE;
  for (guint i = 0; i < ratings->image_ids->len; i++)
    column[i] = sl_catalog_get_prediction (catalog, model_id,
                                           g_array_index (ratings->image_ids, gint64, i), probs,
                                           n_classes)
                ? to_catalog[most_probable (probs, n_classes)] : -1;
  add_rater (ratings, column, name);
  return TRUE;
}
