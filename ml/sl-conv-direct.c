/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-conv-direct.h"

#include <string.h>

/* Output channels and output columns per register block of the forward pass: the block's
 * accumulators stay in vector registers while each input row segment is loaded once for all
 * of its channels. */
#define CO_BLOCK 8
#define X_BLOCK 8

/* Built twice, for FMA (which implies 256-bit AVX) and for the baseline x86-64; the loader
 * picks the one the CPU runs by its feature bits (on other machines the plain C alone). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__ ((target_clones ("fma", "default")))
#else
#define VECTOR_CLONES
#endif

int
sl_conv_direct_applies (const sl_conv_shape *s)
{
  return s->stride == 1;
}

/* Scratch: a block's weights, then the padded planes of one image: the input at (pad, pad) with
 * zeros around it, its rows long enough for a whole last block of output columns. */
static int
padded_width (const sl_conv_shape *s)
{
  return (s->wo + X_BLOCK - 1) / X_BLOCK * X_BLOCK + s->k - 1;
}

static int
padded_height (const sl_conv_shape *s)
{
  return s->ho + s->k - 1;
}

size_t
sl_conv_direct_scratch_floats (const sl_conv_shape *s)
{
  return (size_t) s->cin * s->k * s->k * CO_BLOCK
         + (size_t) s->cin * padded_height (s) * padded_width (s);
}

/* Image i's planes, every input channel, into the padded planes (borders already zero). */
static void
pad_image (const sl_conv_shape *s, int n, int i, const float *in, float *padded)
{
  const int wp = padded_width (s), hp = padded_height (s);

  for (int ci = 0; ci < s->cin; ci++)
    for (int y = 0; y < s->h; y++)
      memcpy (padded + ((size_t) ci * hp + y + s->pad) * wp + s->pad,
              in + (((size_t) ci * n + i) * s->h + y) * s->w, sizeof (float) * s->w);
}

/* One block of output row y: CO_BLOCK output channels by X_BLOCK columns from x, with wb the
 * block's weights tap by tap (zero for channels past the last). */
static inline void
forward_block (const sl_conv_shape *s, const float *padded, const float *wb, int y, int x,
               float acc[CO_BLOCK][X_BLOCK])
{
  const int k = s->k, wp = padded_width (s), hp = padded_height (s);

  for (int ci = 0; ci < s->cin; ci++)
    for (int ky = 0; ky < k; ky++)
      {
        const float *row = padded + ((size_t) ci * hp + y + ky) * wp + x;

        for (int kx = 0; kx < k; kx++)
          {
            const float *wt = wb + (size_t) ((ci * k + ky) * k + kx) * CO_BLOCK;
            float v[X_BLOCK];

            for (int j = 0; j < X_BLOCK; j++)
              v[j] = row[kx + j];
#pragma GCC unroll 8
            for (int c = 0; c < CO_BLOCK; c++)
              for (int j = 0; j < X_BLOCK; j++)
                acc[c][j] += wt[c] * v[j];
          }
      }
}

VECTOR_CLONES void
sl_conv_direct_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                        const float *b, float *scratch, float *out)
{
  const int ho = s->ho, wo = s->wo, taps = s->cin * s->k * s->k;
  float *wb = scratch, *padded = scratch + (size_t) taps * CO_BLOCK;

  memset (padded, 0, sizeof (float) * s->cin * padded_height (s) * padded_width (s));
  for (int co = 0; co < s->cout; co += CO_BLOCK)
    {
      const int nco = s->cout - co < CO_BLOCK ? s->cout - co : CO_BLOCK;

      for (int t = 0; t < taps; t++)
        for (int c = 0; c < CO_BLOCK; c++)
          wb[t * CO_BLOCK + c] = c < nco ? w[(size_t) (co + c) * taps + t] : 0.0f;
      for (int i = 0; i < n; i++)
        {
          pad_image (s, n, i, in, padded);
          for (int y = 0; y < ho; y++)
            for (int x = 0; x < wo; x += X_BLOCK)
              {
                const int nx = wo - x < X_BLOCK ? wo - x : X_BLOCK;
                float acc[CO_BLOCK][X_BLOCK];

                for (int c = 0; c < CO_BLOCK; c++)
                  for (int j = 0; j < X_BLOCK; j++)
                    acc[c][j] = b && c < nco ? b[co + c] : 0.0f;
                forward_block (s, padded, wb, y, x, acc);
                for (int c = 0; c < nco; c++)
                  memcpy (out + (((size_t) (co + c) * n + i) * ho + y) * wo + x, acc[c],
                          sizeof (float) * nx);
              }
        }
    }
}

