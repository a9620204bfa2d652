/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-importer.h"

G_BEGIN_DECLS

/* Import as a background job: a worker thread runs an SlImporter on its own connection to
 * catalog's file. progress is called on the caller's thread-default main context with the
 * newest stats (at most one pending idle at a time, nothing after a cancel); catalog emits
 * images-changed there after each committed batch that added images. Cancel through the
 * GCancellable: the job stops after the file at hand and keeps the files already handled. */
void     sl_import_job_run_async  (SlCatalog            *catalog,
                                   const char * const   *paths,
                                   const char           *labels_csv,    /* or NULL */
                                   SlImportProgressFunc  progress,
                                   gpointer              progress_data,
                                   GDestroyNotify        progress_data_free,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* stats and notices (each "file: reason" line, skipped files and duplicates in order) may be
 * NULL; they are filled on a fatal error or cancel too, with what was done. */
gboolean sl_import_job_run_finish (SlCatalog            *catalog,
                                   GAsyncResult         *result,
                                   SlImportStats        *stats,
                                   GStrv                *notices,
                                   GError              **error);

G_END_DECLS
