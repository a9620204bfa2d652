/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-image-loader.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-dicom.h"
#include "sl-error.h"
#include "sl-pixbuf-loader.h"
#include "sl-png.h"

static const char *const image_extensions[] = {
  ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".dcm",
};

static gboolean
has_extension (const char *path,
               const char *extension)
{
  gsize len = strlen (path), ext_len = strlen (extension);

  return len > ext_len && g_ascii_strcasecmp (path + len - ext_len, extension) == 0;
}

gboolean
sl_image_loader_wants (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (has_extension (path, image_extensions[i]))
      return TRUE;
  return sl_dicom_has_preamble (path);
}

GPtrArray *
sl_image_load_frames (const char  *path,
                      guint64      max_pixels,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  GPtrArray *frames;
  const char *format;
  SlImage *image;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (has_extension (path, ".dcm") || sl_dicom_has_preamble (path))
    return sl_dicom_read (path, max_pixels, error);

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: cannot read (%s)"),
                   path, local_error->message);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE, _("%s: empty file"), path);
      return NULL;
    }

  if (sl_png_check_signature ((const guint8 *) data, len))
    image = sl_png_decode ((const guint8 *) data, len, path, max_pixels, error);
  else if ((format = sl_pixbuf_sniff_format ((const guint8 *) data, len)) != NULL)
    image = sl_pixbuf_decode ((const guint8 *) data, len, format, path, max_pixels, error);
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE,
                   _("%s: not an image (content is not PNG, JPEG, BMP, TIFF or DICOM)"), path);
      return NULL;
    }
  if (image == NULL)
    return NULL;

  frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_image_free);
  g_ptr_array_add (frames, image);
  return frames;
}

SlImage *
sl_image_load_file (const char  *path,
                    GError     **error)
{
  g_autoptr(GPtrArray) frames = sl_image_load_frames (path, SL_IMAGE_DEFAULT_MAX_PIXELS, error);

  if (frames == NULL)
    return NULL;
  if (frames->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE, _("%s: no image in file"), path);
      return NULL;
    }
  return g_ptr_array_steal_index (frames, 0);
}
