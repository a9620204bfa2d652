/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-results-export.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>

#include "sl-checkpoint.h"
#include "sl-csv.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-net.h"

/* Numbers in the C locale; NAN (an undefined AUC) is empty. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.6f", value));
}

static int
argmax (const float *p,
        int          k)
{
  int best = 0;

  for (int c = 1; c < k; c++)
    if (p[c] > p[best])
      best = c;
  return best;
}

static const char *
split_or_empty (SlSplit split)
{
  const char *name = sl_split_to_string (split);

  return name != NULL ? name : "";
}

static void
add_class_names (JsonBuilder        *b,
                 const SlEvaluation *e)
{
  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (int c = 0; c < e->n_classes; c++)
    json_builder_add_string_value (b, e->class_names[c]);
  json_builder_end_array (b);
}

static void
add_evaluation (JsonBuilder        *b,
                const SlEvaluation *e)
{
  int k = e->n_classes;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, e->n);
  sl_json_add_number (b, "accuracy", e->accuracy);
  sl_json_add_number (b, "balanced_accuracy", e->balanced_accuracy);
  sl_json_add_number (b, "auc", e->auc);
  sl_json_add_number (b, "macro_f1", e->macro_f1);
  add_class_names (b, e);
  json_builder_set_member_name (b, "per_class");
  json_builder_begin_object (b);
  for (int i = 0; i < k; i++)
    {
      json_builder_set_member_name (b, e->class_names[i]);
      json_builder_begin_object (b);
      sl_json_add_number (b, "precision", e->precision[i]);
      sl_json_add_number (b, "recall", e->recall[i]);
      sl_json_add_number (b, "specificity", e->specificity[i]);
      sl_json_add_number (b, "f1", e->f1[i]);
      sl_json_add_number (b, "auc", e->auc_per_class[i]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (int t = 0; t < k; t++)
    {
      json_builder_begin_array (b);
      for (int p = 0; p < k; p++)
        json_builder_add_int_value (b, e->confusion[t * k + p]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

char *
sl_evaluation_to_json (const SlEvaluation *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (e != NULL, NULL);

  add_evaluation (b, e);
  return sl_json_builder_text (b, FALSE);
}

static gboolean
write_text (const char  *path,
            GString     *text,
            GError     **error)
{
  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

static gboolean
write_json (const char   *path,
            JsonBuilder  *builder,
            gboolean      pretty,
            GError      **error)
{
  g_autofree char *json = sl_json_builder_text (builder, pretty);
  g_autoptr(GString) text = g_string_new (json);

  g_string_append_c (text, '\n');
  return write_text (path, text, error);
}

gboolean
sl_export_predictions_csv (const SlEvaluation  *e,
                           SlSplit              split,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GString) out = g_string_new ("image_id,split,true_class,predicted_class,confidence,"
                                         "correct");
  int k = e->n_classes;

  for (int c = 0; c < k; c++)
    {
      g_autofree char *column = g_strdup_printf ("p_%s", e->class_names[c]);

      g_string_append_c (out, ',');
      sl_csv_append_field (out, column);
    }
  g_string_append_c (out, '\n');

  for (int i = 0; i < e->n; i++)
    {
      const float *p = e->probs + (gsize) i * k;
      int predicted = argmax (p, k);

      g_string_append_printf (out, "%" G_GINT64_FORMAT ",%s,", e->image_ids[i],
                              split_or_empty (split));
      sl_csv_append_field (out, e->class_names[e->y_true[i]]);
      g_string_append_c (out, ',');
      sl_csv_append_field (out, e->class_names[predicted]);
      g_string_append_c (out, ',');
      append_number (out, p[predicted]);
      g_string_append_printf (out, ",%d", predicted == e->y_true[i]);
      for (int c = 0; c < k; c++)
        {
          g_string_append_c (out, ',');
          append_number (out, p[c]);
        }
      g_string_append_c (out, '\n');
    }
  return write_text (path, out, error);
}

gboolean
sl_export_predictions_json (const SlEvaluation  *e,
                            SlSplit              split,
                            const char          *path,
                            GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int k = e->n_classes;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "split");
  if (sl_split_to_string (split) != NULL)
    json_builder_add_string_value (b, sl_split_to_string (split));
  else
    json_builder_add_null_value (b);
  add_class_names (b, e);
  json_builder_set_member_name (b, "predictions");
  json_builder_begin_array (b);
  for (int i = 0; i < e->n; i++)
    {
      const float *p = e->probs + (gsize) i * k;
      int predicted = argmax (p, k);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "image_id");
      json_builder_add_int_value (b, e->image_ids[i]);
      json_builder_set_member_name (b, "true_class");
      json_builder_add_string_value (b, e->class_names[e->y_true[i]]);
      json_builder_set_member_name (b, "predicted_class");
      json_builder_add_string_value (b, e->class_names[predicted]);
      sl_json_add_number (b, "confidence", p[predicted]);
      json_builder_set_member_name (b, "probabilities");
      json_builder_begin_object (b);
      for (int c = 0; c < k; c++)
        sl_json_add_number (b, e->class_names[c], p[c]);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return write_json (path, b, TRUE, error);
}

static void
metric_row (GString    *out,
            const char *metric,
            const char *class_name,
            const char *predicted,
            double      value)
{
  g_string_append (out, metric);
  g_string_append_c (out, ',');
  if (class_name != NULL)
    sl_csv_append_field (out, class_name);
  g_string_append_c (out, ',');
  if (predicted != NULL)
    sl_csv_append_field (out, predicted);
  g_string_append_c (out, ',');
  append_number (out, value);
  g_string_append_c (out, '\n');
}

gboolean
sl_export_metrics_csv (const SlEvaluation  *e,
                       const char          *path,
                       GError             **error)
{
  g_autoptr(GString) out = g_string_new ("metric,class,predicted_class,value\n");
  int k = e->n_classes;

  g_string_append_printf (out, "images,,,%d\n", e->n);
  metric_row (out, "accuracy", NULL, NULL, e->accuracy);
  metric_row (out, "balanced_accuracy", NULL, NULL, e->balanced_accuracy);
  metric_row (out, "auc", NULL, NULL, e->auc);
  metric_row (out, "macro_f1", NULL, NULL, e->macro_f1);
  for (int c = 0; c < k; c++)
    {
      metric_row (out, "precision", e->class_names[c], NULL, e->precision[c]);
      metric_row (out, "recall", e->class_names[c], NULL, e->recall[c]);
      metric_row (out, "specificity", e->class_names[c], NULL, e->specificity[c]);
      metric_row (out, "f1", e->class_names[c], NULL, e->f1[c]);
      metric_row (out, "auc", e->class_names[c], NULL, e->auc_per_class[c]);
    }
  for (int t = 0; t < k; t++)
    for (int p = 0; p < k; p++)
      {
        g_string_append (out, "confusion,");
        sl_csv_append_field (out, e->class_names[t]);
        g_string_append_c (out, ',');
        sl_csv_append_field (out, e->class_names[p]);
        g_string_append_printf (out, ",%d\n", e->confusion[t * k + p]);
      }
  return write_text (path, out, error);
}

gboolean
sl_export_metrics_json (const SlEvaluation  *e,
                        const char          *path,
                        GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  add_evaluation (b, e);
  return write_json (path, b, FALSE, error);
}

/* Class id -> name. */
static GHashTable *
class_names_by_id (GPtrArray *classes)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      g_hash_table_insert (names, g_memdup2 (&info->id, sizeof info->id), info->name);
    }
  return names;
}

