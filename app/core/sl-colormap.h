/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Perceptual colormaps for heatmaps: small tables of published anchor colours, linearly
 * interpolated. */
typedef enum
{
  SL_COLORMAP_VIRIDIS,
  SL_COLORMAP_INFERNO,
  SL_COLORMAP_TURBO,
} sl_colormap;

/* v: 0..1, clamped (NAN gives the colour of 0). rgb: 8-bit red, green, blue. */
void sl_colormap_rgb (sl_colormap    map,
                      float          v,
                      unsigned char  rgb[3]);
