/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-i18n.h"

#include <glib/gi18n.h>
#include <locale.h>

static const char *
locale_dir (void)
{
  const char *env = g_getenv ("SIGHTLINE_LOCALEDIR");
  const char *const *languages = g_get_language_names ();

  if (env != NULL && *env != '\0')
    return env;
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *mo = g_build_filename (LOCALEDIR, languages[i], "LC_MESSAGES",
                                              GETTEXT_PACKAGE ".mo", NULL);

      if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return LOCALEDIR;
    }
  return SL_BUILD_LOCALEDIR;
}

void
sl_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
