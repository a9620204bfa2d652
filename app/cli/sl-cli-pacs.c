/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-pacs.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sl-cli.h"
#include "sl-json.h"
#include "sl-pacs-import.h"

#define PASSWORD_ENV "SIGHTLINE_PACS_PASSWORD"
#define TOKEN_ENV "SIGHTLINE_PACS_TOKEN"

void
sl_cli_pacs_auth_clear (SlCliPacsAuth *auth)
{
  g_clear_pointer (&auth->user, g_free);
  g_clear_pointer (&auth->password_file, g_free);
  g_clear_pointer (&auth->token_file, g_free);
}

/* The first line of a file, or NULL with a message. */
static char *
read_secret (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return NULL;
    }
  contents[strcspn (contents, "\r\n")] = '\0';
  if (contents[0] == '\0')
    {
      g_printerr (_("%s: %s: the first line is empty\n"), g_get_prgname (), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static void
forget (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

SlDicomweb *
sl_cli_pacs_connect (const char    *url,
                     SlCliPacsAuth *auth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  char *secret = NULL;

  if (url == NULL)
    {
      g_printerr (_("%s: --url is required (see --help)\n"), g_get_prgname ());
      return NULL;
    }
  if ((web = sl_dicomweb_new (url, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return NULL;
    }
  if (auth->user != NULL)
    {
      if (auth->password_file != NULL)
        secret = read_secret (auth->password_file);
      else if (g_getenv (PASSWORD_ENV) != NULL)
        secret = g_strdup (g_getenv (PASSWORD_ENV));
      else
        g_printerr (_("%s: --user needs a password in $SIGHTLINE_PACS_PASSWORD or "
                      "--password-file\n"), g_get_prgname ());
      if (secret == NULL)
        return NULL;
      sl_dicomweb_set_basic_auth (web, auth->user, secret);
    }
  else if (auth->token_file != NULL || g_getenv (TOKEN_ENV) != NULL)
    {
      secret = auth->token_file != NULL ? read_secret (auth->token_file)
                                        : g_strdup (g_getenv (TOKEN_ENV));
      if (secret == NULL)
        return NULL;
      sl_dicomweb_set_bearer (web, secret);
    }
  forget (secret);
  return g_steal_pointer (&web);
}

/* TRUE when --since is absent or a real date as YYYYMMDD; otherwise FALSE after a message. */
static gboolean
check_since (const char *since)
{
  g_autoptr(GDateTime) parsed = NULL;
  int y, m, d;

  if (since == NULL)
    return TRUE;
  if (strlen (since) == 8 && strspn (since, "0123456789") == 8
      && sscanf (since, "%4d%2d%2d", &y, &m, &d) == 3)
    parsed = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (parsed == NULL)
    g_printerr (_("%s: --since wants a date as YYYYMMDD, not “%s”\n"), g_get_prgname (), since);
  return parsed != NULL;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
print_studies_json (GPtrArray *studies)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < studies->len; i++)
    {
      SlDicomwebItem *study = g_ptr_array_index (studies, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "study_uid", study->study_uid);
      add_string_member (builder, "date", study->date);
      add_string_member (builder, "modalities", study->modality);
      add_string_member (builder, "description", study->description);
      json_builder_set_member_name (builder, "instances");
      json_builder_add_int_value (builder, study->n_instances);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  text = sl_json_builder_text (builder, FALSE);
  printf ("%s\n", text);
}

static void
print_studies (GPtrArray *studies,
               gboolean   json)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json)
    {
      print_studies_json (studies);
      return;
    }
  for (guint i = 0; i < studies->len; i++)
    {
      SlDicomwebItem *study = g_ptr_array_index (studies, i);

      g_string_append_printf (out, "%s  %-8s  %-10s  %4d  %s\n", study->study_uid,
                              study->date != NULL ? study->date : "-",
                              study->modality != NULL ? study->modality : "-",
                              study->n_instances,
                              study->description != NULL ? study->description : "");
    }
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u study\n", "%u studies\n",
                                            studies->len), studies->len);
  fputs (out->str, stdout);
}

static int
pacs_query (int    argc,
            char **argv)
{
  g_autofree char *url = NULL, *modality = NULL, *since = NULL, *description = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlCliPacsAuth) auth = { 0 };
  SlDicomwebQuery query = { 0 };
  gboolean json = FALSE, ok;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The PACS's DICOMweb root, e.g. http://pacs:8042/dicom-web"), N_("URL") },
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality,
      N_("Only studies with this modality (CT, MR, CR…)"), N_("M") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("Only studies of this date or later"), N_("YYYYMMDD") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_("Only studies whose description contains this text"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the studies as JSON"), NULL },
    SL_CLI_PACS_AUTH_ENTRIES (&auth),
    { NULL }
  };

  ok = sl_cli_parse_options (NULL,
                             _("Lists the studies of a PACS (QIDO-RS): study UID, date, "
                             "modalities, number of instances, description. Nothing is "
                             "stored."),
                             entries, &argc, &argv);
  if (ok && check_since (since))
    web = sl_cli_pacs_connect (url, &auth);
  if (web == NULL)
    return SL_CLI_EXIT_FAILED;

  query.modality = modality;
  query.date_from = since;
  query.description = description;
  studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &query, NULL, &error);
  if (studies == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  print_studies (studies, json);
  return SL_CLI_EXIT_OK;
}

