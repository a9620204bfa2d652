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
 * images without one of class_names as their label are left out. With cached, the inputs come
 * from the split's cache file beside the catalog when it is current, else every image of the
 * split is decoded and the file written (sl-dataset-cache.h): a second training at the same
 * size does not decode the catalog again. */
SlDataset *sl_dataset_load         (SlCatalog          *catalog,
                                    SlSplit             split,
                                    const char * const *class_names,
                                    gboolean            labelled_only,
                                    gboolean            cached,
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

/* A stratified, seeded part of n items: in each class (labels[i]; -1, unlabelled, is a class
 * of its own), round (count × fraction) items, at least one when the class has two or more,
 * picked by a shuffle seeded with (seed, label) over the class's items in their order. The
 * same seed and items give the same part. Sets chosen[i] for them, clears it for the others. */
void       sl_dataset_choose_part  (const int          *labels,
                                    int                 n,
                                    double              fraction,
                                    guint64             seed,
                                    gboolean           *chosen);

/* Holds out sl_dataset_choose_part () of dataset: returns those images as a new dataset (in
 * image id order); dataset keeps the others. */
SlDataset *sl_dataset_hold_out     (SlDataset          *dataset,
                                    double              fraction,
                                    guint64             seed);

/* Fills an empty split (val or test) from train: the part of the train images (every one,
 * labelled or not, by current label; class k of sl_catalog_list_classes () is label k, as in
 * training) that sl_dataset_choose_part () picks moves to split, in one transaction. Returns
 * the number moved (0 when split is not empty or train has no images), or -1 with error set. */
int        sl_dataset_fill_split   (SlCatalog          *catalog,
                                    SlSplit             split,
                                    double              fraction,
                                    guint64             seed,
                                    GError            **error);

G_END_DECLS
