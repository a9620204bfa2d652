/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sl-checkpoint.h"
#include "sl-error.h"
#include "sl-heatmap.h"
#include "sl-metrics.h"
#include "sl-model.h"
#include "sl-net.h"
#include "sl-report-agreement.h"
#include "sl-report-private.h"

#define OVERLAY_SIDE 192

static void
example_free (gpointer data)
{
  SlReportExample *example = data;

  g_clear_object (&example->overlay);
  g_free (example);
}

static void
roc_free (SlRocCurve *curves,
          int         n)
{
  for (int i = 0; curves != NULL && i < n; i++)
    {
      g_free (curves[i].fpr);
      g_free (curves[i].tpr);
    }
  g_free (curves);
}

void
sl_report_data_free (SlReportData *data)
{
  int k;

  if (data == NULL)
    return;
  k = data->cnn != NULL ? data->cnn->n_classes : 0;
  for (int c = 0; c < k; c++)
    {
      if (data->correct != NULL)
        g_clear_pointer (&data->correct[c], g_ptr_array_unref);
      if (data->wrong != NULL)
        g_clear_pointer (&data->wrong[c], g_ptr_array_unref);
    }
  g_free (data->correct);
  g_free (data->wrong);
  roc_free (data->cnn_roc, data->n_roc);
  roc_free (data->baseline_roc, data->n_roc);
  g_clear_pointer (&data->cnn, sl_evaluation_free);
  g_clear_pointer (&data->baseline, sl_evaluation_free);
  g_clear_pointer (&data->training, json_object_unref);
  g_clear_pointer (&data->classes, g_ptr_array_unref);
  g_clear_pointer (&data->counts, g_hash_table_unref);
  g_clear_pointer (&data->modalities, g_hash_table_unref);
  g_clear_pointer (&data->agreement, sl_report_agreement_free);
  g_free (data->baseline_error);
  g_free (data->generated);
  g_free (data->model_name);
  g_free (data->arch);
  g_free (data);
}

static gboolean
collect_dataset (SlReportData  *data,
                 SlCatalog     *catalog,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;

  data->classes = sl_catalog_list_classes (catalog);
  data->counts = sl_catalog_count_by_split_and_class (catalog, error);
  if (data->counts == NULL)
    return FALSE;

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, error);
  if (ids == NULL)
    return FALSE;
  data->modalities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->n_images = ids->len;
  data->min_width = data->min_height = G_MAXINT;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = NULL;
      g_autofree char *key = NULL;
      gpointer count;

      if (i % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      info = sl_catalog_get_image_info (catalog, g_array_index (ids, gint64, i), error);
      if (info == NULL)
        return FALSE;
      if (i == 0 || info->imported_at < data->first_import)
        data->first_import = info->imported_at;
      data->last_import = MAX (data->last_import, info->imported_at);
      data->min_width = MIN (data->min_width, info->width);
      data->max_width = MAX (data->max_width, info->width);
      data->min_height = MIN (data->min_height, info->height);
      data->max_height = MAX (data->max_height, info->height);

      if (info->modality != NULL && info->modality[0] != '\0')
        key = g_strdup (info->modality);
      else
        {
          g_autofree char *format = g_ascii_strup (info->format != NULL ? info->format : "?", -1);
          /* TRANSLATORS: %s is a file format such as PNG */
          key = g_strdup_printf (_("%s, no modality recorded"), format);
        }
      count = g_hash_table_lookup (data->modalities, key);
      g_hash_table_insert (data->modalities, g_steal_pointer (&key),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
    }
  if (ids->len == 0)
    data->min_width = data->min_height = 0;
  return TRUE;
}

