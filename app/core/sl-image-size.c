/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-image.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

char *
sl_image_over_budget (guint64 width,
                      guint64 height,
                      guint64 max_pixels)
{
  if (width * height <= max_pixels && width <= G_MAXINT && height <= G_MAXINT)
    return NULL;
  return g_strdup_printf (_("%" PRIu64 " × %" PRIu64 " pixels (%.1f megapixels) is over the "
                            "limit of %.1f megapixels an image; skipped (raise the limit with "
                            "import --max-pixels or in the window's Preferences)"),
                          width, height, (double) (width * height) / 1e6,
                          (double) max_pixels / 1e6);
}

static double
sample_at (const guint8 *data,
           SlSampleType  type,
           gsize         index)
{
  switch (type)
    {
    case SL_SAMPLE_U16: return ((const guint16 *) data)[index];
    case SL_SAMPLE_S16: return ((const gint16 *) data)[index];
    case SL_SAMPLE_F32: return ((const float *) data)[index];
    case SL_SAMPLE_U8:
    default: return data[index];
    }
}

static void
store_sample (guint8       *data,
              SlSampleType  type,
              gsize         index,
              double        value)
{
  switch (type)
    {
    case SL_SAMPLE_U16: ((guint16 *) data)[index] = (guint16) (value + 0.5); break;
    case SL_SAMPLE_S16: ((gint16 *) data)[index] = (gint16) lround (value); break;
    case SL_SAMPLE_F32: ((float *) data)[index] = (float) value; break;
    case SL_SAMPLE_U8:
    default: data[index] = (guint8) (value + 0.5); break;
    }
}

/* A new image of width × height samples dst (taken), described as image is. */
static SlImage *
reduced_like (const SlImage *image,
              int            width,
              int            height,
              guint8        *dst,
              gsize          size)
{
  SlImage *reduced = sl_image_new_take (width, height, image->channels, image->sample_type, dst,
                                        size);

  reduced->bits = image->bits;
  reduced->slope = image->slope;
  reduced->intercept = image->intercept;
  reduced->window_center = image->window_center;
  reduced->window_width = image->window_width;
  return reduced;
}

SlImage *
sl_image_reduce (const SlImage *image,
                 int            max_side)
{
  const guint8 *src;
  guint8 *dst;
  int factor, width, height, c = image->channels;
  gsize size;

  g_return_val_if_fail (image != NULL && max_side > 0, NULL);

  if (image->width <= max_side && image->height <= max_side)
    return NULL;
  factor = (MAX (image->width, image->height) + max_side - 1) / max_side;
  width = MAX (image->width / factor, 1);
  height = MAX (image->height / factor, 1);
  size = (gsize) width * height * c * sl_sample_type_size (image->sample_type);
  src = g_bytes_get_data (image->pixels, NULL);
  dst = g_malloc (size);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int k = 0; k < c; k++)
        {
          double sum = 0;

          for (int dy = 0; dy < factor; dy++)
            for (int dx = 0; dx < factor; dx++)
              sum += sample_at (src, image->sample_type,
                                (((gsize) y * factor + dy) * image->width + (gsize) x * factor
                                 + dx) * c + k);
          store_sample (dst, image->sample_type, ((gsize) y * width + x) * c + k,
                        sum / ((double) factor * factor));
        }

  return reduced_like (image, width, height, dst, size);
}

SlImage *
sl_image_shrink (const SlImage *image,
                 int            max_side)
{
  int w = image->width, h = image->height, c = image->channels;
  int tw, th;
  const guint8 *src;
  guint8 *dst;
  double *sums;
  gsize size;

  g_return_val_if_fail (image != NULL && max_side > 0, NULL);

  if (w <= max_side && h <= max_side)
    return NULL;
  tw = MAX (1, (int) ((gint64) w * max_side / MAX (w, h)));
  th = MAX (1, (int) ((gint64) h * max_side / MAX (w, h)));
  size = (gsize) tw * th * c * sl_sample_type_size (image->sample_type);
  src = g_bytes_get_data (image->pixels, NULL);
  dst = g_malloc (size);
  sums = g_new (double, (gsize) tw * c);
  for (int y = 0; y < th; y++)
    {
      int y0 = (int) ((gint64) y * h / th), y1 = MAX (y0 + 1, (int) ((gint64) (y + 1) * h / th));

      memset (sums, 0, (gsize) tw * c * sizeof (double));
      for (int sy = y0; sy < y1; sy++)
        for (int x = 0, sx = 0; x < tw; x++)
          for (int x1 = MAX (sx + 1, (int) ((gint64) (x + 1) * w / tw)); sx < x1; sx++)
            for (int k = 0; k < c; k++)
              sums[x * c + k] += sample_at (src, image->sample_type,
                                            ((gsize) sy * w + sx) * c + k);
      for (int x = 0; x < tw; x++)
        {
          int x0 = (int) ((gint64) x * w / tw), x1 = MAX (x0 + 1, (int) ((gint64) (x + 1) * w / tw));
          double n = (double) (x1 - x0) * (y1 - y0);

          for (int k = 0; k < c; k++)
            store_sample (dst, image->sample_type, ((gsize) y * tw + x) * c + k,
                          sums[x * c + k] / n);
        }
    }
  g_free (sums);
  return reduced_like (image, tw, th, dst, size);
}
