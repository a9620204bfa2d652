/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sl-cli-catalog.h"
#include "sl-cli-check.h"
#include "sl-cli-ml.h"
#include "sl-cli-pacs.h"
#include "sl-cli-watch.h"
#include "sl-i18n.h"
#include "sl-cli-report.h"

/* Add a subcommand here (and its file to meson.build). */
static const SlCliCommand commands[] = {
  { "import", N_("Import folders of images (and labels) into a catalog"), sl_cli_import },
  { "stats", N_("Count images per split and class"), sl_cli_stats },
  { "split", N_("Make a stratified train/val/test split"), sl_cli_split },
  { "label", N_("Set or clear the label of an image"), sl_cli_label },
  { "history", N_("Show the label history (audit trail) of an image"), sl_cli_history },
  { "export", N_("Export images, labels and splits as CSV"), sl_cli_export },
  { "train", N_("Train a CNN on the labelled train split"), sl_cli_train },
  { "evaluate", N_("Evaluate a model on a split: accuracy, AUC, per-class metrics"), sl_cli_evaluate },
  { "predict", N_("Predict image files with a model, with Grad-CAM heatmaps"), sl_cli_predict },
  { "report", N_("Write a PDF study report of a model on a split"), sl_cli_report },
  { "baseline", N_("Train and evaluate the HOG + logistic regression baseline"), sl_cli_baseline },
  { "export-results", N_("Export predictions, metrics, labels (CSV, PNG folders) or a model card"), sl_cli_export_results },
  { "pacs", N_("Query a PACS and import studies from it (DICOMweb)"), sl_cli_pacs },
  { "watch", N_("Predict new images as they arrive on a PACS or in a folder"), sl_cli_watch },
  { "check", N_("Check a catalog: SQLite's integrity check and Sightline's invariants"), sl_cli_check },
  { "backup", N_("Copy a catalog consistently while others use it"), sl_cli_backup },
};

gboolean
sl_cli_parse_options (const char    *parameters,
                      const char    *summary,
                      GOptionEntry  *entries,
                      int           *argc,
                      char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_cli_model_id_of (const char *arg,
                    gint64     *model_id)
{
  char *end = NULL;
  gint64 id;

  if (g_file_test (arg, G_FILE_TEST_EXISTS))
    return FALSE;
  id = g_ascii_strtoll (arg, &end, 10);
  if (end == arg || *end != '\0' || id <= 0)
    return FALSE;
  *model_id = id;
  return TRUE;
}

gboolean
sl_cli_parse_split (const char *name,
                    SlSplit    *split)
{
  *split = sl_split_from_string (name);
  if (*split != SL_SPLIT_NONE || g_strcmp0 (name, "all") == 0)
    return TRUE;
  g_printerr (_("%s: unknown split “%s” (train, val, test or all)\n"), g_get_prgname (), name);
  return FALSE;
}

SlCatalog *
sl_cli_open_catalog (const char *path,
                     SlCliOpen   mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;

  if (path == NULL)
    {
      g_printerr (_("%s: --catalog is required (see --help)\n"), g_get_prgname ());
      return NULL;
    }
  if (mode != SL_CLI_OPEN_CREATE && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("%s: no such catalog\n"), path);
      return NULL;
    }
  if ((catalog = sl_catalog_open (path, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  if (mode >= SL_CLI_OPEN_WRITE && sl_catalog_is_read_only (catalog))
    {
      g_printerr (_("%s: the catalog is read-only (no write permission), and “%s” changes it; "
                    "give yourself write permission or work on a copy\n"),
                  path, g_get_prgname ());
      return NULL;
    }
  if ((mode == SL_CLI_OPEN_CHECKED || mode == SL_CLI_OPEN_WRITE)
      && !sl_catalog_require_healthy (catalog, &error))
    {
      g_printerr (_("%s\n%s: refused: nothing was done\n"), error->message, g_get_prgname ());
      return NULL;
    }
  return g_steal_pointer (&catalog);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, _("Usage: sightline-cli COMMAND [OPTION…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-15s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, _("\nRun “sightline-cli COMMAND --help” for a command's options.\n"));
}

int
main (int    argc,
      char **argv)
{
  sl_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return SL_CLI_EXIT_FAILED;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return SL_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("sightline-cli %s\n", PACKAGE_VERSION);
      return SL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("sightline-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, _("sightline-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return SL_CLI_EXIT_FAILED;
}
