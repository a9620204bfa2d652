/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* A snapshot of catalog images as network input, held as bytes (see sl-model-input.h; a
 * quarter of the memory of floats, converted a batch at a time), with the index of each
 * image's current label in class_names (-1 when it has none of them). */
typedef struct
{
  int n;
  int channels;
  int width;
  int height;
  guint8 *x;         /* n × channels × height × width */
  int *y;            /* n */
  gint64 *image_ids; /* n */
} SlDataset;

void       sl_dataset_free         (SlDataset          *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDataset, sl_dataset_free)

/* Images of one split (SL_SPLIT_NONE = every image), in image id order. With labelled_only,
 * images without one of class_names as their label are left out. */
SlDataset *sl_dataset_load         (SlCatalog          *catalog,
                                    SlSplit             split,
                                    const char * const *class_names,
                                    gboolean            labelled_only,
                                    int                 channels,
                                    int                 width,
                                    int                 height,
                                    GCancellable       *cancellable,
                                    GError            **error);

/* The input sides a user may ask for. */
#define SL_INPUT_SIZE_MIN 8
#define SL_INPUT_SIZE_MAX 512

/* The model input chosen from the data: 3 channels when any image of the catalog is in colour
 * (gray images then repeat their gray in R, G and B), else 1; a square side of the median
 * shorter image side, at least 16 and at most SL_INPUT_SIZE_CAP (128; sl-defaults.h). */
void       sl_dataset_choose_input (SlCatalog          *catalog,
                                    int                *channels,
                                    int                *side);

/* Holds out a stratified part of dataset: in each class (and among unlabelled images),
 * round (n × fraction) images, at least one when the class has two or more, picked by a
 * shuffle seeded with (seed, class), so the same seed and images give the same part. Returns
 * them as a new dataset (in image id order); dataset keeps the others. */
SlDataset *sl_dataset_hold_out     (SlDataset          *dataset,
                                    double              fraction,
                                    guint64             seed);

G_END_DECLS