/* The shifted rows' dot products with dout's row, for every tap at once: acc[tap][lane] sums
 * dout[x] * padded[tap's row][x + kx] over x = lane (mod X_BLOCK). */
VECTOR_CLONES static void
weight_gradient_image (const sl_conv_shape *s, const float *padded, const float *dout_plane,
                       float (*acc)[X_BLOCK])
{
  const int k = s->k, wp = padded_width (s), hp = padded_height (s), wo = s->wo;

  for (int y = 0; y < s->ho; y++)
    {
      const float *d = dout_plane + (size_t) y * wo;

      for (int x = 0; x < wo; x += X_BLOCK)
        {
          float dv[X_BLOCK];

          for (int j = 0; j < X_BLOCK; j++)
            dv[j] = x + j < wo ? d[x + j] : 0.0f;
          for (int ci = 0; ci < s->cin; ci++)
            for (int ky = 0; ky < k; ky++)
              {
                const float *row = padded + ((size_t) ci * hp + y + ky) * wp + x;

                for (int kx = 0; kx < k; kx++)
                  {
                    float *a = acc[(ci * k + ky) * k + kx];

                    for (int j = 0; j < X_BLOCK; j++)
                      a[j] += dv[j] * row[kx + j];
                  }
              }
        }
    }
}

void
sl_conv_direct_backward (const sl_conv_shape *s, int n, const float *in, const float *w,
                         const float *dout, float *scratch, float *dw, float *din)
{
  const int k = s->k, h = s->h, wd = s->w, ho = s->ho, wo = s->wo, pad = s->pad;
  const int taps = s->cin * k * k;
  float *padded = scratch + (size_t) taps * CO_BLOCK;

  /* dw[co][tap]: per image and output channel, lane sums over the rows, then the lanes */
  memset (padded, 0, sizeof (float) * s->cin * padded_height (s) * padded_width (s));
  for (int co = 0; co < s->cout; co++)
    for (int t = 0; t < taps; t++)
      dw[(size_t) co * taps + t] = 0;
  for (int i = 0; i < n; i++)
    {
      pad_image (s, n, i, in, padded);
      for (int co = 0; co < s->cout; co++)
        {
          float acc[taps][X_BLOCK];

          memset (acc, 0, sizeof acc);
          weight_gradient_image (s, padded, dout + ((size_t) co * n + i) * ho * wo, acc);
          for (int t = 0; t < taps; t++)
            {
              float sum = 0;

              for (int j = 0; j < X_BLOCK; j++)
                sum += acc[t][j];
              dw[(size_t) co * taps + t] += sum;
            }
        }
    }
  if (!din)
    return;
  /* din[ci][iy][ix] = sum over co, ky, kx of w * dout[co][iy + pad - ky][ix + pad - kx] */
  for (int ci = 0; ci < s->cin; ci++)
    for (int i = 0; i < n; i++)
      for (int iy = 0; iy < h; iy++)
        {
          float *d = din + (((size_t) ci * n + i) * h + iy) * wd;

          memset (d, 0, sizeof (float) * wd);
          for (int co = 0; co < s->cout; co++)
            for (int ky = 0; ky < k; ky++)
              {
                const int oy = iy + pad - ky;
                const float *src, *wr = w + (((size_t) co * s->cin + ci) * k + ky) * k;

                if (oy < 0 || oy >= ho)
                  continue;
                src = dout + (((size_t) co * n + i) * ho + oy) * wo;
                for (int kx = 0; kx < k; kx++)
                  for (int ix = 0; ix < wd; ix++)
                    {
                      const int ox = ix + pad - kx;

                      if (ox >= 0 && ox < wo)
                        d[ix] += wr[kx] * src[ox];
                    }
              }
        }
}
