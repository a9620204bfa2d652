/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Labelling as a team: several readers, agreement, adjudication, merging, label-next. Each
 * returns the process exit status. */
int sl_cli_agreement  (int argc, char **argv);
int sl_cli_labels     (int argc, char **argv);
int sl_cli_adjudicate (int argc, char **argv);
int sl_cli_settings   (int argc, char **argv);
int sl_cli_merge      (int argc, char **argv);
int sl_cli_next       (int argc, char **argv);
