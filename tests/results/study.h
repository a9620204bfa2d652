/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-train-job.h"

G_BEGIN_DECLS

/* A small study shared by the cases of a test program: 300 demo images (per class 100 train,
 * 20 val, 30 test) imported into a fresh catalog and a tiny CNN trained on it for 2 epochs,
 * also saved as a checkpoint file. */
#define TINY_ARCH "conv3:8,relu,maxpool2,gap,fc:2"

typedef struct
{
  char *dir;
  char *catalog_path;
  char *model_path;
  gint64 model_id;
} Study;

extern Study study;

void     study_set_up    (void);
void     study_tear_down (void);
/* A train job run on this thread. */
gboolean study_train     (const char             *catalog_path,
                          const SlTrainSettings  *settings,
                          SlTrainOutcome         *outcome,
                          GError                **error);

G_END_DECLS
