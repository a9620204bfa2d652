/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-evaluate.h"
#include "sl-job.h"

G_BEGIN_DECLS

/* sl_evaluate() of a model on a split, as a job. */
SlJob        *sl_evaluate_job_new            (const char *catalog_path,
                                              gint64      model_id,
                                              SlSplit     split);
/* The evaluation once the job completed without error; the caller owns it. */
SlEvaluation *sl_evaluate_job_steal_evaluation (SlJob    *job);

G_END_DECLS
