/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-catalog-pacs.h"
#include "sl-dicomweb.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* Results back to the PACS: for the linked image, a Secondary Capture (the image with its
 * Grad-CAM overlay and a burned-in "NOT FOR DIAGNOSTIC USE" line) and a Basic Text SR (model,
 * class probabilities, a reference to the SC), each in a new series of the instance's study,
 * Manufacturer "Sightline". The objects are written by the sightline-pacs-writer helper process
 * (GDCM), so a malformed object cannot take the caller down, then sent with STOW-RS.
 * Errors of SL_DICOMWEB_ERROR are the server's; SL_ERROR ones are the objects'. */
gboolean   sl_write_back             (SlDicomweb        *web,
                                      SlCatalog         *catalog,
                                      SlModel           *model,
                                      const char        *model_name,
                                      const SlPacsLink  *link,
                                      GCancellable      *cancellable,
                                      GError           **error);

/* The Manufacturer of what Sightline writes: a watcher does not triage these. */
#define SL_WRITE_BACK_MANUFACTURER "Sightline"
/* The burned-in warning. */
#define SL_WRITE_BACK_WARNING "NOT FOR DIAGNOSTIC USE"

G_END_DECLS
