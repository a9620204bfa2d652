/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Histograms of oriented gradients (Dalal and Triggs) of one gray image.
 * - Gradient: centred [-1, 0, 1] differences, gx = I(y, x+1) - I(y, x-1) and
 *   gy = I(y+1, x) - I(y-1, x) (rows going down), the border pixel repeated outside the image.
 * - Orientation: unsigned, atan2 (gy, gx) folded into [0, 180) degrees; `bins` bins of
 *   180 / bins degrees with centres at (b + 1/2) * 180 / bins. Each pixel votes its gradient
 *   magnitude into the two nearest bin centres, linearly (the bins wrap around 0 / 180); no
 *   spatial interpolation: a pixel votes only in its own cell.
 * - Cells: cell_size x cell_size pixels from the top-left corner; pixels beyond the last whole
 *   cell (when h or w is not a multiple of cell_size) are not counted.
 * - Blocks: block_size x block_size cells, moved one cell at a time. Each block's concatenated
 *   histograms v are normalised with L2-Hys: v / sqrt (|v|^2 + 1e-10), clipped at 0.2,
 *   normalised again the same way.
 * - Layout of the output: blocks row-major, inside a block its cells row-major, then the bins. */
typedef struct
{
  int cell_size;            /* pixels per cell side */
  int block_size;           /* cells per block side */
  int bins;                 /* orientation bins over 0..180 degrees */
} sl_hog_config;

/* 4-pixel cells, 2 x 2-cell blocks, 9 bins: 1296 features for a 28 x 28 image. */
void sl_hog_config_default (sl_hog_config       *cfg);

/* Number of floats sl_hog_compute () writes:
 * (h / cell - block + 1) * (w / cell - block + 1) * block^2 * bins (integer division),
 * 0 when the image holds no whole block, -1 for a bad configuration. */
int  sl_hog_feature_size   (int                  h,
                            int                  w,
                            const sl_hog_config *cfg);

/* img: (h, w) gray, any range; out: sl_hog_feature_size () floats. */
void sl_hog_compute        (const float         *img,
                            int                  h,
                            int                  w,
                            const sl_hog_config *cfg,
                            float               *out);
