/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-colormap.h"

#include <math.h>

/* Anchor colours at evenly spaced values 0, 1/(n-1), ..., 1. Viridis and inferno: the published
 * 9-step samples of the matplotlib maps (van der Walt and Smith); turbo: 17 samples of Anton
 * Mikhailov's published 256-entry table (Google, 2019). */
static const unsigned char viridis[][3] = {
  { 68, 1, 84 }, { 71, 44, 122 }, { 59, 81, 139 }, { 44, 113, 142 }, { 33, 144, 141 },
  { 39, 173, 129 }, { 92, 200, 99 }, { 170, 220, 50 }, { 253, 231, 37 },
};

static const unsigned char inferno[][3] = {
  { 0, 0, 4 }, { 31, 12, 72 }, { 85, 15, 109 }, { 136, 34, 106 }, { 186, 54, 85 },
  { 227, 89, 50 }, { 249, 140, 10 }, { 249, 201, 50 }, { 252, 255, 164 },
};

static const unsigned char turbo[][3] = {
  { 48, 18, 59 }, { 64, 64, 162 }, { 70, 107, 227 }, { 66, 148, 255 }, { 40, 188, 235 },
  { 24, 221, 194 }, { 50, 242, 152 }, { 109, 254, 98 }, { 164, 252, 60 }, { 203, 237, 52 },
  { 236, 209, 58 }, { 253, 174, 53 }, { 251, 129, 34 }, { 236, 83, 15 }, { 210, 49, 5 },
  { 172, 23, 1 }, { 122, 4, 3 },
};

void
sl_colormap_rgb (sl_colormap map, float v, unsigned char rgb[3])
{
  const unsigned char (*table)[3];
  int n, i;
  float pos, f;

  switch (map)
    {
    case SL_COLORMAP_INFERNO:
      table = inferno;
      n = (int) (sizeof inferno / sizeof inferno[0]);
      break;
    case SL_COLORMAP_TURBO:
      table = turbo;
      n = (int) (sizeof turbo / sizeof turbo[0]);
      break;
    case SL_COLORMAP_VIRIDIS:
    default:
      table = viridis;
      n = (int) (sizeof viridis / sizeof viridis[0]);
      break;
    }

  if (!(v > 0))
    v = 0;
  if (v > 1)
    v = 1;
  pos = v * (n - 1);
  i = (int) pos;
  if (i > n - 2)
    i = n - 2;
  f = pos - i;
  for (int k = 0; k < 3; k++)
    rgb[k] = (unsigned char) lrintf (table[i][k] + f * (table[i + 1][k] - table[i][k]));
}
