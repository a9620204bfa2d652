/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-job.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* Loads a stored model (building its network takes tens of milliseconds) on its own catalog
 * connection, as a job. */
SlJob      *sl_model_load_job_new            (const char *catalog_path,
                                              gint64      model_id);
const char *sl_model_load_job_get_catalog_path (SlJob    *job);
gint64      sl_model_load_job_get_model_id   (SlJob      *job);
/* The model once the job completed without error; the caller owns it. */
SlModel    *sl_model_load_job_steal_model    (SlJob      *job);

G_END_DECLS
