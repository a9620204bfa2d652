/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-pacs-dialog.h"

#include <glib/gi18n.h>

#include "sl-settings.h"
#include "sl-status-text.h"

#define SETTINGS_URL  "pacs-url"
#define SETTINGS_USER "pacs-user"
#define TEST_TIMEOUT_S 10

struct _SlPacsDialog
{
  GtkWindow parent_instance;

  GtkEditable *url_entry;
  GtkEditable *user_entry;
  GtkEditable *secret_entry;
  GtkLabel *status_label;
  GtkSpinner *spinner;
  GtkWidget *test_button;
  GtkWidget *connect_button;
  GCancellable *cancellable;   /* the running test, NULL when none */
};

G_DEFINE_FINAL_TYPE (SlPacsDialog, sl_pacs_dialog, GTK_TYPE_WINDOW)

enum { CONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Worker: the number of studies, as a test of the URL and the credentials. */
static void
test_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  SlDicomwebQuery query = { 0 };
  GError *error = NULL;

  if ((web = sl_pacs_connection_open (task_data, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sl_dicomweb_set_timeout (web, TEST_TIMEOUT_S);
  sl_dicomweb_set_retries (web, 1, 0);
  studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &query, cancellable, &error);
  if (studies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, studies->len);
}

static void
set_testing (SlPacsDialog *self,
             gboolean      testing)
{
  gtk_spinner_set_spinning (self->spinner, testing);
  gtk_widget_set_sensitive (self->test_button, !testing);
  gtk_widget_set_sensitive (self->connect_button, !testing);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlPacsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean connect = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "connect"));
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_testing (self, FALSE);
  if (error != NULL)
    {
      text = g_strdup_printf (_("Could not connect: %s"), error->message);
      sl_status_text_set (self->status_label, text, TRUE);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected: the PACS has %d study",
                                       "Connected: the PACS has %d studies", n), (int) n);
  sl_status_text_set (self->status_label, text, FALSE);
  if (connect)
    {
      sl_settings_set_string (SETTINGS_URL, gtk_editable_get_text (self->url_entry));
      sl_settings_set_string (SETTINGS_USER, gtk_editable_get_text (self->user_entry));
      g_signal_emit (self, signals[CONNECTED], 0);
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
start_test (SlPacsDialog *self,
            gboolean      connect)
{
  g_autoptr(SlPacsConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if ((connection = sl_pacs_dialog_dup_connection (self, &error)) == NULL)
    {
      sl_status_text_set (self->status_label, error->message, TRUE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, test_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_test);
  g_task_set_task_data (task, g_steal_pointer (&connection),
                        (GDestroyNotify) sl_pacs_connection_free);
  g_object_set_data (G_OBJECT (task), "connect", GINT_TO_POINTER (connect));
  sl_status_text_set (self->status_label, _("Connecting…"), FALSE);
  set_testing (self, TRUE);
  g_task_run_in_thread (task, test_thread);
}

static void
on_test_button_clicked_cb (SlPacsDialog *self)
{
  start_test (self, FALSE);
}

static void
on_connect_button_clicked_cb (SlPacsDialog *self)
{
  start_test (self, TRUE);
}

static void
on_cancel_button_clicked_cb (SlPacsDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
sl_pacs_dialog_dispose (GObject *object)
{
  SlPacsDialog *self = SL_PACS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PACS_DIALOG);
  G_OBJECT_CLASS (sl_pacs_dialog_parent_class)->dispose (object);
}

static void
sl_pacs_dialog_class_init (SlPacsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_pacs_dialog_dispose;
  /* ::connected: the test passed; the connection is sl_pacs_dialog_dup_connection(). */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-pacs-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, url_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, secret_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, SlPacsDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, on_test_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_pacs_dialog_init (SlPacsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlPacsDialog *
sl_pacs_dialog_new (GtkWindow              *parent,
                    const SlPacsConnection *current)
{
  SlPacsDialog *self = g_object_new (SL_TYPE_PACS_DIALOG, "transient-for", parent, NULL);
  g_autofree char *url = NULL, *user = NULL;

  if (current != NULL)
    {
      url = g_strdup (current->url);
      user = g_strdup (current->user);
      gtk_editable_set_text (self->secret_entry, current->secret != NULL ? current->secret : "");
    }
  else
    {
      url = sl_settings_get_string (SETTINGS_URL);
      user = sl_settings_get_string (SETTINGS_USER);
    }
  gtk_editable_set_text (self->url_entry, url != NULL ? url : "");
  gtk_editable_set_text (self->user_entry, user != NULL ? user : "");
  return self;
}

SlPacsConnection *
sl_pacs_dialog_dup_connection (SlPacsDialog  *self,
                               GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(SlDicomweb) web = NULL;

  g_return_val_if_fail (SL_IS_PACS_DIALOG (self), NULL);
  url = g_strstrip (g_strdup (gtk_editable_get_text (self->url_entry)));
  /* the client checks the URL */
  if ((web = sl_dicomweb_new (url, error)) == NULL)
    return NULL;
  return sl_pacs_connection_new (url, gtk_editable_get_text (self->user_entry),
                                 gtk_editable_get_text (self->secret_entry));
}

gboolean
sl_pacs_dialog_is_testing (SlPacsDialog *self)
{
  g_return_val_if_fail (SL_IS_PACS_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}
