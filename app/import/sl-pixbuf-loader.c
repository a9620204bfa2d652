/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-pixbuf-loader.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sl-error.h"

/* The declared size, checked against the pixel budget: a forged header must not make GdkPixbuf
 * allocate gigabytes. */
typedef struct
{
  guint64 max_pixels;
  char *over_budget;   /* why the declared size is refused, or NULL */
} DeclaredSize;

/* Emitted once the header is read, before any pixel memory is allocated: a size of 0 makes the
 * loader stop (as gdk_pixbuf_get_file_info does). */
static void
size_prepared (GdkPixbufLoader *loader,
               int              width,
               int              height,
               DeclaredSize    *declared)
{
  if (declared->over_budget == NULL
      && (declared->over_budget = sl_image_over_budget (MAX (width, 0), MAX (height, 0),
                                                        declared->max_pixels)) != NULL)
    gdk_pixbuf_loader_set_size (loader, 0, 0);
}

const char *
sl_pixbuf_sniff_format (const guint8 *data,
                        gsize         len)
{
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpeg";
  if (len >= 2 && data[0] == 'B' && data[1] == 'M')
    return "bmp";
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "tiff";
  return NULL;
}

SlImage *
sl_pixbuf_decode (const guint8  *data,
                  gsize          len,
                  const char    *format,
                  const char    *name,
                  guint64        max_pixels,
                  GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  DeclaredSize declared = { max_pixels, NULL };
  GdkPixbuf *pixbuf;
  gboolean written, closed;
  int width, height, n_channels, stride;
  const guint8 *src;
  guint8 *rgb;
  SlImage *image;

  loader = gdk_pixbuf_loader_new_with_type (format, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   _("%s: %s images are not supported here (%s)"), name, format,
                   local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared), &declared);
  written = gdk_pixbuf_loader_write (loader, data, len, &local_error);
  closed = gdk_pixbuf_loader_close (loader, written ? &local_error : NULL);
  if (declared.over_budget != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE, "%s: %s", name, declared.over_budget);
      g_free (declared.over_budget);
      return NULL;
    }
  if (!written || !closed)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("%s: truncated or damaged %s (%s)"),
                   name, format, local_error ? local_error->message : _("unknown error"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("%s: truncated or damaged %s"),
                   name, format);
      return NULL;
    }

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);
  rgb = g_malloc ((gsize) width * height * 3);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy (rgb + ((gsize) y * width + x) * 3, src + (gsize) y * stride + x * n_channels, 3);

  image = sl_image_new_take (width, height, 3, SL_SAMPLE_U8, rgb, (gsize) width * height * 3);
  image->bits = 8;
  image->format = g_strdup (format);
  sl_image_reduce_gray (image);
  return image;
}
