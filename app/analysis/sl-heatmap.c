/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-heatmap.h"

#include "sl-augment.h"

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
  g_autofree guint8 *gray = g_malloc ((gsize) image->width * image->height);
  g_autofree float *base = g_new (float, (gsize) image->width * image->height);
  g_autofree float *scaled = g_new (float, (gsize) width * height);
  g_autoptr(GdkPixbuf) layer = NULL;
  GdkPixbuf *out;
  guint8 *dst;
  const guint8 *src;
  int dst_stride, src_stride;

  sl_image_to_gray8 (image, image->window_center, image->window_width, gray);
  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    base[i] = gray[i];
  sl_resize_bilinear (base, 1, image->height, image->width, scaled, height, width);
  layer = sl_heatmap_render_layer (heat, heat_width, heat_height, width, height, colormap);

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
        double g = CLAMP (scaled[(gsize) y * width + x], 0.0, 255.0);

        for (int c = 0; c < 3; c++)
          p[c] = (guint8) (g * (1.0 - a) + h[c] * a + 0.5);
      }
  return out;
}
