/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-widgets-private.h"

#define SL_WIDGETS_CSS "/org/sightline/Sightline/widgets/sl-widgets.css"

void
_sl_widgets_ensure_style (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GdkDisplay *display = gdk_display_get_default ();

      /* The stylesheet is compiled into the application's GResource (resources/). */
      if (display != NULL && g_resources_get_info (SL_WIDGETS_CSS, 0, NULL, NULL, NULL))
        {
          g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (provider, SL_WIDGETS_CSS);
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&done, 1);
    }
}

void
_sl_widget_get_color (GtkWidget *widget,
                      GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}
