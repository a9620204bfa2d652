/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-chart.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-plot-private.h"
#include "sl-widgets-private.h"

#define PAD 12.0
#define LEGEND_SPACING 16.0

typedef struct
{
  double x;
  double y;
} Point;

typedef struct
{
  char        *name;
  GdkRGBA      color;
  gboolean     dashed;
  SlChartAxis  axis;
  GArray      *points;   /* Point */
} Series;

struct _SlChart
{
  GtkWidget  parent_instance;

  GPtrArray *series;
  char      *title;
  char      *x_label;
  char      *y_label;
  char      *y2_label;
  /* The plot area of the last snapshot, for tooltips. */
  SlPlotArea frame;   /* of the last snapshot, for tooltips */
};

G_DEFINE_FINAL_TYPE (SlChart, sl_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_Y2_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_array_unref (series->points);
  g_free (series);
}

/* The data bounds of the series on @axis (or of all series for x when @axis < 0). */
static gboolean
data_bounds (SlChart *self,
             int      axis,
             double  *x_lo,
             double  *x_hi,
             double  *y_lo,
             double  *y_hi)
{
  gboolean any = FALSE;

  *x_lo = *y_lo = INFINITY;
  *x_hi = *y_hi = -INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (axis >= 0 && (int) series->axis != axis)
        continue;
      for (guint j = 0; j < series->points->len; j++)
        {
          Point *p = &g_array_index (series->points, Point, j);

          *x_lo = MIN (*x_lo, p->x);
          *x_hi = MAX (*x_hi, p->x);
          *y_lo = MIN (*y_lo, p->y);
          *y_hi = MAX (*y_hi, p->y);
          any = TRUE;
        }
    }
  return any;
}

static gboolean
axis_used (SlChart     *self,
           SlChartAxis  axis)
{
  for (guint i = 0; i < self->series->len; i++)
    if (((Series *) g_ptr_array_index (self->series, i))->axis == axis)
      return TRUE;
  return FALSE;
}

/* The ticks of x (shared by every series) and of the y-axis @axis. */
static gboolean
compute_ticks (SlChart     *self,
               SlChartAxis  axis,
               SlTicks     *x,
               SlTicks     *y)
{
  double x_lo, x_hi, y_lo, y_hi, unused_lo, unused_hi;
  gboolean any;

  if (data_bounds (self, -1, &x_lo, &x_hi, &unused_lo, &unused_hi))
    sl_ticks_compute (x, x_lo, x_hi, 6, FALSE);
  else
    sl_ticks_compute (x, 0, 1, 5, FALSE);

  any = data_bounds (self, axis, &unused_lo, &unused_hi, &y_lo, &y_hi);
  if (any)
    sl_ticks_compute (y, y_lo, y_hi, 5, FALSE);
  else
    sl_ticks_compute (y, 0, 1, 5, FALSE);
  return any;
}

