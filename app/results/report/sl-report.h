/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* The study report as a PDF (A4): dataset summary, the model and its training curves, metrics
 * on one split (per-class table, confusion matrix, ROC curve), Grad-CAM examples per class,
 * the HOG + logistic regression baseline side by side, intended use and limits. Images are
 * named by catalog id only: no source names, paths or DICOM identifiers.
 *
 * The model is a model of the catalog (model_id) or a checkpoint file (model_file, with
 * model_id 0); a file identical to a catalog model's checkpoint gets that model's training
 * history. Blocking: runs the evaluation and fits the baseline (seconds on the demo set); call
 * it from a worker thread, or use sl-report-job.h. Writes out_pdf only when everything
 * succeeded. */
gboolean sl_report_write        (const char           *catalog_path,
                                 gint64                model_id,
                                 const char           *model_file,
                                 SlSplit               split,
                                 const char           *out_pdf,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
