/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-job.h"

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

/* One export of sl-results-export.h as a job with its own catalog connection: the predictions
 * or the model card use the model's evaluation on split; labels-png writes every labelled image
 * under target/<split>/<class>/. */
SlJob   *sl_export_job_new           (SlExportKind  kind,
                                      const char   *catalog_path,
                                      gint64        model_id,
                                      SlSplit       split,
                                      const char   *target);
/* The number of images a labels-png export wrote. */
guint    sl_export_job_get_n_written (SlJob        *job);

G_END_DECLS
