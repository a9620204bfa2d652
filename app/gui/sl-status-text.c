/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-status-text.h"

void
sl_status_text_set (GtkLabel   *label,
                    const char *text,
                    gboolean    is_error)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_label_set_label (label, text);
}
