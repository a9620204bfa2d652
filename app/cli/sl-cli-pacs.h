/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-dicomweb.h"

G_BEGIN_DECLS

/* Credentials options shared by pacs and watch: --user with the password from
 * $SIGHTLINE_PACS_PASSWORD or --password-file, or a bearer token from $SIGHTLINE_PACS_TOKEN or
 * --token-file. Never from the command line, never printed. */
typedef struct
{
  char *user;
  char *password_file;
  char *token_file;
} SlCliPacsAuth;

void        sl_cli_pacs_auth_add_entries (GOptionContext *context,
                                          SlCliPacsAuth  *auth);
void        sl_cli_pacs_auth_clear       (SlCliPacsAuth  *auth);
/* A client for url with the credentials; on failure prints why and returns NULL. */
SlDicomweb *sl_cli_pacs_connect          (const char     *url,
                                          SlCliPacsAuth  *auth);

int         sl_cli_pacs                  (int             argc,
                                          char          **argv);

G_END_DECLS
