/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-dicomweb.h"
#include "sl-importer.h"

G_BEGIN_DECLS

/* Bringing PACS instances into a catalog through the same import path as files: each instance
 * is retrieved (WADO-RS) into a private temporary file named after its link (pacs-ID.dcm, no
 * UID), then an SlImporter decodes, de-identifies and de-duplicates it. */

/* Retrieves and imports the instances of link_ids (gint64s of the catalog's pacs_links). Fills
 * image_ids (one per link, 0 for an instance that could not be retrieved or decoded: counted as
 * skipped and reported through notice) and records them in the links. FALSE on a fatal error: the
 * server unreachable or refusing, a catalog failure. */
gboolean sl_pacs_import_links (SlCatalog           *catalog,
                               SlDicomweb          *web,
                               GArray              *link_ids,
                               gint64              *image_ids,
                               SlImportStats       *stats,
                               SlImportNoticeFunc   notice,
                               gpointer             notice_data,
                               GCancellable        *cancellable,
                               GError             **error);

/* What pacs import brings: the given studies, else every study matching modality and since
 * (YYYYMMDD, nullable); instances already linked to an image are counted as duplicates without
 * retrieving them again. */
typedef struct
{
  const char * const *study_uids;   /* NULL-terminated or NULL */
  const char *modality;
  const char *since;
} SlPacsImportRequest;

gboolean sl_pacs_import       (SlCatalog                 *catalog,
                               SlDicomweb                *web,
                               const SlPacsImportRequest *request,
                               SlImportStats             *stats,
                               SlImportNoticeFunc         notice,
                               gpointer                   notice_data,
                               GCancellable              *cancellable,
                               GError                   **error);

G_END_DECLS
