/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One piece of background work: a title, a message and a fraction (properties), a
 * GCancellable, and a worker that runs on a thread of its own. The worker reports progress with
 * sl_job_set_progress() from its thread; the values are kept under a lock and the property
 * notifications reach the main context of sl_job_run_async() through at most one pending idle
 * (none once the job is cancelled).
 * When the worker returns, ::completed is emitted there (error NULL on success), then the
 * callback runs. sl_job_run() runs the worker on the calling thread and delivers progress
 * there at once (the command line). Every job runs once. */

#define SL_TYPE_JOB (sl_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (SlJob, sl_job, SL, JOB, GObject)

typedef gboolean (*SlJobFunc) (SlJob         *job,
                               gpointer       data,
                               GCancellable  *cancellable,
                               GError       **error);

struct _SlJobClass
{
  GObjectClass parent_class;

  /* On the worker thread; the default calls the job's SlJobFunc. */
  gboolean (*run)       (SlJob         *self,
                         GCancellable  *cancellable,
                         GError       **error);
  /* On the main context after a progress delivery (subclasses pass their own reports on). */
  void     (*delivered) (SlJob         *self);
  /* Signal class closure, on the main context once the worker is done. */
  void     (*completed) (SlJob         *self,
                         const GError  *error);
};

SlJob        *sl_job_new             (const char          *title,
                                      SlJobFunc            func,
                                      gpointer             data,
                                      GDestroyNotify       data_free);
/* The data of a job made by sl_job_new() with func; NULL for any other job. */
gpointer      sl_job_get_data        (SlJob               *self,
                                      SlJobFunc            func);
const char   *sl_job_get_title       (SlJob               *self);
char         *sl_job_dup_message     (SlJob               *self);
/* 0 … 1, or -1 while the amount of work is unknown. */
double        sl_job_get_fraction    (SlJob               *self);
GCancellable *sl_job_get_cancellable (SlJob               *self);
void          sl_job_cancel          (SlJob               *self);
gboolean      sl_job_is_completed    (SlJob               *self);
/* Any thread; message NULL keeps the current one. */
void          sl_job_set_progress    (SlJob               *self,
                                      double               fraction,
                                      const char          *message);

void          sl_job_run_async       (SlJob               *self,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean      sl_job_run_finish      (SlJob               *self,
                                      GAsyncResult        *result,
                                      GError             **error);
gboolean      sl_job_run             (SlJob               *self,
                                      GError             **error);

G_END_DECLS
