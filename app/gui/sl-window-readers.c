/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several readers: blind reading (the reader sees neither other readers' labels nor the
 * model's suggestion) and the adjudication queue (the adjudicator sees every label). */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"
#include "sl-window-private.h"

gboolean
_sl_window_blind (SlWindow *self)
{
  SlCatalog *catalog = sl_window_get_catalog (self);

  return catalog != NULL && sl_catalog_get_blind_reading (catalog);
}

gboolean
_sl_window_adjudicating (SlWindow *self)
{
  return !_sl_window_blind (self) && gtk_check_button_get_active (self->readers_check);
}

char *
_sl_window_format_readers (SlWindow *self,
                           gint64    image_id)
{
  g_autoptr(GPtrArray) labels = sl_catalog_reader_labels (sl_window_get_catalog (self), image_id,
                                                          NULL);
  GString *text;

  if (labels == NULL || labels->len < 2)
    return NULL;
  text = g_string_new (_("Readers:"));
  for (guint i = 0; i < labels->len; i++)
    {
      SlReaderLabel *label = g_ptr_array_index (labels, i);
      const char *name = sl_class_table_get_name (self->classes, label->class_id);

      g_string_append_printf (text, "%s %s %s", i > 0 ? " ·" : "", label->annotator,
                              name != NULL ? name : "?");
    }
  return g_string_free (text, FALSE);
}

void
_sl_window_apply_blind (SlWindow *self)
{
  gboolean blind = _sl_window_blind (self);
  gboolean with_model = sl_workspace_get_model_id (self->workspace) != 0;
  GtkStackPage *review = gtk_stack_get_page (self->stack, GTK_WIDGET (self->review_page));

  if (blind && gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->review_page))
    gtk_stack_set_visible_child_name (self->stack, "browse");
  gtk_stack_page_set_visible (review, !blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_dropdown), !blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->predicted_dropdown), with_model && !blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disagreement_check), with_model && !blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_check), with_model && !blind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->readers_check), !blind);
  if (self->images != NULL)
    sl_image_list_set_reader (self->images, blind ? sl_workspace_get_annotator (self->workspace)
                                                  : NULL);
}

static void
on_readers_check_toggled_cb (SlWindow *self)
{
  _sl_window_apply_filters (self);
  _sl_window_update_inspector (self);
}

void
_sl_window_readers_init (SlWindow *self)
{
  g_signal_connect_swapped (self->readers_check, "toggled",
                            G_CALLBACK (on_readers_check_toggled_cb), self);
}
