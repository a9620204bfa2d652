/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the PNG/JPEG/BMP/TIFF decoders of the import path and the CSV label parser,
 * chosen by content the way the importer sniffs files: PNG signature → libpng decoder, JPEG/BMP/
 * TIFF magic → GdkPixbuf decoder, anything else → CSV parser. Built and run by run-fuzz.sh. */
#include <glib.h>

#include "sl-csv.h"
#include "sl-error.h"
#include "sl-pixbuf-loader.h"
#include "sl-png.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_result (SlImage *image,
              GError  *error)
{
  if (image == NULL)
    {
      g_assert (error != NULL && error->domain == SL_ERROR);
      return;
    }
  g_assert (error == NULL);
  g_assert (image->width > 0 && image->height > 0);
  g_assert (g_bytes_get_size (image->pixels)
            == (gsize) image->width * image->height * image->channels
               * sl_sample_type_size (image->sample_type));
  sl_image_free (image);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  const char *format;

  if (sl_png_check_signature (data, size))
    check_result (sl_png_decode (data, size, "fuzz.png", SL_IMAGE_DEFAULT_MAX_PIXELS, &error),
                  error);
  else if ((format = sl_pixbuf_sniff_format (data, size)) != NULL)
    check_result (sl_pixbuf_decode (data, size, format, "fuzz", SL_IMAGE_DEFAULT_MAX_PIXELS,
                                    &error), error);
  else
    {
      g_autoptr (GPtrArray) rows = sl_csv_parse ((const char *) data, size, "fuzz.csv", &error);

      g_assert ((rows == NULL) == (error != NULL));
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          const SlCsvRow *row = g_ptr_array_index (rows, i);

          g_assert (row->line >= 1 && row->fields != NULL);
        }
    }
  return 0;
}
