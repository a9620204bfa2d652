// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the GDCM bridge lands: refuses every file clearly.
#include "sl-dicom.h"
#include "../sl-error.h"

gboolean
sl_dicom_has_preamble (const char *path)
{
  (void) path;
  return FALSE;
}

GPtrArray *
sl_dicom_read (const char *path, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED, "%s: DICOM is not supported yet", path);
  return NULL;
}
