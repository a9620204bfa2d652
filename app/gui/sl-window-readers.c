/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several readers: blind reading (the reader sees neither other readers' labels nor the
 * model's suggestion), the adjudication queue (the adjudicator sees every label), the Agreement
 * window (the label rule, agreement figures) and the model retrained in the background. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"
#include "sl-settings.h"
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

      g_string_append_printf (text, "%s %s %s", i > 0 ? " ·" : "",
                              sl_reader_display_name (label->annotator), name != NULL ? name : "?");
    }
  return g_string_free (text, FALSE);
}

void
_sl_window_apply_blind (SlWindow *self)
{
  gboolean blind = _sl_window_blind (self);
  gboolean with_model = sl_workspace_get_model_id (self->workspace) != 0;
  GtkStackPage *review = gtk_stack_get_page (self->stack, GTK_WIDGET (self->review_page));
  GAction *agreement = g_action_map_lookup_action (G_ACTION_MAP (self), "show-agreement");

  if (blind && gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->review_page))
    gtk_stack_set_visible_child_name (self->stack, "browse");
  gtk_stack_page_set_visible (review, !blind);
  /* NULL while the window is being built */
  if (agreement != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (agreement), !blind);
  if (blind && self->agreement_dialog != NULL)
    gtk_widget_set_visible (self->agreement_dialog, FALSE);
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

/* Every image's training label may have changed. */
static void
on_label_rule_changed_cb (SlWindow *self)
{
  _sl_window_reload_counts (self);
  _sl_window_apply_filters (self);
  _sl_window_update_inspector (self);
}

static void
on_retrained_cb (SlWindow    *self,
                 gint64       model_id,
                 gboolean     warm_started,
                 SlRetrainer *retrainer)
{
  _sl_window_fill_model_dropdown (self);
  _sl_window_show_model (self);
  _sl_window_toast (self,
                    warm_started
                    ? _("The model was retrained on the new labels")
                    : _("The model was retrained from scratch on the new labels: the classes "
                        "changed since the previous one"),
                    NULL, NULL);
}

static void
on_retrain_failed_cb (SlWindow    *self,
                      const char  *message,
                      SlRetrainer *retrainer)
{
  g_autofree char *text = g_strdup_printf (_("The background retrain stored no model: %s"),
                                           message);

  sl_window_set_status (self, text);
}

/* Labels may have changed while the main window had the focus. */
static void
on_agreement_dialog_active_cb (SlWindow   *self,
                               GParamSpec *pspec,
                               GtkWindow  *dialog)
{
  if (gtk_window_is_active (dialog))
    sl_agreement_view_refresh (self->agreement_view);
}

/* The Agreement window, made on first use; closing it hides it, the main window takes it along. */
static void
show_agreement (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SlWindow *self = user_data;
  GtkWindow *dialog;

  if (self->agreement_dialog == NULL)
    {
      dialog = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_title (dialog, _("Readers and Agreement"));
      gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (dialog, TRUE);
      gtk_window_set_hide_on_close (dialog, TRUE);
      gtk_window_set_default_size (dialog, 640, 760);
      gtk_window_set_child (dialog, GTK_WIDGET (self->agreement_view));
      g_signal_connect_object (dialog, "notify::is-active",
                               G_CALLBACK (on_agreement_dialog_active_cb), self,
                               G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->agreement_dialog, GTK_WIDGET (dialog));
    }
  gtk_window_present (GTK_WINDOW (self->agreement_dialog));
}

void
_sl_window_readers_init (SlWindow *self)
{
  static const GActionEntry entries[] = { { "show-agreement", show_agreement, NULL, NULL, NULL } };
  SlRetrainer *retrainer = sl_workspace_get_retrainer (self->workspace);
  g_autofree char *every = sl_settings_get_string (SL_SETTINGS_RETRAIN_EVERY);
  GtkWidget *button;

  g_signal_connect_swapped (self->readers_check, "toggled",
                            G_CALLBACK (on_readers_check_toggled_cb), self);

  if (every != NULL)
    sl_retrainer_set_every (retrainer, (int) CLAMP (g_ascii_strtoll (every, NULL, 10), 0,
                                                    G_MAXINT));
  g_signal_connect_object (retrainer, "retrained", G_CALLBACK (on_retrained_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (retrainer, "failed", G_CALLBACK (on_retrain_failed_cb), self,
                           G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->agreement_view = SL_AGREEMENT_VIEW (g_object_ref_sink (sl_agreement_view_new ()));
  sl_agreement_view_set_workspace (self->agreement_view, self->workspace);
  g_signal_connect_swapped (self->agreement_view, "label-rule-changed",
                            G_CALLBACK (on_label_rule_changed_cb), self);
  /* below the adjudication queue's check in the sidebar */
  button = gtk_button_new_with_mnemonic (_("A_greement…"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("How far the readers agree, which label trains, and "
                                         "how often the model retrains in the background"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-agreement");
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->readers_check))),
                              button, GTK_WIDGET (self->readers_check));
}

void
_sl_window_readers_dispose (SlWindow *self)
{
  GtkWidget *dialog = self->agreement_dialog;

  if (dialog != NULL)
    {
      g_clear_weak_pointer (&self->agreement_dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_clear_object (&self->agreement_view);
}
