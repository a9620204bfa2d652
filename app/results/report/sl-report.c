/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-report.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sl-colormap.h"
#include "sl-error.h"
#include "sl-report-agreement.h"
#include "sl-report-layout.h"
#include "sl-report-private.h"

/* Page 1: title band and key figures. */

static void
kpi_card (Layout     *l,
          double      x,
          double      w,
          const char *label,
          const char *value,
          const char *detail)
{
  SlCanvas *c = &l->canvas;

  sl_canvas_fill_rect (c, x, l->y, w, 60, SL_REPORT_ZEBRA);
  sl_canvas_fill_rect (c, x, l->y, 3, 60, SL_REPORT_CNN);
  sl_canvas_text (c, x + 10, l->y + 7, w - 14, SL_TEXT_SMALL, PANGO_ALIGN_LEFT, SL_REPORT_MUTED,
                  label);
  sl_canvas_text (c, x + 10, l->y + 19, w - 14, SL_TEXT_KPI, PANGO_ALIGN_LEFT, SL_REPORT_CNN,
                  value);
  sl_canvas_text (c, x + 10, l->y + 44, w - 14, SL_TEXT_TINY, PANGO_ALIGN_LEFT, SL_REPORT_MUTED,
                  detail);
}

static void
title_block (Layout *l)
{
  const SlReportData *d = l->data;
  SlCanvas *c = &l->canvas;
  double card_w = (CONTENT_W - 3 * GAP) / 4;
  g_autofree char *subtitle = g_strdup_printf (_("%s — evaluated on the %s split"),
                                               d->model_name, _sl_report_split_name (d->split));
  g_autofree char *model_ref = d->model_id > 0
    ? g_strdup_printf (_("model #%" PRId64 " of the catalog"), d->model_id)
    : g_strdup (_("model from a checkpoint file"));
  g_autofree char *images = _sl_report_fmt_count (d->n_images);
  g_autofree char *meta = g_strdup_printf (_("Generated %s · Sightline %s · %s · %s images in "
                                             "the catalog"), d->generated, PACKAGE_VERSION,
                                           model_ref, images);
  g_autofree char *n = _sl_report_fmt_count (d->cnn->n);
  g_autofree char *n_detail = g_strdup_printf (_("labelled images, %s split"),
                                               _sl_report_split_name (d->split));
  g_autofree char *acc = _sl_report_fmt_metric (d->cnn->accuracy);
  g_autofree char *auc = _sl_report_fmt_metric (d->cnn->auc);
  g_autofree char *f1 = _sl_report_fmt_metric (d->cnn->macro_f1);
  g_autofree char *b_acc = _sl_report_fmt_metric (d->baseline != NULL ? d->baseline->accuracy : NAN);
  g_autofree char *b_auc = _sl_report_fmt_metric (d->baseline != NULL ? d->baseline->auc : NAN);
  g_autofree char *b_f1 = _sl_report_fmt_metric (d->baseline != NULL ? d->baseline->macro_f1 : NAN);
  g_autofree char *acc_detail = g_strdup_printf (_("HOG baseline %s"), b_acc);
  g_autofree char *auc_detail = g_strdup_printf (_("HOG baseline %s"), b_auc);
  g_autofree char *f1_detail = g_strdup_printf (_("HOG baseline %s"), b_f1);

  sl_canvas_fill_rect (c, 0, 0, PAGE_W, BAND_H, SL_REPORT_ACCENT);
  sl_canvas_text (c, MARGIN_X, 34, CONTENT_W, SL_TEXT_SMALL, PANGO_ALIGN_LEFT, 0xa9c4e6,
                  _("SIGHTLINE · STUDY REPORT"));
  sl_canvas_text (c, MARGIN_X, 50, CONTENT_W, SL_TEXT_TITLE, PANGO_ALIGN_LEFT, 0xffffff,
                  _("Model evaluation report"));
  sl_canvas_text (c, MARGIN_X, 84, CONTENT_W, SL_TEXT_SUBTITLE, PANGO_ALIGN_LEFT, 0xdde7f3,
                  subtitle);
  l->y = BAND_H + 14;
  l->y += sl_canvas_text (c, MARGIN_X, l->y, CONTENT_W, SL_TEXT_SMALL, PANGO_ALIGN_LEFT,
                          SL_REPORT_MUTED, meta) + 12;

  kpi_card (l, MARGIN_X, card_w, _("Images evaluated"), n, n_detail);
  kpi_card (l, MARGIN_X + (card_w + GAP), card_w, _("Accuracy"), acc, acc_detail);
  kpi_card (l, MARGIN_X + 2 * (card_w + GAP), card_w, _("ROC AUC"), auc, auc_detail);
  kpi_card (l, MARGIN_X + 3 * (card_w + GAP), card_w, _("Macro F1"), f1, f1_detail);
  l->y += 60 + 6;
}

/* 1 Dataset. */

