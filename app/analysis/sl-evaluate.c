/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-evaluate.h"

#include <glib/gi18n.h>

#include "sl-dataset.h"
#include "sl-error.h"
#include "sl-metrics.h"

void
sl_evaluation_free (SlEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;
  g_strfreev (evaluation->class_names);
  g_free (evaluation->image_ids);
  g_free (evaluation->y_true);
  g_free (evaluation->probs);
  g_free (evaluation->confusion);
  g_free (evaluation->precision);
  g_free (evaluation->recall);
  g_free (evaluation->specificity);
  g_free (evaluation->f1);
  g_free (evaluation->auc_per_class);
  g_free (evaluation);
}

static double *
copy_doubles (const double *values,
              int           n)
{
  return g_memdup2 (values, sizeof (double) * n);
}

gboolean
sl_evaluation_compute (SlEvaluation  *e,
                       GError       **error)
{
  sl_metrics metrics = { 0 };
  int k = e->n_classes;

  if (sl_metrics_compute (&metrics, e->y_true, e->probs, e->n, k) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Could not compute the metrics"));
      return FALSE;
    }
  e->confusion = g_memdup2 (metrics.confusion, sizeof (int) * k * k);
  e->accuracy = metrics.accuracy;
  e->auc = metrics.auc;
  e->macro_f1 = metrics.macro_f1;
  e->precision = copy_doubles (metrics.precision, k);
  e->recall = copy_doubles (metrics.recall, k);
  e->specificity = copy_doubles (metrics.specificity, k);
  e->f1 = copy_doubles (metrics.f1, k);
  e->auc_per_class = copy_doubles (metrics.auc_per_class, k);
  e->balanced_accuracy = 0;
  for (int c = 0; c < k; c++)
    e->balanced_accuracy += metrics.recall[c] / k;
  sl_metrics_free (&metrics);
  return TRUE;
}

SlEvaluation *
sl_evaluate_model (SlCatalog     *catalog,
                   SlModel       *model,
                   SlSplit        split,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SlEvaluation) evaluation = g_new0 (SlEvaluation, 1);
  g_autoptr(SlDataset) data = NULL;
  int n_classes = sl_model_get_n_classes (model);
  int width, height;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  evaluation->n_classes = n_classes;
  evaluation->class_names = g_new0 (char *, n_classes + 1);
  for (int k = 0; k < n_classes; k++)
    evaluation->class_names[k] = g_strdup (sl_model_get_class_name (model, k));

  sl_model_get_input_size (model, &width, &height);
  data = sl_dataset_load (catalog, split, (const char * const *) evaluation->class_names, TRUE,
                          FALSE, sl_model_get_input_channels (model), width, height, cancellable,
                          error);
  if (data == NULL)
    return NULL;
  if (data->n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _("The %s split has no images labelled with the model's classes"),
                   split == SL_SPLIT_NONE ? _("whole") : _(sl_split_to_string (split)));
      return NULL;
    }

  evaluation->n = data->n;
  evaluation->probs = g_new (float, (gsize) data->n * n_classes);
  sl_model_predict_inputs (model, data->x, data->n, evaluation->probs);
  evaluation->image_ids = g_steal_pointer (&data->image_ids);
  evaluation->y_true = g_steal_pointer (&data->y);
  if (!sl_evaluation_compute (evaluation, error))
    return NULL;
  return g_steal_pointer (&evaluation);
}

SlEvaluation *
sl_evaluate (const char    *catalog_path,
             gint64         model_id,
             SlSplit        split,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlModel) model = NULL;

  catalog = sl_catalog_open (catalog_path, error);
  if (catalog == NULL)
    return NULL;
  model = sl_model_load_from_catalog (catalog, model_id, error);
  if (model == NULL)
    return NULL;
  return sl_evaluate_model (catalog, model, split, cancellable, error);
}
