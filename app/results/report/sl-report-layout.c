/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-report-layout.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

/* Formatting: every metric is printed as the CLI's evaluate prints it. */

char *
_sl_report_fmt_metric (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.4f", value);
}

char *
_sl_report_fmt_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  int len = (int) strlen (digits);

  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
_sl_report_fmt_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("—");
}

const char *
_sl_report_split_name (SlSplit split)
{
  switch (split)
    {
    case SL_SPLIT_TRAIN:
      return _("train");
    case SL_SPLIT_VAL:
      return _("val");
    case SL_SPLIT_TEST:
      return _("test");
    case SL_SPLIT_NONE:
    default:
      return _("whole");
    }
}

guint32
_sl_report_class_color (const SlReportData *data,
             const char         *name,
             int                 index)
{
  static const guint32 fallback[] = { 0x2166ac, 0xd6604d, 0x1a9850, 0x762a83, 0xe08214,
                                      0x01665e, 0xc51b7d, 0x8c510a };

  for (guint i = 0; i < data->classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (data->classes, i);
      guint rgb;

      if (g_strcmp0 (info->name, name) == 0 && info->color != NULL && info->color[0] == '#'
          && sscanf (info->color + 1, "%6x", &rgb) == 1)
        return rgb;
    }
  return fallback[index % G_N_ELEMENTS (fallback)];
}

/* Pages. */

void
_sl_report_draw_page_frame (Layout *l)
{
  SlCanvas *c = &l->canvas;
  g_autofree char *page = l->total > 0 ? g_strdup_printf (_("Page %d of %d"), l->page, l->total)
                                       : g_strdup_printf (_("Page %d"), l->page);

  if (l->page > 1)
    {
      sl_canvas_text (c, MARGIN_X, 34, CONTENT_W / 2, SL_TEXT_SMALL, PANGO_ALIGN_LEFT,
                      SL_REPORT_ACCENT, _("Sightline · Model evaluation report"));
      sl_canvas_text (c, MARGIN_X + CONTENT_W / 2, 34, CONTENT_W / 2, SL_TEXT_SMALL,
                      PANGO_ALIGN_RIGHT, SL_REPORT_MUTED, l->data->model_name);
      sl_canvas_rule (c, MARGIN_X, 49, MARGIN_X + CONTENT_W, 0.6, SL_REPORT_RULE);
    }
  sl_canvas_rule (c, MARGIN_X, PAGE_H - 48, MARGIN_X + CONTENT_W, 0.6, SL_REPORT_RULE);
  sl_canvas_text (c, MARGIN_X, PAGE_H - 42, CONTENT_W - 80, SL_TEXT_TINY, PANGO_ALIGN_LEFT,
                  SL_REPORT_MUTED,
                  _("For research use only; not a medical device. Images are identified by "
                    "catalog id only."));
  sl_canvas_text (c, MARGIN_X + CONTENT_W - 80, PAGE_H - 42, 80, SL_TEXT_TINY,
                  PANGO_ALIGN_RIGHT, SL_REPORT_MUTED, page);
}

void
_sl_report_new_page (Layout *l)
{
  if (l->page > 0)
    cairo_show_page (l->canvas.cr);
  l->page++;
  l->y = TOP;
  _sl_report_draw_page_frame (l);
}

void
_sl_report_need (Layout *l,
      double  height)
{
  if (l->y + height > BOTTOM)
    _sl_report_new_page (l);
}

void
_sl_report_section (Layout     *l,
         int         number,
         const char *title,
         double      keep_with)
{
  g_autofree char *heading = g_strdup_printf ("%d  %s", number, title);
  g_autofree char *link = NULL;

  _sl_report_need (l, 30 + keep_with);
  if (l->y > TOP)
    l->y += 10;
  link = g_strdup_printf ("page=%d pos=[%.1f %.1f]", l->page, MARGIN_X, l->y);
  cairo_pdf_surface_add_outline (l->surface, CAIRO_PDF_OUTLINE_ROOT, heading, link, 0);
  sl_canvas_text (&l->canvas, MARGIN_X, l->y, CONTENT_W, SL_TEXT_H1, PANGO_ALIGN_LEFT,
                  SL_REPORT_ACCENT, heading);
  sl_canvas_rule (&l->canvas, MARGIN_X, l->y + 20, MARGIN_X + CONTENT_W, 1.0, SL_REPORT_ACCENT);
  l->y += 28;
}

void
_sl_report_paragraph (Layout      *l,
           SlTextStyle  style,
           guint32      rgb,
           const char  *text)
{
  double height;

  /* Measured first so a paragraph never straddles a page break. */
  sl_canvas_text_extent (&l->canvas, style, CONTENT_W, text, NULL, &height);
  _sl_report_need (l, height);
  height = sl_canvas_text (&l->canvas, MARGIN_X, l->y, CONTENT_W, style, PANGO_ALIGN_LEFT, rgb,
                           text);
  l->y += height + 6;
}

void
_sl_report_subheading (Layout     *l,
            const char *text,
            double      keep_with)
{
  _sl_report_need (l, 18 + keep_with);
  sl_canvas_text (&l->canvas, MARGIN_X, l->y, CONTENT_W, SL_TEXT_H2, PANGO_ALIGN_LEFT,
                  SL_REPORT_INK, text);
  l->y += 17;
}