static gint64
count_at (const SlReportData *d,
          SlSplit             split,
          guint               column)
{
  GArray *row = g_hash_table_lookup (d->counts, GINT_TO_POINTER (split));

  return row != NULL && column < row->len ? g_array_index (row, gint64, column) : 0;
}

static int
compare_modalities (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GHashTable *table = user_data;
  gsize x = GPOINTER_TO_SIZE (g_hash_table_lookup (table, *(char **) a));
  gsize y = GPOINTER_TO_SIZE (g_hash_table_lookup (table, *(char **) b));

  return x != y ? (x > y ? -1 : 1) : g_strcmp0 (*(char **) a, *(char **) b);
}

static char *
dataset_text (const SlReportData *d)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GString) modalities = g_string_new (NULL);
  g_autofree char *first = _sl_report_fmt_date (d->first_import);
  g_autofree char *last = _sl_report_fmt_date (d->last_import);
  g_autofree char *total = _sl_report_fmt_count (d->n_images);
  g_autofree char *sizes = NULL;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, d->modalities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort_with_data (keys, compare_modalities, d->modalities);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *count = _sl_report_fmt_count (GPOINTER_TO_SIZE (g_hash_table_lookup (d->modalities,
                                                                                 key)));

      g_string_append_printf (modalities, "%s%s (%s)", i > 0 ? "; " : "", key, count);
    }
  if (d->min_width == d->max_width && d->min_height == d->max_height)
    sizes = g_strdup_printf (_("all %d × %d pixels"), d->max_width, d->max_height);
  else
    sizes = g_strdup_printf (_("from %d × %d to %d × %d pixels"), d->min_width, d->min_height,
                             d->max_width, d->max_height);
  return g_strdup_printf (_("The catalog holds %s images imported between %s and %s (%s). "
                            "Modalities: %s. Counts by current label and split:"),
                          total, first, last, sizes,
                          modalities->len > 0 ? modalities->str : "—");
}

static void
dataset_section (Layout *l)
{
  const SlReportData *d = l->data;
  guint k = d->classes->len;
  static const SlSplit order[] = { SL_SPLIT_TRAIN, SL_SPLIT_VAL, SL_SPLIT_TEST, SL_SPLIT_NONE };
  gboolean any_unlabeled = FALSE;
  int rows, columns = 6, r = 1;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = dataset_text (d);
  double widths[] = { 167, 64, 64, 64, 64, 64.276 };
  PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT,
                             PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT };
  gint64 column_total[5] = { 0 };

  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    any_unlabeled |= count_at (d, order[s], k) > 0;
  rows = 1 + (int) k + (any_unlabeled ? 1 : 0) + 1;

  _sl_report_section (l, 1, _("Dataset"), 40 + rows * sl_canvas_table_row_height ());
  _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK, text);

  g_ptr_array_add (cells, g_strdup (_("Class")));
  g_ptr_array_add (cells, g_strdup (_("Train")));
  g_ptr_array_add (cells, g_strdup (_("Val")));
  g_ptr_array_add (cells, g_strdup (_("Test")));
  g_ptr_array_add (cells, g_strdup (_("No split")));
  g_ptr_array_add (cells, g_strdup (_("Total")));
  for (guint c = 0; c <= k; c++)
    {
      gint64 row_total = 0;

      if (c == k && !any_unlabeled)
        break;
      g_ptr_array_add (cells, g_strdup (c < k ? ((SlClassInfo *) g_ptr_array_index (d->classes,
                                                                                   c))->name
                                              : _("Unlabeled")));
      for (guint s = 0; s < G_N_ELEMENTS (order); s++)
        {
          gint64 count = count_at (d, order[s], c);

          g_ptr_array_add (cells, _sl_report_fmt_count (count));
          row_total += count;
          column_total[s] += count;
        }
      g_ptr_array_add (cells, _sl_report_fmt_count (row_total));
      column_total[4] += row_total;
      r++;
    }
  g_ptr_array_add (cells, g_strdup (_("Total")));
  for (int s = 0; s < 5; s++)
    g_ptr_array_add (cells, _sl_report_fmt_count (column_total[s]));

  l->y += 2;
  l->y += sl_canvas_table (&l->canvas, MARGIN_X, l->y, rows, columns,
                           (const char * const *) cells->pdata, widths, align,
                           G_GUINT64_CONSTANT (1) << r) + 4;
}

/* 2 Model. */

static char *
json_number_text (JsonObject *json,
                  const char *key,
                  const char *format)
{
  double value = sl_json_number (json, key, NAN);

  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf (format, value);
}

