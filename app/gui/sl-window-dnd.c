/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files and folders dropped on the window, and the import job they (or Import…) start. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-preferences-dialog.h"
#include "sl-window-private.h"

#define MAX_NOTICES_SHOWN 20

/* Shows committed images as they come, about once a second (appending is cheap). */
static void
on_import_progress_cb (SlWindow    *self,
                       GParamSpec  *pspec,
                       SlImportJob *job)
{
  if (job != self->import_job || self->images == NULL
      || g_get_monotonic_time () - self->import_refreshed_at <= G_USEC_PER_SEC)
    return;
  self->import_refreshed_at = g_get_monotonic_time ();
  sl_browse_view_refresh (self->browse_view, NULL);
  _sl_window_images_changed (self);
}

static void
show_notices (SlWindow   *self,
              const char *title,
              GStrv       notices)
{
  GString *detail = g_string_new (NULL);
  guint n = g_strv_length (notices);

  for (guint i = 0; i < n && i < MAX_NOTICES_SHOWN; i++)
    g_string_append_printf (detail, "%s\n", notices[i]);
  if (n > MAX_NOTICES_SHOWN)
    g_string_append_printf (detail, _("… and %u more"), n - MAX_NOTICES_SHOWN);
  sl_window_show_error (self, title, detail->str);
  g_string_free (detail, TRUE);
}

static void
on_import_completed_cb (SlImportJob  *job,
                        const GError *error,
                        SlWindow     *self)
{
  g_auto(GStrv) notices = NULL;
  g_autofree char *text = NULL;
  SlImportStats stats;

  /* another catalog was opened meanwhile */
  if (job != self->import_job)
    return;
  g_clear_object (&self->import_job);
  sl_import_job_get_stats (job, &stats);
  notices = sl_import_job_dup_notices (job);
  _sl_window_images_changed (self);
  text = g_strdup_printf (_("Imported %u new images; %u duplicates and %u unreadable files skipped"),
                          stats.imported, stats.duplicates, stats.skipped);
  sl_window_set_status (self, text);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sl_window_set_status (self, _("Import cancelled; the images imported so far are kept"));
  else if (error != NULL)
    sl_window_show_error (self, _("The import stopped"), error->message);
  else if (stats.skipped > 0)
    show_notices (self, text, notices);
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    _sl_window_select_position (self, 0);
}

gboolean
_sl_window_can_import (SlWindow *self)
{
  if (sl_window_get_catalog (self) == NULL)
    {
      _sl_window_toast (self, _("Open or create a catalog first: images are imported into it"),
                        _("_New Catalog…"), "win.new-catalog");
      return FALSE;
    }
  if (self->import_job != NULL)
    {
      _sl_window_toast (self, _("An import is running: wait for it or cancel it first"), NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
sl_window_import (SlWindow  *self,
                  GFile    **files,
                  int        n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *labels_csv = NULL;
  SlCatalog *catalog;

  g_return_if_fail (SL_IS_WINDOW (self));

  if (!_sl_window_can_import (self))
    return;
  catalog = sl_window_get_catalog (self);
  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);
      g_autofree char *csv = NULL;

      if (path == NULL)
        continue;
      g_ptr_array_add (paths, path);
      csv = g_build_filename (path, "labels.csv", NULL);
      if (labels_csv == NULL && g_file_test (csv, G_FILE_TEST_IS_REGULAR))
        labels_csv = g_steal_pointer (&csv);
    }
  if (paths->len == 0)
    return;
  g_ptr_array_add (paths, NULL);

  self->import_job = sl_import_job_new (catalog, (const char *const *) paths->pdata, labels_csv);
  sl_import_job_set_max_pixels (self->import_job, sl_preferences_get_max_pixels ());
  self->import_refreshed_at = g_get_monotonic_time ();
  g_signal_connect_object (self->import_job, "notify::fraction",
                           G_CALLBACK (on_import_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_job, "completed", G_CALLBACK (on_import_completed_cb),
                           self, 0);
  sl_window_set_status (self, _("Importing…"));
  sl_workspace_run_job (self->workspace, SL_JOB (self->import_job));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            SlWindow      *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (list = g_value_get_boxed (value); list != NULL; list = list->next)
    g_ptr_array_add (files, list->data);
  sl_window_import (self, (GFile **) files->pdata, (int) files->len);
  return files->len > 0;
}

void
_sl_window_dnd_init (SlWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
