/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of every sightline-cli subcommand. */
enum
{
  SL_CLI_EXIT_OK = 0,
  SL_CLI_EXIT_FAILED = 1,    /* fatal error, bad usage */
  SL_CLI_EXIT_SKIPPED = 3,   /* import finished but skipped some files */
};

/* One subcommand: argv[0] is the subcommand's name, the rest its arguments. Returns the exit
 * status. Subcommands are listed in the commands[] table in sl-cli.c. */
typedef struct
{
  const char *name;
  const char *summary;   /* N_() marked, one line */
  int (*run) (int argc, char **argv);
} SlCliCommand;

/* Appends value as a JSON string literal (quotes included). */
void sl_cli_json_append_string (GString    *out,
                                const char *value);

G_END_DECLS
