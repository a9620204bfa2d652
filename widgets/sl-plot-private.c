/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-plot-private.h"

#include <math.h>

#define LEGEND_SAMPLE 18.0
#define LEGEND_GAP    6.0

/* The nice number (1, 2, 5 × 10^k) closest to @value (Heckbert's rounding). */
static double
nice_number (double value)
{
  double exponent = floor (log10 (value));
  double fraction = value / pow (10, exponent);
  double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;

  return nice * pow (10, exponent);
}

void
_sl_ticks_compute (SlTicks *ticks,
                   double   lo,
                   double   hi,
                   int      target)
{
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0, hi = 1;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-12 * MAX (1.0, fabs (hi)))
    {
      double pad = lo == 0 ? 0.5 : fabs (lo) * 0.1;

      lo -= pad;
      hi += pad;
    }
  ticks->step = nice_number ((hi - lo) / MAX (target, 1));
  ticks->min = floor (lo / ticks->step + 1e-9) * ticks->step;
  ticks->max = ceil (hi / ticks->step - 1e-9) * ticks->step;
}

char *
_sl_ticks_format (const SlTicks *ticks,
                  double         value)
{
  int decimals = MAX (0, (int) -floor (log10 (ticks->step) + 1e-9));

  if (fabs (value) < ticks->step * 1e-6)
    value = 0;
  return g_strdup_printf ("%.*f", MIN (decimals, 6), value);
}

double
_sl_plot_frame_x (const SlPlotFrame *frame,
                  double             x)
{
  return frame->area.origin.x
         + (x - frame->x.min) / (frame->x.max - frame->x.min) * frame->area.size.width;
}

double
_sl_plot_frame_y (const SlPlotFrame *frame,
                  const SlTicks     *y,
                  double             value)
{
  return frame->area.origin.y + frame->area.size.height
         - (value - y->min) / (y->max - y->min) * frame->area.size.height;
}

void
_sl_plot_text_size (PangoLayout *layout,
                    const char  *text,
                    int         *width,
                    int         *height)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

void
_sl_plot_text (cairo_t     *cr,
               PangoLayout *layout,
               const char  *text,
               double       x,
               double       y,
               double       xalign,
               double       yalign)
{
  int w, h;

  _sl_plot_text_size (layout, text, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

static void
set_source_alpha (cairo_t       *cr,
                  const GdkRGBA *fg,
                  double         alpha)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * alpha);
}

/* Crisp 1 px lines: on pixel centres. */
static double
snap (double v)
{
  return floor (v) + 0.5;
}

void
_sl_plot_draw_frame (cairo_t           *cr,
                     PangoLayout       *layout,
                     const GdkRGBA     *fg,
                     const SlPlotFrame *frame,
                     const SlTicks     *y2)
{
  const graphene_rect_t *a = &frame->area;
  double left = a->origin.x, right = a->origin.x + a->size.width;
  double top = a->origin.y, bottom = a->origin.y + a->size.height;
  int n_y = (int) round ((frame->y.max - frame->y.min) / frame->y.step);
  int n_x = (int) round ((frame->x.max - frame->x.min) / frame->x.step);

  cairo_save (cr);
  cairo_set_line_width (cr, 1);

  /* grid */
  set_source_alpha (cr, fg, 0.1);
  for (int i = 0; i <= n_y; i++)
    {
      double y = snap (_sl_plot_frame_y (frame, &frame->y, frame->y.min + i * frame->y.step));

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  for (int i = 0; i <= n_x; i++)
    {
      double x = snap (_sl_plot_frame_x (frame, frame->x.min + i * frame->x.step));

      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
    }
  cairo_stroke (cr);

  /* axes */
  set_source_alpha (cr, fg, 0.35);
  cairo_move_to (cr, snap (left), top);
  cairo_line_to (cr, snap (left), snap (bottom));
  cairo_line_to (cr, right, snap (bottom));
  if (y2 != NULL)
    {
      cairo_move_to (cr, snap (right), top);
      cairo_line_to (cr, snap (right), bottom);
    }
  cairo_stroke (cr);

  /* tick labels */
  set_source_alpha (cr, fg, 0.7);
  for (int i = 0; i <= n_y; i++)
    {
      double v = frame->y.min + i * frame->y.step;
      g_autofree char *text = _sl_ticks_format (&frame->y, v);

      _sl_plot_text (cr, layout, text, left - 6, _sl_plot_frame_y (frame, &frame->y, v), 1, 0.5);
    }
  if (y2 != NULL)
    {
      int n_y2 = (int) round ((y2->max - y2->min) / y2->step);

      for (int i = 0; i <= n_y2; i++)
        {
          double v = y2->min + i * y2->step;
          g_autofree char *text = _sl_ticks_format (y2, v);

          _sl_plot_text (cr, layout, text, right + 6, _sl_plot_frame_y (frame, y2, v), 0, 0.5);
        }
    }
  for (int i = 0; i <= n_x; i++)
    {
      double v = frame->x.min + i * frame->x.step;
      g_autofree char *text = _sl_ticks_format (&frame->x, v);

      _sl_plot_text (cr, layout, text, _sl_plot_frame_x (frame, v), bottom + 4, 0.5, 0);
    }
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

  _sl_plot_text_size (layout, name, &w, &h);
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
