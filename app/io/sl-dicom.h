/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* C API of the GDCM bridge (sl-dicom-bridge.cpp). */

/* TRUE when the file starts with a DICOM preamble ("DICM" at offset 128). */
gboolean   sl_dicom_has_preamble (const char  *path);

/* Reads every frame of a DICOM file as one SlImage each (GPtrArray of SlImage*, free func set).
 * Direct identifiers are never copied out: only modality, body part, pseudonyms of the study and
 * series UIDs, pixel spacing and the window. On failure returns NULL and sets an SL_ERROR whose
 * message names the file and the reason (SL_ERROR_NOT_AN_IMAGE for DICOM without pixel data,
 * SL_ERROR_CORRUPT for truncated or damaged files). */
GPtrArray *sl_dicom_read         (const char  *path,
                                  GError     **error);

G_END_DECLS
