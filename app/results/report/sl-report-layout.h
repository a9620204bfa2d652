/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The page layout the report's sections share: A4 geometry, the running position, page breaks,
 * headings, paragraphs and the number formats of `evaluate`. */

#include <cairo.h>
#include <glib.h>

#include "sl-report-private.h"

G_BEGIN_DECLS

/* A4 in points. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_X 54.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define TOP 72.0
#define BOTTOM (PAGE_H - 62.0)
#define BAND_H 128.0
#define GAP 10.0

typedef struct
{
  const SlReportData *data;
  cairo_surface_t *surface;
  SlCanvas canvas;
  int page;
  int total;
  double y;
} Layout;


char *_sl_report_fmt_metric (double value);
char *_sl_report_fmt_count (gint64 value);
char *_sl_report_fmt_date (gint64 unix_seconds);
const char *_sl_report_split_name (SlSplit split);
guint32 _sl_report_class_color (const SlReportData *data, const char *name, int index);
void _sl_report_draw_page_frame (Layout *l);
void _sl_report_new_page (Layout *l);
void _sl_report_need (Layout *l, double height);
void _sl_report_section (Layout *l, int number, const char *title, double keep_with);
void _sl_report_paragraph (Layout *l, SlTextStyle style, guint32 rgb, const char *text);
void _sl_report_subheading (Layout *l, const char *text, double keep_with);

G_END_DECLS
