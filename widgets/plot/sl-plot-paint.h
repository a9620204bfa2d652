/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sl-ticks.h"

G_BEGIN_DECLS

/* The plot painter of the widgets and the PDF report, on Cairo and Pango only. Each call adds
 * to the current path or draws with the source, line width and dash the caller has set, so a
 * widget (theme colours, pixels) and the report (print colours, points) look like themselves
 * while the geometry is the same. */

typedef struct
{
  double x, y, width, height;   /* the plot area in the context's units */
  SlTicks x_ticks;
  SlTicks y_ticks;
  gboolean crisp;               /* snap 1-unit lines to pixel centres (screens) */
} SlPlotArea;

/* Context coordinates of a data value; y_ticks NULL means the area's own (a second y axis
 * passes its ticks). */
double sl_plot_area_x       (const SlPlotArea *area,
                             double            x);
double sl_plot_area_y       (const SlPlotArea *area,
                             const SlTicks    *y_ticks,
                             double            y);

/* Strokes the grid: horizontal lines at the y ticks, vertical ones at the x ticks. */
void   sl_plot_paint_grid   (cairo_t          *cr,
                             const SlPlotArea *area);
/* Strokes the left and bottom axis lines, and the right one with right_axis. */
void   sl_plot_paint_axes   (cairo_t          *cr,
                             const SlPlotArea *area,
                             gboolean          right_axis);
/* Tick labels: y on the left of the area (or, with y_ticks given, on the right), x below;
 * gap is the distance between the axis and its labels. */
void   sl_plot_paint_y_labels (cairo_t          *cr,
                               PangoLayout      *layout,
                               const SlPlotArea *area,
                               const SlTicks    *right_ticks,
                               double            gap);
void   sl_plot_paint_x_labels (cairo_t          *cr,
                               PangoLayout      *layout,
                               const SlPlotArea *area,
                               double            gap);

/* Strokes a curve through n points (x[i * stride], y[i * stride]): stride 1 for two arrays,
 * 2 for interleaved x, y pairs. markers > 0 also fills a dot of that radius at every point. */
void   sl_plot_paint_curve  (cairo_t          *cr,
                             const SlPlotArea *area,
                             const SlTicks    *y_ticks,
                             const double     *x,
                             const double     *y,
                             int               n,
                             int               stride,
                             double            markers);
/* Fills the region between a curve and the bottom of the area (the area under a ROC curve). */
void   sl_plot_fill_under   (cairo_t          *cr,
                             const SlPlotArea *area,
                             const double     *x,
                             const double     *y,
                             int               n,
                             int               stride);
/* Strokes the chance line of a ROC plot, from (0, 0) to (1, 1). */
void   sl_plot_paint_chance (cairo_t          *cr,
                             const SlPlotArea *area);

/* Draws text with its anchor at (x, y): xalign/yalign 0 = left/top, 1 = right/bottom;
 * rotated: reading upwards, as a y-axis title. */
void   sl_plot_text         (cairo_t          *cr,
                             PangoLayout      *layout,
                             const char       *text,
                             double            x,
                             double            y,
                             double            xalign,
                             double            yalign,
                             gboolean          rotated);
/* The size of text in the layout's font, in the context's units. */
void   sl_plot_text_size    (PangoLayout      *layout,
                             const char       *text,
                             int              *width,
                             int              *height);

G_END_DECLS