static void
print_notice (SlImportNotice  kind,
              const char     *message,
              gpointer        user_data)
{
  g_printerr ("%s\n", message);
}

static int
pacs_import (int    argc,
             char **argv)
{
  g_autofree char *url = NULL, *catalog_path = NULL, *modality = NULL, *since = NULL;
  g_auto(GStrv) studies = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlCliPacsAuth) auth = { 0 };
  SlPacsImportRequest request = { 0 };
  SlImportStats stats = { 0 };
  gboolean ok;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("The catalog file (created when absent)"), N_("CAT") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The PACS's DICOMweb root, e.g. http://pacs:8042/dicom-web"), N_("URL") },
    { "study", 0, 0, G_OPTION_ARG_STRING_ARRAY, &studies,
      N_("Import this study (repeatable; default: every study that matches)"), N_("UID") },
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality,
      N_("Only instances of this modality"), N_("M") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("Only studies of this date or later"), N_("YYYYMMDD") },
    SL_CLI_PACS_AUTH_ENTRIES (&auth),
    { NULL }
  };

  ok = sl_cli_parse_options (NULL,
                             _("Retrieves studies from a PACS (WADO-RS) and imports them like "
                             "files: decoded, de-identified, duplicates found by their "
                             "pixels. Instances imported before are not retrieved again. "
                             "Prints “imported N, duplicates D, skipped S”.\n\n"
                             "Exit status: 0 when nothing was skipped, 3 when some "
                             "instances were skipped, 1 on a fatal error."),
                             entries, &argc, &argv);
  if (ok && catalog_path == NULL)
    {
      g_printerr (_("%s: --catalog is required (see --help)\n"), g_get_prgname ());
      ok = FALSE;
    }
  if (ok && check_since (since))
    web = sl_cli_pacs_connect (url, &auth);
  if (web == NULL)
    return SL_CLI_EXIT_FAILED;
  if ((catalog = sl_catalog_open (catalog_path, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }

  request.study_uids = (const char * const *) studies;
  request.modality = modality;
  request.since = since;
  if (!sl_pacs_import (catalog, web, &request, &stats, print_notice, NULL, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  g_print (_("imported %u, duplicates %u, skipped %u\n"),
           stats.imported, stats.duplicates, stats.skipped);
  return stats.skipped > 0 ? SL_CLI_EXIT_SKIPPED : SL_CLI_EXIT_OK;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: sightline-cli pacs query|import [OPTION…]\n\n"
             "  query    List the studies of a PACS\n"
             "  import   Import studies from a PACS into a catalog\n\n"
             "Run “sightline-cli pacs query --help” for a command's options.\n"));
}

int
sl_cli_pacs (int    argc,
             char **argv)
{
  g_autofree char *prgname = NULL;

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? SL_CLI_EXIT_FAILED : SL_CLI_EXIT_OK;
    }
  prgname = g_strdup_printf ("sightline-cli pacs %s", argv[1]);
  if (strcmp (argv[1], "query") == 0)
    {
      g_set_prgname (prgname);
      return pacs_query (argc - 1, argv + 1);
    }
  if (strcmp (argv[1], "import") == 0)
    {
      g_set_prgname (prgname);
      return pacs_import (argc - 1, argv + 1);
    }
  g_printerr (_("sightline-cli pacs: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return SL_CLI_EXIT_FAILED;
}