static void
key_values (Layout             *l,
            const char * const *pairs,
            int                 n_pairs)
{
  double column_w = CONTENT_W / 2, key_w = 106, value_w = column_w - key_w - 8;

  for (int row = 0; row < (n_pairs + 1) / 2; row++)
    {
      double row_h = 15;

      /* A long value (a translation) wraps and makes its row taller. */
      for (int i = 2 * row; i < MIN (2 * row + 2, n_pairs); i++)
        {
          double h;

          sl_canvas_text_extent (&l->canvas, SL_TEXT_TABLE, value_w, pairs[2 * i + 1], NULL, &h);
          row_h = MAX (row_h, h + 2.5);
        }
      _sl_report_need (l, row_h);
      for (int i = 2 * row; i < MIN (2 * row + 2, n_pairs); i++)
        {
          double x = MARGIN_X + (i % 2) * column_w;

          sl_canvas_text (&l->canvas, x, l->y + 2, key_w, SL_TEXT_SMALL, PANGO_ALIGN_LEFT,
                          SL_REPORT_MUTED, pairs[2 * i]);
          sl_canvas_text (&l->canvas, x + key_w, l->y + 1, value_w, SL_TEXT_TABLE,
                          PANGO_ALIGN_LEFT, SL_REPORT_INK, pairs[2 * i + 1]);
        }
      sl_canvas_rule (&l->canvas, MARGIN_X, l->y + row_h - 0.5, MARGIN_X + CONTENT_W, 0.3,
                      SL_REPORT_FAINT);
      l->y += row_h;
    }
  l->y += 6;
}

static void
training_curves (Layout *l)
{
  JsonObject *training = l->data->training;
  JsonArray *history = training != NULL && json_object_has_member (training, "history")
                       ? json_object_get_array_member (training, "history") : NULL;
  guint n = history != NULL ? json_array_get_length (history) : 0;
  g_autofree double *epoch = g_new (double, MAX (n, 1));
  g_autofree double *loss = g_new (double, MAX (n, 1));
  g_autofree double *val_loss = g_new (double, MAX (n, 1));
  g_autofree double *acc = g_new (double, MAX (n, 1));
  g_autofree double *val_acc = g_new (double, MAX (n, 1));
  g_autofree double *val_auc = g_new (double, MAX (n, 1));
  double max_loss = 0, min_acc = 1, plot_w = (CONTENT_W - 2 * GAP) / 2, plot_h = 170;

  _sl_report_subheading (l, _("Training curves"), plot_h);
  if (n == 0)
    {
      _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_MUTED,
                 _("No training history is stored for this model (a checkpoint file that is "
                   "not in the catalog)."));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *h = json_array_get_object_element (history, i);

      epoch[i] = sl_json_number (h, "epoch", i + 1);
      loss[i] = sl_json_number (h, "loss", 0);
      val_loss[i] = sl_json_number (h, "val_loss", 0);
      acc[i] = sl_json_number (h, "accuracy", 0);
      val_acc[i] = sl_json_number (h, "val_accuracy", 0);
      val_auc[i] = sl_json_number (h, "val_auc", 0);
      max_loss = MAX (max_loss, MAX (loss[i], val_loss[i]));
      min_acc = MIN (min_acc, MIN (acc[i], MIN (val_acc[i], val_auc[i])));
    }

  {
    SlPlotSeries loss_series[] = {
      { epoch, loss, (int) n, SL_REPORT_CNN_LIGHT, FALSE, n <= 40, _("train") },
      { epoch, val_loss, (int) n, SL_REPORT_CNN, FALSE, n <= 40, _("val") },
    };
    SlPlotSeries acc_series[] = {
      { epoch, acc, (int) n, SL_REPORT_CNN_LIGHT, FALSE, n <= 40, _("train accuracy") },
      { epoch, val_acc, (int) n, SL_REPORT_CNN, FALSE, n <= 40, _("val accuracy") },
      { epoch, val_auc, (int) n, SL_REPORT_CNN, TRUE, FALSE, _("val AUC") },
    };
    SlPlotAxes loss_axes = { _("Loss"), _("epoch"), _("cross-entropy"),
                             1, MAX (epoch[n - 1], 2), 0, MAX (max_loss * 1.1, 0.1),
                             TRUE, FALSE, FALSE };
    SlPlotAxes acc_axes = { _("Accuracy and AUC"), _("epoch"), NULL,
                            1, MAX (epoch[n - 1], 2), MIN (floor (min_acc * 10 - 0.5) / 10, 0.9),
                            1.0, TRUE, FALSE, TRUE };

    sl_canvas_plot (&l->canvas, MARGIN_X, l->y, plot_w, plot_h, &loss_axes, loss_series, 2);
    sl_canvas_plot (&l->canvas, MARGIN_X + plot_w + 2 * GAP, l->y, plot_w, plot_h, &acc_axes,
                    acc_series, 3);
  }
  l->y += plot_h + 6;
}

