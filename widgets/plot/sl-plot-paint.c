/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-plot-paint.h"

#include <math.h>

double
sl_plot_area_x (const SlPlotArea *area,
                double            x)
{
  return area->x + (x - area->x_ticks.min) / (area->x_ticks.max - area->x_ticks.min)
                   * area->width;
}

double
sl_plot_area_y (const SlPlotArea *area,
                const SlTicks    *y_ticks,
                double            y)
{
  const SlTicks *t = y_ticks != NULL ? y_ticks : &area->y_ticks;

  return area->y + area->height - (y - t->min) / (t->max - t->min) * area->height;
}

static double
snap (const SlPlotArea *area,
      double            v)
{
  return area->crisp ? floor (v) + 0.5 : v;
}

void
sl_plot_paint_grid (cairo_t          *cr,
                    const SlPlotArea *area)
{
  for (int i = 0; i < sl_ticks_count (&area->y_ticks); i++)
    {
      double y = snap (area, sl_plot_area_y (area, NULL, sl_ticks_value (&area->y_ticks, i)));

      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
    }
  for (int i = 0; i < sl_ticks_count (&area->x_ticks); i++)
    {
      double x = snap (area, sl_plot_area_x (area, sl_ticks_value (&area->x_ticks, i)));

      cairo_move_to (cr, x, area->y);
      cairo_line_to (cr, x, area->y + area->height);
    }
  cairo_stroke (cr);
}

void
sl_plot_paint_axes (cairo_t          *cr,
                    const SlPlotArea *area,
                    gboolean          right_axis)
{
  double left = snap (area, area->x), bottom = snap (area, area->y + area->height);
  double right = area->x + area->width;

  cairo_move_to (cr, left, area->y);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  if (right_axis)
    {
      cairo_move_to (cr, snap (area, right), area->y);
      cairo_line_to (cr, snap (area, right), bottom);
    }
  cairo_stroke (cr);
}

void
sl_plot_paint_y_labels (cairo_t          *cr,
                        PangoLayout      *layout,
                        const SlPlotArea *area,
                        const SlTicks    *right_ticks,
                        double            gap)
{
  const SlTicks *t = right_ticks != NULL ? right_ticks : &area->y_ticks;
  double x = right_ticks != NULL ? area->x + area->width + gap : area->x - gap;

  for (int i = 0; i < sl_ticks_count (t); i++)
    {
      double v = sl_ticks_value (t, i);
      g_autofree char *text = sl_ticks_format (t, v);

      sl_plot_text (cr, layout, text, x, sl_plot_area_y (area, t, v),
                    right_ticks != NULL ? 0 : 1, 0.5, FALSE);
    }
}

void
sl_plot_paint_x_labels (cairo_t          *cr,
                        PangoLayout      *layout,
                        const SlPlotArea *area,
                        double            gap)
{
  for (int i = 0; i < sl_ticks_count (&area->x_ticks); i++)
    {
      double v = sl_ticks_value (&area->x_ticks, i);
      g_autofree char *text = sl_ticks_format (&area->x_ticks, v);

      sl_plot_text (cr, layout, text, sl_plot_area_x (area, v), area->y + area->height + gap,
                    0.5, 0, FALSE);
    }
}

static void
curve_path (cairo_t          *cr,
            const SlPlotArea *area,
            const SlTicks    *y_ticks,
            const double     *x,
            const double     *y,
            int               n,
            int               stride)
{
  for (int i = 0; i < n; i++)
    cairo_line_to (cr, sl_plot_area_x (area, x[(gsize) i * stride]),
                   sl_plot_area_y (area, y_ticks, y[(gsize) i * stride]));
}

void
sl_plot_paint_curve (cairo_t          *cr,
                     const SlPlotArea *area,
                     const SlTicks    *y_ticks,
                     const double     *x,
                     const double     *y,
                     int               n,
                     int               stride,
                     double            markers)
{
  if (n <= 0)
    return;
  cairo_new_path (cr);
  curve_path (cr, area, y_ticks, x, y, n, stride);
  cairo_stroke (cr);
  for (int i = 0; markers > 0 && i < n; i++)
    {
      cairo_arc (cr, sl_plot_area_x (area, x[(gsize) i * stride]),
                 sl_plot_area_y (area, y_ticks, y[(gsize) i * stride]), markers, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

void
sl_plot_fill_under (cairo_t          *cr,
                    const SlPlotArea *area,
                    const double     *x,
                    const double     *y,
                    int               n,
                    int               stride)
{
  double bottom = area->y + area->height;

  if (n <= 0)
    return;
  cairo_new_path (cr);
  curve_path (cr, area, NULL, x, y, n, stride);
  cairo_line_to (cr, sl_plot_area_x (area, x[(gsize) (n - 1) * stride]), bottom);
  cairo_line_to (cr, sl_plot_area_x (area, x[0]), bottom);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
sl_plot_paint_chance (cairo_t          *cr,
                      const SlPlotArea *area)
{
  cairo_move_to (cr, sl_plot_area_x (area, 0), sl_plot_area_y (area, NULL, 0));
  cairo_line_to (cr, sl_plot_area_x (area, 1), sl_plot_area_y (area, NULL, 1));
  cairo_stroke (cr);
}

void
sl_plot_text_size (PangoLayout *layout,
                   const char  *text,
                   int         *width,
                   int         *height)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

void
sl_plot_text (cairo_t     *cr,
              PangoLayout *layout,
              const char  *text,
              double       x,
              double       y,
              double       xalign,
              double       yalign,
              gboolean     rotated)
{
  int w, h;

  sl_plot_text_size (layout, text, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (rotated)
    cairo_rotate (cr, -G_PI / 2);
  cairo_move_to (cr, round (-xalign * w), round (-yalign * h));
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}
