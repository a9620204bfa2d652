/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-roc-curve.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-plot-private.h"
#include "sl-widgets-private.h"

#define PAD 12.0

typedef struct
{
  char    *label;    /* name with its AUC */
  GdkRGBA  color;
  double  *fpr;
  double  *tpr;
  guint    n;
} Series;

struct _SlRocCurve
{
  GtkWidget  parent_instance;

  GPtrArray *series;
};

G_DEFINE_FINAL_TYPE (SlRocCurve, sl_roc_curve, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->label);
  g_free (series->fpr);
  g_free (series->tpr);
  g_free (series);
}

typedef struct
{
  double widest;              /* the widest item */
  int line;                   /* an item's height */
  double width, height;       /* the box around the items */
} Legend;

static void
measure_legend (SlRocCurve  *self,
                cairo_t     *cr,
                PangoLayout *layout,
                const GdkRGBA *fg,
                Legend      *legend)
{
  int w;

  legend->widest = 0;
  sl_plot_text_size (layout, "0", &w, &legend->line);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      legend->widest = MAX (legend->widest,
                            _sl_plot_legend_item (cr, layout, fg, &series->color, FALSE,
                                                  series->label, 0, 0, TRUE));
    }
  legend->width = legend->widest + 16;
  legend->height = self->series->len * (legend->line + 4) + 8;
}

/* The box's top left corner at x, y. */
static void
draw_legend (SlRocCurve    *self,
             cairo_t       *cr,
             PangoLayout   *layout,
             const GdkRGBA *fg,
             const Legend  *legend,
             double         x,
             double         y)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, legend->width, legend->height);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.05);
  cairo_fill (cr);
  cairo_restore (cr);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      _sl_plot_legend_item (cr, layout, fg, &series->color, FALSE, series->label, x + 8,
                            y + 6 + i * (legend->line + 4), FALSE);
    }
}

static void
sl_roc_curve_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SlRocCurve *self = SL_ROC_CURVE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  static const double dash[] = { 4, 4 };
  SlPlotArea frame;
  Legend legend;
  double left, bottom, size, below;
  gboolean legend_inside;
  GdkRGBA fg;
  int text_w, text_h;
  cairo_t *cr;

  _sl_widget_get_color (widget, &fg);
  sl_plot_text_size (layout, "0.0", &text_w, &text_h);
  left = PAD + text_h + 6 + text_w + 6;
  bottom = PAD + text_h + 4 + text_h + 4;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  measure_legend (self, cr, layout, &fg, &legend);
  /* A square plot: both axes are rates. The legend sits in its lower right, under the chance
   * line where the curves do not go, when it fits there; else under the axis title. */
  size = MIN (width - left - PAD - 8, height - bottom - PAD - text_h / 2.0);
  below = MIN (size, height - bottom - PAD - text_h / 2.0 - legend.height - 6);
  legend_inside = self->series->len == 0 || legend.width + legend.height + 14 <= size
                  || below < 40;
  if (!legend_inside)
    size = below;
  if (size < 40)
    {
      cairo_destroy (cr);
      return;
    }

  sl_ticks_compute (&frame.x_ticks, 0, 1, 5, FALSE);
  frame.y_ticks = frame.x_ticks;
  frame.x = left + MAX (0, (width - left - PAD - 8 - size) / 2);
  frame.y = PAD + text_h / 2.0;
  frame.width = frame.height = size;
  frame.crisp = TRUE;

  _sl_plot_draw_frame (cr, layout, &fg, &frame, NULL);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
  sl_plot_text (cr, layout, _("False positive rate"), frame.x + size / 2,
                frame.y + size + 4 + text_h + 4, 0.5, 0, FALSE);
  sl_plot_text (cr, layout, _("True positive rate"), frame.x - 6 - text_w - 6 - text_h,
                frame.y + size / 2, 0.5, 0, TRUE);

  /* Chance. */
  cairo_save (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  sl_plot_paint_chance (cr, &frame);
  cairo_restore (cr);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      /* A light fill under a single curve shows the area its AUC measures. */
      if (self->series->len == 1)
        {
          cairo_set_source_rgba (cr, series->color.red, series->color.green,
                                 series->color.blue, 0.12);
          sl_plot_fill_under (cr, &frame, series->fpr, series->tpr, series->n, 1);
        }
      _sl_plot_set_line (cr, &series->color, FALSE);
      sl_plot_paint_curve (cr, &frame, NULL, series->fpr, series->tpr, series->n, 1, 0);
    }

  if (self->series->len > 0 && legend_inside)
    draw_legend (self, cr, layout, &fg, &legend, frame.x + size - legend.width - 8,
                 frame.y + size - legend.height - 6);
  else if (self->series->len > 0)
    draw_legend (self, cr, layout, &fg, &legend,
                 frame.x + MAX (-frame.x, (size - legend.width) / 2),
                 frame.y + size + bottom - PAD + 6);
  cairo_destroy (cr);
}

static void
sl_roc_curve_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = 160;
  *natural = 360;
}

static void
sl_roc_curve_finalize (GObject *object)
{
  SlRocCurve *self = SL_ROC_CURVE (object);

  g_ptr_array_unref (self->series);

  G_OBJECT_CLASS (sl_roc_curve_parent_class)->finalize (object);
}

static void
sl_roc_curve_class_init (SlRocCurveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_roc_curve_finalize;
  widget_class->snapshot = sl_roc_curve_snapshot;
  widget_class->measure = sl_roc_curve_measure;

  gtk_widget_class_set_css_name (widget_class, "roccurve");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  _sl_widgets_ensure_style ();
}

static void
update_description (SlRocCurve *self)
{
  g_autoptr(GString) text = g_string_new (_("ROC curve"));

  for (guint i = 0; i < self->series->len; i++)
    g_string_append_printf (text, "\n%s", ((Series *) g_ptr_array_index (self->series, i))->label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

static void
sl_roc_curve_init (SlRocCurve *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("ROC curve"), -1);
  update_description (self);
}

GtkWidget *
sl_roc_curve_new (void)
{
  return g_object_new (SL_TYPE_ROC_CURVE, NULL);
}

guint
sl_roc_curve_add_series (SlRocCurve    *self,
                         const char    *name,
                         const GdkRGBA *color,
                         const float   *fpr,
                         const float   *tpr,
                         guint          n_points,
                         double         auc)
{
  Series *series;

  g_return_val_if_fail (SL_IS_ROC_CURVE (self), 0);
  g_return_val_if_fail (name != NULL && color != NULL, 0);
  g_return_val_if_fail (n_points == 0 || (fpr != NULL && tpr != NULL), 0);

  series = g_new0 (Series, 1);
  series->label = isnan (auc) ? g_strdup (name) : g_strdup_printf (_("%s (AUC %.3f)"), name, auc);
  series->color = *color;
  series->fpr = g_new (double, n_points);
  series->tpr = g_new (double, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      series->fpr[i] = fpr[i];
      series->tpr[i] = tpr[i];
    }
  series->n = n_points;
  g_ptr_array_add (self->series, series);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->series->len - 1;
}

guint
sl_roc_curve_get_n_series (SlRocCurve *self)
{
  g_return_val_if_fail (SL_IS_ROC_CURVE (self), 0);
  return self->series->len;
}

void
sl_roc_curve_clear (SlRocCurve *self)
{
  g_return_if_fail (SL_IS_ROC_CURVE (self));

  g_ptr_array_set_size (self->series, 0);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
