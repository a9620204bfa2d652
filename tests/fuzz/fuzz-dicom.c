/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DICOM reading on arbitrary bytes. GDCM reads files, so each input is
 * written to a per-process temporary file first. run-fuzz.sh builds the client with
 * SL_DICOM_IN_PROCESS, so GDCM and the conversion code run in this process, where the sanitizers
 * and libFuzzer see them (the application decodes in a separate decoder process instead). */
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sl-dicom.h"
#include "sl-error.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_image (const SlImage *image)
{
  gsize expected = (gsize) image->width * image->height * image->channels
                   * sl_sample_type_size (image->sample_type);

  g_assert (image->width > 0 && image->height > 0);
  g_assert (image->channels == 1 || image->channels == 3);
  g_assert (g_bytes_get_size (image->pixels) == expected);
  g_assert (g_strcmp0 (image->format, "dicom") == 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static char *path;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = NULL;

  if (path == NULL)
    path = g_strdup_printf ("%s/sl-fuzz-dicom-%d.dcm", g_get_tmp_dir (), (int) getpid ());
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    return 0;

  frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  if (frames == NULL)
    {
      g_assert (error != NULL && error->domain == SL_ERROR);
      g_assert (g_str_has_prefix (error->message, "sl-fuzz-dicom-"));
    }
  else
    {
      g_assert (error == NULL && frames->len > 0);
      for (guint i = 0; i < frames->len; i++)
        check_image (g_ptr_array_index (frames, i));
    }
  return 0;
}
