/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-heatmap.h"

#include <math.h>
#include <string.h>

#include "sl-augment.h"
#include "sl-model-input.h"

static float *
resize_heat (const float *heat,
             int          heat_width,
             int          heat_height,
             int          width,
             int          height)
{
  float *out = g_new (float, (gsize) width * height);

  sl_resize_bilinear (heat, 1, heat_height, heat_width, out, height, width);
  return out;
}

GdkPixbuf *
sl_heatmap_render_layer (const float *heat,
                         int          heat_width,
                         int          heat_height,
                         int          width,
                         int          height,
                         sl_colormap  colormap)
{
  g_autofree float *values = resize_heat (heat, heat_width, heat_height, width, height);
  GdkPixbuf *layer = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (layer);
  int stride = gdk_pixbuf_get_rowstride (layer);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float v = CLAMP (values[(gsize) y * width + x], 0.0f, 1.0f);
        guint8 *p = pixels + (gsize) y * stride + x * 4;

        sl_colormap_rgb (colormap, v, p);
        p[3] = (guint8) (255.0f * 0.9f * v);
      }
  return layer;
}

float *
sl_heatmap_in_image_frame (const float *heat,
                           int          heat_width,
                           int          heat_height,
                           int          image_width,
                           int          image_height,
                           int         *frame_width,
                           int         *frame_height)
{
  int x0, y0, crop_w, crop_h, off_x, off_y, fw, fh;
  float *frame;

  sl_model_input_crop (image_width, image_height, heat_width, heat_height, &x0, &y0, &crop_w,
                       &crop_h);
  fw = MAX (heat_width, (int) lround ((double) image_width * heat_width / crop_w));
  fh = MAX (heat_height, (int) lround ((double) image_height * heat_height / crop_h));
  off_x = MIN (fw - heat_width, (int) lround ((double) x0 * heat_width / crop_w));
  off_y = MIN (fh - heat_height, (int) lround ((double) y0 * heat_height / crop_h));
  frame = g_new0 (float, (gsize) fw * fh);
  for (int y = 0; y < heat_height; y++)
    memcpy (frame + (gsize) (off_y + y) * fw + off_x, heat + (gsize) y * heat_width,
            sizeof (float) * heat_width);
  *frame_width = fw;
  *frame_height = fh;
  return frame;
}

GdkPixbuf *
sl_heatmap_render_overlay (const SlImage *image,
                           const float   *heat,
                           int            heat_width,
                           int            heat_height,
                           int            min_side,
                           sl_colormap    colormap,
                           double         opacity)
{
  int longer = MAX (image->width, image->height);
  double scale = longer < min_side ? (double) min_side / longer : 1.0;
  int width = MAX (1, (int) (image->width * scale + 0.5));
  int height = MAX (1, (int) (image->height * scale + 0.5));
  gsize n = (gsize) image->width * image->height, n_scaled = (gsize) width * height;
  g_autofree guint8 *rgb = g_malloc (n * 3);
  g_autofree float *base = g_new (float, n * 3);
  g_autofree float *scaled = g_new (float, n_scaled * 3);
  g_autofree float *frame = NULL;
  g_autoptr(GdkPixbuf) layer = NULL;
  GdkPixbuf *out;
  guint8 *dst;
  const guint8 *src;
  int dst_stride, src_stride, frame_w, frame_h;

  /* The image in colour (gray repeated), as planes for the resize. */
  sl_image_to_rgb8 (image, image->window_center, image->window_width, rgb);
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      base[c * n + i] = rgb[i * 3 + c];
  sl_resize_bilinear (base, 3, image->height, image->width, scaled, height, width);
  frame = sl_heatmap_in_image_frame (heat, heat_width, heat_height, image->width, image->height,
                                     &frame_w, &frame_h);
  layer = sl_heatmap_render_layer (frame, frame_w, frame_h, width, height, colormap);

  out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  dst = gdk_pixbuf_get_pixels (out);
  dst_stride = gdk_pixbuf_get_rowstride (out);
  src = gdk_pixbuf_get_pixels (layer);
  src_stride = gdk_pixbuf_get_rowstride (layer);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *h = src + (gsize) y * src_stride + x * 4;
        guint8 *p = dst + (gsize) y * dst_stride + x * 3;
        double a = opacity * h[3] / 255.0;

        for (int c = 0; c < 3; c++)
          {
            double v = CLAMP (scaled[c * n_scaled + (gsize) y * width + x], 0.0, 255.0);

            p[c] = (guint8) (v * (1.0 - a) + h[c] * a + 0.5);
          }
      }
  return out;
}
