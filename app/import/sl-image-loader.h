/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* Reads one image file, recognised by content: PNG (libpng), JPEG, BMP, TIFF (GdkPixbuf), DICOM
 * (the GDCM bridge; one SlImage per frame). Errors are SL_ERROR codes with a message that starts
 * with path: NOT_AN_IMAGE (empty or not an image), CORRUPT (truncated/damaged), UNSUPPORTED,
 * TOO_LARGE (a frame over max_pixels, found from the header before decoding). */
GPtrArray *sl_image_load_frames   (const char  *path,
                                   guint64      max_pixels,
                                   GError     **error);   /* of SlImage*, never empty */
/* The first frame, with the default pixel budget. */
SlImage   *sl_image_load_file     (const char  *path,
                                   GError     **error);
/* TRUE when an import should try this file: an image extension (png, jpg, jpeg, bmp, tif, tiff,
 * dcm, case-insensitive) or a DICOM preamble. */
gboolean   sl_image_loader_wants  (const char  *path);

G_END_DECLS
