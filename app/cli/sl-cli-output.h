/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-evaluate.h"

G_BEGIN_DECLS

/* Prints an evaluation the way evaluate and baseline do: a table (split names the split), or
 * with json the one-line object of sl_evaluation_to_json (). */
void sl_cli_print_evaluation (const SlEvaluation *evaluation,
                              const char         *split,
                              gboolean            json);

G_END_DECLS
