/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-job.h"

G_BEGIN_DECLS

/* A change of the labels or the splits of many images in one transaction: a bulk label, clear
 * or split of a selection, or the undo or redo of one. Run on a worker (sl_job_run_async()) it
 * stores through a connection of its own, so the window's stays free for reading; run on the
 * thread that made it (sl_job_run()) it uses the caller's catalog. Once it succeeded the
 * caller's catalog emits labels-changed for a change of labels (splits have no signal).
 * A new change first reads each image's value before; a new label leaves out the images whose
 * training label and the annotator's own label are already the class. */

typedef enum
{
  SL_CHANGE_LABELS,
  SL_CHANGE_SPLITS,
} SlChangeKind;

typedef enum
{
  SL_CHANGE_NEW,
  SL_CHANGE_UNDO,
  SL_CHANGE_REDO,
} SlChangeStep;

typedef struct
{
  gint64 image_id;
  gint64 before;              /* class id (0 = unlabeled), or SlSplit */
  gint64 after;
} SlImageChange;

#define SL_TYPE_CHANGE_JOB (sl_change_job_get_type ())
G_DECLARE_FINAL_TYPE (SlChangeJob, sl_change_job, SL, CHANGE_JOB, SlJob)

/* class_id 0 clears the labels. */
SlChangeJob  *sl_change_job_new_labels  (SlCatalog     *catalog,
                                         const gint64  *image_ids,
                                         guint          n,
                                         gint64         class_id,
                                         const char    *annotator,
                                         SlLabelSource  source);
SlChangeJob  *sl_change_job_new_splits  (SlCatalog     *catalog,
                                         const gint64  *image_ids,
                                         guint          n,
                                         SlSplit        split);
/* Stores the values after (redo) or before (undo) of a change made earlier; stored labels are
 * the annotator's own choice (SL_LABEL_SOURCE_HUMAN). */
SlChangeJob  *sl_change_job_new_step    (SlCatalog     *catalog,
                                         SlChangeKind   kind,
                                         GArray        *images,     /* SlImageChange */
                                         gboolean       to_after,
                                         const char    *annotator);
SlChangeKind  sl_change_job_get_kind    (SlChangeJob   *self);
/* The images the change touched (SlImageChange), complete once the job completed. */
GArray       *sl_change_job_get_images  (SlChangeJob   *self);
SlChangeStep  sl_change_job_get_step    (SlChangeJob   *self);

/* Stores image_ids[i] = values[i] (class ids or splits) in one transaction. */
gboolean      sl_change_store           (SlCatalog     *catalog,
                                         SlChangeKind   kind,
                                         const gint64  *image_ids,
                                         const gint64  *values,
                                         guint          n,
                                         const char    *annotator,
                                         SlLabelSource  source,
                                         GError       **error);

G_END_DECLS
