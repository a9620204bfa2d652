/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-image.h"

G_BEGIN_DECLS

/* TRUE when data starts with the PNG signature. */
gboolean  sl_png_check_signature (const guint8  *data,
                                  gsize          len);
/* Decodes a PNG held in memory: gray stays 1 channel (8- or 16-bit, U8/U16), colour is 3 channels
 * of 8 or 16 bits, palettes are expanded, alpha is dropped. name is used in error messages. An
 * image over max_pixels is refused from its header (SL_ERROR_TOO_LARGE), before decoding. */
SlImage  *sl_png_decode          (const guint8  *data,
                                  gsize          len,
                                  const char    *name,
                                  guint64        max_pixels,
                                  GError       **error);

G_END_DECLS
