/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-error.h"
#include "sl-evaluate.h"
#include "sl-export-actions.h"
#include "sl-metrics-page.h"
#include "sl-results-export.h"

typedef enum
{
  EXPORT_PREDICTIONS_CSV,
  EXPORT_PREDICTIONS_JSON,
  EXPORT_LABELS_CSV,
  EXPORT_LABELS_PNG,
  EXPORT_MODEL,
} ExportKind;

static const struct
{
  const char *action;
  const char *title;          /* of the file chooser */
  const char *default_name;   /* NULL: the target is a folder */
  gboolean needs_model;
} kinds[] = {
  [EXPORT_PREDICTIONS_CSV] = { "predictions-csv", N_("Export Predictions as CSV"), "predictions.csv", TRUE },
  [EXPORT_PREDICTIONS_JSON] = { "predictions-json", N_("Export Predictions as JSON"), "predictions.json", TRUE },
  [EXPORT_LABELS_CSV] = { "labels-csv", N_("Export Labels as CSV"), "labels.csv", FALSE },
  [EXPORT_LABELS_PNG] = { "labels-png", N_("Export Labelled Images to a Folder"), NULL, FALSE },
  [EXPORT_MODEL] = { "model", N_("Export the Model and Its Card to a Folder"), NULL, TRUE },
};

typedef struct
{
  GWeakRef window;
  guint n_running;
} Exports;

typedef struct
{
  ExportKind kind;
  char *catalog_path;
  gint64 model_id;
  SlSplit split;
  char *target;
  guint n_written;
} Job;

static void
job_free (Job *job)
{
  g_free (job->catalog_path);
  g_free (job->target);
  g_free (job);
}

static void
exports_free (Exports *exports)
{
  g_weak_ref_clear (&exports->window);
  g_free (exports);
}

static gboolean
run_job (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlEvaluation) evaluation = NULL;

  if (kinds[job->kind].needs_model)
    {
      evaluation = sl_evaluate (job->catalog_path, job->model_id, job->split, cancellable, error);
      if (evaluation == NULL)
        return FALSE;
    }
  switch (job->kind)
    {
    case EXPORT_PREDICTIONS_CSV:
      return sl_export_predictions_csv (evaluation, job->split, job->target, error);
    case EXPORT_PREDICTIONS_JSON:
      return sl_export_predictions_json (evaluation, job->split, job->target, error);
    default:
      break;
    }
  catalog = sl_catalog_open (job->catalog_path, error);
  if (catalog == NULL)
    return FALSE;
  if (job->kind == EXPORT_LABELS_CSV)
    return sl_export_labels_csv (catalog, job->target, error);
  if (job->kind == EXPORT_LABELS_PNG)
    return sl_export_labels_png (catalog, job->target, SL_SPLIT_NONE, TRUE, &job->n_written,
                                 cancellable, error);
  return sl_export_model (catalog, job->model_id, evaluation, job->split, job->target, error);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Exports *exports = user_data;
  g_autoptr(SlWindow) window = g_weak_ref_get (&exports->window);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  exports->n_running--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (window != NULL)
        sl_window_show_error (window, _("The export failed"), error->message);
      return;
    }
  if (job->kind == EXPORT_LABELS_PNG)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u image to %s",
                                         "Exported %u images to %s", job->n_written),
                            job->n_written, job->target);
  else
    text = g_strdup_printf (_("Exported to %s"), job->target);
  if (window != NULL)
    sl_window_set_status (window, text);
}

static void
start_export (GActionGroup *group,
              ExportKind    kind,
              const char   *target)
{
  Exports *exports = g_object_get_data (G_OBJECT (group), "sl-exports");
  g_autoptr(SlWindow) window = g_weak_ref_get (&exports->window);
  SlCatalog *catalog = window != NULL ? sl_window_get_catalog (window) : NULL;
  GtkWidget *metrics;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (catalog == NULL)
    return;
  job = g_new0 (Job, 1);
  job->kind = kind;
  job->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  job->model_id = sl_window_get_model_id (window);
  metrics = sl_window_get_page (window, "metrics");
  job->split = metrics != NULL ? sl_metrics_page_get_split (SL_METRICS_PAGE (metrics))
                               : SL_SPLIT_TEST;
  job->target = g_strdup (target);
  if (kinds[kind].needs_model && job->model_id == 0)
    {
      sl_window_show_error (window, _("No model to export"),
                            _("Train a model, or choose one in the sidebar, first."));
      job_free (job);
      return;
    }
  exports->n_running++;
  sl_window_set_status (window, _("Exporting…"));
  /* the task holds the group, so exports outlives it */
  task = g_task_new (group, NULL, on_export_done_cb, exports);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

typedef struct
{
  GActionGroup *group;
  ExportKind kind;
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
  g_autoptr(SlWindow) window = g_weak_ref_get (&exports->window);
  GtkFileChooserNative *chooser;
  ChooserData *data;
  ExportKind kind = EXPORT_PREDICTIONS_CSV;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].action, name))
      kind = (ExportKind) i;
  if (*target != '\0')
    {
      start_export (group, kind, target);
      return;
    }
  if (window == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_(kinds[kind].title), GTK_WINDOW (window),
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
sl_export_actions_new (SlWindow *window)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();
  Exports *exports = g_new0 (Exports, 1);

  g_return_val_if_fail (SL_IS_WINDOW (window), NULL);

  g_weak_ref_init (&exports->window, window);
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
