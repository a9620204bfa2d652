/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-rng.h"

/* Random augmentation of one image. Each field switches one operation on (non-zero) and gives
 * its range; every random draw comes from the sl_rng passed in, so a seed reproduces it. */
typedef struct
{
  int hflip;                /* mirror left-right with probability 1/2 */
  float rotate_degrees;     /* angle uniform in [-r, r] */
  float shift;              /* translation uniform in [-s, s] times the width / height */
  float scale;              /* zoom factor uniform in [1 - s, 1 + s], s < 1 */
  float brightness;         /* add b uniform in [-v, v] */
  float contrast;           /* (x - mean) * f + mean, f uniform in [1 - v, 1 + v] */
} sl_augment_config;

/* Everything off. */
void sl_augment_config_default (sl_augment_config       *cfg);

/* in, out: (c, h, w), values 0..1 before normalisation; in and out must not overlap.
 * Flip, rotation, shift and scale make one sl_warp_affine (); a flip alone is an exact mirror and
 * no geometric operation at all a copy. Brightness and contrast apply after it, per channel,
 * out = (x - mean) * f + mean + b with the channel's mean; the result is not clamped.
 * Draws, each only when its operation is on, in this order: flip, angle, shift x, shift y,
 * scale, brightness, contrast. */
void sl_augment_image          (const sl_augment_config *cfg,
                                sl_rng                  *rng,
                                const float             *in,
                                float                   *out,
                                int                      c,
                                int                      h,
                                int                      w);

/* One bilinear affine warp about the image centre ((w - 1) / 2, (h - 1) / 2), borders
 * replicated: mirror left-right if hflip, zoom by scale, rotate by degrees (positive turns the
 * content counter-clockwise as displayed, rows going down), then move by (shift_x, shift_y)
 * pixels. in, out: (c, h, w), not overlapping. */
void sl_warp_affine            (const float             *in,
                                float                   *out,
                                int                      c,
                                int                      h,
                                int                      w,
                                int                      hflip,
                                float                    degrees,
                                float                    shift_x,
                                float                    shift_y,
                                float                    scale);

/* in: (c, h, w); out: (c, out_h, out_w). Bilinear with half-pixel centres (the outer edges of
 * the two images coincide, as in OpenCV and PIL) and replicated borders; when shrinking, the
 * triangle filter widens by the scale factor so every input pixel contributes (no aliasing).
 * The same size copies. */
void sl_resize_bilinear        (const float             *in,
                                int                      c,
                                int                      h,
                                int                      w,
                                float                   *out,
                                int                      out_h,
                                int                      out_w);
