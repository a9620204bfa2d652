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
  float scale;              /* zoom factor uniform in [1 - s, 1 + s] */
  float brightness;         /* add b uniform in [-v, v] */
  float contrast;           /* (x - mean) * f + mean, f uniform in [1 - v, 1 + v] */
} sl_augment_config;

/* Everything off. */
void sl_augment_config_default (sl_augment_config       *cfg);

/* in, out: (c, h, w), values 0..1 before normalisation; in and out must not overlap.
 * Flip, rotation, shift and scale are one bilinear warp about the image centre with replicated
 * borders (skipped, and no random numbers drawn, when none is on); brightness and contrast
 * apply after it, per channel (the mean is that channel's); the result is not clamped.
 * The draws are made in this order: flip, angle, shift x, shift y, scale, brightness, contrast,
 * each only when its operation is on. */
void sl_augment_image          (const sl_augment_config *cfg,
                                sl_rng                  *rng,
                                const float             *in,
                                float                   *out,
                                int                      c,
                                int                      h,
                                int                      w);

/* in: (c, h, w); out: (c, out_h, out_w). Bilinear, pixel centres aligned (the corners of the
 * two images coincide), borders replicated; same size copies. */
void sl_resize_bilinear        (const float             *in,
                                int                      c,
                                int                      h,
                                int                      w,
                                float                   *out,
                                int                      out_h,
                                int                      out_w);