static void
model_section (Layout *l)
{
  const SlReportData *d = l->data;
  JsonObject *t = d->training;
  g_autofree char *params = _sl_report_fmt_count (d->n_params);
  g_autofree char *input = g_strdup_printf (d->input_channels == 3 ? _("%d × %d pixels, RGB")
                                                                   : _("%d × %d pixels, gray"),
                                            d->input_width, d->input_height);
  g_autofree char *classes = g_strjoinv (", ", d->cnn->class_names);
  g_autofree char *created = d->model_created > 0 ? _sl_report_fmt_date (d->model_created / G_USEC_PER_SEC)
                                                  : g_strdup ("—");
  g_autofree char *optimizer = g_strdup (t != NULL ? json_object_get_string_member_with_default (
                                                      t, "optimizer", "—")
                                                  : "—");
  g_autofree char *lr = json_number_text (t, "lr", "%g");
  g_autofree char *wd = json_number_text (t, "weight_decay", "%g");
  g_autofree char *batch = json_number_text (t, "batch_size", "%.0f");
  g_autofree char *seed = json_number_text (t, "seed", "%.0f");
  g_autofree char *epochs = t == NULL ? g_strdup ("—")
    : g_strdup_printf (_("%.0f of %.0f run, best %.0f"),
                       sl_json_number (t, "epochs_run", 0),
                       sl_json_number (t, "epochs", 0),
                       sl_json_number (t, "best_epoch", 0));
  g_autofree char *train_n = t == NULL ? g_strdup ("—")
    : _sl_report_fmt_count ((gint64) sl_json_number (t, "train_images", 0));
  g_autofree char *val_n = t == NULL ? g_strdup ("—")
    : _sl_report_fmt_count ((gint64) sl_json_number (t, "val_images", 0));
  g_autofree char *time = t == NULL ? g_strdup ("—")
    : g_strdup_printf (_("%.1f s (%.0f images/s)"), sl_json_number (t, "seconds", 0),
                       sl_json_number (t, "images_per_second", 0));
  g_autofree char *val_acc = _sl_report_fmt_metric (sl_json_number (t, "val_accuracy", NAN));
  g_autofree char *val_auc = _sl_report_fmt_metric (sl_json_number (t, "val_auc", NAN));
  g_autofree char *best_val = g_strdup_printf ("%s / %s", val_acc, val_auc);
  const char *pairs[] = {
    _("Parameters"), params,
    _("Input"), input,
    _("Classes"), classes,
    _("Created"), created,
    _("Optimizer"), optimizer,
    _("Peak learning rate"), lr,
    _("Weight decay"), wd,
    _("Batch size"), batch,
    _("Epochs"), epochs,
    _("Seed"), seed,
    _("Training images"), train_n,
    _("Validation images"), val_n,
    _("Training time"), time,
    _("Best val accuracy / AUC"), best_val,
  };
  double arch_h;

  _sl_report_section (l, 2, _("Model"), 60);
  _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK,
             _("A convolutional neural network trained by Sightline on the labelled train split; "
               "the parameters of the epoch with the best validation accuracy were kept. "
               "Architecture:"));
  sl_canvas_fill_rect (&l->canvas, MARGIN_X, l->y - 2, CONTENT_W, 2, SL_REPORT_ZEBRA);
  arch_h = sl_canvas_text (&l->canvas, MARGIN_X + 8, l->y + 3, CONTENT_W - 16, SL_TEXT_MONO,
                           PANGO_ALIGN_LEFT, SL_REPORT_INK, d->arch);
  cairo_rectangle (l->canvas.cr, MARGIN_X, l->y - 2, CONTENT_W, arch_h + 10);
  sl_canvas_color (&l->canvas, SL_REPORT_RULE);
  cairo_set_line_width (l->canvas.cr, 0.5);
  cairo_stroke (l->canvas.cr);
  l->y += arch_h + 16;

  key_values (l, pairs, G_N_ELEMENTS (pairs) / 2);
  training_curves (l);
}

/* 3 Results. */

static void
metrics_table (Layout             *l,
               const SlEvaluation *e)
{
  int k = e->n_classes, rows = k + 2, columns = 7;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  double widths[] = { 121, 56, 66, 100, 66, 38.276, 40 };
  PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT,
                             PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT,
                             PANGO_ALIGN_RIGHT };
  double sums[4] = { 0 };

  g_ptr_array_add (cells, g_strdup (_("Class")));
  g_ptr_array_add (cells, g_strdup (_("Images")));
  g_ptr_array_add (cells, g_strdup (_("Precision")));
  g_ptr_array_add (cells, g_strdup (_("Recall (sensitivity)")));
  g_ptr_array_add (cells, g_strdup (_("Specificity")));
  g_ptr_array_add (cells, g_strdup (_("F1")));
  g_ptr_array_add (cells, g_strdup (_("AUC")));
  for (int c = 0; c < k; c++)
    {
      gint64 support = 0;

      for (int p = 0; p < k; p++)
        support += e->confusion[c * k + p];
      g_ptr_array_add (cells, g_strdup (e->class_names[c]));
      g_ptr_array_add (cells, _sl_report_fmt_count (support));
      g_ptr_array_add (cells, _sl_report_fmt_metric (e->precision[c]));
      g_ptr_array_add (cells, _sl_report_fmt_metric (e->recall[c]));
      g_ptr_array_add (cells, _sl_report_fmt_metric (e->specificity[c]));
      g_ptr_array_add (cells, _sl_report_fmt_metric (e->f1[c]));
      g_ptr_array_add (cells, _sl_report_fmt_metric (e->auc_per_class[c]));
      sums[0] += e->precision[c];
      sums[1] += e->recall[c];
      sums[2] += e->specificity[c];
      sums[3] += e->f1[c];
    }
  g_ptr_array_add (cells, g_strdup (_("Macro average")));
  g_ptr_array_add (cells, _sl_report_fmt_count (e->n));
  for (int i = 0; i < 4; i++)
    g_ptr_array_add (cells, _sl_report_fmt_metric (sums[i] / k));
  g_ptr_array_add (cells, _sl_report_fmt_metric (e->auc));

  _sl_report_need (l, rows * sl_canvas_table_row_height ());
  l->y += sl_canvas_table (&l->canvas, MARGIN_X, l->y, rows, columns,
                           (const char * const *) cells->pdata, widths, align,
                           G_GUINT64_CONSTANT (1) << (k + 1)) + 8;
}

