/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-dicomweb.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* Live triage: follows new instances on a PACS (Orthanc's change feed, else QIDO-RS polling) or
 * new files in a folder, imports each through the file import path, predicts it and stores the
 * prediction, optionally writing the results back to the PACS. Its state lives in the catalog
 * (watch_items, watch_cursors): a watcher started again resumes where the last one stopped, and
 * an instance's prediction and its "predicted" mark are one transaction, so none is predicted
 * twice or missed. What was there before the first start is not triaged. */

typedef struct
{
  gint64 image_id;
  int class_index;        /* the most probable class */
  const float *probs;     /* n_classes */
  double latency_ms;      /* from arrival (seen in the feed, or the file's mtime) to stored */
} SlWatchPrediction;

typedef void (*SlWatchPredictionFunc) (const SlWatchPrediction *prediction,
                                       gpointer                 user_data);
/* Skipped instances, write-back outcomes, the server going away and coming back. */
typedef void (*SlWatchNoticeFunc)     (const char              *message,
                                       gpointer                 user_data);

typedef struct _SlWatcher SlWatcher;

/* model_id: the catalog's id of model (predictions are stored under it). */
SlWatcher *sl_watcher_new_pacs       (SlCatalog             *catalog,
                                      SlModel               *model,
                                      gint64                 model_id,
                                      SlDicomweb            *web);
SlWatcher *sl_watcher_new_folder     (SlCatalog             *catalog,
                                      SlModel               *model,
                                      gint64                 model_id,
                                      const char            *folder);
void       sl_watcher_free           (SlWatcher             *self);
/* Store a Secondary Capture and a Basic Text SR of each prediction in the instance's study. */
void       sl_watcher_set_write_back (SlWatcher             *self,
                                      gboolean               write_back);
/* Poll with QIDO-RS even when the server has a change feed. */
void       sl_watcher_set_poll_only  (SlWatcher             *self,
                                      gboolean               poll_only);
void       sl_watcher_set_funcs      (SlWatcher             *self,
                                      SlWatchPredictionFunc  prediction,
                                      SlWatchNoticeFunc      notice,
                                      gpointer               user_data);
/* Runs on the thread-default main context until seconds have passed (0: until cancelled).
 * FALSE on a fatal error: the catalog failing, the PACS refusing our credentials. A server that
 * cannot be reached is waited for (backoff), not an error. */
gboolean   sl_watcher_run            (SlWatcher             *self,
                                      double                 seconds,
                                      GCancellable          *cancellable,
                                      GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWatcher, sl_watcher_free)

G_END_DECLS
