/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Drawing helpers shared by SlChart and SlRocCurve. */

typedef struct
{
  double min;
  double max;
  double step;
} SlTicks;

/* Rounds [lo, hi] out to "nice" ticks (1, 2, 5 × 10^k) with about @target intervals. */
void   _sl_ticks_compute    (SlTicks *ticks,
                             double   lo,
                             double   hi,
                             int      target);
/* A tick label with as many decimals as the step needs. */
char  *_sl_ticks_format     (const SlTicks *ticks,
                             double         value);

typedef struct
{
  graphene_rect_t area;   /* the plot area, widget coordinates */
  SlTicks         x;
  SlTicks         y;
} SlPlotFrame;

double _sl_plot_frame_x     (const SlPlotFrame *frame,
                             double             x);
double _sl_plot_frame_y     (const SlPlotFrame *frame,
                             const SlTicks     *y,
                             double             value);

/* Draws @text with its anchor point at (x, y): @xalign/@yalign 0 = left/top, 1 = right/bottom. */
void   _sl_plot_text        (cairo_t       *cr,
                             PangoLayout   *layout,
                             const char    *text,
                             double         x,
                             double         y,
                             double         xalign,
                             double         yalign);
/* The pixel size of @text. */
void   _sl_plot_text_size   (PangoLayout   *layout,
                             const char    *text,
                             int           *width,
                             int           *height);

/* Horizontal grid lines at the y ticks, vertical ones at the x ticks, the axis lines, and the
 * tick labels (y on the left; @y2, if not NULL, on the right). */
void   _sl_plot_draw_frame  (cairo_t           *cr,
                             PangoLayout       *layout,
                             const GdkRGBA     *fg,
                             const SlPlotFrame *frame,
                             const SlTicks     *y2);

/* One legend entry: a short line sample and the name; returns the entry's width. */
double _sl_plot_legend_item (cairo_t       *cr,
                             PangoLayout   *layout,
                             const GdkRGBA *fg,
                             const GdkRGBA *color,
                             gboolean       dashed,
                             const char    *name,
                             double         x,
                             double         y,
                             gboolean       measure_only);

/* The series' line style: 2 px, round joins, optionally dashed. */
void   _sl_plot_set_line    (cairo_t       *cr,
                             const GdkRGBA *color,
                             gboolean       dashed);

G_END_DECLS
