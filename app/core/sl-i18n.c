/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-i18n.h"

#include "sl-data-dirs.h"

#include <glib/gi18n.h>
#include <locale.h>

void
sl_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sl_data_dirs_locale ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
