/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-heatmap-legend.h"

#include <glib/gi18n-lib.h>

#include "sl-plot-private.h"
#include "sl-widgets-private.h"

#define BAR   10
#define SPACE 4

struct _SlHeatmapLegend
{
  GtkWidget       parent_instance;

  guint8         *rgb;
  guint           n_stops;
  char           *low_label;
  char           *high_label;
  GtkOrientation  orientation;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (SlHeatmapLegend, sl_heatmap_legend, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE, NULL))

enum {
  PROP_0,
  PROP_LOW_LABEL,
  PROP_HIGH_LABEL,
  N_PROPS,
  PROP_ORIENTATION = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
sl_heatmap_legend_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SlHeatmapLegend *self = SL_HEATMAP_LEGEND (widget);
  gboolean horizontal = self->orientation == GTK_ORIENTATION_HORIZONTAL;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  cairo_pattern_t *gradient;
  double bx, by, bw, bh;
  GdkRGBA fg;
  int low_w, high_w, text_h;
  cairo_t *cr;

  if (self->n_stops < 2)
    return;
  _sl_widget_get_color (widget, &fg);
  sl_plot_text_size (layout, self->low_label, &low_w, &text_h);
  sl_plot_text_size (layout, self->high_label, &high_w, &text_h);

  if (horizontal)
    {
      bx = 0, by = 0, bw = width, bh = BAR;
      gradient = cairo_pattern_create_linear (bx, 0, bx + bw, 0);
    }
  else
    {
      bx = 0, by = 0, bw = BAR, bh = height;
      gradient = cairo_pattern_create_linear (0, by + bh, 0, by);
    }
  for (guint i = 0; i < self->n_stops; i++)
    cairo_pattern_add_color_stop_rgb (gradient, (double) i / (self->n_stops - 1),
                                      self->rgb[3 * i] / 255.0, self->rgb[3 * i + 1] / 255.0,
                                      self->rgb[3 * i + 2] / 255.0);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_new_sub_path (cr);
  cairo_arc (cr, bx + bw - 3, by + 3, 3, -G_PI / 2, 0);
  cairo_arc (cr, bx + bw - 3, by + bh - 3, 3, 0, G_PI / 2);
  cairo_arc (cr, bx + 3, by + bh - 3, 3, G_PI / 2, G_PI);
  cairo_arc (cr, bx + 3, by + 3, 3, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
  if (horizontal)
    {
      sl_plot_text (cr, layout, self->low_label, 0, BAR + SPACE, 0, 0, FALSE);
      sl_plot_text (cr, layout, self->high_label, width, BAR + SPACE, 1, 0, FALSE);
    }
  else
    {
      sl_plot_text (cr, layout, self->high_label, BAR + SPACE, 0, 0, 0, FALSE);
      sl_plot_text (cr, layout, self->low_label, BAR + SPACE, height, 0, 1, FALSE);
    }
  cairo_destroy (cr);
}

static void
sl_heatmap_legend_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  SlHeatmapLegend *self = SL_HEATMAP_LEGEND (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int low_w, high_w, text_h;

  sl_plot_text_size (layout, self->low_label, &low_w, &text_h);
  sl_plot_text_size (layout, self->high_label, &high_w, &text_h);
  if (orientation == self->orientation)
    {
      /* Along the bar. */
      *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? low_w + high_w + 24
                                                           : 2 * text_h + 24;
      *natural = MAX (*minimum, 160);
    }
  else
    {
      *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL
                            ? BAR + SPACE + text_h
                            : BAR + SPACE + MAX (low_w, high_w);
    }
}

static void
sl_heatmap_legend_finalize (GObject *object)
{
  SlHeatmapLegend *self = SL_HEATMAP_LEGEND (object);

  g_free (self->rgb);
  g_free (self->low_label);
  g_free (self->high_label);

  G_OBJECT_CLASS (sl_heatmap_legend_parent_class)->finalize (object);
}

static void
sl_heatmap_legend_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlHeatmapLegend *self = SL_HEATMAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_LOW_LABEL:
      g_value_set_string (value, self->low_label);
      break;
    case PROP_HIGH_LABEL:
      g_value_set_string (value, self->high_label);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_heatmap_legend_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlHeatmapLegend *self = SL_HEATMAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_LOW_LABEL:
      sl_heatmap_legend_set_low_label (self, g_value_get_string (value));
      break;
    case PROP_HIGH_LABEL:
      sl_heatmap_legend_set_high_label (self, g_value_get_string (value));
      break;
    case PROP_ORIENTATION:
      if (self->orientation != (GtkOrientation) g_value_get_enum (value))
        {
          self->orientation = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_heatmap_legend_class_init (SlHeatmapLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sl_heatmap_legend_finalize;
  object_class->get_property = sl_heatmap_legend_get_property;
  object_class->set_property = sl_heatmap_legend_set_property;
  widget_class->snapshot = sl_heatmap_legend_snapshot;
  widget_class->measure = sl_heatmap_legend_measure;

  properties[PROP_LOW_LABEL] = g_param_spec_string ("low-label", NULL, NULL, "0", flags);
  properties[PROP_HIGH_LABEL] = g_param_spec_string ("high-label", NULL, NULL, "1", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");

  gtk_widget_class_set_css_name (widget_class, "heatmaplegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  _sl_widgets_ensure_style ();
}

static void
sl_heatmap_legend_init (SlHeatmapLegend *self)
{
  self->orientation = GTK_ORIENTATION_HORIZONTAL;
  self->low_label = g_strdup ("0");
  self->high_label = g_strdup ("1");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Heatmap colours: how much each region drove the prediction"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Heatmap colour scale"), -1);
}

GtkWidget *
sl_heatmap_legend_new (void)
{
  return g_object_new (SL_TYPE_HEATMAP_LEGEND, NULL);
}

void
sl_heatmap_legend_set_stops (SlHeatmapLegend *self,
                             const guint8    *rgb,
                             guint            n_stops)
{
  g_return_if_fail (SL_IS_HEATMAP_LEGEND (self));
  g_return_if_fail (n_stops == 0 || rgb != NULL);

  g_free (self->rgb);
  self->rgb = g_memdup2 (rgb, 3 * n_stops);
  self->n_stops = n_stops;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_label (SlHeatmapLegend  *self,
           char            **field,
           const char       *label,
           int               prop)
{
  if (label == NULL)
    label = "";
  if (g_strcmp0 (*field, label) == 0)
    return;
  g_free (*field);
  *field = g_strdup (label);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
sl_heatmap_legend_get_low_label (SlHeatmapLegend *self)
{
  g_return_val_if_fail (SL_IS_HEATMAP_LEGEND (self), NULL);
  return self->low_label;
}

void
sl_heatmap_legend_set_low_label (SlHeatmapLegend *self,
                                 const char      *label)
{
  g_return_if_fail (SL_IS_HEATMAP_LEGEND (self));
  set_label (self, &self->low_label, label, PROP_LOW_LABEL);
}

const char *
sl_heatmap_legend_get_high_label (SlHeatmapLegend *self)
{
  g_return_val_if_fail (SL_IS_HEATMAP_LEGEND (self), NULL);
  return self->high_label;
}

void
sl_heatmap_legend_set_high_label (SlHeatmapLegend *self,
                                  const char      *label)
{
  g_return_if_fail (SL_IS_HEATMAP_LEGEND (self));
  set_label (self, &self->high_label, label, PROP_HIGH_LABEL);
}
