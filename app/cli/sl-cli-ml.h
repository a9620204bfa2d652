/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The machine-learning subcommands of sightline-cli. Each returns the process exit status. */
int sl_cli_train    (int argc, char **argv);
int sl_cli_evaluate (int argc, char **argv);
int sl_cli_predict  (int argc, char **argv);
