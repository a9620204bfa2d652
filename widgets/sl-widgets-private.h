/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads resources/widgets/sl-widgets.css for the default display, once. */
void _sl_widgets_ensure_style (void);

/* The widget's CSS foreground colour. */
void _sl_widget_get_color (GtkWidget *widget,
                           GdkRGBA   *color);

G_END_DECLS
