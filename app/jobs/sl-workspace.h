/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-job.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* What a window shows, without GTK: the open catalog, the model whose predictions are shown,
 * the annotator stored with labels, the label undo/redo history, and the running jobs.
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

/* Stores a label by the annotator and records it for undo (the redo list is cleared). Undo and
 * redo are stored as the annotator's own choice (SL_LABEL_SOURCE_HUMAN). */
gboolean     sl_workspace_label         (SlWorkspace  *self,
                                         gint64        image_id,
                                         gint64        class_id,
                                         SlLabelSource source,
                                         GError      **error);
/* The same for n images in one transaction, recorded as one undo step (class_id 0 clears). */
gboolean     sl_workspace_label_images  (SlWorkspace   *self,
                                         const gint64  *image_ids,
                                         guint          n,
                                         gint64         class_id,
                                         SlLabelSource  source,
                                         GError       **error);
/* Puts n images in split (SL_SPLIT_NONE: none) in one transaction, one undo step. */
gboolean     sl_workspace_set_splits    (SlWorkspace   *self,
                                         const gint64  *image_ids,
                                         guint          n,
                                         SlSplit        split,
                                         GError       **error);

typedef enum
{
  SL_WORKSPACE_CHANGE_LABELS,
  SL_WORKSPACE_CHANGE_SPLITS,
} SlWorkspaceChangeKind;

/* What an undo or redo step touched. */
typedef struct
{
  SlWorkspaceChangeKind kind;
  gint64 image_id;              /* the first image */
  guint n_images;
} SlWorkspaceChanged;

/* Stores, as new history rows, the labels (or splits) before (undo) or after (redo) the newest
 * step, all its images in one transaction; changed (may be NULL) says what it touched. FALSE
 * with no error when there is nothing. */
gboolean     sl_workspace_undo          (SlWorkspace        *self,
                                         SlWorkspaceChanged *changed,
                                         GError            **error);
gboolean     sl_workspace_redo          (SlWorkspace        *self,
                                         SlWorkspaceChanged *changed,
                                         GError            **error);
gboolean     sl_workspace_can_undo      (SlWorkspace  *self);
gboolean     sl_workspace_can_redo      (SlWorkspace  *self);

/* The running jobs (SlJob), oldest first. */
GListModel  *sl_workspace_get_jobs      (SlWorkspace  *self);
/* Adds job to the list, runs it, and removes it once ::completed was emitted. */
void         sl_workspace_run_job       (SlWorkspace  *self,
                                         SlJob        *job);
gboolean     sl_workspace_is_busy       (SlWorkspace  *self);
void         sl_workspace_cancel_jobs   (SlWorkspace  *self);

G_END_DECLS
