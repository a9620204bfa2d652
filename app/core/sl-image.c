/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-image.h"

#include <math.h>
#include <string.h>

SlImage *
sl_image_new (int           width,
              int           height,
              int           channels,
              SlSampleType  sample_type,
              GBytes       *pixels)
{
  SlImage *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);
  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels)
                        == (gsize) width * height * channels * sl_sample_type_size (sample_type),
                        NULL);

  image = g_new0 (SlImage, 1);
  image->width = width;
  image->height = height;
  image->channels = channels;
  image->sample_type = sample_type;
  image->bits = (int) sl_sample_type_size (sample_type) * 8;
  image->slope = 1.0;
  image->intercept = 0.0;
  image->pixels = g_bytes_ref (pixels);
  return image;
}

SlImage *
sl_image_new_take (int           width,
                   int           height,
                   int           channels,
                   SlSampleType  sample_type,
                   gpointer      pixels,
                   gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (pixels, size);

  return sl_image_new (width, height, channels, sample_type, bytes);
}

gboolean
sl_image_reduce_gray (SlImage *image)
{
  gsize n_pixels, sample_size, size;
  const guint8 *rgb;
  guint8 *gray;

  g_return_val_if_fail (image != NULL, FALSE);

  if (image->channels != 3)
    return FALSE;
  n_pixels = (gsize) image->width * image->height;
  sample_size = sl_sample_type_size (image->sample_type);
  rgb = g_bytes_get_data (image->pixels, &size);
  for (gsize p = 0; p < n_pixels; p++)
    {
      const guint8 *px = rgb + p * 3 * sample_size;

      if (memcmp (px, px + sample_size, sample_size) != 0
          || memcmp (px, px + 2 * sample_size, sample_size) != 0)
        return FALSE;
    }

  gray = g_malloc (n_pixels * sample_size);
  for (gsize p = 0; p < n_pixels; p++)
    memcpy (gray + p * sample_size, rgb + p * 3 * sample_size, sample_size);
  g_bytes_unref (image->pixels);
  image->pixels = g_bytes_new_take (gray, n_pixels * sample_size);
  image->channels = 1;
  return TRUE;
}

char *
sl_image_sha256 (const SlImage *image)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gint32 shape[4];
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (image != NULL, NULL);

  shape[0] = GINT32_TO_LE (image->width);
  shape[1] = GINT32_TO_LE (image->height);
  shape[2] = GINT32_TO_LE (image->channels);
  shape[3] = GINT32_TO_LE ((gint32) image->sample_type);
  g_checksum_update (checksum, (const guchar *) shape, sizeof shape);
  data = g_bytes_get_data (image->pixels, &size);
  g_checksum_update (checksum, data, size);
  return g_strdup (g_checksum_get_string (checksum));
}

void
sl_image_free (SlImage *image)
{
  if (image == NULL)
    return;
  g_clear_pointer (&image->pixels, g_bytes_unref);
  g_free (image->format);
  g_free (image->modality);
  g_free (image->body_part);
  g_free (image->study_pseudonym);
  g_free (image->series_pseudonym);
  g_free (image);
}

gsize
sl_sample_type_size (SlSampleType type)
{
  switch (type)
    {
    case SL_SAMPLE_U8: return 1;
    case SL_SAMPLE_U16:
    case SL_SAMPLE_S16: return 2;
    case SL_SAMPLE_F32: return 4;
    default: g_return_val_if_reached (1);
    }
}

static double
stored_sample (const SlImage *image,
               gsize          index)
{
  gconstpointer data = g_bytes_get_data (image->pixels, NULL);

  switch (image->sample_type)
    {
    case SL_SAMPLE_U8: return ((const guint8 *) data)[index];
    case SL_SAMPLE_U16: return ((const guint16 *) data)[index];
    case SL_SAMPLE_S16: return ((const gint16 *) data)[index];
    case SL_SAMPLE_F32: return ((const float *) data)[index];
    default: g_return_val_if_reached (0);
    }
}

double
sl_image_value_at (const SlImage *image,
                   int            x,
                   int            y,
                   int            channel)
{
  gsize index;

  g_return_val_if_fail (image != NULL, 0);
  g_return_val_if_fail (x >= 0 && x < image->width && y >= 0 && y < image->height, 0);
  g_return_val_if_fail (channel >= 0 && channel < image->channels, 0);

  index = ((gsize) y * image->width + x) * image->channels + channel;
  return stored_sample (image, index) * image->slope + image->intercept;
}

