/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GdkPixbuf formats (here BMP) with a forged header declaring a huge image are refused before
 * any pixel memory is allocated, with an error naming the file. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sl-error.h"
#include "sl-image-loader.h"
#include "sl-test-util.h"

static void
put_u16 (guint8 *p, guint16 v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, 2);
}

static void
put_u32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

/* Writes a 24-bit BMP declaring width × height, with pixel_bytes bytes of pixels (value 0x80),
 * to a file in dir; returns its path. */
static char *
write_bmp (const char *dir,
           guint32     width,
           guint32     height,
           gsize       pixel_bytes)
{
  g_autofree guint8 *bmp = g_malloc0 (54 + pixel_bytes);
  g_autofree char *name = g_strdup_printf ("forged-%ux%u.bmp", width, height);
  char *path = g_build_filename (dir, name, NULL);

  bmp[0] = 'B';
  bmp[1] = 'M';
  put_u32 (bmp + 2, (guint32) (54 + pixel_bytes));
  put_u32 (bmp + 10, 54);
  put_u32 (bmp + 14, 40);       /* BITMAPINFOHEADER */
  put_u32 (bmp + 18, width);
  put_u32 (bmp + 22, height);
  put_u16 (bmp + 26, 1);        /* planes */
  put_u16 (bmp + 28, 24);       /* bits per pixel */
  memset (bmp + 54, 0x80, pixel_bytes);
  g_assert_true (g_file_set_contents (path, (const char *) bmp, 54 + pixel_bytes, NULL));
  return path;
}

static void
test_declared_size (void)
{
  static const struct { guint32 width, height; gboolean refused; } cases[] = {
    { 100000, 100000, TRUE },   /* 30 GB */
    { 20000, 20000, TRUE },     /* 400 megapixels */
    { 8193, 8192, TRUE },       /* one column over the 64 Mi pixel budget */
    { 40000, 1, FALSE },        /* a long side alone is no reason: decoded */
  };
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_bmp (dir, cases[i].width, cases[i].height,
                                         cases[i].refused ? 16 : cases[i].width * 3);
      g_autofree char *size = g_strdup_printf ("%u × %u pixels", cases[i].width,
                                               cases[i].height);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) frames = sl_image_load_frames (path, SL_IMAGE_DEFAULT_MAX_PIXELS,
                                                           &error);

      if (cases[i].refused)
        {
          g_assert_null (frames);
          g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
          g_assert_true (g_str_has_prefix (error->message, path));
          g_assert_nonnull (strstr (error->message, size));
          g_assert_nonnull (strstr (error->message, "over the limit"));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpint (((SlImage *) g_ptr_array_index (frames, 0))->width, ==,
                           (int) cases[i].width);
        }
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_small_image_decoded (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = write_bmp (dir, 2, 2, 16);   /* rows padded to 8 bytes */
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_image_load_frames (path, SL_IMAGE_DEFAULT_MAX_PIXELS,
                                                       &error);
  SlImage *image;

  g_assert_no_error (error);
  g_assert_cmpuint (frames->len, ==, 1);
  image = g_ptr_array_index (frames, 0);
  g_assert_cmpint (image->width, ==, 2);
  g_assert_cmpint (image->height, ==, 2);
  g_assert_cmpint (image->channels, ==, 1);   /* gray: R == G == B */
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (image->pixels, NULL))[0], ==, 0x80);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/io/pixbuf-guard/declared-size", test_declared_size);
  g_test_add_func ("/sightline/io/pixbuf-guard/small-image", test_small_image_decoded);
  return g_test_run ();
}
