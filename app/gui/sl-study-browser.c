/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-study-browser.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sl-pacs-import.h"
#include "sl-status-text.h"
#include "sl-window-private.h"

#define SEARCH_TIMEOUT_S 30

struct _SlStudyBrowser
{
  GtkWindow parent_instance;

  GtkEditable *modality_entry;
  GtkEditable *from_entry;
  GtkEditable *to_entry;
  GtkEditable *description_entry;
  GtkWidget *search_button;
  GtkListBox *study_list;
  GtkLabel *status_label;
  GtkWidget *import_button;

  SlWindow *window;             /* weak */
  SlPacsConnection *connection;
  SlJob *search_job;            /* the running search, or NULL */
};

G_DEFINE_FINAL_TYPE (SlStudyBrowser, sl_study_browser, GTK_TYPE_WINDOW)

/* Searching */

typedef struct
{
  SlPacsConnection *connection;
  char *modality, *date_from, *date_to, *description;
  GPtrArray *studies;           /* SlDicomwebItem*, from the worker */
} Search;

static void
search_free (Search *search)
{
  sl_pacs_connection_free (search->connection);
  g_free (search->modality);
  g_free (search->date_from);
  g_free (search->date_to);
  g_free (search->description);
  g_clear_pointer (&search->studies, g_ptr_array_unref);
  g_free (search);
}

static gboolean
search_run (SlJob         *job,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Search *search = data;
  g_autoptr(SlDicomweb) web = NULL;
  SlDicomwebQuery query = {
    .modality = search->modality,
    .date_from = search->date_from,
    .date_to = search->date_to,
    .description = search->description,
  };

  if ((web = sl_pacs_connection_open (search->connection, error)) == NULL)
    return FALSE;
  sl_dicomweb_set_timeout (web, SEARCH_TIMEOUT_S);
  search->studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &query, cancellable, error);
  return search->studies != NULL;
}

/* "20240131" as "2024-01-31"; anything else as it is. */
static char *
format_date (const char *date)
{
  if (date == NULL)
    return g_strdup ("");
  if (strlen (date) != 8)
    return g_strdup (date);
  return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);
}

static GtkWidget *
study_row (const SlDicomwebItem *study)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *date = format_date (study->date);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d image",
                                                         "%d images", study->n_instances),
                                            study->n_instances);
  const char *texts[] = { date, study->modality, study->description, count };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkWidget *label = gtk_label_new (texts[i] != NULL ? texts[i] : "");

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), i == 2 ? 24 : 10);
      gtk_widget_set_hexpand (label, i == 2);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "study-uid", g_strdup (study->study_uid), g_free);
  return row;
}

static void
on_search_completed_cb (SlJob          *job,
                        const GError   *error,
                        SlStudyBrowser *self)
{
  Search *search = sl_job_get_data (job, search_run);
  g_autofree char *text = NULL;

  if (job != self->search_job)
    return;
  g_clear_object (&self->search_job);
  gtk_widget_set_sensitive (self->search_button, TRUE);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = g_strdup_printf (_("Search failed: %s"), error->message);
          sl_status_text_set (self->status_label, text, TRUE);
        }
      else
        sl_status_text_set (self->status_label, _("Search cancelled"), FALSE);
      return;
    }
  for (guint i = 0; i < search->studies->len; i++)
    gtk_list_box_append (self->study_list, study_row (g_ptr_array_index (search->studies, i)));
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u study found", "%u studies found",
                                       search->studies->len), search->studies->len);
  sl_status_text_set (self->status_label, text, FALSE);
}

/* NULL when the field is empty; FALSE (with the status saying why) when it is not a date. */
static gboolean
read_date (SlStudyBrowser  *self,
           GtkEditable     *entry,
           char           **date)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GDateTime) parsed = NULL;
  int y, m, d;

  *date = NULL;
  if (text[0] == '\0')
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3 || sscanf (text, "%4d%2d%2d", &y, &m, &d) == 3)
    parsed = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (parsed == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)"), text);

      sl_status_text_set (self->status_label, message, TRUE);
      return FALSE;
    }
  *date = g_date_time_format (parsed, "%Y%m%d");
  return TRUE;
}

static char *
field_text (GtkEditable *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

void
sl_study_browser_search (SlStudyBrowser *self)
{
  Search *search;
  g_autofree char *from = NULL, *to = NULL;
  GtkWidget *row;

  g_return_if_fail (SL_IS_STUDY_BROWSER (self));
  if (self->window == NULL || self->search_job != NULL
      || !read_date (self, self->from_entry, &from) || !read_date (self, self->to_entry, &to))
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->study_list))) != NULL)
    gtk_list_box_remove (self->study_list, row);
  search = g_new0 (Search, 1);
  search->connection = sl_pacs_connection_copy (self->connection);
  search->modality = field_text (self->modality_entry);
  search->description = field_text (self->description_entry);
  search->date_from = g_steal_pointer (&from);
  search->date_to = g_steal_pointer (&to);
  self->search_job = sl_job_new (_("PACS search"), search_run, search,
                                 (GDestroyNotify) search_free);
  g_signal_connect_object (self->search_job, "completed", G_CALLBACK (on_search_completed_cb),
                           self, 0);
  gtk_widget_set_sensitive (self->search_button, FALSE);
  sl_status_text_set (self->status_label, _("Searching…"), FALSE);
  sl_workspace_run_job (sl_window_get_workspace (self->window), self->search_job);
}

