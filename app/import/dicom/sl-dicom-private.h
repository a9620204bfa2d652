/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Between the client (sl-dicom-client.c, in the import library) and the helper executable
 * sightline-dicom-decoder (sl-dicom-decoder-main.c over sl-dicom-decoder.cpp); not for other
 * callers.
 *
 * The decoder's answer, on a pipe: 'O', an SlDicomHeader, four strings (modality, body part,
 * study UID, series UID) and the pixels of every frame; or 'E', an SlErrorCode (gint32) and the
 * reason. A string is a guint32 length and its bytes (at most G_MAXUINT16). Both ends are the
 * same build: native byte order. */

typedef struct
{
  guint32 width, height, channels, frames;
  gint32 bits, sample_type;
  double slope, intercept, window[2], spacing[2];
  guint64 pixel_bytes;
} SlDicomHeader;

/* Refuse images whose decoded pixels would exceed this (a guard against absurd headers). */
#define SL_DICOM_MAX_DECODED_BYTES (G_GUINT64_CONSTANT (1) << 30)

static inline gboolean
sl_dicom_bytes_have_preamble (const guint8 *data,
                              gsize         size)
{
  return size >= 132 && memcmp (data + 128, "DICM", 4) == 0;
}

/* Caps this process's address space, decodes the DICOM file at path in this process and writes
 * the answer to fd; frames over max_pixels are refused from the header. FALSE when the answer
 * could not be written. */
gboolean sl_dicom_decode_to_fd (const char *path,
                                guint64     max_pixels,
                                int         fd);

G_END_DECLS