/* A class name as one safe path component: no separators, no leading dot, not empty. */
static char *
folder_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '\\' || *p == ':' || (guchar) *p < 0x20)
        g_string_append_c (out, '_');
      else
        g_string_append_c (out, *p);
    }
  if (out->len == 0 || out->str[0] == '.')
    g_string_prepend_c (out, '_');
  return g_string_free (out, FALSE);
}

static gboolean
write_png (const SlImage  *image,
           const char     *path,
           GError        **error)
{
  png_image png = { 0 };
  g_autofree guint8 *pixels = NULL;
  gboolean rgb = image->channels == 3 && image->sample_type == SL_SAMPLE_U8;

  png.version = PNG_IMAGE_VERSION;
  png.width = (png_uint_32) image->width;
  png.height = (png_uint_32) image->height;
  if (rgb)
    {
      png.format = PNG_FORMAT_RGB;
      pixels = g_memdup2 (g_bytes_get_data (image->pixels, NULL),
                          (gsize) image->width * image->height * 3);
    }
  else
    {
      png.format = PNG_FORMAT_GRAY;
      pixels = g_malloc ((gsize) image->width * image->height);
      sl_image_to_gray8 (image, image->window_center, image->window_width, pixels);
    }
  if (!png_image_write_to_file (&png, path, 0, pixels, 0, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Could not write %s: %s"), path,
                   png.message);
      png_image_free (&png);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_export_labels_png (SlCatalog     *catalog,
                      const char    *out_dir,
                      SlSplit        split,
                      gboolean       by_split,
                      guint         *n_written,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
  g_autoptr(GHashTable) names = class_names_by_id (classes);
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;
  guint written = 0;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), FALSE);

  sl_image_filter_init (&filter);
  filter.split = split;
  ids = sl_catalog_query_images (catalog, &filter, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 image_id = g_array_index (ids, gint64, i);
      g_autoptr(SlImageInfo) info = NULL;
      g_autoptr(SlImage) image = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *class_dir = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      const char *label;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      info = sl_catalog_get_image_info (catalog, image_id, error);
      if (info == NULL)
        return FALSE;
      label = g_hash_table_lookup (names, &info->class_id);
      if (label == NULL)
        continue;
      folder = folder_name (label);
      if (by_split)
        class_dir = g_build_filename (out_dir, info->split != SL_SPLIT_NONE
                                               ? sl_split_to_string (info->split) : "unsplit",
                                      folder, NULL);
      else
        class_dir = g_build_filename (out_dir, folder, NULL);
      if (g_mkdir_with_parents (class_dir, 0755) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the folder %s: %s"), class_dir, g_strerror (saved));
          return FALSE;
        }
      image = sl_catalog_load_image (catalog, image_id, error);
      if (image == NULL)
        return FALSE;
      file = g_strdup_printf ("%" G_GINT64_FORMAT ".png", image_id);
      path = g_build_filename (class_dir, file, NULL);
      if (!write_png (image, path, error))
        return FALSE;
      written++;
    }
  if (n_written != NULL)
    *n_written = written;
  return TRUE;
}

