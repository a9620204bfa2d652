/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-model-input.h"

#include <math.h>

#include "sl-augment.h"

void
sl_model_input_crop (int  image_width,
                     int  image_height,
                     int  width,
                     int  height,
                     int *x0,
                     int *y0,
                     int *crop_width,
                     int *crop_height)
{
  *crop_width = image_width;
  *crop_height = image_height;
  if ((gint64) image_width * height > (gint64) image_height * width)
    *crop_width = MAX (1, (int) ((gint64) image_height * width / height));
  else
    *crop_height = MAX (1, (int) ((gint64) image_width * height / width));
  *x0 = (image_width - *crop_width) / 2;
  *y0 = (image_height - *crop_height) / 2;
}

void
sl_model_input_from_image (const SlImage *image,
                           int            channels,
                           int            width,
                           int            height,
                           guint8        *out)
{
  gsize n = (gsize) image->width * image->height;
  gsize out_plane = (gsize) width * height;
  g_autofree guint8 *bytes = g_malloc (n * channels);
  g_autofree float *planes = NULL;
  g_autofree float *resized = NULL;
  int x0, y0, crop_w, crop_h;

  g_return_if_fail (channels == 1 || channels == 3);

  if (channels == 3)
    sl_image_to_rgb8 (image, image->window_center, image->window_width, bytes);
  else
    sl_image_to_gray8 (image, image->window_center, image->window_width, bytes);

  sl_model_input_crop (image->width, image->height, width, height, &x0, &y0, &crop_w, &crop_h);
  if (crop_w == width && crop_h == height)
    {
      for (int c = 0; c < channels; c++)
        for (int y = 0; y < height; y++)
          for (int x = 0; x < width; x++)
            out[c * out_plane + (gsize) y * width + x]
              = bytes[((gsize) (y0 + y) * image->width + x0 + x) * channels + c];
      return;
    }

  planes = g_new (float, (gsize) channels * crop_w * crop_h);
  for (int c = 0; c < channels; c++)
    for (int y = 0; y < crop_h; y++)
      for (int x = 0; x < crop_w; x++)
        planes[((gsize) c * crop_h + y) * crop_w + x]
          = bytes[((gsize) (y0 + y) * image->width + x0 + x) * channels + c];
  resized = g_new (float, channels * out_plane);
  sl_resize_bilinear (planes, channels, crop_h, crop_w, resized, height, width);
  for (gsize i = 0; i < channels * out_plane; i++)
    out[i] = (guint8) CLAMP (lroundf (resized[i]), 0, 255);
}

void
sl_model_input_to_floats (const guint8 *bytes,
                          gsize         n,
                          float        *out)
{
  for (gsize i = 0; i < n; i++)
    out[i] = bytes[i] / 255.0f;
}
