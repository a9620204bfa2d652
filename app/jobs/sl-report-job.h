/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-job.h"
#include "sl-report.h"

G_BEGIN_DECLS

/* sl_report_write() as a job: a stored model (model_id > 0) or a model file. */
SlJob *sl_report_job_new (const char *catalog_path,
                          gint64      model_id,
                          const char *model_file,
                          SlSplit     split,
                          const char *out_pdf);

G_END_DECLS
