/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Finding images by what a person remembers of them: every word of text must match the image's
 * id (digits, optionally after "#"), or occur (ignoring ASCII case) in its file name, in the
 * name of its current class or in the name of someone who labeled it. With a reader (blind
 * reading), the class and the annotator are only those of that reader's own current label: no
 * one else's label shows through. Returns the matching ids in ascending order (every image when
 * text has no word), NULL with error when the query failed. */
GArray *sl_catalog_search_images (SlCatalog   *self,
                                  const char  *text,
                                  const char  *reader,
                                  GError     **error);   /* of gint64 */

G_END_DECLS
