/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* A snapshot of catalog images as network input: gray floats 0..1 at a fixed size, with the
 * index of each image's current label in class_names (-1 when it has none of them). */
typedef struct
{
  int n;
  int width;
  int height;
  float *x;          /* n × height × width */
  int *y;            /* n */
  gint64 *image_ids; /* n */
} SlDataset;

void       sl_dataset_free        (SlDataset          *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDataset, sl_dataset_free)

/* Images of one split (SL_SPLIT_NONE = every image). With labelled_only, images without one of
 * class_names as their label are left out. */
SlDataset *sl_dataset_load        (SlCatalog          *catalog,
                                   SlSplit             split,
                                   const char * const *class_names,
                                   gboolean            labelled_only,
                                   int                 width,
                                   int                 height,
                                   GCancellable       *cancellable,
                                   GError            **error);

/* The largest model input side chosen from the data (training, the baseline). */
#define SL_DATASET_MAX_SIDE 64

/* The model input side for a catalog: its largest image side, capped at max_side. */
int        sl_dataset_choose_side (SlCatalog          *catalog,
                                   int                 max_side);

G_END_DECLS
