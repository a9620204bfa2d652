/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-workspace.h"
#include "sl-chart.h"

G_BEGIN_DECLS

/* The training panel: architecture preset and spec text, epochs, learning rate, seed; Start
 * runs the train job on a worker thread and plots the losses and accuracies as they come.
 * Start is off, with the reason beside it, while the catalog cannot be trained on; a failed
 * run shows an error banner; a cancelled run offers to keep its best epoch as a model. When no
 * run is shown, the chart holds the stored curves of the workspace's model, which can be
 * renamed here. Property "running". Signal "model-trained" (gint64 model_id) once the job has
 * stored it. */

#define SL_TYPE_TRAIN_PAGE (sl_train_page_get_type ())
G_DECLARE_FINAL_TYPE (SlTrainPage, sl_train_page, SL, TRAIN_PAGE, GtkWidget)

/* The workspace the training job runs in (its jobs list). */
void      sl_train_page_set_workspace (SlTrainPage *self,
                                       SlWorkspace *workspace);
void      sl_train_page_set_catalog (SlTrainPage *self,
                                     SlCatalog   *catalog);
gboolean  sl_train_page_get_running (SlTrainPage *self);
void      sl_train_page_start       (SlTrainPage *self);
void      sl_train_page_cancel      (SlTrainPage *self);
void      sl_train_page_set_epochs  (SlTrainPage *self,
                                     int          epochs);
void      sl_train_page_set_arch    (SlTrainPage *self,
                                     const char  *arch);
SlChart  *sl_train_page_get_chart   (SlTrainPage *self);
/* Checks again whether Start can be pressed (after splits were made elsewhere). */
void        sl_train_page_update_start      (SlTrainPage *self);
/* Why Start is off (the sentence shown beside it), NULL when it is on or a run is going. */
const char *sl_train_page_get_start_blocker (SlTrainPage *self);
/* The error banner's message, NULL when it is hidden. */
const char *sl_train_page_get_error         (SlTrainPage *self);

G_END_DECLS
