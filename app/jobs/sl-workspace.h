/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-change-job.h"
#include "sl-job.h"
#include "sl-model.h"
#include "sl-retrainer.h"

G_BEGIN_DECLS

/* What a window shows, without GTK: the open catalog, the model whose predictions are shown,
 * the annotator stored with labels, the label undo/redo history, the running jobs, and the
 * retrainer that trains again in the background after every N labels (sl-retrainer.h).
 * Properties: catalog, model-id, annotator, can-undo, can-redo. Whoever starts a job handles
 * its outcome through SlJob::completed. */

#define SL_TYPE_WORKSPACE (sl_workspace_get_type ())
G_DECLARE_FINAL_TYPE (SlWorkspace, sl_workspace, SL, WORKSPACE, GObject)

SlWorkspace *sl_workspace_new           (void);

/* Opens (or creates) a catalog in place of the current one; the model and the history go. */
gboolean     sl_workspace_open_catalog  (SlWorkspace  *self,
                                         const char   *path,
                                         GError      **error);
SlCatalog   *sl_workspace_get_catalog   (SlWorkspace  *self);

gint64       sl_workspace_get_model_id  (SlWorkspace  *self);
SlModel     *sl_workspace_get_model     (SlWorkspace  *self);
/* Takes model (NULL with model_id 0: no model). */
void         sl_workspace_set_model     (SlWorkspace  *self,
                                         gint64        model_id,
                                         SlModel      *model);
/* Loads a stored model as a job and makes it the current one when it arrives (unless another
 * catalog was opened meanwhile). The job is returned for its ::completed. */
SlJob       *sl_workspace_load_model    (SlWorkspace  *self,
                                         gint64        model_id);

const char  *sl_workspace_get_annotator (SlWorkspace  *self);
void         sl_workspace_set_annotator (SlWorkspace  *self,
                                         const char   *annotator);

/* Stores a label by the annotator at once and records it for undo (the redo list is cleared).
 * Not while a change job runs (sl_workspace_is_changing()). */
gboolean     sl_workspace_label         (SlWorkspace  *self,
                                         gint64        image_id,
                                         gint64        class_id,
                                         SlLabelSource source,
                                         GError      **error);

/* Changes of many images are SlChangeJobs (sl-change-job.h), returned not yet started: the
 * caller runs each at once, on a worker with sl_workspace_run_job() (the window stays
 * responsive; labels-changed follows the commit) or on its own thread with sl_job_run(). When
 * one succeeds the history follows: a new change becomes one undo step (the redo list is
 * cleared), an undo or redo moves its step. Until it completed, sl_workspace_is_changing() is
 * TRUE and no other change may start. */
/* class_id 0 clears; images whose labels are already class_id are left out. */
SlJob       *sl_workspace_label_images  (SlWorkspace   *self,
                                         const gint64  *image_ids,
                                         guint          n,
                                         gint64         class_id,
                                         SlLabelSource  source);
/* SL_SPLIT_NONE: out of any split. */
SlJob       *sl_workspace_set_splits    (SlWorkspace   *self,
                                         const gint64  *image_ids,
                                         guint          n,
                                         SlSplit        split);
/* Stores, as new history rows, the labels (or splits) before (undo) or after (redo) the newest
 * step; NULL when there is none. Undo and redo are stored as the annotator's own choice
 * (SL_LABEL_SOURCE_HUMAN). */
SlJob       *sl_workspace_undo          (SlWorkspace  *self);
SlJob       *sl_workspace_redo          (SlWorkspace  *self);
gboolean     sl_workspace_is_changing   (SlWorkspace  *self);
gboolean     sl_workspace_can_undo      (SlWorkspace  *self);
SlRetrainer *sl_workspace_get_retrainer (SlWorkspace  *self);
gboolean     sl_workspace_can_redo      (SlWorkspace  *self);

/* The running jobs (SlJob), oldest first. */
GListModel  *sl_workspace_get_jobs      (SlWorkspace  *self);
/* Adds job to the list, runs it, and removes it once ::completed was emitted. */
void         sl_workspace_run_job       (SlWorkspace  *self,
                                         SlJob        *job);
gboolean     sl_workspace_is_busy       (SlWorkspace  *self);
void         sl_workspace_cancel_jobs   (SlWorkspace  *self);

G_END_DECLS
