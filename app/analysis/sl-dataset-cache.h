/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* The model inputs of one split kept in a file beside the catalog
 * (<catalog>.<split>-<C>x<H>x<W>.inputs), so that training again does not decode the catalog
 * again. The file starts with a key: the SHA-256 over the input shape and the id and pixel
 * hash of every image of the split, so any added, removed or moved image (or another input
 * size) makes it stale; labels are not part of it. Private to sl-dataset.c. */

/* The key for ids (every image of the split, in order) at that input shape; NULL with error
 * set when an image cannot be read. */
char     *sl_dataset_cache_key   (SlCatalog     *catalog,
                                  GArray        *ids,
                                  int            channels,
                                  int            width,
                                  int            height,
                                  GError       **error);
char     *sl_dataset_cache_path  (SlCatalog     *catalog,
                                  SlSplit        split,
                                  int            channels,
                                  int            width,
                                  int            height);

/* Reads the inputs of the images whose keep flag is set (n_ids images in the file, in order;
 * sample bytes each) into x, one after the other. FALSE when the file is absent, stale or
 * short: the caller decodes instead. */
gboolean  sl_dataset_cache_read  (const char    *path,
                                  const char    *key,
                                  int            n_ids,
                                  gsize          sample,
                                  const gboolean *keep,
                                  guint8        *x);

/* Writes x (n_ids inputs of sample bytes) under key, through a temporary file renamed into
 * place. A cache that cannot be written is not an error: returns FALSE. */
gboolean  sl_dataset_cache_write (const char    *path,
                                  const char    *key,
                                  int            n_ids,
                                  gsize          sample,
                                  const guint8  *x);

G_END_DECLS
