/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The results subcommands of sightline-cli: the PDF report, the classical baseline and the
 * exports of predictions, metrics, labels and models. Each returns the process exit status. */
int sl_cli_report         (int argc, char **argv);
int sl_cli_baseline       (int argc, char **argv);
int sl_cli_export_results (int argc, char **argv);
