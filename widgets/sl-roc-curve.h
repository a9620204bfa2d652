/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_ROC_CURVE (sl_roc_curve_get_type ())
G_DECLARE_FINAL_TYPE (SlRocCurve, sl_roc_curve, SL, ROC_CURVE, GtkWidget)

/* ROC curves (false positive rate → true positive rate) over the chance diagonal, with a
 * legend "name (AUC 0.934)". Points are as sl_roc_curve() in ml/ returns them. */

GtkWidget *sl_roc_curve_new          (void);
/* Copies the points; pass a NaN @auc to leave it out of the legend. Returns the index. */
guint      sl_roc_curve_add_series   (SlRocCurve    *self,
                                      const char    *name,
                                      const GdkRGBA *color,
                                      const float   *fpr,
                                      const float   *tpr,
                                      guint          n_points,
                                      double         auc);
guint      sl_roc_curve_get_n_series (SlRocCurve    *self);
void       sl_roc_curve_clear        (SlRocCurve    *self);

G_END_DECLS
