/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The zh_CN catalog is complete and current, every file with translatable strings is in
 * po/POTFILES.in, and the built sightline-cli speaks Chinese under LANGUAGE=zh_CN. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "sl-test-util.h"

static char *tmp_dir;

static const char *
source_root (void)
{
  const char *root = g_getenv ("SL_SOURCE_ROOT");

  g_assert_nonnull (root);
  return root;
}

static char *
source_path (const char *relative)
{
  return g_build_filename (source_root (), relative, NULL);
}

/* Runs argv with envp (NULL: inherit); returns the exit status, output in the out params. */
static int
run (const char * const *argv,
     char              **envp,
     char              **out,
     char              **err)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

/* The template extracted from today's sources, with the keywords and format flags of meson's
 * i18n 'glib' preset (what `sightline-pot` uses); xgettext's complaints go to *warnings. */
static const char *
current_template (char **warnings)
{
  static char *pot;
  static char *complaints;

  if (pot == NULL)
    {
      g_autofree char *potfiles = source_path ("po/POTFILES.in");
      g_autofree char *out = NULL;
      char *path = g_build_filename (tmp_dir, "sightline.pot", NULL);
      const char *argv[] = {
        SL_XGETTEXT, "--package-name=sightline", "-f", potfiles, "-D", source_root (), "-o", path,
        "--from-code=UTF-8", "--add-comments", "-k_", "--keyword=N_", "--keyword=C_:1c,2",
        "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
        "--keyword=g_dpgettext2:2c,3", "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
        "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
        "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
        "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
        "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
        "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
        "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format", NULL,
      };

      g_assert_cmpint (run (argv, NULL, &out, &complaints), ==, 0);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      pot = path;
    }
  *warnings = complaints;
  return pot;
}

