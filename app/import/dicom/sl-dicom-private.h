/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Between the GDCM bridge (sl-dicom-bridge.cpp) and its helper executable
 * sightline-dicom-decoder (sl-dicom-decoder-main.c); not for other callers. */

/* Caps this process's address space, decodes the DICOM file at path in this process and writes
 * the answer the bridge reads to fd: 'O' and the image, or 'E', an SlErrorCode and the reason.
 * FALSE when the answer could not be written. */
gboolean sl_dicom_decode_to_fd (const char *path,
                                int         fd);

G_END_DECLS
