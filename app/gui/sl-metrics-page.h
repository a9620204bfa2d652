/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-class-table.h"
#include "sl-workspace.h"

G_BEGIN_DECLS

/* A model's metrics on a split: confusion matrix, ROC, per-class table, accuracy and AUC,
 * computed by an evaluate job in the workspace's jobs. Signal "cell-activated" (gint64 true_class_id,
 * gint64 predicted_class_id, gint split) when a matrix cell is clicked; a button writes the
 * PDF report. */

#define SL_TYPE_METRICS_PAGE (sl_metrics_page_get_type ())
G_DECLARE_FINAL_TYPE (SlMetricsPage, sl_metrics_page, SL, METRICS_PAGE, GtkWidget)

/* The workspace the evaluation and report jobs run in (its jobs list). */
void     sl_metrics_page_set_workspace (SlMetricsPage *self,
                                        SlWorkspace   *workspace);
void     sl_metrics_page_set_context (SlMetricsPage *self,
                                      SlCatalog     *catalog,
                                      gint64         model_id,
                                      SlClassTable  *classes);
gint64   sl_metrics_page_get_model_id (SlMetricsPage *self);
SlSplit  sl_metrics_page_get_split   (SlMetricsPage *self);
void     sl_metrics_page_set_split   (SlMetricsPage *self,
                                      SlSplit        split);
/* Re-runs the evaluation for the chosen model and split. */
void     sl_metrics_page_refresh     (SlMetricsPage *self);
/* Writes the PDF report of the chosen model and split in the background (the page shows it is
 * busy, an error in a dialog); FALSE when there is no model or a report is being written.
 * The action "metrics.write-report" (s) does the same, asking for the file when given "". */
gboolean sl_metrics_page_write_report (SlMetricsPage *self,
                                       const char    *path);
gboolean sl_metrics_page_get_writing_report (SlMetricsPage *self);

G_END_DECLS
