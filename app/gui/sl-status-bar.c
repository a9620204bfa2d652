/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-status-bar.h"

#include <glib/gi18n.h>

struct _SlStatusBar
{
  GtkWidget parent_instance;

  GtkLabel *status_label;
  GtkListBox *job_list;
  GListModel *jobs;
};

G_DEFINE_FINAL_TYPE (SlStatusBar, sl_status_bar, GTK_TYPE_WIDGET)

/* One row: "Title: message", a progress bar (pulsing while the amount is unknown), Cancel. */

static void
update_row (GtkWidget *row,
            SlJob     *job)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "label");
  GtkProgressBar *bar = g_object_get_data (G_OBJECT (row), "bar");
  g_autofree char *message = sl_job_dup_message (job);
  g_autofree char *text = NULL;
  double fraction = sl_job_get_fraction (job);

  text = message != NULL ? g_strdup_printf (_("%s: %s"), sl_job_get_title (job), message)
                         : g_strdup_printf (_("%s…"), sl_job_get_title (job));
  gtk_label_set_label (label, text);
  if (fraction < 0)
    gtk_progress_bar_pulse (bar);
  else
    gtk_progress_bar_set_fraction (bar, fraction);
}

static void
on_job_progress_cb (GtkWidget  *row,
                    GParamSpec *pspec,
                    SlJob      *job)
{
  update_row (row, job);
}

static void
on_cancel_clicked_cb (GtkButton *button,
                      SlJob     *job)
{
  sl_job_cancel (job);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SlJob *job = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *bar = gtk_progress_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_autofree char *tooltip = g_strdup_printf (_("Cancel: %s"), sl_job_get_title (job));

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 160, -1);
  gtk_widget_set_tooltip_text (cancel, tooltip);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), cancel);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (row), "bar", bar);
  g_object_set_data (G_OBJECT (row), "cancel", cancel);
  g_object_set_data (G_OBJECT (row), "job", job);

  g_signal_connect_object (job, "notify::fraction", G_CALLBACK (on_job_progress_cb), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::message", G_CALLBACK (on_job_progress_cb), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), job, 0);
  update_row (row, job);
  return row;
}

static void
on_jobs_changed_cb (SlStatusBar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->job_list),
                          self->jobs != NULL && g_list_model_get_n_items (self->jobs) > 0);
}

void
sl_status_bar_set_jobs (SlStatusBar *self,
                        GListModel  *jobs)
{
  g_return_if_fail (SL_IS_STATUS_BAR (self));
  g_return_if_fail (jobs == NULL || G_IS_LIST_MODEL (jobs));

  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_func (self->jobs, on_jobs_changed_cb, self);
  g_set_object (&self->jobs, jobs);
  gtk_list_box_bind_model (self->job_list, jobs, jobs != NULL ? create_row : NULL, NULL, NULL);
  if (jobs != NULL)
    g_signal_connect_object (jobs, "items-changed", G_CALLBACK (on_jobs_changed_cb), self,
                             G_CONNECT_SWAPPED);
  on_jobs_changed_cb (self);
}

GtkButton *
sl_status_bar_get_cancel_button (SlStatusBar *self,
                                 SlJob       *job)
{
  GtkWidget *row;

  g_return_val_if_fail (SL_IS_STATUS_BAR (self), NULL);

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->job_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "job") == job)
      return g_object_get_data (G_OBJECT (row), "cancel");
  return NULL;
}

void
sl_status_bar_set_text (SlStatusBar *self,
                        const char  *text)
{
  g_return_if_fail (SL_IS_STATUS_BAR (self));
  gtk_label_set_label (self->status_label, text);
}

const char *
sl_status_bar_get_text (SlStatusBar *self)
{
  g_return_val_if_fail (SL_IS_STATUS_BAR (self), NULL);
  return gtk_label_get_label (self->status_label);
}

static void
sl_status_bar_dispose (GObject *object)
{
  SlStatusBar *self = SL_STATUS_BAR (object);
  GtkWidget *child;

  sl_status_bar_set_jobs (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_STATUS_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_status_bar_parent_class)->dispose (object);
}

static void
sl_status_bar_class_init (SlStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_status_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SlStatusBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlStatusBar, job_list);
}

static void
sl_status_bar_init (SlStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
