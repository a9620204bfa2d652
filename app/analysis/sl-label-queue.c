/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-label-queue.h"

#include <glib/gi18n.h>

#include "sl-error.h"
#include "sl-model-input.h"
#include "sl-select.h"

static const char *const strategy_names[] = { "random", "uncertainty", "diverse" };

const char *
sl_queue_strategy_to_string (SlQueueStrategy strategy)
{
  g_return_val_if_fail (strategy <= SL_QUEUE_DIVERSE, NULL);
  return strategy_names[strategy];
}

gboolean
sl_queue_strategy_from_string (const char      *name,
                               SlQueueStrategy *strategy)
{
  for (guint i = 0; i < G_N_ELEMENTS (strategy_names); i++)
    if (g_strcmp0 (name, strategy_names[i]) == 0)
      {
        *strategy = i;
        return TRUE;
      }
  return FALSE;
}

GArray *
sl_label_queue_select (SlQueueStrategy  strategy,
                       const float     *probs,
                       const float     *features,
                       int              n,
                       int              n_classes,
                       int              dim,
                       int              count,
                       guint32          seed)
{
  g_autofree double *scores = g_new (double, MAX (n, 1));
  g_autofree int *order = g_new (int, MAX (n, 1));
  GArray *picked = g_array_new (FALSE, FALSE, sizeof (int));
  int n_picked = MIN (count, n);

  if (strategy == SL_QUEUE_RANDOM)
    {
      g_autoptr(GRand) rng = g_rand_new_with_seed (seed);

      for (int i = 0; i < n; i++)
        order[i] = i;
      for (int i = n - 1; i > 0; i--)
        {
          int j = g_rand_int_range (rng, 0, i + 1), tmp = order[i];

          order[i] = order[j];
          order[j] = tmp;
        }
    }
  else
    {
      sl_uncertainty_scores (probs, n, n_classes, SL_UNCERTAINTY_MARGIN, scores);
      sl_rank_by_score (scores, n, order);
    }
  if (strategy == SL_QUEUE_DIVERSE && features != NULL && dim > 0)
    {
      int pool = MIN (n, count * SL_QUEUE_DIVERSE_POOL);
      g_autofree int *chosen = g_new (int, MAX (n_picked, 1));

      n_picked = sl_k_centre_greedy (features, dim, order, pool, count, chosen);
      g_array_append_vals (picked, chosen, (guint) n_picked);
    }
  else
    g_array_append_vals (picked, order, (guint) MAX (n_picked, 0));
  return picked;
}

GArray *
sl_label_queue_from_catalog (SlCatalog        *catalog,
                             SlModel          *model,
                             SlQueueStrategy   strategy,
                             int               count,
                             guint32           seed,
                             GError          **error)
{
  SlImageFilter filter;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) picked = NULL;
  g_autofree guint8 *inputs = NULL;
  g_autofree float *probs = NULL, *features = NULL;
  int width, height, channels, n, n_classes = sl_model_get_n_classes (model);
  gsize sample;
  int dim = sl_model_get_feature_dim (model);
  GArray *queue;

  sl_image_filter_init (&filter);
  filter.class_id = 0;
  if ((ids = sl_catalog_query_images (catalog, &filter, error)) == NULL)
    return NULL;
  if (strategy == SL_QUEUE_DIVERSE && dim == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The diverse strategy needs a model whose last layer is fully connected"));
      return NULL;
    }

  n = (int) ids->len;
  sl_model_get_input_size (model, &width, &height);
  channels = sl_model_get_input_channels (model);
  sample = (gsize) channels * width * height;
  inputs = g_new (guint8, (gsize) MAX (n, 1) * sample);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(SlImage) image = sl_catalog_load_image (catalog, g_array_index (ids, gint64, i),
                                                        error);

      if (image == NULL)
        return NULL;
      sl_model_input_from_image (image, channels, width, height, inputs + (gsize) i * sample);
    }
  probs = g_new (float, (gsize) MAX (n, 1) * n_classes);
  if (dim > 0)
    {
      features = g_new (float, (gsize) MAX (n, 1) * dim);
      sl_model_features_inputs (model, inputs, n, features, probs);
    }
  else
    sl_model_predict_inputs (model, inputs, n, probs);

  picked = sl_label_queue_select (strategy, probs, features, n, n_classes, dim, count, seed);
  queue = g_array_sized_new (FALSE, FALSE, sizeof (SlQueueEntry), picked->len);
  for (guint i = 0; i < picked->len; i++)
    {
      int index = g_array_index (picked, int, i);
      const float *p = probs + (gsize) index * n_classes;
      SlQueueEntry entry = { g_array_index (ids, gint64, index), 0, 0 };

      sl_uncertainty_scores (p, 1, n_classes, SL_UNCERTAINTY_MARGIN, &entry.uncertainty);
      for (int k = 1; k < n_classes; k++)
        if (p[k] > p[entry.predicted])
          entry.predicted = k;
      g_array_append_val (queue, entry);
    }
  return queue;
}
