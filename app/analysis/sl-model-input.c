/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-model-input.h"

#include "sl-augment.h"

void
sl_model_input_from_image (const SlImage *image,
                           int            width,
                           int            height,
                           float         *out)
{
  gsize n = (gsize) image->width * image->height;
  g_autofree guint8 *gray = g_malloc (n);
  g_autofree float *values = NULL;

  sl_image_to_gray8 (image, image->window_center, image->window_width, gray);

  if (image->width == width && image->height == height)
    {
      for (gsize i = 0; i < n; i++)
        out[i] = gray[i] / 255.0f;
      return;
    }

  values = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    values[i] = gray[i] / 255.0f;
  sl_resize_bilinear (values, 1, image->height, image->width, out, height, width);
}