/* The ROC curves of one or two evaluations (the second dashed). */
static void
roc_plot (Layout             *l,
          double              x,
          double              w,
          double              h,
          const char         *title,
          const SlRocCurve   *first,
          const char         *first_name,
          const SlRocCurve   *second,
          const char         *second_name)
{
  const SlReportData *d = l->data;
  int n = d->n_roc, n_series = 0;
  g_autofree SlPlotSeries *series = g_new0 (SlPlotSeries, 2 * n);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  SlPlotAxes axes = { title, _("1 − specificity (false positive rate)"),
                      _("sensitivity (true positive rate)"), 0, 1, 0, 1, FALSE, TRUE, TRUE };

  for (int pass = 0; pass < 2; pass++)
    {
      const SlRocCurve *curves = pass == 0 ? first : second;
      const char *method = pass == 0 ? first_name : second_name;

      if (curves == NULL)
        continue;
      for (int c = 0; c < n; c++)
        {
          g_autofree char *auc = _sl_report_fmt_metric (curves[c].auc);
          SlPlotSeries *s = &series[n_series++];
          char *label;

          if (n == 1)
            label = g_strdup_printf (_("%s (AUC %s)"), method, auc);
          else
            label = g_strdup_printf (_("%s: %s (AUC %s)"), method, d->cnn->class_names[c], auc);
          g_ptr_array_add (labels, label);
          s->x = curves[c].fpr;
          s->y = curves[c].tpr;
          s->n = curves[c].n;
          s->label = label;
          s->dashed = pass == 1 && n > 1;
          if (n == 1)
            s->color = pass == 0 ? SL_REPORT_CNN : SL_REPORT_BASELINE;
          else
            s->color = _sl_report_class_color (d, d->cnn->class_names[c], c);
        }
    }
  sl_canvas_plot (&l->canvas, x, l->y, w, h, &axes, series, n_series);
}

static char *
roc_title (const SlReportData *d)
{
  if (d->cnn->n_classes == 2)
    return g_strdup_printf (_("ROC curve: %s vs %s"), d->cnn->class_names[1],
                            d->cnn->class_names[0]);
  return g_strdup (_("ROC curves, one class vs the rest"));
}

/* Distribution of the scores: binary, p(class 1) for each true class; more classes, the
 * probability given to the true class. As a share of each class's images, so a small class
 * stays visible. */
static void
score_histogram (Layout *l)
{
  const SlReportData *d = l->data;
  const SlEvaluation *e = d->cnn;
  enum { BINS = 20 };
  int k = e->n_classes;
  gboolean binary = k == 2;
  double plot_h = 165, y_max = 0;
  double xs[2 * BINS], threshold_x[2] = { 0.5, 0.5 }, threshold_y[2];
  g_autofree double *ys = g_new0 (double, (gsize) k * 2 * BINS);
  g_autofree int *totals = g_new0 (int, k);
  g_autofree SlPlotSeries *series = g_new0 (SlPlotSeries, k + 1);
  g_autofree char *title = binary ? g_strdup_printf (_("Predicted p(%s) by true class"),
                                                     e->class_names[1])
                                  : g_strdup (_("Probability given to the true class"));
  g_autofree char *x_label = binary ? g_strdup_printf ("p(%s)", e->class_names[1])
                                    : g_strdup (_("p(true class)"));
  SlPlotAxes axes = { title, x_label, _("Percent of the class's images"), 0, 1, 0, 1, FALSE, FALSE,
                      FALSE };

  for (int i = 0; i < e->n; i++)
    {
      int cls = e->y_true[i];
      double score = e->probs[(gsize) i * k + (binary ? 1 : cls)];
      int bin = CLAMP ((int) (score * BINS), 0, BINS - 1);

      ys[(gsize) cls * 2 * BINS + 2 * bin] += 1;
      totals[cls]++;
    }
  for (int b = 0; b < BINS; b++)
    {
      xs[2 * b] = (double) b / BINS;
      xs[2 * b + 1] = (double) (b + 1) / BINS;
    }
  for (int c = 0; c < k; c++)
    {
      double *h = ys + (gsize) c * 2 * BINS;

      for (int b = 0; b < BINS; b++)
        {
          h[2 * b] = totals[c] > 0 ? 100.0 * h[2 * b] / totals[c] : 0;
          h[2 * b + 1] = h[2 * b];
          y_max = MAX (y_max, h[2 * b]);
        }
      series[c] = (SlPlotSeries) { xs, h, 2 * BINS, _sl_report_class_color (d, e->class_names[c], c),
                                   FALSE, FALSE, e->class_names[c] };
    }
  axes.y_max = MAX (5, ceil (y_max * 1.1 / 5) * 5);
  threshold_y[0] = 0;
  threshold_y[1] = axes.y_max;
  if (binary)
    series[k] = (SlPlotSeries) { threshold_x, threshold_y, 2, SL_REPORT_MUTED, TRUE, FALSE,
                                 _("threshold 0.5") };

  _sl_report_need (l, plot_h);
  sl_canvas_plot (&l->canvas, MARGIN_X, l->y, CONTENT_W, plot_h, &axes, series,
                  binary ? k + 1 : k);
  l->y += plot_h + 8;
}

