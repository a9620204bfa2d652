/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-report-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-colormap.h"
#include "sl-plot-paint.h"

#define TABLE_ROW_HEIGHT 15.5
#define TABLE_PAD 5.0

typedef struct
{
  double size;
  gboolean bold;
  gboolean mono;
  double spacing;
} TextStyle;

static const TextStyle text_styles[] = {
  [SL_TEXT_TITLE] = { 21, TRUE, FALSE, 1.1 },
  [SL_TEXT_SUBTITLE] = { 10.5, FALSE, FALSE, 1.25 },
  [SL_TEXT_H1] = { 13, TRUE, FALSE, 1.1 },
  [SL_TEXT_H2] = { 9.8, TRUE, FALSE, 1.15 },
  [SL_TEXT_BODY] = { 9.2, FALSE, FALSE, 1.35 },
  [SL_TEXT_SMALL] = { 7.8, FALSE, FALSE, 1.25 },
  [SL_TEXT_TINY] = { 7.2, FALSE, FALSE, 1.15 },
  [SL_TEXT_TABLE] = { 8.6, FALSE, FALSE, 1.0 },
  [SL_TEXT_TABLE_BOLD] = { 8.6, TRUE, FALSE, 1.0 },
  [SL_TEXT_KPI] = { 19, TRUE, FALSE, 1.0 },
  [SL_TEXT_MONO] = { 8.4, FALSE, TRUE, 1.2 },
};

