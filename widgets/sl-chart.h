/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CHART (sl_chart_get_type ())
G_DECLARE_FINAL_TYPE (SlChart, sl_chart, SL, CHART, GtkWidget)

typedef enum
{
  SL_CHART_AXIS_LEFT,
  SL_CHART_AXIS_RIGHT,
} SlChartAxis;

/*
 * A line chart for training curves: named series (colour, solid or dashed) on a left or a
 * right y-axis (the right axis is drawn only when a series uses it), points appended live,
 * axes with nice ticks, a legend and a tooltip with the values at the hovered x.
 * Properties: "title", "x-label", "y-label", "y2-label" (strings, may be NULL).
 */

GtkWidget *sl_chart_new          (void);
/* Returns the new series' index. */
guint      sl_chart_add_series   (SlChart       *self,
                                  const char    *name,
                                  const GdkRGBA *color,
                                  gboolean       dashed,
                                  SlChartAxis    axis);
guint      sl_chart_get_n_series (SlChart       *self);
void       sl_chart_add_point    (SlChart       *self,
                                  guint          series,
                                  double         x,
                                  double         y);
/* Removes every point, keeps the series. */
void       sl_chart_clear_points (SlChart       *self);
/* Removes every series. */
void       sl_chart_clear        (SlChart       *self);
/* The axis range currently drawn (nice-rounded, covers every point on @axis); FALSE when
 * no series on @axis has a point. */
gboolean   sl_chart_get_range    (SlChart       *self,
                                  SlChartAxis    axis,
                                  double        *x_min,
                                  double        *x_max,
                                  double        *y_min,
                                  double        *y_max);
const char *sl_chart_get_title    (SlChart       *self);
void        sl_chart_set_title    (SlChart       *self,
                                   const char    *title);
const char *sl_chart_get_x_label  (SlChart       *self);
void        sl_chart_set_x_label  (SlChart       *self,
                                   const char    *label);
const char *sl_chart_get_y_label  (SlChart       *self);
void        sl_chart_set_y_label  (SlChart       *self,
                                   const char    *label);
const char *sl_chart_get_y2_label (SlChart       *self);
void        sl_chart_set_y2_label (SlChart       *self,
                                   const char    *label);

G_END_DECLS
