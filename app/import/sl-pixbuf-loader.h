/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* The GdkPixbuf loader format name ("jpeg", "bmp", "tiff") when data starts with that format's
 * magic bytes, else NULL. */
const char *sl_pixbuf_sniff_format (const guint8  *data,
                                    gsize          len);
/* Decodes JPEG, BMP or TIFF through GdkPixbuf. GdkPixbuf always gives 8-bit RGB(A): alpha is
 * dropped, an image whose pixels all have R == G == B is stored as 1-channel gray, and 16-bit
 * TIFFs arrive reduced to 8 bits (GdkPixbuf's limit; the catalog records bits = 8). An image
 * over max_pixels is refused from its header (SL_ERROR_TOO_LARGE), before decoding. */
SlImage    *sl_pixbuf_decode       (const guint8  *data,
                                    gsize          len,
                                    const char    *format,
                                    const char    *name,
                                    guint64        max_pixels,
                                    GError       **error);

G_END_DECLS
