/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-check.h"

#include <glib/gi18n.h>

#include "sl-catalog.h"
#include "sl-cli.h"

int
sl_cli_check (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Runs SQLite's integrity check on the catalog, then Sightline's "
                               "own invariants (references between labels, classes, images, "
                               "splits, models and predictions; current labels; pixel data "
                               "sizes). Prints “ok”, or one problem a line.\n\nExit status: 0 "
                               "when the catalog is healthy, 1 when the check cannot run, 4 "
                               "when it found problems."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if ((problems = sl_catalog_check (catalog, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if (problems->len == 0)
    {
      g_print (_("%s: ok\n"), catalog_path);
      return SL_CLI_EXIT_OK;
    }
  g_printerr (ngettext ("%s: %u problem:\n", "%s: %u problems:\n", problems->len),
              catalog_path, problems->len);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("  %s\n", (const char *) g_ptr_array_index (problems, i));
  return SL_CLI_EXIT_PROBLEMS;
}

int
sl_cli_backup (int    argc,
               char **argv)
{
  g_autofree char *catalog_path = NULL, *out = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the copy here"), N_("FILE") },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Writes a consistent copy of the catalog (SQLite's online "
                               "backup): the window, imports and training may go on using the "
                               "catalog meanwhile."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (out == NULL)
    {
      g_printerr (_("%s: --out is required (see --help)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if (!sl_catalog_backup (catalog, out, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  g_print (_("%s: backed up to %s\n"), catalog_path, out);
  return SL_CLI_EXIT_OK;
}