/* The model card. */

static void
card_metrics (GString            *md,
              const SlEvaluation *e,
              SlSplit             split)
{
  int k = e->n_classes;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
       d[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (md, _("\n## Metrics on the %s split (%d labelled images)\n\n"),
                          split != SL_SPLIT_NONE ? _(sl_split_to_string (split)) : _("whole"), e->n);
  g_string_append_printf (md, "| %s | %s | %s |\n|---|---:|---:|\n", _("accuracy"), _("ROC AUC"),
                          _("macro F1"));
  g_string_append_printf (md, "| %s | %s | %s |\n\n",
                          g_ascii_formatd (a, sizeof a, "%.4f", e->accuracy),
                          isnan (e->auc) ? "—" : g_ascii_formatd (b, sizeof b, "%.4f", e->auc),
                          g_ascii_formatd (c, sizeof c, "%.4f", e->macro_f1));
  g_string_append_printf (md, "| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|\n",
                          _("class"), _("precision"), _("recall (sensitivity)"),
                          _("specificity"), _("F1"));
  for (int i = 0; i < k; i++)
    g_string_append_printf (md, "| %s | %s | %s | %s | %s |\n", e->class_names[i],
                            g_ascii_formatd (a, sizeof a, "%.4f", e->precision[i]),
                            g_ascii_formatd (b, sizeof b, "%.4f", e->recall[i]),
                            g_ascii_formatd (c, sizeof c, "%.4f", e->specificity[i]),
                            g_ascii_formatd (d, sizeof d, "%.4f", e->f1[i]));
  g_string_append_printf (md, _("\nConfusion matrix (rows: true class, columns: predicted):\n\n"
                                "| |"));
  for (int p = 0; p < k; p++)
    g_string_append_printf (md, " %s |", e->class_names[p]);
  g_string_append (md, "\n|---|");
  for (int p = 0; p < k; p++)
    g_string_append (md, "---:|");
  g_string_append_c (md, '\n');
  for (int t = 0; t < k; t++)
    {
      g_string_append_printf (md, "| %s |", e->class_names[t]);
      for (int p = 0; p < k; p++)
        g_string_append_printf (md, " %d |", e->confusion[t * k + p]);
      g_string_append_c (md, '\n');
    }
}

static void
card_data (GString   *md,
           SlCatalog *catalog)
{
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
  g_autoptr(GHashTable) counts = sl_catalog_count_by_split_and_class (catalog, NULL);
  static const SlSplit splits[] = { SL_SPLIT_TRAIN, SL_SPLIT_VAL, SL_SPLIT_TEST };

  if (counts == NULL)
    return;
  g_string_append_printf (md, _("\n## Data\n\nLabelled images of the catalog when the card was "
                                "written, by split and class:\n\n| %s |"), _("split"));
  for (guint c = 0; c < classes->len; c++)
    g_string_append_printf (md, " %s |", ((SlClassInfo *) g_ptr_array_index (classes, c))->name);
  g_string_append (md, "\n|---|");
  for (guint c = 0; c < classes->len; c++)
    g_string_append (md, "---:|");
  g_string_append_c (md, '\n');
  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    {
      GArray *row = g_hash_table_lookup (counts, GINT_TO_POINTER (splits[s]));

      g_string_append_printf (md, "| %s |", _(sl_split_to_string (splits[s])));
      for (guint c = 0; c < classes->len; c++)
        g_string_append_printf (md, " %" G_GINT64_FORMAT " |",
                                row != NULL ? g_array_index (row, gint64, c) : 0);
      g_string_append_c (md, '\n');
    }
}

static void
card_training (GString    *md,
               const char *metrics_json)
{
  g_autoptr(JsonObject) t = metrics_json != NULL ? sl_json_parse_object (metrics_json,
                                                                         "metrics", NULL)
                                                  : NULL;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (md, _("\n## Training\n\n"));
  if (t == NULL)
    {
      g_string_append (md, _("No training settings are stored with this model.\n"));
      return;
    }
  g_string_append_printf (md, _("- Optimizer: %s, peak learning rate %s, weight decay %s, batch "
                                "size %.0f, seed %.0f\n"),
                          json_object_get_string_member_with_default (t, "optimizer", "?"),
                          g_ascii_formatd (a, sizeof a, "%g", sl_json_number (t, "lr", 0)),
                          g_ascii_formatd (b, sizeof b, "%g",
                                           sl_json_number (t, "weight_decay", 0)),
                          sl_json_number (t, "batch_size", 0),
                          sl_json_number (t, "seed", 0));
  g_string_append_printf (md, _("- Epochs: %.0f of %.0f run; the parameters of epoch %.0f (best "
                                "validation accuracy) were kept\n"),
                          sl_json_number (t, "epochs_run", 0),
                          sl_json_number (t, "epochs", 0),
                          sl_json_number (t, "best_epoch", 0));
  g_string_append_printf (md, _("- Trained on %.0f images, validated on %.0f\n"),
                          sl_json_number (t, "train_images", 0),
                          sl_json_number (t, "val_images", 0));
  g_string_append_printf (md, _("- Best validation accuracy %s, AUC %s\n"),
                          g_ascii_formatd (a, sizeof a, "%.4f",
                                           sl_json_number (t, "val_accuracy", 0)),
                          g_ascii_formatd (b, sizeof b, "%.4f",
                                           sl_json_number (t, "val_auc", 0)));
  g_string_append_printf (md, _("- Training time %s s (%.0f images/s)\n"),
                          g_ascii_formatd (a, sizeof a, "%.1f",
                                           sl_json_number (t, "seconds", 0)),
                          sl_json_number (t, "images_per_second", 0));
}

gboolean
sl_export_model (SlCatalog           *catalog,
                 gint64               model_id,
                 const SlEvaluation  *evaluation,
                 SlSplit              split,
                 const char          *out_dir,
                 GError             **error)
{
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *checkpoint_path = g_build_filename (out_dir, "model.slm", NULL);
  g_autofree char *card_path = g_build_filename (out_dir, "MODEL_CARD.md", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  SlModelInfo *info = NULL;
  char err[256] = "";
  const guint8 *bytes;
  gsize len;
  sl_net *net;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), FALSE);

  models = sl_catalog_list_models (catalog);
  for (guint i = 0; i < models->len; i++)
    if (((SlModelInfo *) g_ptr_array_index (models, i))->id == model_id)
      info = g_ptr_array_index (models, i);
  checkpoint = sl_catalog_get_model_checkpoint (catalog, model_id, error);
  if (info == NULL || checkpoint == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _("The catalog has no model %" PRId64), model_id);
      return FALSE;
    }
  bytes = g_bytes_get_data (checkpoint, &len);
  net = sl_checkpoint_load_buffer (bytes, len, 1, err, sizeof err);
  if (net == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _("Model %" PRId64 " in the catalog cannot be loaded: %s"),
                   model_id, err);
      return FALSE;
    }

  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;

      sl_net_free (net);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), out_dir, g_strerror (saved));
      return FALSE;
    }

  {
    g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (info->created_at
                                                                     / G_USEC_PER_SEC);
    g_autofree char *created_text = created != NULL ? g_date_time_format (created, "%Y-%m-%d")
                                                    : g_strdup ("?");
    int c, h, w;

    sl_net_input_shape (net, &c, &h, &w);
    g_string_append_printf (md, _("# Model card: %s\n\nWritten by Sightline %s on %s from model "
                                  "%" PRId64 " of its catalog (created %s).\n"),
                            info->name, PACKAGE_VERSION, generated, model_id, created_text);
    g_string_append_printf (md, _("\n## Model\n\n- Architecture: `%s`\n- Parameters: %d\n"
                                  "- Input: %d × %d pixels, %d channel(s), the image through "
                                  "its window scaled to 0..1\n- Classes, in output order: "),
                            sl_net_arch (net), sl_net_num_params (net), w, h, c);
    for (int k = 0; k < sl_net_num_classes (net); k++)
      g_string_append_printf (md, "%s%s", k > 0 ? ", " : "", sl_net_class_name (net, k));
    g_string_append_printf (md, _("\n- Checkpoint: `model.slm` (Sightline checkpoint; "
                                  "`sightline-cli predict --model model.slm IMAGE`)\n"));
  }
  sl_net_free (net);

  card_data (md, catalog);
  card_training (md, info->metrics_json);
  if (evaluation != NULL)
    card_metrics (md, evaluation, split);
  g_string_append (md, _("\n## Intended use\n\nResearch and teaching: studying how well a small "
                         "CNN separates these classes on de-identified images like those of the "
                         "catalog. Not a medical device: not for diagnosis, triage or treatment "
                         "decisions.\n"));
  g_string_append (md, _("\n## Limitations\n\n- Measured on one catalog's split; performance on "
                         "other sites, scanners, populations or image sizes is unknown.\n"
                         "- The labels are those of the catalog; their errors bound what the "
                         "model learnt and what the metrics can show.\n- Grad-CAM heatmaps show "
                         "what influenced a prediction, not where a finding is.\n- Probabilities "
                         "are not calibrated.\n"));

  if (!g_file_set_contents (checkpoint_path, (const char *) bytes, (gssize) len, error))
    return FALSE;
  return write_text (card_path, md, error);
}