static int
max_tick_width (PangoLayout   *layout,
                const SlTicks *ticks)
{
  int widest = 0;

  for (int i = 0; i < sl_ticks_count (ticks); i++)
    {
      g_autofree char *text = sl_ticks_format (ticks, sl_ticks_value (ticks, i));
      int w, h;

      sl_plot_text_size (layout, text, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
draw_series (cairo_t          *cr,
             const SlPlotArea *area,
             const SlTicks    *y,
             Series           *series)
{
  Point *last;

  if (series->points->len == 0)
    return;

  _sl_plot_set_line (cr, &series->color, series->dashed);
  sl_plot_paint_curve (cr, area, y, &g_array_index (series->points, Point, 0).x,
                       &g_array_index (series->points, Point, 0).y, series->points->len, 2, 0);
  /* A dot on the newest point shows where a live curve is. */
  last = &g_array_index (series->points, Point, series->points->len - 1);
  cairo_arc (cr, sl_plot_area_x (area, last->x), sl_plot_area_y (area, y, last->y), 3.0, 0,
             2 * G_PI);
  cairo_fill (cr);
}

static void
sl_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  SlChart *self = SL_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  gboolean has_y2 = axis_used (self, SL_CHART_AXIS_RIGHT);
  SlTicks y2 = { 0, 1, 1 };
  GdkRGBA fg;
  double top = PAD, left = PAD, right = PAD, bottom = PAD;
  double legend_width = 0, legend_x;
  int text_w, text_h, title_w = 0;
  gboolean any, wrap = FALSE;
  cairo_t *cr;

  if (width < 2 * PAD || height < 2 * PAD)
    return;

  _sl_widget_get_color (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  any = compute_ticks (self, SL_CHART_AXIS_LEFT, &self->frame.x_ticks, &self->frame.y_ticks);
  if (has_y2)
    any |= compute_ticks (self, SL_CHART_AXIS_RIGHT, &self->frame.x_ticks, &y2);
  sl_plot_text_size (layout, "0", &text_w, &text_h);

  /* Title on the left of the top row, legend on its right when it fits there; otherwise the
   * legend goes below the title, wrapped into as many rows as the width needs. */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      legend_width += (i > 0 ? LEGEND_SPACING : 0)
                      + _sl_plot_legend_item (cr, layout, &fg, &series->color, series->dashed,
                                              series->name, 0, 0, TRUE);
    }
  if (self->title != NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      gdk_cairo_set_source_rgba (cr, &fg);
      sl_plot_text (cr, layout, self->title, PAD, PAD, 0, 0, FALSE);
      pango_layout_get_pixel_size (layout, &title_w, NULL);
      pango_layout_set_attributes (layout, NULL);
      pango_attr_list_unref (attrs);
    }
  legend_x = width - PAD - legend_width;
  if (legend_x < PAD + (self->title != NULL ? title_w + 24 : 0))
    {
      if (self->title != NULL)
        top += text_h + 6;
      legend_x = PAD;
      wrap = TRUE;
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      double item = _sl_plot_legend_item (cr, layout, &fg, &series->color, series->dashed,
                                          series->name, 0, 0, TRUE);

      if (wrap && legend_x > PAD && legend_x + item > width - PAD)
        {
          legend_x = PAD;
          top += text_h + 4;
        }
      _sl_plot_legend_item (cr, layout, &fg, &series->color, series->dashed, series->name,
                            legend_x, top, FALSE);
      legend_x += item + LEGEND_SPACING;
    }
  if (self->title != NULL || self->series->len > 0)
    top += text_h + 12;

  /* Margins for tick labels and axis titles. */
  left += max_tick_width (layout, &self->frame.y_ticks) + 6;
  if (self->y_label != NULL)
    left += text_h + 6;
  if (has_y2)
    {
      right += max_tick_width (layout, &y2) + 6;
      if (self->y2_label != NULL)
        right += text_h + 6;
    }
  else
    right += 8;
  bottom += text_h + 4;
  if (self->x_label != NULL)
    bottom += text_h + 4;
  top += text_h / 2.0;

  self->frame.x = left;
  self->frame.y = top;
  self->frame.width = MAX (1, width - left - right);
  self->frame.height = MAX (1, height - top - bottom);
  self->frame.crisp = TRUE;
  _sl_plot_draw_frame (cr, layout, &fg, &self->frame, has_y2 ? &y2 : NULL);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
  if (self->x_label != NULL)
    sl_plot_text (cr, layout, self->x_label,
                   left + self->frame.width / 2, height - PAD, 0.5, 1, FALSE);
  if (self->y_label != NULL)
    sl_plot_text (cr, layout, self->y_label, PAD, top + self->frame.height / 2, 0.5, 0, TRUE);
  if (has_y2 && self->y2_label != NULL)
    sl_plot_text (cr, layout, self->y2_label, width - PAD - text_h,
                  top + self->frame.height / 2, 0.5, 0, TRUE);

  if (!any)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.5);
      sl_plot_text (cr, layout, _("No data yet"),
                     left + self->frame.width / 2,
                     top + self->frame.height / 2, 0.5, 0.5, FALSE);
    }

  cairo_rectangle (cr, left - 4, top - 4, self->frame.width + 8,
                   self->frame.height + 8);
  cairo_clip (cr);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      draw_series (cr, &self->frame,
                   series->axis == SL_CHART_AXIS_RIGHT ? &y2 : &self->frame.y_ticks, series);
    }
  cairo_destroy (cr);
}

/* The tooltip lists, for the x nearest the pointer, each series' value there. */
static gboolean
sl_chart_query_tooltip (GtkWidget  *widget,
                        int         wx,
                        int         wy,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  SlChart *self = SL_CHART (widget);
  const SlPlotArea *area = &self->frame;
  g_autoptr(GString) text = NULL;
  double x, best = NAN, best_distance = INFINITY;

  if (keyboard || area->width < 2 || wx < area->x - 4 || wx > area->x + area->width + 4)
    return FALSE;
  x = area->x_ticks.min + (wx - area->x) / area->width * (area->x_ticks.max - area->x_ticks.min);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->points->len; j++)
        {
          double px = g_array_index (series->points, Point, j).x;

          if (fabs (px - x) < best_distance)
            {
              best_distance = fabs (px - x);
              best = px;
            }
        }
    }
  if (isnan (best))
    return FALSE;

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s %g", self->x_label != NULL ? self->x_label : "x", best);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = series->points->len; j-- > 0;)
        {
          Point *p = &g_array_index (series->points, Point, j);

          if (p->x == best)
            {
              g_string_append_printf (text, "\n%s: %.4g", series->name, p->y);
              break;
            }
        }
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
sl_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 140;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280;
}

static void
sl_chart_finalize (GObject *object)
{
  SlChart *self = SL_CHART (object);

  g_ptr_array_unref (self->series);
  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_free (self->y2_label);

  G_OBJECT_CLASS (sl_chart_parent_class)->finalize (object);
}