static gboolean
collect_model_info (SlReportData  *data,
                    SlCatalog     *catalog,
                    GBytes        *checkpoint,
                    gint64         model_id)
{
  g_autoptr(GPtrArray) models = sl_catalog_list_models (catalog);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (checkpoint, &len);
  char err[256] = "";
  sl_net *net = sl_checkpoint_load_buffer (bytes, len, 1, err, sizeof err);

  if (net != NULL)
    {
      data->n_params = sl_net_num_params (net);
      sl_net_free (net);
    }

  for (guint i = 0; i < models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (models, i);

      if (model_id == 0)
        {
          /* A file: is it one of the catalog's models? */
          g_autoptr(GBytes) stored = sl_catalog_get_model_checkpoint (catalog, info->id, NULL);

          if (stored == NULL || !g_bytes_equal (stored, checkpoint))
            continue;
        }
      else if (info->id != model_id)
        continue;

      data->model_id = info->id;
      data->model_name = g_strdup (info->name);
      data->model_created = info->created_at;
      if (info->metrics_json != NULL)
        data->training = sl_json_parse_object (info->metrics_json, info->name, NULL);
      return TRUE;
    }
  return FALSE;
}

static SlRocCurve *
roc_curves (const SlEvaluation *e,
            int                *n_curves)
{
  int k = e->n_classes;
  int n = k == 2 ? 1 : k;
  SlRocCurve *curves = g_new0 (SlRocCurve, n);
  g_autofree float *scores = g_new (float, e->n);
  g_autofree int *positive = g_new (int, e->n);
  g_autofree float *fpr = g_new (float, e->n + 1);
  g_autofree float *tpr = g_new (float, e->n + 1);

  for (int c = 0; c < n; c++)
    {
      int cls = k == 2 ? 1 : c;
      int points;

      for (int i = 0; i < e->n; i++)
        {
          scores[i] = e->probs[(gsize) i * k + cls];
          positive[i] = e->y_true[i] == cls;
        }
      points = sl_roc_curve (scores, positive, e->n, fpr, tpr);
      curves[c].auc = sl_roc_auc (scores, positive, e->n);
      curves[c].n = points;
      curves[c].fpr = g_new (double, MAX (points, 1));
      curves[c].tpr = g_new (double, MAX (points, 1));
      for (int j = 0; j < points; j++)
        {
          curves[c].fpr[j] = fpr[j];
          curves[c].tpr[j] = tpr[j];
        }
    }
  *n_curves = n;
  return curves;
}

static int
argmax (const float *probs,
        int          k)
{
  int best = 0;

  for (int c = 1; c < k; c++)
    if (probs[c] > probs[best])
      best = c;
  return best;
}

static int
compare_examples (gconstpointer a,
                  gconstpointer b)
{
  const SlReportExample *x = *(SlReportExample * const *) a;
  const SlReportExample *y = *(SlReportExample * const *) b;

  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  return x->image_id < y->image_id ? -1 : x->image_id > y->image_id;
}

static gboolean
render_overlay (SlCatalog        *catalog,
                SlModel          *model,
                SlReportExample  *example,
                GError          **error)
{
  int k = sl_model_get_n_classes (model), width, height;
  g_autofree float *probs = g_new (float, k);
  g_autofree float *heat = NULL;
  g_autoptr(SlImage) image = sl_catalog_load_image (catalog, example->image_id, error);

  if (image == NULL)
    return FALSE;
  sl_model_get_input_size (model, &width, &height);
  heat = g_new (float, (gsize) width * height);
  if (!sl_model_predict (model, image, probs, heat, error))
    return FALSE;
  example->overlay = sl_heatmap_render_overlay (image, heat, width, height, OVERLAY_SIDE,
                                                SL_COLORMAP_TURBO, 0.55);
  return TRUE;
}