static void
results_section (Layout *l)
{
  const SlReportData *d = l->data;
  const SlEvaluation *e = d->cnn;
  g_autofree char *title = g_strdup_printf (_("Results on the %s split"), _sl_report_split_name (d->split));
  g_autofree char *n = _sl_report_fmt_count (e->n);
  g_autofree char *acc = _sl_report_fmt_metric (e->accuracy);
  g_autofree char *auc = _sl_report_fmt_metric (e->auc);
  g_autofree char *f1 = _sl_report_fmt_metric (e->macro_f1);
  g_autofree char *summary = g_strdup_printf (_("On %s labelled images: accuracy %s, ROC AUC "
                                                "%s, macro F1 %s. The predicted class is the "
                                                "one with the highest probability."),
                                              n, acc, auc, f1);
  g_autofree char *roc = roc_title (d);
  double side = 232;

  _sl_report_section (l, 3, title, 60 + (e->n_classes + 2) * sl_canvas_table_row_height ());
  _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK, summary);
  metrics_table (l, e);

  _sl_report_need (l, side + 10);
  sl_canvas_confusion (&l->canvas, MARGIN_X, l->y, CONTENT_W / 2 - GAP,
                       _("Confusion matrix"), e->n_classes, e->confusion, e->class_names,
                       SL_REPORT_CNN);
  roc_plot (l, MARGIN_X + CONTENT_W / 2 + GAP, CONTENT_W / 2 - GAP, side, roc, d->cnn_roc,
            _("CNN"), NULL, NULL);
  l->y += side + 12;
  score_histogram (l);
}

/* 4 Grad-CAM examples. */

static void
example_row (Layout    *l,
             GPtrArray *examples,
             char     **class_names)
{
  double tile = (CONTENT_W - (SL_REPORT_EXAMPLES - 1) * 8) / SL_REPORT_EXAMPLES;

  if (examples->len == 0)
    {
      sl_canvas_text (&l->canvas, MARGIN_X, l->y, CONTENT_W, SL_TEXT_SMALL, PANGO_ALIGN_LEFT,
                      SL_REPORT_MUTED, _("None on this split."));
      l->y += 16;
      return;
    }
  for (guint i = 0; i < examples->len; i++)
    {
      SlReportExample *ex = g_ptr_array_index (examples, i);
      double x = MARGIN_X + i * (tile + 8);
      gboolean right = ex->predicted == ex->true_class;
      g_autofree char *id = g_strdup_printf (_("image #%" PRId64), ex->image_id);
      g_autofree char *verdict = g_strdup_printf ("%s %.2f", class_names[ex->predicted],
                                                  ex->confidence);

      sl_canvas_pixbuf (&l->canvas, ex->overlay, x, l->y, tile, tile, FALSE);
      sl_canvas_text_line (&l->canvas, x, l->y + tile + 2, tile, 10, SL_TEXT_TINY,
                           PANGO_ALIGN_LEFT, SL_REPORT_INK, id);
      sl_canvas_text_line (&l->canvas, x, l->y + tile + 11, tile, 10, SL_TEXT_TINY,
                           PANGO_ALIGN_LEFT, right ? SL_REPORT_GOOD : SL_REPORT_BAD, verdict);
    }
  l->y += tile + 30;
}