void
sl_canvas_init (SlCanvas *canvas,
                cairo_t  *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  canvas->cr = cr;
  canvas->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (canvas->pango, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (canvas->pango, options);
  cairo_font_options_destroy (options);
}

void
sl_canvas_clear (SlCanvas *canvas)
{
  g_clear_object (&canvas->pango);
}

void
sl_canvas_color (SlCanvas *canvas,
                 guint32   rgb)
{
  cairo_set_source_rgb (canvas->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

static PangoLayout *
make_layout (SlCanvas    *canvas,
             SlTextStyle  style,
             double       width,
             const char  *text)
{
  const TextStyle *s = &text_styles[style];
  PangoLayout *layout;
  PangoFontDescription *font;
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_cairo_update_context (canvas->cr, canvas->pango);
  layout = pango_layout_new (canvas->pango);
  font = pango_font_description_from_string (s->mono ? SL_REPORT_MONO_FONT : SL_REPORT_FONT);
  pango_font_description_set_size (font, (int) (s->size * PANGO_SCALE));
  pango_font_description_set_weight (font, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* Figures of equal width so columns of numbers line up. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_line_spacing (layout, (float) s->spacing);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
sl_canvas_text (SlCanvas       *canvas,
                double          x,
                double          y,
                double          width,
                SlTextStyle     style,
                PangoAlignment  align,
                guint32         rgb,
                const char     *text)
{
  g_autoptr(PangoLayout) layout = make_layout (canvas, style, width, text);
  int w, h;

  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &w, &h);
  sl_canvas_color (canvas, rgb);
  cairo_move_to (canvas->cr, x, y);
  pango_cairo_show_layout (canvas->cr, layout);
  return (double) h / PANGO_SCALE;
}

void
sl_canvas_text_extent (SlCanvas    *canvas,
                       SlTextStyle  style,
                       double       wrap_width,
                       const char  *text,
                       double      *width,
                       double      *height)
{
  g_autoptr(PangoLayout) layout = make_layout (canvas, style, wrap_width, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
}

void
sl_canvas_text_line (SlCanvas       *canvas,
           double          x,
           double          y,
           double          w,
           double          h,
           SlTextStyle     style,
           PangoAlignment  align,
           guint32         rgb,
           const char     *text)
{
  g_autoptr(PangoLayout) layout = make_layout (canvas, style, 0, text);
  int lw, lh;

  pango_layout_set_width (layout, (int) (MAX (w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &lw, &lh);
  sl_canvas_color (canvas, rgb);
  cairo_move_to (canvas->cr, x, y + (h - (double) lh / PANGO_SCALE) / 2);
  pango_cairo_show_layout (canvas->cr, layout);
}

void
sl_canvas_rule (SlCanvas *canvas,
                double    x0,
                double    y,
                double    x1,
                double    line_width,
                guint32   rgb)
{
  sl_canvas_color (canvas, rgb);
  cairo_set_line_width (canvas->cr, line_width);
  cairo_move_to (canvas->cr, x0, y);
  cairo_line_to (canvas->cr, x1, y);
  cairo_stroke (canvas->cr);
}

void
sl_canvas_fill_rect (SlCanvas *canvas,
                     double    x,
                     double    y,
                     double    w,
                     double    h,
                     guint32   rgb)
{
  sl_canvas_color (canvas, rgb);
  cairo_rectangle (canvas->cr, x, y, w, h);
  cairo_fill (canvas->cr);
}

double
sl_canvas_table_row_height (void)
{
  return TABLE_ROW_HEIGHT;
}

double
sl_canvas_table (SlCanvas             *canvas,
                 double                x,
                 double                y,
                 int                   rows,
                 int                   columns,
                 const char * const   *cells,
                 const double         *widths,
                 const PangoAlignment *align,
                 guint64               bold_rows)
{
  double total = 0;

  for (int c = 0; c < columns; c++)
    total += widths[c];

  for (int r = 0; r < rows; r++)
    {
      double ry = y + r * TABLE_ROW_HEIGHT;
      double cx = x;
      gboolean bold = r == 0 || (r < 64 && (bold_rows & (G_GUINT64_CONSTANT (1) << r)));

      if (r > 0 && r % 2 == 0)
        sl_canvas_fill_rect (canvas, x, ry, total, TABLE_ROW_HEIGHT, SL_REPORT_ZEBRA);
      for (int c = 0; c < columns; c++)
        {
          const char *text = cells[r * columns + c];

          if (text != NULL)
            sl_canvas_text_line (canvas, cx + TABLE_PAD, ry, widths[c] - 2 * TABLE_PAD, TABLE_ROW_HEIGHT,
                       bold ? SL_TEXT_TABLE_BOLD : SL_TEXT_TABLE, align[c],
                       r == 0 ? SL_REPORT_MUTED : SL_REPORT_INK, text);
          cx += widths[c];
        }
      if (r == 0)
        sl_canvas_rule (canvas, x, ry + TABLE_ROW_HEIGHT, x + total, 0.8, SL_REPORT_INK);
    }
  sl_canvas_rule (canvas, x, y + rows * TABLE_ROW_HEIGHT, x + total, 0.8, SL_REPORT_INK);
  return rows * TABLE_ROW_HEIGHT;
}

static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  int dst_stride = cairo_image_surface_get_stride (surface);
  guint8 *dst = cairo_image_surface_get_data (surface);

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = src + (gsize) y * src_stride + x * channels;
        guint32 a = alpha ? p[3] : 255;
        guint32 r = p[0] * a / 255, g = p[1] * a / 255, b = p[2] * a / 255;

        *(guint32 *) (dst + (gsize) y * dst_stride + x * 4) = (a << 24) | (r << 16) | (g << 8) | b;
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
sl_canvas_pixbuf (SlCanvas  *canvas,
                  GdkPixbuf *pixbuf,
                  double     x,
                  double     y,
                  double     w,
                  double     h,
                  gboolean   crisp)
{
  cairo_surface_t *surface = surface_from_pixbuf (pixbuf);
  cairo_t *cr = canvas->cr;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, w / gdk_pixbuf_get_width (pixbuf), h / gdk_pixbuf_get_height (pixbuf));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            crisp ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
draw_legend (SlCanvas           *canvas,
             double              px,
             double              py,
             double              pw,
             double              ph,
             const SlPlotAxes   *axes,
             const SlPlotSeries *series,
             int                 n_series)
{
  cairo_t *cr = canvas->cr;
  double label_w = 0, row_h = 10.5, swatch = 14, pad = 4;
  double box_w, box_h, bx, by;
  int n = 0;

  for (int i = 0; i < n_series; i++)
    if (series[i].label != NULL)
      {
        double w;

        sl_canvas_text_extent (canvas, SL_TEXT_TINY, 0, series[i].label, &w, NULL);
        label_w = MAX (label_w, w);
        n++;
      }
  if (n == 0)
    return;
  box_w = pad * 3 + swatch + label_w;
  box_h = pad * 2 + n * row_h;
  bx = px + pw - box_w - 4;
  by = axes->legend_bottom ? py + ph - box_h - 4 : py + 4;

  cairo_rectangle (cr, bx, by, box_w, box_h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  sl_canvas_color (canvas, SL_REPORT_RULE);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);

  for (int i = 0, row = 0; i < n_series; i++)
    {
      double ly = by + pad + row * row_h;

      if (series[i].label == NULL)
        continue;
      sl_canvas_color (canvas, series[i].color);
      cairo_set_line_width (cr, 1.6);
      if (series[i].dashed)
        cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      cairo_move_to (cr, bx + pad, ly + row_h / 2);
      cairo_line_to (cr, bx + pad + swatch, ly + row_h / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      sl_canvas_text_line (canvas, bx + pad * 2 + swatch, ly, label_w + 1, row_h, SL_TEXT_TINY,
                 PANGO_ALIGN_LEFT, SL_REPORT_INK, series[i].label);
      row++;
    }
}

void
sl_canvas_plot (SlCanvas           *canvas,
                double              x,
                double              y,
                double              w,
                double              h,
                const SlPlotAxes   *axes,
                const SlPlotSeries *series,
                int                 n_series)
{
  cairo_t *cr = canvas->cr;
  double title_h = axes->title != NULL ? 16 : 4;
  double px = x + 38, py = y + title_h, pw = w - 38 - 6, ph = h - title_h - 30;
  g_autoptr(PangoLayout) tiny = make_layout (canvas, SL_TEXT_TINY, 0, "");
  SlPlotArea area = { .x = px, .y = py, .width = pw, .height = ph };

  if (axes->title != NULL)
    sl_canvas_text (canvas, x, y, w, SL_TEXT_H2, PANGO_ALIGN_LEFT, SL_REPORT_INK, axes->title);

  sl_ticks_compute (&area.x_ticks, axes->x_min, axes->x_max, 5, axes->integer_x);
  sl_ticks_compute (&area.y_ticks, axes->y_min, axes->y_max, 5, FALSE);

  /* Grid and tick labels. */
  sl_canvas_color (canvas, SL_REPORT_FAINT);
  cairo_set_line_width (cr, 0.4);
  sl_plot_paint_grid (cr, &area);
  sl_canvas_color (canvas, SL_REPORT_MUTED);
  sl_plot_paint_y_labels (cr, tiny, &area, NULL, 3);
  sl_plot_paint_x_labels (cr, tiny, &area, 2);

  /* Axis labels. */
  if (axes->x_label != NULL)
    sl_canvas_text_line (canvas, px, py + ph + 13, pw, 12, SL_TEXT_SMALL, PANGO_ALIGN_CENTER,
               SL_REPORT_MUTED, axes->x_label);
  if (axes->y_label != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, x, py + ph);
      cairo_rotate (cr, -G_PI / 2);
      sl_canvas_text_line (canvas, 0, 0, ph, 10, SL_TEXT_SMALL, PANGO_ALIGN_CENTER, SL_REPORT_MUTED,
                 axes->y_label);
      cairo_restore (cr);
    }

  if (axes->diagonal)
    {
      sl_canvas_color (canvas, SL_REPORT_RULE);
      cairo_set_line_width (cr, 0.8);
      cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
      sl_plot_paint_chance (cr, &area);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Series, clipped to the plot area. */
  cairo_save (cr);
  cairo_rectangle (cr, px - 2, py - 2, pw + 4, ph + 4);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < n_series; i++)
    {
      const SlPlotSeries *s = &series[i];

      sl_canvas_color (canvas, s->color);
      cairo_set_line_width (cr, 1.6);
      if (s->dashed)
        cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      sl_plot_paint_curve (cr, &area, NULL, s->x, s->y, s->n, 1,
                           s->markers || s->n == 1 ? 1.9 : 0);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_restore (cr);

  /* Frame: left and bottom axes. */
  sl_canvas_color (canvas, SL_REPORT_MUTED);
  cairo_set_line_width (cr, 0.7);
  sl_plot_paint_axes (cr, &area, FALSE);

  draw_legend (canvas, px, py, pw, ph, axes, series, n_series);
}

static guint32
mix_with_white (guint32 rgb,
                double  amount)
{
  guint32 out = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    {
      double c = (rgb >> shift) & 0xff;

      out |= (guint32) (255 + (c - 255) * amount + 0.5) << shift;
    }
  return out;
}

double
sl_canvas_confusion (SlCanvas    *canvas,
                     double       x,
                     double       y,
                     double       w,
                     const char  *title,
                     int          k,
                     const int   *confusion,
                     char       **names,
                     guint32      color)
{
  double label_w = MIN (96, w * 0.32);
  double cell = MIN ((w - label_w) / k, 64);
  double title_h = 18, header_h = 26;
  double gx = x + label_w, gy = y + title_h + header_h;

  sl_canvas_text (canvas, x, y, w, SL_TEXT_H2, PANGO_ALIGN_LEFT, SL_REPORT_INK, title);
  sl_canvas_text_line (canvas, gx, y + title_h, cell * k, 11, SL_TEXT_TINY, PANGO_ALIGN_CENTER,
             SL_REPORT_MUTED, _("Predicted class"));
  sl_canvas_text_line (canvas, x, y + title_h + 13, label_w - 6, 11, SL_TEXT_TINY, PANGO_ALIGN_RIGHT,
             SL_REPORT_MUTED, _("True class"));
  for (int p = 0; p < k; p++)
    sl_canvas_text_line (canvas, gx + p * cell + 2, y + title_h + 12, cell - 4, 13, SL_TEXT_SMALL,
               PANGO_ALIGN_CENTER, SL_REPORT_INK, names[p]);

  for (int t = 0; t < k; t++)
    {
      int row_total = 0;

      for (int p = 0; p < k; p++)
        row_total += confusion[t * k + p];
      sl_canvas_text_line (canvas, x, gy + t * cell, label_w - 6, cell, SL_TEXT_SMALL, PANGO_ALIGN_RIGHT,
                 SL_REPORT_INK, names[t]);
      for (int p = 0; p < k; p++)
        {
          int count = confusion[t * k + p];
          double share = row_total > 0 ? (double) count / row_total : 0;
          guint32 fill = mix_with_white (color, 0.08 + 0.92 * share);
          guint32 ink = share > 0.55 ? 0xffffff : SL_REPORT_INK;
          g_autofree char *number = g_strdup_printf ("%d", count);
          g_autofree char *percent = g_strdup_printf ("%.1f%%", 100 * share);
          double cx = gx + p * cell, cy = gy + t * cell;

          sl_canvas_fill_rect (canvas, cx, cy, cell, cell, fill);
          sl_canvas_text_line (canvas, cx, cy + cell / 2 - 11, cell, 13, SL_TEXT_TABLE_BOLD,
                     PANGO_ALIGN_CENTER, ink, number);
          sl_canvas_text_line (canvas, cx, cy + cell / 2 + 1, cell, 10, SL_TEXT_TINY, PANGO_ALIGN_CENTER,
                     ink, percent);
        }
    }
  /* White grid lines between the cells. */
  cairo_set_source_rgb (canvas->cr, 1, 1, 1);
  cairo_set_line_width (canvas->cr, 1.5);
  for (int i = 1; i < k; i++)
    {
      cairo_move_to (canvas->cr, gx + i * cell, gy);
      cairo_line_to (canvas->cr, gx + i * cell, gy + k * cell);
      cairo_move_to (canvas->cr, gx, gy + i * cell);
      cairo_line_to (canvas->cr, gx + k * cell, gy + i * cell);
    }
  cairo_stroke (canvas->cr);
  return title_h + header_h + k * cell;
}

void
sl_canvas_colorbar (SlCanvas   *canvas,
                    double      x,
                    double      y,
                    double      w,
                    double      h,
                    int         colormap,
                    const char *low,
                    const char *high)
{
  cairo_pattern_t *gradient;
  double low_w, high_w, bar_x, bar_w;

  sl_canvas_text_extent (canvas, SL_TEXT_TINY, 0, low, &low_w, NULL);
  sl_canvas_text_extent (canvas, SL_TEXT_TINY, 0, high, &high_w, NULL);
  bar_x = x + low_w + 5;
  bar_w = w - low_w - high_w - 10;
  gradient = cairo_pattern_create_linear (bar_x, 0, bar_x + bar_w, 0);
  for (int i = 0; i <= 32; i++)
    {
      unsigned char rgb[3];

      sl_colormap_rgb ((sl_colormap) colormap, i / 32.0f, rgb);
      cairo_pattern_add_color_stop_rgb (gradient, i / 32.0, rgb[0] / 255.0, rgb[1] / 255.0,
                                        rgb[2] / 255.0);
    }
  cairo_rectangle (canvas->cr, bar_x, y, bar_w, h);
  cairo_set_source (canvas->cr, gradient);
  cairo_fill (canvas->cr);
  cairo_pattern_destroy (gradient);
  sl_canvas_text_line (canvas, x, y, low_w + 1, h, SL_TEXT_TINY, PANGO_ALIGN_LEFT, SL_REPORT_MUTED, low);
  sl_canvas_text_line (canvas, x + w - high_w - 1, y, high_w + 1, h, SL_TEXT_TINY, PANGO_ALIGN_LEFT,
             SL_REPORT_MUTED, high);
}
