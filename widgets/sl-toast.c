/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-toast.h"

struct _SlToast
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
  GtkLabel *label;
  GtkButton *button;
  guint timeout_id;
};

G_DEFINE_FINAL_TYPE (SlToast, sl_toast, GTK_TYPE_WIDGET)

static void
stop_timeout (SlToast *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static gboolean
on_timeout_cb (gpointer data)
{
  SlToast *self = data;

  self->timeout_id = 0;
  sl_toast_dismiss (self);
  return G_SOURCE_REMOVE;
}

/* Runs before the button's action: the toast goes once its button was used. */
static void
on_button_clicked_cb (SlToast *self)
{
  sl_toast_dismiss (self);
}

static void
on_close_clicked_cb (SlToast *self)
{
  sl_toast_dismiss (self);
}

/* The overlay must not take clicks on the content under a hidden toast. */
static void
on_child_revealed_cb (SlToast *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), gtk_revealer_get_child_revealed (self->revealer));
}

static void
sl_toast_dispose (GObject *object)
{
  SlToast *self = SL_TOAST (object);

  stop_timeout (self);
  if (self->revealer != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->revealer));
  self->revealer = NULL;
  G_OBJECT_CLASS (sl_toast_parent_class)->dispose (object);
}

static void
sl_toast_class_init (SlToastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_toast_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "toast");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
sl_toast_init (SlToast *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  gtk_widget_add_css_class (box, "toast-box");
  gtk_widget_add_css_class (box, "osd");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->label, 60);
  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  gtk_widget_set_tooltip_text (close, _("Dismiss"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  gtk_box_append (GTK_BOX (box), close);
  gtk_revealer_set_child (self->revealer, box);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_button_clicked_cb), self);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (on_close_clicked_cb), self);
  g_signal_connect_swapped (self->revealer, "notify::child-revealed",
                            G_CALLBACK (on_child_revealed_cb), self);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_END);
}

GtkWidget *
sl_toast_new (void)
{
  return g_object_new (SL_TYPE_TOAST, NULL);
}

void
sl_toast_show (SlToast    *self,
               const char *message,
               const char *button_label,
               const char *action_name,
               GVariant   *target)
{
  g_return_if_fail (SL_IS_TOAST (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->button), button_label != NULL && action_name != NULL);
  gtk_button_set_label (self->button, button_label != NULL ? button_label : "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), target);
  gtk_widget_set_can_target (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  stop_timeout (self);
  self->timeout_id = g_timeout_add (SL_TOAST_TIMEOUT_MS, on_timeout_cb, self);
}

void
sl_toast_dismiss (SlToast *self)
{
  g_return_if_fail (SL_IS_TOAST (self));

  stop_timeout (self);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

gboolean
sl_toast_is_shown (SlToast *self)
{
  g_return_val_if_fail (SL_IS_TOAST (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
sl_toast_get_message (SlToast *self)
{
  g_return_val_if_fail (SL_IS_TOAST (self), NULL);
  return gtk_label_get_label (self->label);
}

GtkButton *
sl_toast_get_button (SlToast *self)
{
  g_return_val_if_fail (SL_IS_TOAST (self), NULL);
  return self->button;
}
