/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Sightline's one labels CSV, what `import --labels` reads back (README, "Labels CSV"):
 * UTF-8, a header "image_id,path,sha256,label,split", then one row per image in id order.
 * path is the image's source name in the catalog's escaped form (empty when the catalog keeps
 * none), label and split are empty when the image has none. Cells are written with
 * sl_csv_append_field. */
gboolean sl_export_labels_csv_to_stream (SlCatalog      *catalog,
                                         GOutputStream  *out,
                                         GCancellable   *cancellable,
                                         GError        **error);
/* The same into a file, replaced only once it is complete. */
gboolean sl_export_labels_csv           (SlCatalog      *catalog,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS
