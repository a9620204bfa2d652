/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* "Label next": which unlabelled images would help the model most. */
typedef enum
{
  SL_QUEUE_RANDOM,        /* a seeded shuffle: the baseline */
  SL_QUEUE_UNCERTAINTY,   /* smallest margin between the two most probable classes first */
  SL_QUEUE_DIVERSE,       /* k-centre greedy on penultimate features among the most uncertain */
} SlQueueStrategy;

const char *sl_queue_strategy_to_string   (SlQueueStrategy  strategy);
gboolean    sl_queue_strategy_from_string (const char      *name,
                                           SlQueueStrategy *strategy);

typedef struct
{
  gint64 image_id;
  double uncertainty;   /* 1 - (p_first - p_second) */
  int predicted;        /* the model's class index */
} SlQueueEntry;

/* Diverse picks among the 10 × count most uncertain. */
#define SL_QUEUE_DIVERSE_POOL 10

/* Picks count entries among candidates, given every candidate's probs (n × n_classes) and,
 * for SL_QUEUE_DIVERSE, features (n × dim). Returns indices into the candidates. */
GArray *sl_label_queue_select (SlQueueStrategy  strategy,
                               const float     *probs,
                               const float     *features,
                               int              n,
                               int              n_classes,
                               int              dim,
                               int              count,
                               guint32          seed);   /* of int */

/* The catalog's unlabelled images (no training label) run through the model, in queue order. */
GArray *sl_label_queue_from_catalog (SlCatalog        *catalog,
                                     SlModel          *model,
                                     SlQueueStrategy   strategy,
                                     int               count,
                                     guint32           seed,
                                     GError          **error);   /* of SlQueueEntry */

G_END_DECLS
