/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-hog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HYS_CLIP 0.2f
#define EPS_SQUARED 1e-10

void
sl_hog_config_default (sl_hog_config *cfg)
{
  cfg->cell_size = 4;
  cfg->block_size = 2;
  cfg->bins = 9;
}

int
sl_hog_feature_size (int h, int w, const sl_hog_config *cfg)
{
  int by, bx;

  if (!cfg || cfg->cell_size < 1 || cfg->block_size < 1 || cfg->bins < 1 || h < 0 || w < 0)
    return -1;
  by = h / cfg->cell_size - cfg->block_size + 1;
  bx = w / cfg->cell_size - cfg->block_size + 1;
  if (by < 1 || bx < 1)
    return 0;
  return by * bx * cfg->block_size * cfg->block_size * cfg->bins;
}

/* hist: (cells_y, cells_x, bins), zeroed by the caller. */
static void
cell_histograms (const float *img, int h, int w, const sl_hog_config *cfg, float *hist)
{
  int cell = cfg->cell_size, bins = cfg->bins;
  int cells_x = w / cell, used_h = h / cell * cell, used_w = cells_x * cell;
  float bin_width = 180.0f / bins;

  for (int y = 0; y < used_h; y++)
    {
      const float *row = img + (size_t) y * w;
      const float *up = img + (size_t) (y > 0 ? y - 1 : 0) * w;
      const float *down = img + (size_t) (y + 1 < h ? y + 1 : y) * w;
      float *cell_row = hist + (size_t) (y / cell) * cells_x * bins;

      for (int x = 0; x < used_w; x++)
        {
          float gx = row[x + 1 < w ? x + 1 : x] - row[x > 0 ? x - 1 : 0];
          float gy = down[x] - up[x];
          float mag = sqrtf (gx * gx + gy * gy), angle, pos, frac;
          int b0, b1;
          float *cell_hist;

          if (mag == 0)
            continue;
          angle = atan2f (gy, gx) * (float) (180.0 / M_PI);
          if (angle < 0)
            angle += 180;
          if (angle >= 180)
            angle -= 180;
          pos = angle / bin_width - 0.5f;
          b0 = (int) floorf (pos);
          frac = pos - b0;
          b1 = b0 + 1;
          if (b0 < 0)
            b0 += bins;
          if (b1 >= bins)
            b1 -= bins;
          cell_hist = cell_row + (size_t) (x / cell) * bins;
          cell_hist[b0] += (1 - frac) * mag;
          cell_hist[b1] += frac * mag;
        }
    }
}

static void
l2_normalise (float *v, int n)
{
  double sum = 0;
  float scale;

  for (int i = 0; i < n; i++)
    sum += (double) v[i] * v[i];
  scale = (float) (1 / sqrt (sum + EPS_SQUARED));
  for (int i = 0; i < n; i++)
    v[i] *= scale;
}

void
sl_hog_compute (const float *img, int h, int w, const sl_hog_config *cfg, float *out)
{
  int size = sl_hog_feature_size (h, w, cfg);
  int cells_y, cells_x, block, bins, block_len;
  float *hist;

  if (size <= 0)
    return;
  cells_y = h / cfg->cell_size;
  cells_x = w / cfg->cell_size;
  block = cfg->block_size;
  bins = cfg->bins;
  block_len = block * block * bins;
  hist = calloc ((size_t) cells_y * cells_x * bins, sizeof *hist);
  if (!hist)
    {
      memset (out, 0, (size_t) size * sizeof *out);
      return;
    }
  cell_histograms (img, h, w, cfg, hist);

  for (int by = 0; by + block <= cells_y; by++)
    for (int bx = 0; bx + block <= cells_x; bx++)
      {
        float *v = out;

        for (int cy = 0; cy < block; cy++)
          {
            memcpy (out, hist + ((size_t) (by + cy) * cells_x + bx) * bins,
                    (size_t) block * bins * sizeof *out);
            out += block * bins;
          }
        l2_normalise (v, block_len);
        for (int i = 0; i < block_len; i++)
          if (v[i] > HYS_CLIP)
            v[i] = HYS_CLIP;
        l2_normalise (v, block_len);
      }
  free (hist);
}
