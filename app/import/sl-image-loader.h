/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* Reads one image file, recognised by content: PNG (libpng), JPEG, BMP, TIFF (GdkPixbuf), DICOM
 * (the GDCM bridge; one SlImage per frame). Errors are SL_ERROR codes with a message that starts
 * with path: NOT_AN_IMAGE (empty or not an image), CORRUPT (truncated/damaged), UNSUPPORTED. */
GPtrArray *sl_image_load_frames   (const char  *path,
                                   GError     **error);   /* of SlImage*, never empty */
SlImage   *sl_image_load_file     (const char  *path,
                                   GError     **error);   /* the first frame */
/* TRUE when an import should try this file: an image extension (png, jpg, jpeg, bmp, tif, tiff,
 * dcm, case-insensitive) or a DICOM preamble. */
gboolean   sl_image_loader_wants  (const char  *path);

G_END_DECLS
