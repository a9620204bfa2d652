/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-search-bar.h"

struct _SlSearchBar
{
  GtkWidget parent_instance;

  GtkSearchBar *bar;
  GtkSearchEntry *entry;
  GtkLabel *count;
};

G_DEFINE_FINAL_TYPE (SlSearchBar, sl_search_bar, GTK_TYPE_WIDGET)

enum {
  SEARCH_CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_search_changed_cb (SlSearchBar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->count), *sl_search_bar_get_text (self) != '\0');
  g_signal_emit (self, signals[SEARCH_CHANGED], 0);
}

static void
on_entry_activate_cb (SlSearchBar *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* Closed (Escape, the close button or the API): the search ends. */
static void
on_bar_search_mode_cb (SlSearchBar *self)
{
  if (gtk_search_bar_get_search_mode (self->bar))
    return;
  if (*gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  else
    g_signal_emit (self, signals[SEARCH_CHANGED], 0);
}

static void
sl_search_bar_dispose (GObject *object)
{
  SlSearchBar *self = SL_SEARCH_BAR (object);

  if (self->bar != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->bar, self);
      g_signal_handlers_disconnect_by_data (self->entry, self);
      gtk_widget_unparent (GTK_WIDGET (self->bar));
      self->bar = NULL;
    }
  G_OBJECT_CLASS (sl_search_bar_parent_class)->dispose (object);
}

static void
sl_search_bar_class_init (SlSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_search_bar_dispose;

  /**
   * SlSearchBar::search-changed:
   * The text searched for changed (after the entry's short delay), or the bar closed.
   */
  signals[SEARCH_CHANGED] =
    g_signal_new ("search-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * SlSearchBar::activate:
   * Enter was pressed in the entry.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "slsearchbar");
}

static void
sl_search_bar_init (SlSearchBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("File name, id, class or annotator"), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  self->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "numeric");
  gtk_widget_set_visible (GTK_WIDGET (self->count), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count));

  self->bar = GTK_SEARCH_BAR (gtk_search_bar_new ());
  gtk_search_bar_set_child (self->bar, box);
  gtk_search_bar_set_show_close_button (self->bar, TRUE);
  gtk_search_bar_connect_entry (self->bar, GTK_EDITABLE (self->entry));
  gtk_widget_set_parent (GTK_WIDGET (self->bar), GTK_WIDGET (self));
  g_signal_connect_swapped (self->entry, "search-changed",
                            G_CALLBACK (on_entry_search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_entry_activate_cb), self);
  g_signal_connect_swapped (self->bar, "notify::search-mode-enabled",
                            G_CALLBACK (on_bar_search_mode_cb), self);
}

GtkWidget *
sl_search_bar_new (void)
{
  return g_object_new (SL_TYPE_SEARCH_BAR, NULL);
}

void
sl_search_bar_open (SlSearchBar *self)
{
  g_return_if_fail (SL_IS_SEARCH_BAR (self));

  gtk_search_bar_set_search_mode (self->bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

void
sl_search_bar_close (SlSearchBar *self)
{
  g_return_if_fail (SL_IS_SEARCH_BAR (self));
  gtk_search_bar_set_search_mode (self->bar, FALSE);
}

gboolean
sl_search_bar_is_open (SlSearchBar *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->bar);
}

const char *
sl_search_bar_get_text (SlSearchBar *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_BAR (self), "");
  return gtk_search_bar_get_search_mode (self->bar)
         ? gtk_editable_get_text (GTK_EDITABLE (self->entry)) : "";
}

GtkEditable *
sl_search_bar_get_entry (SlSearchBar *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_BAR (self), NULL);
  return GTK_EDITABLE (self->entry);
}

void
sl_search_bar_set_count (SlSearchBar *self,
                         guint        n_matches)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SL_IS_SEARCH_BAR (self));

  if (n_matches == 0)
    text = g_strdup (_("No matches"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n_matches),
                            n_matches);
  gtk_label_set_label (self->count, text);
}

const char *
sl_search_bar_get_count_text (SlSearchBar *self)
{
  g_return_val_if_fail (SL_IS_SEARCH_BAR (self), NULL);
  return gtk_label_get_label (self->count);
}