/* Per true class, the most confident correct predictions and the most confident errors. */
static gboolean
collect_examples (SlReportData  *data,
                  SlCatalog     *catalog,
                  SlModel       *model,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const SlEvaluation *e = data->cnn;
  int k = e->n_classes;

  data->correct = g_new0 (GPtrArray *, k);
  data->wrong = g_new0 (GPtrArray *, k);
  for (int c = 0; c < k; c++)
    {
      data->correct[c] = g_ptr_array_new_with_free_func (example_free);
      data->wrong[c] = g_ptr_array_new_with_free_func (example_free);
    }
  for (int i = 0; i < e->n; i++)
    {
      SlReportExample *example = g_new0 (SlReportExample, 1);
      const float *p = e->probs + (gsize) i * k;

      example->image_id = e->image_ids[i];
      example->true_class = e->y_true[i];
      example->predicted = argmax (p, k);
      example->confidence = p[example->predicted];
      g_ptr_array_add (example->predicted == example->true_class ? data->correct[e->y_true[i]]
                                                                 : data->wrong[e->y_true[i]],
                       example);
    }
  for (int c = 0; c < k; c++)
    for (int pass = 0; pass < 2; pass++)
      {
        GPtrArray *list = pass == 0 ? data->correct[c] : data->wrong[c];

        g_ptr_array_sort (list, compare_examples);
        if (list->len > SL_REPORT_EXAMPLES)
          g_ptr_array_set_size (list, SL_REPORT_EXAMPLES);
        for (guint i = 0; i < list->len; i++)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error)
                || !render_overlay (catalog, model, g_ptr_array_index (list, i), error))
              return FALSE;
          }
      }
  return TRUE;
}

SlReportData *
sl_report_data_collect (SlCatalog     *catalog,
                        gint64         model_id,
                        const char    *model_file,
                        SlSplit        split,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SlReportData) data = g_new0 (SlReportData, 1);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) baseline_error = NULL, agreement_error = NULL;
  int n_baseline_roc;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail ((model_id > 0) != (model_file != NULL), NULL);

  data->split = split;
  data->generated = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  if (!collect_dataset (data, catalog, cancellable, error))
    return NULL;

  if (model_file != NULL)
    {
      char *contents;
      gsize len;

      if (!g_file_get_contents (model_file, &contents, &len, error))
        return NULL;
      checkpoint = g_bytes_new_take (contents, len);
      model = sl_model_load_file (model_file, error);
    }
  else
    {
      checkpoint = sl_catalog_get_model_checkpoint (catalog, model_id, error);
      if (checkpoint == NULL)
        return NULL;
      model = sl_model_load_from_catalog (catalog, model_id, error);
    }
  if (model == NULL)
    return NULL;
  if (!collect_model_info (data, catalog, checkpoint, model_id))
    data->model_name = model_file != NULL ? g_path_get_basename (model_file)
                                          : g_strdup_printf (_("Model %" PRId64),
                                                             model_id);
  data->arch = g_strdup (sl_model_get_arch (model));
  sl_model_get_input_size (model, &data->input_width, &data->input_height);
  data->input_channels = sl_model_get_input_channels (model);

  data->cnn = sl_evaluate_model (catalog, model, split, cancellable, error);
  if (data->cnn == NULL)
    return NULL;
  data->baseline = sl_baseline_evaluate (catalog, (const char * const *) data->cnn->class_names,
                                         data->input_width, split, &data->baseline_info,
                                         cancellable, &baseline_error);
  if (data->baseline == NULL)
    {
      /* The report goes on without the comparison, saying why; cancelling stops it. */
      if (g_error_matches (baseline_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&baseline_error));
          return NULL;
        }
      data->baseline_error = g_strdup (baseline_error->message);
    }
  data->cnn_roc = roc_curves (data->cnn, &data->n_roc);
  if (data->baseline != NULL)
    data->baseline_roc = roc_curves (data->baseline, &n_baseline_roc);

  if (!collect_examples (data, catalog, model, cancellable, error))
    return NULL;
  data->agreement = sl_report_agreement_collect (catalog, &agreement_error);
  if (agreement_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&agreement_error));
      return NULL;
    }
  return g_steal_pointer (&data);
}
