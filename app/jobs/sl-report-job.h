/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-report.h"

G_BEGIN_DECLS

/* sl_report_write() in a worker thread. */
void     sl_report_write_async  (const char           *catalog_path,
                                 gint64                model_id,
                                 const char           *model_file,
                                 SlSplit               split,
                                 const char           *out_pdf,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
gboolean sl_report_write_finish (GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS
