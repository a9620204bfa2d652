/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-plot-paint.h"

G_BEGIN_DECLS

/* What SlChart and SlRocCurve add to the shared plot painter (plot/): theme colours. */

/* Grid lines, axis lines and tick labels of area in the foreground colour (y labels on the
 * left; y2, if not NULL, on the right with a right axis). */
void   _sl_plot_draw_frame  (cairo_t           *cr,
                             PangoLayout       *layout,
                             const GdkRGBA     *fg,
                             const SlPlotArea  *area,
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
