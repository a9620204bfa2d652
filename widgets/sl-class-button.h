/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CLASS_BUTTON (sl_class_button_get_type ())
G_DECLARE_FINAL_TYPE (SlClassButton, sl_class_button, SL, CLASS_BUTTON, GtkButton)

/* One button of SlLabelPalette: swatch, name, suggestion badge, count, key. */

GtkWidget *sl_class_button_new           (void);
void       sl_class_button_set_class     (SlClassButton *self,
                                          const char    *name,
                                          const GdkRGBA *color,
                                          guint          shortcut);
void       sl_class_button_set_count     (SlClassButton *self,
                                          guint          count);
void       sl_class_button_set_current   (SlClassButton *self,
                                          gboolean       current);
/* @confidence < 0: suggested without a figure. */
void       sl_class_button_set_suggested (SlClassButton *self,
                                          gboolean       suggested,
                                          double         confidence);

G_END_DECLS
