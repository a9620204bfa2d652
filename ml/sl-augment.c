/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-augment.h"

#include <math.h>
#include <string.h>

void
sl_augment_config_default (sl_augment_config *cfg)
{
  memset (cfg, 0, sizeof *cfg);
}

/* Uniform in [-r, r]. */
static float
symmetric (sl_rng *rng, float r)
{
  return (2.0f * sl_rng_uniform (rng) - 1.0f) * r;
}

static void
mirror (const float *in, float *out, int c, int h, int w)
{
  for (int row = 0; row < c * h; row++)
    {
      const float *src = in + (size_t) row * w;
      float *dst = out + (size_t) row * w;

      for (int x = 0; x < w; x++)
        dst[x] = src[w - 1 - x];
    }
}

void
sl_warp_affine (const float *in,
                float       *out,
                int          c,
                int          h,
                int          w,
                int          hflip,
                float        degrees,
                float        shift_x,
                float        shift_y,
                float        scale)
{
  size_t plane = (size_t) h * w;
  float cx = 0.5f * (w - 1), cy = 0.5f * (h - 1);
  double rad = degrees * (M_PI / 180.0);
  float cs = (float) cos (rad) / scale, sn = (float) sin (rad) / scale;
  /* Output offset (dx, dy) from the centre, less the shift, maps back to the source offset
   * (cs * dx - sn * dy, sn * dx + cs * dy), mirrored in x if hflip. */
  float ax = hflip ? -cs : cs, bx = hflip ? sn : -sn;
  float ay = sn, by = cs;

  for (int y = 0; y < h; y++)
    {
      float dy = y - cy - shift_y, dx0 = -cx - shift_x;
      float sx = cx + ax * dx0 + bx * dy;
      float sy = cy + ay * dx0 + by * dy;

      for (int x = 0; x < w; x++, sx += ax, sy += ay)
        {
          float px = fminf (fmaxf (sx, 0.0f), (float) (w - 1));
          float py = fminf (fmaxf (sy, 0.0f), (float) (h - 1));
          int x0 = (int) px, y0 = (int) py;
          int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
          float fx = px - x0, fy = py - y0;
          float w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy);
          float w10 = (1 - fx) * fy, w11 = fx * fy;
          size_t i00 = (size_t) y0 * w + x0, i01 = (size_t) y0 * w + x1;
          size_t i10 = (size_t) y1 * w + x0, i11 = (size_t) y1 * w + x1;

          for (int k = 0; k < c; k++)
            {
              const float *p = in + k * plane;

              out[k * plane + (size_t) y * w + x] =
                w00 * p[i00] + w01 * p[i01] + w10 * p[i10] + w11 * p[i11];
            }
        }
    }
}

void
sl_augment_image (const sl_augment_config *cfg,
                  sl_rng                  *rng,
                  const float             *in,
                  float                   *out,
                  int                      c,
                  int                      h,
                  int                      w)
{
  size_t plane = (size_t) h * w;
  int flip = cfg->hflip ? (sl_rng_u32 (rng) >> 31) : 0;
  float degrees = cfg->rotate_degrees != 0 ? symmetric (rng, cfg->rotate_degrees) : 0.0f;
  float tx = cfg->shift != 0 ? symmetric (rng, cfg->shift) * w : 0.0f;
  float ty = cfg->shift != 0 ? symmetric (rng, cfg->shift) * h : 0.0f;
  float scale = cfg->scale != 0 ? 1.0f + symmetric (rng, cfg->scale) : 1.0f;
  float bright = cfg->brightness != 0 ? symmetric (rng, cfg->brightness) : 0.0f;
  float contrast = cfg->contrast != 0 ? 1.0f + symmetric (rng, cfg->contrast) : 1.0f;

  if (cfg->rotate_degrees != 0 || cfg->shift != 0 || cfg->scale != 0)
    sl_warp_affine (in, out, c, h, w, flip, degrees, tx, ty, scale);
  else if (flip)
    mirror (in, out, c, h, w);
  else
    memcpy (out, in, plane * c * sizeof *out);

  if (bright == 0 && contrast == 1)
    return;
  for (int k = 0; k < c; k++)
    {
      float *p = out + k * plane;
      double sum = 0;
      float mean, offset;

      for (size_t i = 0; i < plane; i++)
        sum += p[i];
      mean = (float) (sum / plane);
      offset = mean * (1 - contrast) + bright;
      for (size_t i = 0; i < plane; i++)
        p[i] = p[i] * contrast + offset;
    }
}

/* Sums the input along one axis with a triangle filter centred on the output sample `o`:
 * support 1 (plain linear interpolation) when enlarging, the scale factor when shrinking.
 * Taps beyond the border repeat the edge sample. */
typedef struct
{
  float centre, support;
  int first, last;
} tent;

static tent
tent_at (int o, int in_n, int out_n)
{
  float ratio = (float) in_n / out_n;
  tent t;

  t.centre = (o + 0.5f) * ratio - 0.5f;
  t.support = ratio > 1 ? ratio : 1;
  t.first = (int) floorf (t.centre - t.support) + 1;
  t.last = (int) ceilf (t.centre + t.support) - 1;
  return t;
}

static inline float
tent_weight (const tent *t, int i)
{
  float d = fabsf (i - t->centre) / t->support;

  return d < 1 ? 1 - d : 0;
}

static inline int
clampi (int v, int n)
{
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

void
sl_resize_bilinear (const float *in,
                    int          c,
                    int          h,
                    int          w,
                    float       *out,
                    int          out_h,
                    int          out_w)
{
  if (c < 1 || h < 1 || w < 1 || out_h < 1 || out_w < 1)
    return;
  if (h == out_h && w == out_w)
    {
      memcpy (out, in, (size_t) c * h * w * sizeof *out);
      return;
    }
  for (int y = 0; y < out_h; y++)
    {
      tent ty = tent_at (y, h, out_h);

      for (int x = 0; x < out_w; x++)
        {
          tent tx = tent_at (x, w, out_w);
          float wx_sum = 0, wy_sum = 0;

          for (int j = tx.first; j <= tx.last; j++)
            wx_sum += tent_weight (&tx, j);
          for (int i = ty.first; i <= ty.last; i++)
            wy_sum += tent_weight (&ty, i);

          for (int k = 0; k < c; k++)
            {
              const float *p = in + (size_t) k * h * w;
              float acc = 0;

              for (int i = ty.first; i <= ty.last; i++)
                {
                  const float *row = p + (size_t) clampi (i, h) * w;
                  float wy = tent_weight (&ty, i), racc = 0;

                  if (wy == 0)
                    continue;
                  for (int j = tx.first; j <= tx.last; j++)
                    racc += tent_weight (&tx, j) * row[clampi (j, w)];
                  acc += wy * racc;
                }
              out[((size_t) k * out_h + y) * out_w + x] = acc / (wx_sum * wy_sum);
            }
        }
    }
}
