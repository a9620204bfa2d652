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

/* The credentials options, to put in a command's option entries before its terminator. */
#define SL_CLI_PACS_AUTH_ENTRIES(auth) \
  { "user", 'u', 0, G_OPTION_ARG_STRING, &(auth)->user, \
    N_("HTTP basic authentication user; the password comes from $SIGHTLINE_PACS_PASSWORD " \
       "or --password-file"), N_("USER") }, \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &(auth)->password_file, \
    N_("Read the password from the first line of this file"), N_("FILE") }, \
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &(auth)->token_file, \
    N_("Bearer token from the first line of this file (or $SIGHTLINE_PACS_TOKEN)"), N_("FILE") }

void        sl_cli_pacs_auth_clear       (SlCliPacsAuth  *auth);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlCliPacsAuth, sl_cli_pacs_auth_clear)

/* A client for url with the credentials; on failure prints why and returns NULL. */
SlDicomweb *sl_cli_pacs_connect          (const char     *url,
                                          SlCliPacsAuth  *auth);

int         sl_cli_pacs                  (int             argc,
                                          char          **argv);

G_END_DECLS
