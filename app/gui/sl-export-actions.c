/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-export-actions.h"
#include "sl-export-job.h"

static const struct
{
  const char *action;
  const char *title;          /* of the file chooser */
  const char *default_name;   /* NULL: the target is a folder */
} kinds[] = {
  [SL_EXPORT_PREDICTIONS_CSV] = { "predictions-csv", N_("Export Predictions as CSV"), "predictions.csv" },
  [SL_EXPORT_PREDICTIONS_JSON] = { "predictions-json", N_("Export Predictions as JSON"), "predictions.json" },
  [SL_EXPORT_LABELS_CSV] = { "labels-csv", N_("Export Labels as CSV"), "labels.csv" },
  [SL_EXPORT_LABELS_PNG] = { "labels-png", N_("Export Labelled Images to a Folder"), NULL },
  [SL_EXPORT_MODEL] = { "model", N_("Export the Model and Its Card to a Folder"), NULL },
};

typedef struct
{
  GWeakRef window;
  const SlExportHost *host;
  guint n_running;
} Exports;

/* An export on its way: what its outcome is reported with. */
typedef struct
{
  GActionGroup *group;
  SlExportKind kind;
  char *target;
} Pending;

static void
pending_free (gpointer  data,
              GClosure *closure)
{
  Pending *pending = data;

  g_object_unref (pending->group);
  g_free (pending->target);
  g_free (pending);
}

static void
exports_free (Exports *exports)
{
  g_weak_ref_clear (&exports->window);
  g_free (exports);
}

static void
on_export_completed_cb (SlJob        *job,
                        const GError *error,
                        Pending      *pending)
{
  Exports *exports = g_object_get_data (G_OBJECT (pending->group), "sl-exports");
  g_autoptr(GtkWindow) window = g_weak_ref_get (&exports->window);
  g_autofree char *text = NULL;
  guint n_written;

  exports->n_running--;
  if (error != NULL)
    {
      if (window != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        exports->host->set_status (window, _("Export cancelled"));
      else if (window != NULL)
        exports->host->show_error (window, _("The export failed"), error->message);
      return;
    }
  n_written = sl_export_job_get_n_written (job);
  if (pending->kind == SL_EXPORT_LABELS_PNG)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u image to %s",
                                         "Exported %u images to %s", n_written),
                            n_written, pending->target);
  else
    text = g_strdup_printf (_("Exported to %s"), pending->target);
  if (window != NULL)
    exports->host->set_status (window, text);
}

static void
start_export (GActionGroup *group,
              SlExportKind  kind,
              const char   *target)
{
  Exports *exports = g_object_get_data (G_OBJECT (group), "sl-exports");
  g_autoptr(GtkWindow) window = g_weak_ref_get (&exports->window);
  g_autoptr(SlJob) job = NULL;
  SlWorkspace *workspace;
  gint64 model_id;
  SlSplit split = SL_SPLIT_TEST;
  Pending *pending;

  if (window == NULL)
    return;
  workspace = exports->host->get_source (window, &split);
  if (sl_workspace_get_catalog (workspace) == NULL)
    return;
  model_id = sl_workspace_get_model_id (workspace);
  if (sl_export_kind_needs_model (kind) && model_id == 0)
    {
      exports->host->show_error (window, _("No model to export"),
                                 _("Train a model, or choose one in the sidebar, first."));
      return;
    }
  exports->n_running++;
  exports->host->set_status (window, _("Exporting…"));
  /* pending holds the group, so exports outlives the job */
  pending = g_new0 (Pending, 1);
  pending->group = g_object_ref (group);
  pending->kind = kind;
  pending->target = g_strdup (target);
  job = sl_export_job_new (kind, sl_catalog_get_path (sl_workspace_get_catalog (workspace)),
                           model_id, split, target);
  g_signal_connect_data (job, "completed", G_CALLBACK (on_export_completed_cb), pending,
                         pending_free, 0);
  sl_workspace_run_job (workspace, job);
}

char *
sl_export_path_with_extension (const char *path,
                               const char *extension)
{
  gsize length, extension_length;

  g_return_val_if_fail (path != NULL && extension != NULL, NULL);

  length = strlen (path);
  extension_length = strlen (extension);
  if (length >= extension_length
      && g_ascii_strcasecmp (path + length - extension_length, extension) == 0)
    return g_strdup (path);
  return g_strconcat (path, extension, NULL);
}

typedef struct
{
  GActionGroup *group;
  SlExportKind kind;
} ChooserData;

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        ChooserData     *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      const char *default_name = kinds[data->kind].default_name;

      if (path != NULL && default_name != NULL)
        {
          g_autofree char *typed = g_steal_pointer (&path);

          path = sl_export_path_with_extension (typed, strrchr (default_name, '.'));
        }
      if (path != NULL)
        start_export (data->group, data->kind, path);
    }
  g_object_unref (data->group);
  g_free (data);
  g_object_unref (chooser);
}

static void
export_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GActionGroup *group = user_data;
  Exports *exports = g_object_get_data (G_OBJECT (group), "sl-exports");
  const char *name = g_action_get_name (G_ACTION (action));
  const char *target = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkWindow) window = g_weak_ref_get (&exports->window);
  GtkFileChooserNative *chooser;
  ChooserData *data;
  SlExportKind kind = SL_EXPORT_PREDICTIONS_CSV;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].action, name))
      kind = (SlExportKind) i;
  if (*target != '\0')
    {
      start_export (group, kind, target);
      return;
    }
  if (window == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_(kinds[kind].title), window,
                                         kinds[kind].default_name != NULL
                                         ? GTK_FILE_CHOOSER_ACTION_SAVE
                                         : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  if (kinds[kind].default_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), kinds[kind].default_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  data = g_new0 (ChooserData, 1);
  data->group = g_object_ref (group);
  data->kind = kind;
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

GActionGroup *
sl_export_actions_new (GtkWindow          *window,
                       const SlExportHost *host)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();
  Exports *exports = g_new0 (Exports, 1);

  g_return_val_if_fail (GTK_IS_WINDOW (window) && host != NULL, NULL);

  g_weak_ref_init (&exports->window, window);
  exports->host = host;
  g_object_set_data_full (G_OBJECT (group), "sl-exports", exports, (GDestroyNotify) exports_free);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (kinds[i].action, G_VARIANT_TYPE_STRING);

      g_signal_connect (action, "activate", G_CALLBACK (export_activated_cb), group);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  return G_ACTION_GROUP (group);
}

guint
sl_export_actions_get_n_running (GActionGroup *group)
{
  Exports *exports = g_object_get_data (G_OBJECT (group), "sl-exports");

  return exports != NULL ? exports->n_running : 0;
}
