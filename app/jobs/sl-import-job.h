/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-importer.h"
#include "sl-job.h"

G_BEGIN_DECLS

/* Import as a job: the worker runs an SlImporter on its own connection to the catalog's file.
 * The catalog emits images-changed on the main context after each delivered progress whose
 * batch added images was committed, and once more at the end when needed. Cancelled, it stops
 * after the file at hand and keeps the files already handled. */

#define SL_TYPE_IMPORT_JOB (sl_import_job_get_type ())
G_DECLARE_FINAL_TYPE (SlImportJob, sl_import_job, SL, IMPORT_JOB, SlJob)

SlImportJob *sl_import_job_new         (SlCatalog           *catalog,
                                        const char * const  *paths,
                                        const char          *labels_csv);   /* or NULL */
/* The pixel budget of one image (frame); default SL_IMAGE_DEFAULT_MAX_PIXELS. */
void         sl_import_job_set_max_pixels (SlImportJob      *self,
                                           guint64           max_pixels);
/* The newest counts (filled after a fatal error or a cancel too, with what was done). */
void         sl_import_job_get_stats   (SlImportJob         *self,
                                        SlImportStats       *stats);
/* Each "file: reason" line, skipped files and duplicates in order. */
GStrv        sl_import_job_dup_notices (SlImportJob         *self);

G_END_DECLS
