/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-net.h"

G_BEGIN_DECLS

/* Training that starts from a stored model's weights instead of random ones. The model
 * qualifies when its classes are the catalog's (same names, same order); then its architecture
 * and input (channels, side) are kept. */
typedef struct
{
  GBytes *checkpoint;
  char *arch;
  int channels;
  int side;
} SlWarmStart;

void         sl_warm_start_free (SlWarmStart        *warm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWarmStart, sl_warm_start_free)

/* NULL with error when the model cannot be read; NULL without error when the class set changed
 * (training then starts from scratch). class_names: the catalog's, NULL-terminated. */
SlWarmStart *sl_warm_start_new  (SlCatalog          *catalog,
                                 gint64              model_id,
                                 const char * const *class_names,
                                 GError            **error);
/* The model's network, its batches up to max_batch. */
sl_net      *sl_warm_start_net  (SlWarmStart        *warm,
                                 int                 max_batch,
                                 GError            **error);

G_END_DECLS