static void
gradcam_section (Layout *l)
{
  const SlReportData *d = l->data;
  double tile = (CONTENT_W - (SL_REPORT_EXAMPLES - 1) * 8) / SL_REPORT_EXAMPLES;

  _sl_report_new_page (l);
  _sl_report_section (l, 4, _("Grad-CAM examples"), 0);
  _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK,
             _("For each true class, the most confident correct predictions and the most "
               "confident errors on the split, with the Grad-CAM map of the predicted class "
               "over the image: warm colours mark the regions that raised that class's score "
               "most. The maps show what the model used, not where disease is. Under each "
               "image: its catalog id, the predicted class and its probability."));
  sl_canvas_colorbar (&l->canvas, MARGIN_X, l->y, 220, 9, SL_COLORMAP_TURBO, _("low"),
                      _("high influence"));
  l->y += 18;

  for (int c = 0; c < d->cnn->n_classes; c++)
    {
      g_autofree char *correct = g_strdup_printf (_("True class %s: correctly classified"),
                                                  d->cnn->class_names[c]);
      g_autofree char *wrong = g_strdup_printf (_("True class %s: misclassified"),
                                                d->cnn->class_names[c]);

      _sl_report_subheading (l, correct, tile + 28);
      example_row (l, d->correct[c], d->cnn->class_names);
      _sl_report_subheading (l, wrong, tile + 28);
      example_row (l, d->wrong[c], d->cnn->class_names);
    }
}

/* 5 Baseline. */

static void
comparison_row (GPtrArray  *cells,
                const char *name,
                double      cnn,
                double      baseline)
{
  g_ptr_array_add (cells, g_strdup (name));
  g_ptr_array_add (cells, _sl_report_fmt_metric (cnn));
  g_ptr_array_add (cells, _sl_report_fmt_metric (baseline));
  g_ptr_array_add (cells, isnan (cnn - baseline) ? g_strdup ("—")
                                                 : g_strdup_printf ("%+.4f", cnn - baseline));
}

static void
baseline_section (Layout *l)
{
  const SlReportData *d = l->data;
  const SlEvaluation *e = d->cnn, *b = d->baseline;
  const SlBaselineInfo *info = &d->baseline_info;
  int k = e->n_classes, rows = 1 + 3 + 3 * k, columns = 4;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  double widths[] = { 205, 86, 110, 86.276 };
  PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT,
                             PANGO_ALIGN_RIGHT };
  g_autofree char *features = _sl_report_fmt_count (info->n_features);
  g_autofree char *train_n = _sl_report_fmt_count (info->n_train);
  g_autofree char *val_acc = _sl_report_fmt_metric (info->val_accuracy);
  g_autofree char *text = g_strdup_printf (
    _("A classical baseline trained and evaluated on the same images: histograms of oriented "
      "gradients (HOG; %d-pixel cells, %d × %d-cell blocks, %d orientation bins: %s features of "
      "the same %d × %d gray input as the CNN) and a multinomial logistic regression fitted on "
      "the %s labelled train images. Its L2 penalty, %g, was picked on the val split "
      "(accuracy %s there). Features, fits and evaluation took %.1f s."),
    info->cell_size, info->block_size, info->block_size, info->bins, features, info->side,
    info->side, train_n, info->l2, val_acc, info->seconds);
  g_autofree char *roc = roc_title (d);
  double side = 210;

  _sl_report_new_page (l);
  _sl_report_section (l, 5, _("Comparison with a classical baseline"), 0);
  if (b == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The HOG + logistic regression baseline "
                                                   "could not be computed: %s"),
                                                 d->baseline_error);

      _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK, reason);
      return;
    }
  _sl_report_paragraph (l, SL_TEXT_BODY, SL_REPORT_INK, text);

  g_ptr_array_add (cells, g_strdup (_("Metric")));
  g_ptr_array_add (cells, g_strdup (_("CNN")));
  g_ptr_array_add (cells, g_strdup (_("HOG + logistic reg.")));
  g_ptr_array_add (cells, g_strdup (_("Difference")));
  comparison_row (cells, _("Accuracy"), e->accuracy, b->accuracy);
  comparison_row (cells, _("ROC AUC"), e->auc, b->auc);
  comparison_row (cells, _("Macro F1"), e->macro_f1, b->macro_f1);
  for (int c = 0; c < k; c++)
    {
      g_autofree char *recall = g_strdup_printf (_("Recall (sensitivity), %s"),
                                                 e->class_names[c]);
      g_autofree char *specificity = g_strdup_printf (_("Specificity, %s"), e->class_names[c]);
      g_autofree char *f1 = g_strdup_printf (_("F1, %s"), e->class_names[c]);

      comparison_row (cells, recall, e->recall[c], b->recall[c]);
      comparison_row (cells, specificity, e->specificity[c], b->specificity[c]);
      comparison_row (cells, f1, e->f1[c], b->f1[c]);
    }
  _sl_report_need (l, rows * sl_canvas_table_row_height ());
  l->y += sl_canvas_table (&l->canvas, MARGIN_X, l->y, rows, columns,
                           (const char * const *) cells->pdata, widths, align, 0) + 14;

  _sl_report_need (l, side + 10);
  roc_plot (l, MARGIN_X, CONTENT_W / 2 - GAP, side, roc, d->cnn_roc, _("CNN"), d->baseline_roc,
            _("HOG baseline"));
  sl_canvas_confusion (&l->canvas, MARGIN_X + CONTENT_W / 2 + GAP, l->y, CONTENT_W / 2 - GAP,
                       _("Baseline confusion matrix"), k, b->confusion, b->class_names,
                       SL_REPORT_BASELINE);
  l->y += side + 8;
}

