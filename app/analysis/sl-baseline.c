/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-baseline.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-dataset.h"
#include "sl-error.h"
#include "sl-hog.h"
#include "sl-linear.h"
#include "sl-metrics.h"
#include "sl-model-input.h"

/* HOG on larger images adds features faster than it adds accuracy. */
#define BASELINE_MAX_SIDE 64

typedef struct
{
  float *features;   /* n × d */
  int *y;
  gint64 *image_ids;
  int n;
} Features;

static void
features_clear (Features *f)
{
  g_free (f->features);
  g_free (f->y);
  g_free (f->image_ids);
}

static gboolean
load_features (SlCatalog            *catalog,
               SlSplit               split,
               const char * const   *class_names,
               int                   side,
               const sl_hog_config  *hog,
               int                   d,
               Features             *out,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(SlDataset) data = sl_dataset_load (catalog, split, class_names, TRUE, FALSE, 1, side,
                                               side, cancellable, error);
  g_autofree float *gray = g_new (float, (gsize) side * side);

  if (data == NULL)
    return FALSE;
  out->n = data->n;
  out->features = g_new (float, (gsize) MAX (data->n, 1) * d);
  for (int i = 0; i < data->n; i++)
    {
      sl_model_input_to_floats (data->x + (gsize) i * side * side, (gsize) side * side, gray);
      sl_hog_compute (gray, side, side, hog, out->features + (gsize) i * d);
    }
  out->y = g_steal_pointer (&data->y);
  out->image_ids = g_steal_pointer (&data->image_ids);
  return TRUE;
}

static SlEvaluation *
evaluation_new (const char * const *class_names,
                int                 n_classes,
                const Features     *data,
                float              *probs,
                GError            **error)
{
  g_autoptr(SlEvaluation) e = g_new0 (SlEvaluation, 1);

  e->n = data->n;
  e->n_classes = n_classes;
  e->class_names = g_strdupv ((char **) class_names);
  e->image_ids = g_memdup2 (data->image_ids, sizeof (gint64) * data->n);
  e->y_true = g_memdup2 (data->y, sizeof (int) * data->n);
  e->probs = probs;
  if (!sl_evaluation_compute (e, error))
    return NULL;
  return g_steal_pointer (&e);
}

/* Accuracy and AUC of a fitted model on a feature set. */
static void
score_on (const sl_linear *model,
          const Features  *data,
          int              n_classes,
          double          *accuracy,
          double          *auc)
{
  g_autofree float *probs = g_new (float, (gsize) data->n * n_classes);
  sl_metrics m = { 0 };

  sl_linear_predict (model, data->features, data->n, probs);
  *accuracy = 0;
  *auc = NAN;
  if (sl_metrics_compute (&m, data->y, probs, data->n, n_classes) != 0)
    return;
  *accuracy = m.accuracy;
  *auc = m.auc;
  sl_metrics_free (&m);
}

static int
cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

SlEvaluation *
sl_baseline_evaluate (SlCatalog          *catalog,
                      const char * const *class_names,
                      int                 side,
                      SlSplit             split,
                      SlBaselineInfo     *info,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  Features train = { 0 }, val = { 0 }, eval = { 0 };
  sl_linear *best = NULL;
  SlBaselineInfo result = { 0 };
  SlEvaluation *evaluation = NULL;
  sl_hog_config hog;
  int n_classes, d;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  if (class_names == NULL)
    {
      classes = sl_catalog_list_classes (catalog);
      for (guint i = 0; i < classes->len; i++)
        g_ptr_array_add (names, ((SlClassInfo *) g_ptr_array_index (classes, i))->name);
      g_ptr_array_add (names, NULL);
      class_names = (const char * const *) names->pdata;
    }
  n_classes = (int) g_strv_length ((char **) class_names);
  if (n_classes < 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("The baseline needs at least two classes; the catalog has %d"), n_classes);
      return NULL;
    }

  sl_hog_config_default (&hog);
  if (side <= 0)
    {
      int channels;

      sl_dataset_choose_input (catalog, &channels, &side);
      side = MIN (side, BASELINE_MAX_SIDE);
    }
  d = sl_hog_feature_size (side, side, &hog);
  if (d <= 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("Images of %d × %d pixels are too small for HOG features"), side, side);
      return NULL;
    }

  if (!load_features (catalog, SL_SPLIT_TRAIN, class_names, side, &hog, d, &train, cancellable,
                      error)
      || !load_features (catalog, SL_SPLIT_VAL, class_names, side, &hog, d, &val, cancellable,
                         error)
      || !load_features (catalog, split, class_names, side, &hog, d, &eval, cancellable, error))
    goto out;
  if (train.n == 0 || val.n == 0 || eval.n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _("The baseline needs labelled images in the train and val splits and in the "
                     "evaluated split (found %d, %d and %d)"), train.n, val.n, eval.n);
      goto out;
    }

  {
    sl_linear_config config;
    float l2 = 0;

    sl_linear_config_default (&config);
    config.should_stop = cancellable != NULL ? cancelled : NULL;
    config.stop_data = cancellable;
    best = sl_linear_train_select (train.features, train.y, train.n, val.features, val.y, val.n,
                                   d, n_classes, &config, &l2);
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      goto out;
    if (best == NULL)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                     _("Could not fit the logistic regression (out of memory?)"));
        goto out;
      }
    result.l2 = l2;
    score_on (best, &val, n_classes, &result.val_accuracy, &result.val_auc);
  }

  {
    float *probs = g_new (float, (gsize) eval.n * n_classes);

    sl_linear_predict (best, eval.features, eval.n, probs);
    evaluation = evaluation_new (class_names, n_classes, &eval, probs, error);
  }

  result.side = side;
  result.cell_size = hog.cell_size;
  result.block_size = hog.block_size;
  result.bins = hog.bins;
  result.n_features = d;
  result.n_train = train.n;
  result.n_val = val.n;
  result.seconds = g_timer_elapsed (timer, NULL);
  if (info != NULL)
    *info = result;

out:
  g_clear_pointer (&best, sl_linear_free);
  features_clear (&train);
  features_clear (&val);
  features_clear (&eval);
  return evaluation;
}

SlEvaluation *
sl_baseline_run (const char      *catalog_path,
                 SlSplit          split,
                 SlBaselineInfo  *info,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, error);

  if (catalog == NULL)
    return NULL;
  return sl_baseline_evaluate (catalog, NULL, 0, split, info, cancellable, error);
}
