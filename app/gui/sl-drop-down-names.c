/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-drop-down-names.h"

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  max_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (max_chars));
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  max_chars)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  GtkStringObject *name = gtk_list_item_get_item (item);
  const char *text = GTK_IS_STRING_OBJECT (name) ? gtk_string_object_get_string (name) : "";

  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static GtkListItemFactory *
names_factory (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), GINT_TO_POINTER (max_chars));
  return factory;
}

void
sl_drop_down_ellipsize_names (GtkDropDown *dropdown,
                              int          max_chars)
{
  g_autoptr(GtkListItemFactory) button = names_factory (max_chars);
  g_autoptr(GtkListItemFactory) list = names_factory (3 * max_chars);

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (max_chars > 0);

  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}
