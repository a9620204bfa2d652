/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The catalog maintenance subcommands of sightline-cli. Each returns the process exit status. */
int sl_cli_check  (int argc, char **argv);
int sl_cli_backup (int argc, char **argv);
