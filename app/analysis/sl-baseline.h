/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-evaluate.h"

G_BEGIN_DECLS

/* The classical baseline: HOG features of the gray model input (sl-model-input.h) and a
 * multinomial logistic regression fitted on the labelled train split; its L2 penalty is picked
 * on the val split by sl_linear_train_select (ml/sl-linear.h: the one rule), then evaluated
 * like a CNN (SlEvaluation). */

typedef struct
{
  int side;               /* images resized to side × side before HOG */
  int cell_size;
  int block_size;
  int bins;
  int n_features;
  int n_train;
  int n_val;
  double l2;              /* the penalty picked on val */
  double val_accuracy;    /* at that penalty */
  double val_auc;
  double seconds;         /* features, fits and evaluation */
} SlBaselineInfo;

/* class_names: the classes in the order of the result (NULL = the catalog's classes); side 0 =
 * chosen from the data as training does (median shorter side), at most 64. info may be NULL. */
SlEvaluation *sl_baseline_evaluate (SlCatalog          *catalog,
                                    const char * const *class_names,
                                    int                 side,
                                    SlSplit             split,
                                    SlBaselineInfo     *info,
                                    GCancellable       *cancellable,
                                    GError            **error);
/* The same on a catalog file, opening its own connection (for worker threads). */
SlEvaluation *sl_baseline_run      (const char         *catalog_path,
                                    SlSplit             split,
                                    SlBaselineInfo     *info,
                                    GCancellable       *cancellable,
                                    GError            **error);

G_END_DECLS
