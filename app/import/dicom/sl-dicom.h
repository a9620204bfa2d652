/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* C API of the GDCM bridge (sl-dicom-bridge.cpp).
 *
 * Tags kept from a file (everything else, including every direct identifier, is dropped):
 *   Modality (0008,0060) → modality; Body Part Examined (0018,0015) → body_part;
 *   Study/Series Instance UID (0020,000D/000E) → study_pseudonym/series_pseudonym, the first 16 hex
 *     digits of HMAC-SHA256(UID) under a fixed application key (stable across catalogs);
 *   Pixel Spacing (0028,0030), else Imager Pixel Spacing (0018,1164), else the Pixel Measures of
 *     the functional groups → pixel_spacing;
 *   Window Center/Width (0028,1050/1051), first value → window_center/width;
 *   Rescale Slope/Intercept (or RT Dose Grid Scaling) → slope/intercept; the pixel description.
 * Each file is decoded in a separate sightline-dicom-decoder process (started with posix_spawn,
 * safe while other threads run), so that GDCM aborting or running out of memory on a malformed
 * file ends in an SL_ERROR_CORRUPT for that file, not in a crash. */

/* TRUE when the file starts with a DICOM preamble ("DICM" at offset 128). */
gboolean   sl_dicom_has_preamble (const char  *path);

/* Reads every frame of a DICOM file as one SlImage each (GPtrArray of SlImage*, free func set).
 * Direct identifiers are never copied out: only modality, body part, pseudonyms of the study and
 * series UIDs, pixel spacing and the window. On failure returns NULL and sets an SL_ERROR whose
 * message names the file and the reason (SL_ERROR_NOT_AN_IMAGE for DICOM without pixel data,
 * SL_ERROR_CORRUPT for truncated or damaged files, SL_ERROR_TOO_LARGE for frames over max_pixels,
 * found from the header before decoding). */
GPtrArray *sl_dicom_read         (const char  *path,
                                  guint64      max_pixels,
                                  GError     **error);

G_END_DECLS
