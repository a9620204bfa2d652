/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-baseline.h"
#include "sl-job.h"

G_BEGIN_DECLS

/* sl_baseline_run() on a split, as a job. */
SlJob                *sl_baseline_job_new            (const char *catalog_path,
                                                      SlSplit     split);
/* Once the job completed without error (owned by the job). */
SlEvaluation         *sl_baseline_job_get_evaluation (SlJob      *job);
const SlBaselineInfo *sl_baseline_job_get_info       (SlJob      *job);

G_END_DECLS
