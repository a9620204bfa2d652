/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Exit statuses of every sightline-cli subcommand. */
enum
{
  SL_CLI_EXIT_OK = 0,
  SL_CLI_EXIT_FAILED = 1,    /* fatal error, bad usage */
  SL_CLI_EXIT_SKIPPED = 3,   /* import finished but skipped some files */
  SL_CLI_EXIT_PROBLEMS = 4,  /* check found problems in the catalog */
};

/* One subcommand: argv[0] is the subcommand's name, the rest its arguments. Returns the exit
 * status. Subcommands are listed in the commands[] table in sl-cli.c. */
typedef struct
{
  const char *name;
  const char *summary;   /* N_() marked, one line */
  int (*run) (int argc, char **argv);
} SlCliCommand;

/* The one way a subcommand parses its options (GOption: --help on every subcommand):
 * parameters (the positional arguments, NULL for none) and summary as --help shows them. On
 * failure prints why and returns FALSE. */
gboolean sl_cli_parse_options (const char      *parameters,
                               const char      *summary,
                               GOptionEntry    *entries,
                               int             *argc,
                               char          ***argv);
/* A MODEL argument names a model of the catalog when it is no existing file but a positive
 * number: then TRUE with *model_id set. */
gboolean sl_cli_model_id_of    (const char      *arg,
                               gint64          *model_id);
/* "train", "val", "test" or "all" (SL_SPLIT_NONE); on anything else prints why, returns FALSE. */
gboolean sl_cli_parse_split   (const char      *name,
                               SlSplit         *split);

typedef enum
{
  SL_CLI_OPEN_READ,      /* an existing catalog, read-only ones included */
  SL_CLI_OPEN_CHECKED,   /* the same, refused when it fails its check (export) */
  SL_CLI_OPEN_WRITE,     /* checked and writable (label, split, train) */
  SL_CLI_OPEN_CREATE,    /* writable, created when absent (import) */
} SlCliOpen;

/* The one way a subcommand opens --catalog; prints why not and returns NULL. */
SlCatalog *sl_cli_open_catalog (const char      *path,
                                SlCliOpen        mode);

G_END_DECLS
