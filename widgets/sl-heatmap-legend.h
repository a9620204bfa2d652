/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_HEATMAP_LEGEND (sl_heatmap_legend_get_type ())
G_DECLARE_FINAL_TYPE (SlHeatmapLegend, sl_heatmap_legend, SL, HEATMAP_LEGEND, GtkWidget)

/* A colour bar for the heatmap colormap (GtkOrientable, horizontal by default: low on the
 * left; vertical: low at the bottom) with end labels.
 * Properties: "orientation", "low-label" (default "0"), "high-label" (default "1"). */

GtkWidget  *sl_heatmap_legend_new            (void);
/* @rgb: n_stops × 3 bytes, evenly spaced from low to high (n_stops >= 2); copied. */
void        sl_heatmap_legend_set_stops      (SlHeatmapLegend *self,
                                              const guint8    *rgb,
                                              guint            n_stops);
const char *sl_heatmap_legend_get_low_label  (SlHeatmapLegend *self);
void        sl_heatmap_legend_set_low_label  (SlHeatmapLegend *self,
                                              const char      *label);
const char *sl_heatmap_legend_get_high_label (SlHeatmapLegend *self);
void        sl_heatmap_legend_set_high_label (SlHeatmapLegend *self,
                                              const char      *label);

G_END_DECLS
