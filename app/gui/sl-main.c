/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlApplication) app = NULL;

  sl_i18n_init ();

  g_set_application_name (_("Sightline"));
  app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
