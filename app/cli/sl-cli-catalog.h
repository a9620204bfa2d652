/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The catalog subcommands of sightline-cli. Each returns the process exit status. */
int sl_cli_import  (int argc, char **argv);
int sl_cli_stats   (int argc, char **argv);
int sl_cli_split   (int argc, char **argv);
int sl_cli_label   (int argc, char **argv);
int sl_cli_history (int argc, char **argv);
int sl_cli_export  (int argc, char **argv);
