/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-pacs-dialog.h"
#include "sl-study-browser.h"
#include "sl-triage-view.h"
#include "sl-window-private.h"

typedef void (*WithPacsFunc) (SlWindow *self);

typedef struct
{
  SlWindow *window;
  WithPacsFunc then;            /* or NULL */
} Pending;

static void
on_dialog_connected_cb (SlPacsDialog *dialog,
                        Pending      *pending)
{
  SlWindow *self = pending->window;
  g_autoptr(GError) error = NULL;
  SlPacsConnection *connection = sl_pacs_dialog_dup_connection (dialog, &error);

  if (connection == NULL)
    return;
  g_clear_pointer (&self->pacs, sl_pacs_connection_free);
  self->pacs = connection;
  if (self->study_browser != NULL)
    sl_study_browser_set_connection (SL_STUDY_BROWSER (self->study_browser), self->pacs);
  if (pending->then != NULL)
    pending->then (self);
}

/* The connection dialog; then (may be NULL) runs once it connected. */
static void
show_dialog (SlWindow     *self,
             WithPacsFunc  then)
{
  SlPacsDialog *dialog = sl_pacs_dialog_new (GTK_WINDOW (self), self->pacs);
  Pending *pending = g_new0 (Pending, 1);

  pending->window = self;
  pending->then = then;
  g_signal_connect_data (dialog, "connected", G_CALLBACK (on_dialog_connected_cb), pending,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Runs then now when connected, else after the dialog connected. */
static void
with_pacs (SlWindow     *self,
           WithPacsFunc  then)
{
  if (self->pacs != NULL)
    then (self);
  else
    show_dialog (self, then);
}

static void
present_browser (SlWindow *self)
{
  if (self->study_browser == NULL)
    {
      GtkWindow *browser = GTK_WINDOW (sl_study_browser_new (self, self->pacs));

      g_set_weak_pointer (&self->study_browser, browser);
    }
  gtk_window_present (self->study_browser);
}

static void
watch_pacs (SlWindow *self)
{
  if (self->triage_window != NULL)
    sl_triage_view_watch_pacs (SL_TRIAGE_VIEW (gtk_window_get_child (self->triage_window)),
                               self->pacs);
}

static void
on_triage_pacs_wanted_cb (SlWindow *self)
{
  with_pacs (self, watch_pacs);
}

/* Live triage in a window of its own (beside the workbench, e.g. on a second screen); closing
 * it stops watching. */
static void
present_triage (SlWindow *self)
{
  if (self->triage_window == NULL)
    {
      GtkWindow *window = GTK_WINDOW (gtk_window_new ());
      GtkWidget *view = g_object_new (SL_TYPE_TRIAGE_VIEW, NULL);

      gtk_window_set_title (window, _("Live Triage"));
      gtk_window_set_default_size (window, 1000, 700);
      gtk_window_set_transient_for (window, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (window, TRUE);
      sl_triage_view_set_workspace (SL_TRIAGE_VIEW (view), self->workspace);
      g_signal_connect_object (view, "pacs-wanted", G_CALLBACK (on_triage_pacs_wanted_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_window_set_child (window, view);
      g_set_weak_pointer (&self->triage_window, window);
    }
  gtk_window_present (self->triage_window);
}

static void
pacs_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (g_str_equal (action_name, "win.pacs-connect"))
    show_dialog (self, NULL);
  else if (g_str_equal (action_name, "win.pacs-studies"))
    with_pacs (self, present_browser);
  else
    present_triage (self);
}

void
_sl_window_pacs_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.pacs-connect", NULL, pacs_action);
  gtk_widget_class_install_action (widget_class, "win.pacs-studies", NULL, pacs_action);
  gtk_widget_class_install_action (widget_class, "win.pacs-triage", NULL, pacs_action);
}

static void
on_catalog_changed_cb (SlWindow *self)
{
  gboolean open = sl_window_get_catalog (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pacs-studies", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pacs-triage", open);
}

void
_sl_window_pacs_init (SlWindow *self)
{
  g_signal_connect_object (self->workspace, "notify::catalog", G_CALLBACK (on_catalog_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_catalog_changed_cb (self);
}

void
_sl_window_pacs_dispose (SlWindow *self)
{
  if (self->study_browser != NULL)
    gtk_window_destroy (self->study_browser);
  g_clear_weak_pointer (&self->study_browser);
  if (self->triage_window != NULL)
    gtk_window_destroy (self->triage_window);
  g_clear_weak_pointer (&self->triage_window);
  g_clear_pointer (&self->pacs, sl_pacs_connection_free);
}