gboolean
sl_study_browser_is_searching (SlStudyBrowser *self)
{
  g_return_val_if_fail (SL_IS_STUDY_BROWSER (self), FALSE);
  return self->search_job != NULL;
}

/* Importing */

typedef struct
{
  SlPacsConnection *connection;
  char *catalog_path;
  GStrv study_uids;
  SlImportStats stats;          /* from the worker */
} Import;

static void
import_free (Import *import)
{
  sl_pacs_connection_free (import->connection);
  g_free (import->catalog_path);
  g_strfreev (import->study_uids);
  g_free (import);
}

static gboolean
import_run (SlJob         *job,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Import *import = data;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  SlPacsImportRequest request = { .study_uids = (const char * const *) import->study_uids };
  g_autofree char *message = NULL;
  guint n = g_strv_length (import->study_uids);

  if ((catalog = sl_catalog_open (import->catalog_path, error)) == NULL
      || (web = sl_pacs_connection_open (import->connection, error)) == NULL)
    return FALSE;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "retrieving %u study",
                                          "retrieving %u studies", n), n);
  sl_job_set_progress (job, -1, message);
  return sl_pacs_import (catalog, web, &request, &import->stats, NULL, NULL, cancellable, error);
}

/* On the window: the images are there, the outcome a toast. */
static void
on_import_completed_cb (SlJob        *job,
                        const GError *error,
                        SlWindow     *window)
{
  Import *import = sl_job_get_data (job, import_run);
  SlCatalog *catalog = sl_window_get_catalog (window);
  g_autofree char *text = NULL;

  if (catalog != NULL && g_strcmp0 (sl_catalog_get_path (catalog), import->catalog_path) == 0
      && import->stats.imported > 0)
    sl_catalog_images_changed (catalog);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sl_window_show_error (window, _("Could not import from the PACS"), error->message);
      return;
    }
  text = g_strdup_printf (_("PACS import: imported %u, duplicates %u, skipped %u"),
                          import->stats.imported, import->stats.duplicates,
                          import->stats.skipped);
  _sl_window_toast (window, text, NULL, NULL);
}

void
sl_study_browser_import (SlStudyBrowser *self)
{
  g_autoptr(GList) rows = NULL;
  g_autoptr(GStrvBuilder) uids = g_strv_builder_new ();
  g_autoptr(SlJob) job = NULL;
  SlCatalog *catalog;
  Import *import;

  g_return_if_fail (SL_IS_STUDY_BROWSER (self));
  rows = gtk_list_box_get_selected_rows (self->study_list);
  if (self->window == NULL || rows == NULL || !_sl_window_can_import (self->window))
    return;
  catalog = sl_window_get_catalog (self->window);
  for (GList *l = rows; l != NULL; l = l->next)
    g_strv_builder_add (uids, g_object_get_data (l->data, "study-uid"));
  import = g_new0 (Import, 1);
  import->connection = sl_pacs_connection_copy (self->connection);
  import->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  import->study_uids = g_strv_builder_end (uids);
  job = sl_job_new (_("PACS import"), import_run, import, (GDestroyNotify) import_free);
  g_signal_connect_object (job, "completed", G_CALLBACK (on_import_completed_cb), self->window, 0);
  sl_workspace_run_job (sl_window_get_workspace (self->window), job);
  gtk_list_box_unselect_all (self->study_list);
}

static void
on_search_button_clicked_cb (SlStudyBrowser *self)
{
  sl_study_browser_search (self);
}

static void
on_import_button_clicked_cb (SlStudyBrowser *self)
{
  sl_study_browser_import (self);
}

static void
on_study_list_selected_rows_changed_cb (SlStudyBrowser *self)
{
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (self->study_list);

  gtk_widget_set_sensitive (self->import_button, rows != NULL);
}

static void
sl_study_browser_dispose (GObject *object)
{
  SlStudyBrowser *self = SL_STUDY_BROWSER (object);

  if (self->search_job != NULL)
    sl_job_cancel (self->search_job);
  g_clear_object (&self->search_job);
  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->connection, sl_pacs_connection_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_STUDY_BROWSER);
  G_OBJECT_CLASS (sl_study_browser_parent_class)->dispose (object);
}

static void
sl_study_browser_class_init (SlStudyBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_study_browser_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-study-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, modality_entry);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, description_entry);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, search_button);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, study_list);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlStudyBrowser, import_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_study_list_selected_rows_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_study_browser_init (SlStudyBrowser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlStudyBrowser *
sl_study_browser_new (SlWindow               *window,
                      const SlPacsConnection *connection)
{
  SlStudyBrowser *self;

  g_return_val_if_fail (SL_IS_WINDOW (window), NULL);
  self = g_object_new (SL_TYPE_STUDY_BROWSER, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  sl_study_browser_set_connection (self, connection);
  return self;
}

void
sl_study_browser_set_connection (SlStudyBrowser         *self,
                                 const SlPacsConnection *connection)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SL_IS_STUDY_BROWSER (self));
  g_return_if_fail (connection != NULL);
  g_clear_pointer (&self->connection, sl_pacs_connection_free);
  self->connection = sl_pacs_connection_copy (connection);
  title = g_strdup_printf (_("Studies on %s"), connection->url);
  gtk_window_set_title (GTK_WINDOW (self), title);
}