static void
sl_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SlChart *self = SL_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_Y2_LABEL:
      g_value_set_string (value, self->y2_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SlChart *self = SL_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      sl_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      sl_chart_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      sl_chart_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_Y2_LABEL:
      sl_chart_set_y2_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_chart_class_init (SlChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sl_chart_finalize;
  object_class->get_property = sl_chart_get_property;
  object_class->set_property = sl_chart_set_property;

  widget_class->snapshot = sl_chart_snapshot;
  widget_class->measure = sl_chart_measure;
  widget_class->query_tooltip = sl_chart_query_tooltip;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_X_LABEL] = g_param_spec_string ("x-label", NULL, NULL, NULL, flags);
  properties[PROP_Y_LABEL] = g_param_spec_string ("y-label", NULL, NULL, NULL, flags);
  properties[PROP_Y2_LABEL] = g_param_spec_string ("y2-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  _sl_widgets_ensure_style ();
}

static void
sl_chart_init (SlChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chart"), -1);
}

GtkWidget *
sl_chart_new (void)
{
  return g_object_new (SL_TYPE_CHART, NULL);
}

guint
sl_chart_add_series (SlChart       *self,
                     const char    *name,
                     const GdkRGBA *color,
                     gboolean       dashed,
                     SlChartAxis    axis)
{
  Series *series;

  g_return_val_if_fail (SL_IS_CHART (self), 0);
  g_return_val_if_fail (name != NULL && color != NULL, 0);
  g_return_val_if_fail (axis == SL_CHART_AXIS_LEFT || axis == SL_CHART_AXIS_RIGHT, 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->color = *color;
  series->dashed = !!dashed;
  series->axis = axis;
  series->points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_ptr_array_add (self->series, series);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->series->len - 1;
}

guint
sl_chart_get_n_series (SlChart *self)
{
  g_return_val_if_fail (SL_IS_CHART (self), 0);
  return self->series->len;
}

void
sl_chart_add_point (SlChart *self,
                    guint    series,
                    double   x,
                    double   y)
{
  Point p = { x, y };

  g_return_if_fail (SL_IS_CHART (self));
  g_return_if_fail (series < self->series->len);

  if (!isfinite (x) || !isfinite (y))
    return;
  g_array_append_val (((Series *) g_ptr_array_index (self->series, series))->points, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_chart_clear_points (SlChart *self)
{
  g_return_if_fail (SL_IS_CHART (self));

  for (guint i = 0; i < self->series->len; i++)
    g_array_set_size (((Series *) g_ptr_array_index (self->series, i))->points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_chart_clear (SlChart *self)
{
  g_return_if_fail (SL_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sl_chart_get_range (SlChart     *self,
                    SlChartAxis  axis,
                    double      *x_min,
                    double      *x_max,
                    double      *y_min,
                    double      *y_max)
{
  SlTicks x, y;
  gboolean any;

  g_return_val_if_fail (SL_IS_CHART (self), FALSE);

  any = compute_ticks (self, axis, &x, &y);
  if (x_min != NULL)
    *x_min = x.min;
  if (x_max != NULL)
    *x_max = x.max;
  if (y_min != NULL)
    *y_min = y.min;
  if (y_max != NULL)
    *y_max = y.max;
  return any;
}

static void
set_string (SlChart     *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  if (prop == PROP_TITLE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    value != NULL ? value : _("Chart"), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
sl_chart_get_title (SlChart *self)
{
  g_return_val_if_fail (SL_IS_CHART (self), NULL);
  return self->title;
}

void
sl_chart_set_title (SlChart    *self,
                    const char *title)
{
  g_return_if_fail (SL_IS_CHART (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
sl_chart_get_x_label (SlChart *self)
{
  g_return_val_if_fail (SL_IS_CHART (self), NULL);
  return self->x_label;
}

void
sl_chart_set_x_label (SlChart    *self,
                      const char *label)
{
  g_return_if_fail (SL_IS_CHART (self));
  set_string (self, &self->x_label, label, PROP_X_LABEL);
}

const char *
sl_chart_get_y_label (SlChart *self)
{
  g_return_val_if_fail (SL_IS_CHART (self), NULL);
  return self->y_label;
}

void
sl_chart_set_y_label (SlChart    *self,
                      const char *label)
{
  g_return_if_fail (SL_IS_CHART (self));
  set_string (self, &self->y_label, label, PROP_Y_LABEL);
}

const char *
sl_chart_get_y2_label (SlChart *self)
{
  g_return_val_if_fail (SL_IS_CHART (self), NULL);
  return self->y2_label;
}

void
sl_chart_set_y2_label (SlChart    *self,
                       const char *label)
{
  g_return_if_fail (SL_IS_CHART (self));
  set_string (self, &self->y2_label, label, PROP_Y2_LABEL);
}
