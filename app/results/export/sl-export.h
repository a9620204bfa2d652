/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Writes every image as CSV: a header "id,path,sha256,label,split", then one row per image in
 * id order (path = source name inside the imported folder; label and split empty when none).
 * The file is accepted back by import --labels. */
gboolean sl_export_csv (SlCatalog      *catalog,
                        GOutputStream  *out,
                        GCancellable   *cancellable,
                        GError        **error);

G_END_DECLS
