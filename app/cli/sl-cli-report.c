/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-report.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-baseline-job.h"
#include "sl-catalog.h"
#include "sl-cli-output.h"
#include "sl-cli.h"
#include "sl-evaluate.h"
#include "sl-model.h"
#include "sl-report-job.h"
#include "sl-results-export.h"

/* MODEL is a checkpoint file or the id of a model of the catalog. A file identical to a catalog
 * model's checkpoint also gets that id. */
static void
resolve_model (SlCatalog   *catalog,
               const char  *arg,
               gint64      *model_id,
               const char **model_file)
{
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  *model_id = 0;
  *model_file = NULL;
  if (sl_cli_model_id_of (arg, model_id))
    return;
  *model_file = arg;
  if (!g_file_get_contents (arg, &contents, &len, NULL))
    return;
  models = sl_catalog_list_models (catalog);
  for (guint i = 0; i < models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (models, i);
      g_autoptr(GBytes) stored = sl_catalog_get_model_checkpoint (catalog, info->id, NULL);

      if (stored != NULL && g_bytes_get_size (stored) == len
          && memcmp (g_bytes_get_data (stored, NULL), contents, len) == 0)
        {
          *model_id = info->id;
          return;
        }
    }
}

int
sl_cli_report (int    argc,
               char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *model_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *split_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  const char *model_file;
  gint64 model_id;
  SlSplit split;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"), N_("CAT") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg, N_("A model checkpoint file, or a model id in the catalog"), N_("MODEL") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write"), N_("REPORT.pdf") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_name, N_("train, val, test (default) or all"), N_("SPLIT") },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Writes a PDF study report: dataset summary, the model and its "
                               "training curves, metrics, confusion matrix and ROC curve on "
                               "the split, Grad-CAM examples per class, and the comparison "
                               "with a HOG + logistic regression baseline. Images are named "
                               "by catalog id only."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (catalog_path == NULL || model_arg == NULL || out == NULL)
    {
      g_printerr (_("%s: --catalog, --model and --out are required (see --help)\n"),
                  g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (split_name == NULL)
    split_name = g_strdup ("test");
  if (!sl_cli_parse_split (split_name, &split))
    return SL_CLI_EXIT_FAILED;

  catalog = sl_catalog_open (catalog_path, &error);
  if (catalog != NULL)
    {
      g_autoptr(SlJob) job = NULL;

      resolve_model (catalog, model_arg, &model_id, &model_file);
      g_clear_object (&catalog);
      job = sl_report_job_new (catalog_path, model_file != NULL ? 0 : model_id, model_file, split,
                               out);
      if (sl_job_run (job, &error))
        {
          g_print (_("report written to %s\n"), out);
          return SL_CLI_EXIT_OK;
        }
    }
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return SL_CLI_EXIT_FAILED;
}

int
sl_cli_baseline (int    argc,
                 char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *split_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = NULL;
  const SlBaselineInfo *info;
  gboolean json = FALSE;
  SlSplit split;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"), N_("CAT") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_name, N_("train, val, test (default) or all"), N_("SPLIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Trains the classical baseline (HOG features and a logistic "
                               "regression whose penalty is picked on the val split) on the "
                               "labelled train split and prints the same metrics as "
                               "evaluate."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (catalog_path == NULL)
    {
      g_printerr (_("%s: --catalog is required (see --help)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (split_name == NULL)
    split_name = g_strdup ("test");
  if (!sl_cli_parse_split (split_name, &split))
    return SL_CLI_EXIT_FAILED;

  job = sl_baseline_job_new (catalog_path, split);
  if (!sl_job_run (job, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  info = sl_baseline_job_get_info (job);
  if (!json)
    g_print (_("HOG (%d features at %d × %d) + logistic regression, L2 %g picked on val "
               "(accuracy %.4f); %d train images, %.1f s\n"),
             info->n_features, info->side, info->side, info->l2, info->val_accuracy,
             info->n_train, info->seconds);
  sl_cli_print_evaluation (sl_baseline_job_get_evaluation (job), split_name, json);
  return SL_CLI_EXIT_OK;
}

static SlEvaluation *
evaluate_for_export (SlCatalog     *catalog,
                     const char    *model_arg,
                     gboolean       baseline,
                     SlSplit        split,
                     GError       **error)
{
  g_autoptr(SlModel) model = NULL;
  const char *model_file;
  gint64 model_id;

  if (baseline)
    return sl_baseline_evaluate (catalog, NULL, 0, split, NULL, NULL, error);
  resolve_model (catalog, model_arg, &model_id, &model_file);
  model = model_file != NULL ? sl_model_load_file (model_file, error)
                             : sl_model_load_from_catalog (catalog, model_id, error);
  if (model == NULL)
    return NULL;
  return sl_evaluate_model (catalog, model, split, NULL, error);
}

int
sl_cli_export_results (int    argc,
                       char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *model_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *what = NULL;
  g_autofree char *format = NULL;
  g_autofree char *split_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlEvaluation) evaluation = NULL;
  gboolean baseline = FALSE, by_split = FALSE, json, ok = FALSE;
  SlSplit split = SL_SPLIT_NONE;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"), N_("CAT") },
    { "what", 'w', 0, G_OPTION_ARG_STRING, &what, N_("predictions, metrics, labels-csv, labels-png or model"), N_("WHAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The file (predictions, metrics, labels-csv) or folder (labels-png, model) to write"), N_("PATH") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg, N_("A model checkpoint file, or a model id in the catalog"), N_("MODEL") },
    { "baseline", 0, 0, G_OPTION_ARG_NONE, &baseline, N_("Predictions or metrics of the HOG baseline instead of a model"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("csv (default) or json, for predictions and metrics"), N_("FORMAT") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_name, N_("train, val, test or all (default: test for predictions, metrics and model; all for labels)"), N_("SPLIT") },
    { "by-split", 0, 0, G_OPTION_ARG_NONE, &by_split, N_("labels-png: OUT/SPLIT/CLASS/ID.png instead of OUT/CLASS/ID.png"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Exports results in forms other tools read: predictions and "
                               "metrics (CSV or JSON), labels as CSV or as a folder of PNG "
                               "images per class, or a model's checkpoint with a model card. "
                               "Images are named by catalog id only."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (catalog_path == NULL || what == NULL || out == NULL)
    {
      g_printerr (_("%s: --catalog, --what and --out are required (see --help)\n"),
                  g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (format == NULL)
    format = g_strdup ("csv");
  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_printerr (_("%s: unknown format “%s” (csv or json)\n"), g_get_prgname (), format);
      return SL_CLI_EXIT_FAILED;
    }
  json = g_strcmp0 (format, "json") == 0;
  if (split_name == NULL)
    split_name = g_strdup (g_str_has_prefix (what, "labels") ? "all" : "test");
  if (!sl_cli_parse_split (split_name, &split))
    return SL_CLI_EXIT_FAILED;

  catalog = sl_catalog_open (catalog_path, &error);
  if (catalog == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }

  if (g_strcmp0 (what, "predictions") == 0 || g_strcmp0 (what, "metrics") == 0
      || g_strcmp0 (what, "model") == 0)
    {
      gboolean for_model = g_strcmp0 (what, "model") == 0;

      if (model_arg == NULL && (for_model || !baseline))
        {
          if (for_model)
            g_printerr (_("%s: --what model needs --model\n"), g_get_prgname ());
          else
            g_printerr (_("%s: --what %s needs --model or --baseline\n"), g_get_prgname (),
                        what);
          return SL_CLI_EXIT_FAILED;
        }
      evaluation = evaluate_for_export (catalog, model_arg, baseline && !for_model, split,
                                        &error);
      if (evaluation == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return SL_CLI_EXIT_FAILED;
        }
    }

  if (g_strcmp0 (what, "predictions") == 0)
    ok = json ? sl_export_predictions_json (evaluation, split, out, &error)
              : sl_export_predictions_csv (evaluation, split, out, &error);
  else if (g_strcmp0 (what, "metrics") == 0)
    ok = json ? sl_export_metrics_json (evaluation, out, &error)
              : sl_export_metrics_csv (evaluation, out, &error);
  else if (g_strcmp0 (what, "labels-csv") == 0)
    ok = sl_export_labels_csv (catalog, out, &error);
  else if (g_strcmp0 (what, "labels-png") == 0)
    {
      guint written = 0;

      ok = sl_export_labels_png (catalog, out, split, by_split, &written, NULL, &error);
      if (ok)
        g_print (_("%u images written below %s\n"), written, out);
    }
  else if (g_strcmp0 (what, "model") == 0)
    {
      const char *model_file;
      gint64 model_id;

      resolve_model (catalog, model_arg, &model_id, &model_file);
      if (model_id == 0)
        {
          g_printerr (_("%s: the model must be stored in the catalog (give its id, or a "
                        "checkpoint file written by train)\n"), g_get_prgname ());
          return SL_CLI_EXIT_FAILED;
        }
      ok = sl_export_model (catalog, model_id, evaluation, split, out, &error);
    }
  else
    {
      g_printerr (_("%s: unknown --what “%s” (predictions, metrics, labels-csv, labels-png or "
                    "model)\n"), g_get_prgname (), what);
      return SL_CLI_EXIT_FAILED;
    }

  if (!ok)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if (g_strcmp0 (what, "labels-png") != 0)
    g_print (_("%s written to %s\n"), what, out);
  return SL_CLI_EXIT_OK;
}
