/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_ERROR (sl_error_quark ())

typedef enum
{
  SL_ERROR_FAILED,
  SL_ERROR_NOT_AN_IMAGE,     /* readable file that holds no image (text, DICOM without pixels) */
  SL_ERROR_CORRUPT,          /* truncated or damaged image data */
  SL_ERROR_UNSUPPORTED,      /* a real image in a form Sightline cannot decode */
  SL_ERROR_FOREIGN_FILE,     /* not a Sightline catalog or checkpoint */
  SL_ERROR_NEWER_VERSION,    /* written by a newer Sightline */
  SL_ERROR_NOT_FOUND,        /* no such image, class, model */
  SL_ERROR_INVALID_ARGUMENT, /* bad option value, arch spec, CSV row */
  SL_ERROR_READ_ONLY,        /* a catalog or folder that may not be written */
  SL_ERROR_DISK_FULL,        /* no space left (or the catalog's size limit reached) */
  SL_ERROR_DAMAGED,          /* a catalog whose SQLite file or invariants are broken */
  SL_ERROR_TOO_LARGE,        /* an image over the pixel budget */
} SlErrorCode;

GQuark sl_error_quark (void);

G_END_DECLS
