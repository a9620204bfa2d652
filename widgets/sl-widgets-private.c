/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-widgets-private.h"

#define SL_WIDGETS_CSS "/org/sightline/Sightline/widgets/sl-widgets.css"

void
_sl_widgets_ensure_style (void)
{
  static gboolean done;
  GdkDisplay *display;
  g_autoptr(GtkCssProvider) provider = NULL;

  /* Widget classes are initialised on the main thread, after gtk_init(). */
  display = gdk_display_get_default ();
  if (done || display == NULL)
    return;
  done = TRUE;

  /* The stylesheet is compiled into the application's GResource (resources/). */
  if (!g_resources_get_info (SL_WIDGETS_CSS, 0, NULL, NULL, NULL))
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, SL_WIDGETS_CSS);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
_sl_widget_get_color (GtkWidget *widget,
                      GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}
