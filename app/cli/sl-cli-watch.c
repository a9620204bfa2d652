/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-watch.h"

#include <glib-unix.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "sl-catalog-pacs.h"
#include "sl-cli.h"
#include "sl-cli-pacs.h"
#include "sl-json.h"
#include "sl-watcher.h"

typedef struct
{
  SlModel *model;
  gboolean json;
} Output;

static void
print_prediction (const SlWatchPrediction *p,
                  gpointer                 user_data)
{
  Output *output = user_data;
  int n_classes = sl_model_get_n_classes (output->model);
  g_autoptr(GString) line = g_string_new (NULL);

  if (output->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "image_id");
      json_builder_add_int_value (builder, p->image_id);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder,
                                     sl_model_get_class_name (output->model, p->class_index));
      sl_json_add_number (builder, "probability", p->probs[p->class_index]);
      json_builder_set_member_name (builder, "probabilities");
      json_builder_begin_object (builder);
      for (int k = 0; k < n_classes; k++)
        sl_json_add_number (builder, sl_model_get_class_name (output->model, k), p->probs[k]);
      json_builder_end_object (builder);
      sl_json_add_number (builder, "latency_ms", p->latency_ms);
      json_builder_end_object (builder);
      text = sl_json_builder_text (builder, FALSE);
      g_string_append_printf (line, "%s\n", text);
    }
  else
    {
      g_string_append_printf (line, _("image %" PRId64 ": %s (%.1f%%)"), p->image_id,
                              sl_model_get_class_name (output->model, p->class_index),
                              100.0 * p->probs[p->class_index]);
      for (int k = 0; k < n_classes; k++)
        g_string_append_printf (line, "  %s %.4f", sl_model_get_class_name (output->model, k),
                                p->probs[k]);
      g_string_append_printf (line, _("  %.0f ms\n"), p->latency_ms);
    }
  /* one line as soon as it is known, even into a pipe */
  fputs (line->str, stdout);
  fflush (stdout);
}

static void
print_notice (const char *message,
              gpointer    user_data)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* MODEL is a model id of the catalog, or a checkpoint file: stored in the catalog once (found
 * again by its bytes), so the predictions have a model to belong to. */
static SlModel *
load_model (SlCatalog   *catalog,
            const char  *arg,
            gint64      *model_id,
            GError     **error)
{
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  g_autofree char *contents = NULL, *name = NULL;
  gsize length;

  if (sl_cli_model_id_of (arg, model_id))
    return sl_model_load_from_catalog (catalog, *model_id, error);
  if ((model = sl_model_load_file (arg, error)) == NULL
      || !g_file_get_contents (arg, &contents, &length, error))
    return NULL;
  checkpoint = g_bytes_new_take (g_steal_pointer (&contents), length);
  *model_id = sl_catalog_find_model_by_checkpoint (catalog, checkpoint);
  if (*model_id == 0)
    {
      name = g_path_get_basename (arg);
      *model_id = sl_catalog_add_model (catalog, name, sl_model_get_arch (model), checkpoint,
                                        NULL, error);
      if (*model_id == 0)
        return NULL;
    }
  return g_steal_pointer (&model);
}

/* Predictions are stored by class position: the catalog needs the model's classes. */
static gboolean
ensure_classes (SlCatalog  *catalog,
                SlModel    *model,
                GError    **error)
{
  for (int k = 0; k < sl_model_get_n_classes (model); k++)
    if (sl_catalog_ensure_class (catalog, sl_model_get_class_name (model, k), error) == 0)
      return FALSE;
  return TRUE;
}

int
sl_cli_watch (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL, *model_arg = NULL, *url = NULL, *folder = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(SlWatcher) watcher = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(SlCliPacsAuth) auth = { 0 };
  Output output = { 0 };
  gboolean write_back = FALSE, poll = FALSE, ok;
  double duration = 0;
  gint64 model_id = 0;
  guint sigint, sigterm;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("The catalog file (created when absent)"), N_("CAT") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg,
      N_("A model checkpoint file, or a model id in the catalog"), N_("MODEL") },
    { "pacs", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Follow the new instances of this PACS (its DICOMweb root)"), N_("URL") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      N_("Follow the new image files in this folder"), N_("DIR") },
    { "write-back", 0, 0, G_OPTION_ARG_NONE, &write_back,
      N_("Store a Secondary Capture with the heatmap and a text SR of each result in the "
         "instance's study"), NULL },
    { "poll", 0, 0, G_OPTION_ARG_NONE, &poll,
      N_("Poll the PACS with QIDO-RS even when it has a change feed"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &output.json,
      N_("One JSON object per image: image_id, class, probability, probabilities, latency_ms"),
      NULL },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration,
      N_("Stop after this many seconds (default: run until interrupted)"), N_("SECONDS") },
    SL_CLI_PACS_AUTH_ENTRIES (&auth),
    { NULL }
  };

  ok = sl_cli_parse_options (NULL,
                             _("Follows new images on a PACS (its change feed, else QIDO-RS "
                             "polling) or in a folder, imports each like import does, "
                             "predicts it with the model, stores the prediction and prints "
                             "one line per image. Stopped and started again, it resumes "
                             "where it stopped: no image is missed or predicted twice. "
                             "Images there before the first start are not triaged."),
                             entries, &argc, &argv);
  if (ok && (catalog_path == NULL || model_arg == NULL || (url == NULL) == (folder == NULL)))
    {
      g_printerr (_("%s: --catalog, --model and one of --pacs or --folder are required "
                    "(see --help)\n"), g_get_prgname ());
      ok = FALSE;
    }
  if (ok && (duration < 0 || (write_back && url == NULL)))
    {
      g_printerr (_("%s: --duration must be positive and --write-back needs --pacs\n"),
                  g_get_prgname ());
      ok = FALSE;
    }
  if (ok && url != NULL)
    ok = (web = sl_cli_pacs_connect (url, &auth)) != NULL;
  if (!ok)
    return SL_CLI_EXIT_FAILED;

  catalog = sl_catalog_open (catalog_path, &error);
  if (catalog != NULL)
    model = load_model (catalog, model_arg, &model_id, &error);
  if (model == NULL || !ensure_classes (catalog, model, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }

  output.model = model;
  if (web != NULL)
    {
      /* the watcher waits out a server that went away; no retries inside one request */
      sl_dicomweb_set_retries (web, 1, 0);
      sl_dicomweb_set_timeout (web, 10);
      watcher = sl_watcher_new_pacs (catalog, model, model_id, web);
    }
  else
    watcher = sl_watcher_new_folder (catalog, model, model_id, folder);
  sl_watcher_set_write_back (watcher, write_back);
  sl_watcher_set_poll_only (watcher, poll);
  sl_watcher_set_funcs (watcher, print_prediction, print_notice, &output);

  sigint = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ok = sl_watcher_run (watcher, duration, cancellable, &error);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (!ok)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  return SL_CLI_EXIT_OK;
}
