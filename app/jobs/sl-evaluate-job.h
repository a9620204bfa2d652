/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-evaluate.h"

G_BEGIN_DECLS

/* sl_evaluate() in a worker thread. */
void          sl_evaluate_job_run_async  (const char     *catalog_path,
                                          gint64          model_id,
                                          SlSplit         split,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
SlEvaluation *sl_evaluate_job_run_finish (GAsyncResult   *result,
                                          GError        **error);

G_END_DECLS