static void
test_catalog_complete (void)
{
  g_autofree char *po = source_path ("po/zh_CN.po");
  g_autofree char *mo = g_build_filename (tmp_dir, "zh_CN.mo", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { SL_MSGFMT, "--check", "--statistics", "-o", mo, po, NULL };
  int status = run (argv, NULL, &out, &err);

  g_test_message ("msgfmt: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, " translated message"));
  g_assert_null (strstr (err, "untranslated"));
  g_assert_null (strstr (err, "fuzzy"));
}

/* Catches msgids xgettext cannot read whole, such as `_("id %" G_GINT64_FORMAT)`: the runtime
 * string never matches the extracted one, so it stays English. Use PRId64 from <inttypes.h>,
 * which gettext understands, or format the number outside the translatable string. */
static void
test_msgids_well_formed (void)
{
  char *warnings = NULL;

  current_template (&warnings);
  if (warnings != NULL && *warnings != '\0')
    g_test_message ("xgettext:\n%s", warnings);
  g_assert_true (warnings != NULL && *warnings == '\0');
}

static void
test_catalog_current (void)
{
  char *warnings = NULL;
  const char *pot = current_template (&warnings);
  g_autofree char *po = source_path ("po/zh_CN.po");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { SL_MSGCMP, po, pot, NULL };
  int status = run (argv, NULL, &out, &err);

  if (status != 0)
    g_test_message ("strings without a zh_CN translation (run `meson compile sightline-update-po` "
                    "and translate them):\n%s", err);
  g_assert_cmpint (status, ==, 0);
}

static gboolean
has_translatable_strings (const char *path)
{
  static const char *const functions[] = { "_", "N_", "C_", "NC_", "Q_", "g_dcgettext",
                                           "g_dngettext", "g_dpgettext2" };
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  if (g_str_has_suffix (path, ".ui"))
    return strstr (text, "translatable=\"yes\"") != NULL;
  for (const char *p = strchr (text, '('); p != NULL; p = strchr (p + 1, '('))
    {
      const char *end = p, *start;

      while (end > text && end[-1] == ' ')
        end--;
      start = end;
      while (start > text && (g_ascii_isalnum (start[-1]) || start[-1] == '_'))
        start--;
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        if ((size_t) (end - start) == strlen (functions[i])
            && strncmp (start, functions[i], end - start) == 0)
          {
            const char *arg = p + 1;

            while (*arg == ' ')
              arg++;
            if (*arg == '"' || g_str_has_prefix (functions[i], "g_d"))
              return TRUE;
          }
    }
  return FALSE;
}

/* Collects source and .ui files below dir (relative to the source root) that have translatable
 * strings; skips build trees, hidden folders, po/, tests/ and bench/. */
static void
collect_translatable (const char *relative,
                      GPtrArray  *found)
{
  g_autofree char *dir_path = source_path (relative);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *relative != '\0' ? g_build_filename (relative, name, NULL)
                                                 : g_strdup (name);
      g_autofree char *path = source_path (child);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (name[0] != '.' && !g_str_has_prefix (name, "build") && strcmp (child, "po") != 0
              && strcmp (child, "tests") != 0 && strcmp (child, "bench") != 0)
            collect_translatable (child, found);
        }
      else if ((g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".h")
                || g_str_has_suffix (name, ".cpp") || g_str_has_suffix (name, ".ui"))
               && has_translatable_strings (path))
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

static void
test_potfiles_complete (void)
{
  g_autofree char *potfiles = source_path ("po/POTFILES.in");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  guint missing = 0;

  g_assert_true (g_file_get_contents (potfiles, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      path = source_path (lines[i]);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_test_message ("POTFILES.in lists a missing file: %s", lines[i]);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_hash_table_add (listed, lines[i]);
    }

  collect_translatable ("", found);
  g_assert_cmpuint (found->len, >, 10);
  for (guint i = 0; i < found->len; i++)
    if (!g_hash_table_contains (listed, found->pdata[i]))
      {
        g_test_message ("has translatable strings but is not in po/POTFILES.in: %s",
                        (char *) found->pdata[i]);
        missing++;
      }
  g_assert_cmpuint (missing, ==, 0);
}

/* The CLI's output under the given LANGUAGE (NULL: unset) and SIGHTLINE_LOCALEDIR (NULL:
 * unset, so the build tree's po/ is found). */
static char *
cli_output (const char *language,
            const char *locale_dir,
            const char *command)
{
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { SL_CLI_PATH, command != NULL ? command : "--help", "--help", NULL };
  g_autofree char *err = NULL;
  char *out = NULL;

  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = language != NULL ? g_environ_setenv (env, "LANGUAGE", language, TRUE)
                         : g_environ_unsetenv (env, "LANGUAGE");
  env = locale_dir != NULL ? g_environ_setenv (env, "SIGHTLINE_LOCALEDIR", locale_dir, TRUE)
                           : g_environ_unsetenv (env, "SIGHTLINE_LOCALEDIR");
  if (command == NULL)
    argv[2] = NULL;
  g_assert_cmpint (run (argv, env, &out, &err), ==, 0);
  return out;
}

static void
test_cli_chinese (void)
{
  g_autofree char *usage = cli_output ("zh_CN", NULL, NULL);
  g_autofree char *evaluate = cli_output ("zh_CN", NULL, "evaluate");
  g_autofree char *english = cli_output (NULL, NULL, NULL);

  g_test_message ("%s%s", usage, evaluate);
  g_assert_true (has_cjk (usage));
  g_assert_null (strstr (usage, "Commands:"));
  g_assert_nonnull (strstr (usage, "evaluate"));
  g_assert_true (has_cjk (evaluate));
  g_assert_null (strstr (evaluate, "Evaluates a model"));
  g_assert_nonnull (strstr (evaluate, "--catalog"));

  g_assert_false (has_cjk (english));
  g_assert_nonnull (strstr (english, "Commands:"));
}

/* SIGHTLINE_LOCALEDIR wins over the installed and build-tree catalogs. */
static void
test_cli_locale_dir_override (void)
{
  g_autofree char *empty = g_build_filename (tmp_dir, "no-translations", NULL);
  g_autofree char *usage = NULL;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  usage = cli_output ("zh_CN", empty, NULL);
  g_assert_false (has_cjk (usage));
  g_assert_nonnull (strstr (usage, "Commands:"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = sl_test_tmp_dir_new ();

  g_test_add_func ("/sightline/i18n/catalog-complete", test_catalog_complete);
  g_test_add_func ("/sightline/i18n/msgids-well-formed", test_msgids_well_formed);
  g_test_add_func ("/sightline/i18n/catalog-current", test_catalog_current);
  g_test_add_func ("/sightline/i18n/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/sightline/i18n/cli-chinese", test_cli_chinese);
  g_test_add_func ("/sightline/i18n/cli-locale-dir-override", test_cli_locale_dir_override);
  status = g_test_run ();
  sl_test_tmp_dir_free (tmp_dir);
  return status;
}
