/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-plot-private.h"

#define LEGEND_SAMPLE 18.0
#define LEGEND_GAP    6.0

static void
set_source_alpha (cairo_t       *cr,
                  const GdkRGBA *fg,
                  double         alpha)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * alpha);
}

void
_sl_plot_draw_frame (cairo_t          *cr,
                     PangoLayout      *layout,
                     const GdkRGBA    *fg,
                     const SlPlotArea *area,
                     const SlTicks    *y2)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  set_source_alpha (cr, fg, 0.1);
  sl_plot_paint_grid (cr, area);
  set_source_alpha (cr, fg, 0.35);
  sl_plot_paint_axes (cr, area, y2 != NULL);
  set_source_alpha (cr, fg, 0.7);
  sl_plot_paint_y_labels (cr, layout, area, NULL, 6);
  if (y2 != NULL)
    sl_plot_paint_y_labels (cr, layout, area, y2, 6);
  sl_plot_paint_x_labels (cr, layout, area, 4);
  cairo_restore (cr);
}

void
_sl_plot_set_line (cairo_t       *cr,
                   const GdkRGBA *color,
                   gboolean       dashed)
{
  static const double dash[] = { 6, 4 };

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dash, dashed ? G_N_ELEMENTS (dash) : 0, 0);
}

double
_sl_plot_legend_item (cairo_t       *cr,
                      PangoLayout   *layout,
                      const GdkRGBA *fg,
                      const GdkRGBA *color,
                      gboolean       dashed,
                      const char    *name,
                      double         x,
                      double         y,
                      gboolean       measure_only)
{
  int w, h;

  sl_plot_text_size (layout, name, &w, &h);
  if (!measure_only)
    {
      cairo_save (cr);
      _sl_plot_set_line (cr, color, dashed);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_move_to (cr, x, y + h / 2.0);
      cairo_line_to (cr, x + LEGEND_SAMPLE, y + h / 2.0);
      cairo_stroke (cr);
      set_source_alpha (cr, fg, 0.85);
      cairo_move_to (cr, x + LEGEND_SAMPLE + LEGEND_GAP, y);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  return LEGEND_SAMPLE + LEGEND_GAP + w;
}
