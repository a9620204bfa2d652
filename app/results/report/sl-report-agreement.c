/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-report-agreement.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-agreement.h"
#include "sl-ratings.h"

#define PAIR_COLUMNS 5
#define CLASS_COLUMNS 3

static char *
format_value (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

void
sl_report_agreement_free (SlReportAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_ptr_array_unref (agreement->pair_rows);
  g_ptr_array_unref (agreement->class_rows);
  g_free (agreement);
}

SlReportAgreement *
sl_report_agreement_collect (SlCatalog  *catalog,
                             GError    **error)
{
  g_autoptr(SlRatings) ratings = sl_ratings_from_catalog (catalog, NULL, error);
  SlReportAgreement *agreement;
  const int *table;
  int n_images, n_raters, n_classes;
  g_autofree double *per_class = NULL;
  g_autofree long *counts = NULL;
  sl_agreement figures;

  if (ratings == NULL)
    return NULL;
  n_raters = (int) ratings->raters->len;
  if (n_raters < 2)
    return NULL;
  n_images = (int) ratings->image_ids->len;
  n_classes = (int) ratings->class_names->len;
  table = (const int *) ratings->ratings->data;
  per_class = g_new (double, MAX (n_classes, 1));
  counts = g_new (long, MAX (n_classes, 1));
  sl_fleiss_kappa (table, n_images, n_raters, n_classes, &figures, per_class, counts);

  agreement = g_new0 (SlReportAgreement, 1);
  agreement->n_readers = n_raters;
  agreement->images = figures.items;
  agreement->percent_agreement = figures.percent_agreement;
  agreement->fleiss_kappa = figures.fleiss_kappa;
  agreement->pair_rows = g_ptr_array_new_with_free_func (g_free);
  agreement->class_rows = g_ptr_array_new_with_free_func (g_free);
  for (int a = 0; a < n_raters; a++)
    for (int b = a + 1; b < n_raters; b++)
      {
        g_autofree long *confusion = g_new0 (long, MAX (n_classes * n_classes, 1));
        int both = 0;
        double kappa = sl_cohen_kappa (table, n_images, n_raters, n_classes, a, b, confusion,
                                       &both);
        long agree = 0;

        for (int k = 0; k < n_classes; k++)
          agree += confusion[k * n_classes + k];
        g_ptr_array_add (agreement->pair_rows, g_strdup (g_ptr_array_index (ratings->raters, a)));
        g_ptr_array_add (agreement->pair_rows, g_strdup (g_ptr_array_index (ratings->raters, b)));
        g_ptr_array_add (agreement->pair_rows, g_strdup_printf ("%d", both));
        g_ptr_array_add (agreement->pair_rows, format_value (kappa));
        g_ptr_array_add (agreement->pair_rows, format_value (both > 0 ? (double) agree / both
                                                                      : NAN));
      }
  for (int k = 0; k < n_classes; k++)
    {
      g_ptr_array_add (agreement->class_rows, g_strdup (g_ptr_array_index (ratings->class_names,
                                                                           k)));
      g_ptr_array_add (agreement->class_rows, g_strdup_printf ("%ld", counts[k]));
      g_ptr_array_add (agreement->class_rows, format_value (per_class[k]));
    }
  return agreement;
}

static int
n_rows (const GPtrArray *cells,
        int              columns)
{
  return (int) cells->len / columns;
}

double
sl_report_agreement_height (const SlReportAgreement *agreement)
{
  return 40 + (n_rows (agreement->pair_rows, PAIR_COLUMNS)
               + n_rows (agreement->class_rows, CLASS_COLUMNS) + 2)
              * sl_canvas_table_row_height () + 12;
}

/* A table with its header row first: header then the row cells. */
static double
table (SlCanvas             *canvas,
       double                x,
       double                y,
       const char * const   *header,
       int                   columns,
       const GPtrArray      *cells,
       const double         *widths,
       const PangoAlignment *align)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (int c = 0; c < columns; c++)
    g_ptr_array_add (all, (gpointer) header[c]);
  for (guint i = 0; i < cells->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (cells, i));
  return sl_canvas_table (canvas, x, y, n_rows (cells, columns) + 1, columns,
                          (const char * const *) all->pdata, widths, align, 0);
}

double
sl_report_agreement_draw (SlCanvas                *canvas,
                          double                   x,
                          double                   y,
                          double                   width,
                          const SlReportAgreement *agreement)
{
  const char *pair_header[PAIR_COLUMNS] = {
    _("Reader"), _("Reader"), _("Images"), _("Cohen's κ"), _("Agreement")
  };
  const char *class_header[CLASS_COLUMNS] = { _("Class"), _("Ratings"), _("Fleiss' κ") };
  const double pair_widths[PAIR_COLUMNS] = {
    width * 0.28, width * 0.28, width * 0.14, width * 0.15, width * 0.15
  };
  const double class_widths[CLASS_COLUMNS] = { width * 0.5, width * 0.25, width * 0.25 };
  const PangoAlignment pair_align[PAIR_COLUMNS] = {
    PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT
  };
  const PangoAlignment class_align[CLASS_COLUMNS] = {
    PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT
  };
  g_autofree char *percent = format_value (agreement->percent_agreement);
  g_autofree char *fleiss = format_value (agreement->fleiss_kappa);
  g_autofree char *summary = g_strdup_printf (
    _("%d readers; %d images read by two or more. All readers gave the same class on %s of "
      "them; Fleiss' κ %s (1 = perfect, 0 = no better than chance)."),
    agreement->n_readers, agreement->images, percent, fleiss);
  double top = y;

  y += sl_canvas_text (canvas, x, y, width, SL_TEXT_BODY, PANGO_ALIGN_LEFT, SL_REPORT_INK,
                       summary) + 8;
  y += table (canvas, x, y, pair_header, PAIR_COLUMNS, agreement->pair_rows, pair_widths,
              pair_align) + 12;
  y += table (canvas, x, y, class_header, CLASS_COLUMNS, agreement->class_rows, class_widths,
              class_align);
  return y - top;
}
