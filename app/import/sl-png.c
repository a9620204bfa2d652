/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-png.h"

#include <glib/gi18n.h>
#include <png.h>
#include <setjmp.h>
#include <string.h>

#include "sl-error.h"

/* PNG is decoded with libpng directly rather than through GdkPixbuf: GdkPixbuf turns every PNG
 * into 8-bit RGB(A), losing 16-bit grayscale, and libpng on memory is also several times faster
 * for the many tiny files of a typical dataset. Alpha is dropped (not composited): medical images
 * carry no meaningful transparency. An RGB PNG whose pixels all have R == G == B is stored as
 * gray, like the GdkPixbuf formats. */

typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
  char message[128];
} PngSource;

static void
read_cb (png_structp  png,
         png_bytep    out,
         png_size_t   n)
{
  PngSource *src = png_get_io_ptr (png);

  if (n > src->len - src->pos)
    png_error (png, "unexpected end of file");
  memcpy (out, src->data + src->pos, n);
  src->pos += n;
}

static void
error_cb (png_structp     png,
          png_const_charp message)
{
  PngSource *src = png_get_error_ptr (png);

  g_strlcpy (src->message, message, sizeof src->message);
  png_longjmp (png, 1);
}

static void
warning_cb (png_structp     png,
            png_const_charp message)
{
}

gboolean
sl_png_check_signature (const guint8 *data,
                        gsize         len)
{
  return len >= 8 && png_sig_cmp (data, 0, 8) == 0;
}

SlImage *
sl_png_decode (const guint8  *data,
               gsize          len,
               const char    *name,
               guint64        max_pixels,
               GError       **error)
{
  PngSource src = { data, len, 0, "" };
  png_structp png;
  png_infop info = NULL;
  guint8 *volatile pixels = NULL;
  png_bytep *volatile rows = NULL;
  png_uint_32 width, height;
  int depth, color_type, channels, sample_size;
  gsize stride;
  SlImage *image;
  char *over_budget;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &src, error_cb, warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _("%s: out of memory"), name);
      return NULL;
    }

  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (pixels);
      g_free (rows);
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("%s: truncated or damaged PNG (%s)"),
                   name, src.message);
      return NULL;
    }

  png_set_read_fn (png, &src, read_cb);
  png_set_user_limits (png, 0x7fffffff, 0x7fffffff);   /* the pixel budget decides */
  png_read_info (png, info);
  png_get_IHDR (png, info, &width, &height, &depth, &color_type, NULL, NULL, NULL);
  if ((over_budget = sl_image_over_budget (width, height, max_pixels)) != NULL)
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE, "%s: %s", name, over_budget);
      g_free (over_budget);
      return NULL;
    }

  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  png_set_strip_alpha (png);
  if (depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);

  channels = png_get_channels (png, info);
  sample_size = png_get_bit_depth (png, info) == 16 ? 2 : 1;
  stride = png_get_rowbytes (png, info);
  if ((channels != 1 && channels != 3) || stride != (gsize) width * channels * sample_size)
    png_error (png, "unsupported pixel layout");

  pixels = g_malloc (stride * height);
  rows = g_new (png_bytep, height);
  for (png_uint_32 y = 0; y < height; y++)
    rows[y] = pixels + y * stride;
  png_read_image (png, rows);
  png_read_end (png, NULL);
  png_destroy_read_struct (&png, &info, NULL);
  g_free (rows);

  image = sl_image_new_take (width, height, channels,
                             sample_size == 2 ? SL_SAMPLE_U16 : SL_SAMPLE_U8,
                             pixels, stride * height);
  image->bits = color_type == PNG_COLOR_TYPE_PALETTE ? 8 : depth;
  image->format = g_strdup ("png");
  sl_image_reduce_gray (image);   /* gray saved as RGB is gray, as for the other formats */
  return image;
}
