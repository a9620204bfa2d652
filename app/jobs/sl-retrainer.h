/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-train-job.h"

G_BEGIN_DECLS

/* Background retraining while readers label. Every label a person stores through the workspace
 * (sl_workspace_label with a class) while a model is current counts; once `every` of them
 * arrived and no training runs, a training job starts in the workspace (listed with the other
 * jobs, cancellable) from the weights of the current model (from scratch when the classes
 * changed since). When
 * it completes the new model is loaded and made current, so the predictions and the label-next
 * order follow it, and ::retrained (model id, warm-started) is emitted (::failed (message) when
 * it stored nothing). Labels stored during a
 * retrain count towards the next one; opening another catalog starts the count again.
 * Properties: every (0 = off), pending (labels counted since the last retrain started). */

#define SL_RETRAIN_EVERY_DEFAULT 100

#define SL_TYPE_RETRAINER (sl_retrainer_get_type ())
G_DECLARE_FINAL_TYPE (SlRetrainer, sl_retrainer, SL, RETRAINER, GObject)

typedef struct _SlWorkspace SlWorkspace;

/* Keeps a weak reference to workspace (which owns the retrainer). */
SlRetrainer *sl_retrainer_new          (SlWorkspace           *workspace);
int          sl_retrainer_get_every    (SlRetrainer           *self);
void         sl_retrainer_set_every    (SlRetrainer           *self,
                                        int                    every);
int          sl_retrainer_get_pending  (SlRetrainer           *self);
/* The training settings of every retrain (architecture for a start from scratch, epochs,
 * seed…); warm_start_model_id and name are set by the retrainer. By default the recipe's,
 * on all cores but one. */
void         sl_retrainer_set_settings (SlRetrainer           *self,
                                        const SlTrainSettings *settings);
/* The running retrain, NULL when none. */
SlTrainJob  *sl_retrainer_get_job      (SlRetrainer           *self);
/* Called by the workspace with the number of labels a person just stored. */
void         sl_retrainer_count_labels (SlRetrainer           *self,
                                        guint                  n);
/* Called by the workspace when another catalog opened. */
void         sl_retrainer_reset        (SlRetrainer           *self);

G_END_DECLS