/* 6 Intended use and limits. */

static void
limits_section (Layout *l)
{
  const SlReportData *d = l->data;
  g_autofree char *n = _sl_report_fmt_count (d->cnn->n);
  g_autofree char *scope = g_strdup_printf (
    _("The figures above were measured on the %s labelled images of the %s split of this "
      "catalog. They may not hold for other sites, scanners, patient populations, or image "
      "sizes (the model sees %d × %d pixels, %s)."),
    n, _sl_report_split_name (d->split), d->input_width, d->input_height,
    d->input_channels == 3 ? _("RGB") : _("gray"));
  const char *items[] = {
    _("Intended use: research, teaching and triage experiments on de-identified images. "
      "Sightline is not a medical device; its predictions must not be used for diagnosis or "
      "treatment decisions."),
    scope,
    _("The labels are those recorded in the catalog; errors in them bound the accuracy that "
      "can be measured and learnt."),
    _("Grad-CAM maps are coarse (the resolution of the last convolution) and show what "
      "influenced the prediction, not the location of a finding."),
    _("Privacy: the report names images by catalog id only. It contains no patient names, "
      "DICOM identifiers, file names or paths."),
  };

  _sl_report_section (l, 6, _("Intended use and limitations"), 80);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      double height;

      sl_canvas_text_extent (&l->canvas, SL_TEXT_BODY, CONTENT_W - 12, items[i], NULL, &height);
      _sl_report_need (l, height);
      sl_canvas_fill_rect (&l->canvas, MARGIN_X + 2, l->y + 6, 3, 3, SL_REPORT_ACCENT);
      l->y += sl_canvas_text (&l->canvas, MARGIN_X + 12, l->y, CONTENT_W - 12, SL_TEXT_BODY,
                              PANGO_ALIGN_LEFT, SL_REPORT_INK, items[i]) + 4;
    }
}

/* 7 Reader agreement, when two or more readers labelled the catalog. */

static void
agreement_section (Layout *l)
{
  const SlReportAgreement *agreement = l->data->agreement;

  if (agreement == NULL)
    return;
  _sl_report_section (l, 7, _("Reader agreement"), sl_report_agreement_height (agreement));
  l->y += sl_report_agreement_draw (&l->canvas, MARGIN_X, l->y, CONTENT_W, agreement) + 8;
}

int
sl_report_render (const SlReportData *data,
                  cairo_surface_t    *surface,
                  int                 total_pages)
{
  cairo_t *cr = cairo_create (surface);
  Layout l = { data, surface, { 0 }, 0, total_pages, TOP };

  sl_canvas_init (&l.canvas, cr);
  l.page = 1;
  _sl_report_draw_page_frame (&l);
  title_block (&l);
  dataset_section (&l);
  model_section (&l);
  results_section (&l);
  gradcam_section (&l);
  baseline_section (&l);
  limits_section (&l);
  agreement_section (&l);
  cairo_show_page (cr);
  sl_canvas_clear (&l.canvas);
  cairo_destroy (cr);
  return l.page;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
render_to_file (const SlReportData  *data,
                const char          *out_pdf,
                GError             **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part", out_pdf);
  g_autofree char *title = g_strdup_printf (_("Model evaluation report: %s"), data->model_name);
  g_autofree char *creator = g_strdup_printf ("Sightline %s", PACKAGE_VERSION);
  cairo_surface_t *surface;
  cairo_status_t status;
  int pages;

  /* A first pass on a discarding stream counts the pages for the "Page n of N" footers. */
  surface = cairo_pdf_surface_create_for_stream (discard_cb, NULL, PAGE_W, PAGE_H);
  pages = sl_report_render (data, surface, 0);
  cairo_surface_destroy (surface);

  surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  sl_report_render (data, surface, pages);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("Could not write the report %s: %s"),
                   out_pdf, cairo_status_to_string (status));
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, out_pdf) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the report %s: %s"), out_pdf, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_report_write (const char    *catalog_path,
                 gint64         model_id,
                 const char    *model_file,
                 SlSplit        split,
                 const char    *out_pdf,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlReportData) data = NULL;

  g_return_val_if_fail (catalog_path != NULL && out_pdf != NULL, FALSE);
  g_return_val_if_fail ((model_id > 0) != (model_file != NULL), FALSE);

  catalog = sl_catalog_open (catalog_path, error);
  if (catalog == NULL)
    return FALSE;
  data = sl_report_data_collect (catalog, model_id, model_file, split, cancellable, error);
  if (data == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return render_to_file (data, out_pdf, error);
}
