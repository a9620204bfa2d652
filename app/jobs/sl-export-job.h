/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  SL_EXPORT_PREDICTIONS_CSV,
  SL_EXPORT_PREDICTIONS_JSON,
  SL_EXPORT_LABELS_CSV,
  SL_EXPORT_LABELS_PNG,
  SL_EXPORT_MODEL,
} SlExportKind;

/* TRUE when that kind exports a model's results (it needs model_id). */
gboolean sl_export_kind_needs_model (SlExportKind kind);

/* One export of sl-results-export.h on a worker thread with its own catalog connection: the
 * predictions or the model card use the model's evaluation on split; labels-png writes every
 * labelled image under target/<split>/<class>/. */
void     sl_export_job_run_async    (SlExportKind         kind,
                                     const char          *catalog_path,
                                     gint64               model_id,
                                     SlSplit              split,
                                     const char          *target,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* n_written (may be NULL): the number of images a labels-png export wrote. */
gboolean sl_export_job_run_finish   (GAsyncResult        *result,
                                     guint               *n_written,
                                     GError             **error);

G_END_DECLS