void
sl_image_value_range (const SlImage *image,
                      double        *min,
                      double        *max)
{
  gsize n = (gsize) image->width * image->height * image->channels;
  double lo = INFINITY, hi = -INFINITY;

  for (gsize i = 0; i < n; i++)
    {
      double v = stored_sample (image, i);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  lo = lo * image->slope + image->intercept;
  hi = hi * image->slope + image->intercept;
  *min = MIN (lo, hi);
  *max = MAX (lo, hi);
}

/* The real-value range a window (center, width) maps to 0..255; a width of 0 means "the
 * image's own range" (0..255 for plain 8-bit images). */
static void
window_range (const SlImage *image,
              double         window_center,
              double         window_width,
              double        *lo,
              double        *hi)
{
  if (window_width > 0)
    {
      *lo = window_center - window_width / 2.0;
      *hi = window_center + window_width / 2.0;
    }
  else if (image->sample_type == SL_SAMPLE_U8 && image->slope == 1.0 && image->intercept == 0.0)
    {
      *lo = 0;
      *hi = 255;
    }
  else
    sl_image_value_range (image, lo, hi);
}

static guint8
windowed_byte (double v,
               double lo,
               double hi)
{
  v = hi > lo ? (v - lo) / (hi - lo) * 255.0 : 0.0;
  return (guint8) CLAMP (lround (v), 0, 255);
}

/* Maps real values through a window to 0..255, averaging colour channels. out holds
 * width * height bytes. */
void
sl_image_to_gray8 (const SlImage *image,
                   double         window_center,
                   double         window_width,
                   guint8        *out)
{
  gsize n_pixels = (gsize) image->width * image->height;
  double lo, hi;

  window_range (image, window_center, window_width, &lo, &hi);

  for (gsize p = 0; p < n_pixels; p++)
    {
      double v = 0;

      for (int c = 0; c < image->channels; c++)
        v += stored_sample (image, p * image->channels + c);
      out[p] = windowed_byte (v / image->channels * image->slope + image->intercept, lo, hi);
    }
}

/* The byte of every value an integer sample type can store, so that a large image costs a look-up
 * a sample instead of the arithmetic (the same bytes); NULL for float samples and for images
 * with fewer samples than the table has entries. */
static guint8 *
window_table (const SlImage *image,
              double         lo,
              double         hi)
{
  gsize n_samples = (gsize) image->width * image->height * image->channels;
  int first, n;
  guint8 *table;

  switch (image->sample_type)
    {
    case SL_SAMPLE_U8: first = 0; n = 1 << 8; break;
    case SL_SAMPLE_U16: first = 0; n = 1 << 16; break;
    case SL_SAMPLE_S16: first = G_MININT16; n = 1 << 16; break;
    case SL_SAMPLE_F32:
    default: return NULL;
    }
  if (n_samples < (gsize) n)
    return NULL;
  table = g_malloc (n);
  for (int i = 0; i < n; i++)
    table[i] = windowed_byte ((first + i) * image->slope + image->intercept, lo, hi);
  return table;
}

/* Where the sample at index is in its window_table(). */
static inline guint
table_index (const guint8 *data,
             SlSampleType  type,
             gsize         index)
{
  switch (type)
    {
    case SL_SAMPLE_U16: return ((const guint16 *) data)[index];
    case SL_SAMPLE_S16: return (guint) (((const gint16 *) data)[index] - G_MININT16);
    case SL_SAMPLE_U8:
    case SL_SAMPLE_F32:
    default: return data[index];
    }
}

/* The same window on every channel; gray is repeated in R, G and B. out holds
 * width * height * 3 bytes, interleaved. */
void
sl_image_to_rgb8 (const SlImage *image,
                  double         window_center,
                  double         window_width,
                  guint8        *out)
{
  gsize n_pixels = (gsize) image->width * image->height;
  g_autofree guint8 *table = NULL;
  double lo, hi;

  window_range (image, window_center, window_width, &lo, &hi);
  if ((table = window_table (image, lo, hi)) != NULL)
    {
      const guint8 *data = g_bytes_get_data (image->pixels, NULL);
      SlSampleType type = image->sample_type;

      if (image->channels == 3)
        for (gsize i = 0; i < n_pixels * 3; i++)
          out[i] = table[table_index (data, type, i)];
      else
        for (gsize p = 0; p < n_pixels; p++)
          out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = table[table_index (data, type, p)];
      return;
    }
  for (gsize p = 0; p < n_pixels; p++)
    for (int c = 0; c < 3; c++)
      {
        gsize index = p * image->channels + (image->channels == 3 ? c : 0);
        double v = stored_sample (image, index) * image->slope + image->intercept;

        out[p * 3 + c] = windowed_byte (v, lo, hi);
      }
}
