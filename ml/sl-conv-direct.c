/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-conv-direct.h"

#include <string.h>

int
sl_conv_direct_applies (const sl_conv_shape *s)
{
  return s->stride == 1;
}

/* The columns [lo, hi) of a row of length len whose column + shift is inside [0, src_len). */
static inline void
shifted_range (int len, int shift, int src_len, int *lo, int *hi)
{
  int a = shift < 0 ? -shift : 0, b = src_len - shift < len ? src_len - shift : len;

  *lo = a;
  *hi = b > a ? b : a;
}

/* dst[i] += a * src[i + shift], i in [lo, hi) */
static inline void
axpy_range (float *restrict dst, const float *restrict src, int shift, float a, int lo, int hi)
{
  for (int i = lo; i < hi; i++)
    dst[i] += a * src[i + shift];
}

/* sum of a[i] * b[i + shift], i in [lo, hi), with eight partial sums the compiler vectorises */
static inline float
dot_range (const float *a, const float *b, int shift, int lo, int hi)
{
  float acc[8] = { 0 }, total = 0;
  int i = lo;

  for (; i + 8 <= hi; i += 8)
    for (int j = 0; j < 8; j++)
      acc[j] += a[i + j] * b[i + j + shift];
  for (; i < hi; i++)
    total += a[i] * b[i + shift];
  for (int j = 0; j < 8; j++)
    total += acc[j];
  return total;
}

void
sl_conv_direct_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                        const float *b, float *out)
{
  const int k = s->k, h = s->h, wd = s->w, ho = s->ho, wo = s->wo, pad = s->pad;

  for (int co = 0; co < s->cout; co++)
    for (int i = 0; i < n; i++)
      for (int oy = 0; oy < ho; oy++)
        {
          float *o = out + (((size_t) co * n + i) * ho + oy) * wo;
          const float bias = b ? b[co] : 0.0f;

          for (int ox = 0; ox < wo; ox++)
            o[ox] = bias;
          for (int ci = 0; ci < s->cin; ci++)
            for (int ky = 0; ky < k; ky++)
              {
                const int iy = oy - pad + ky;
                const float *src, *wr = w + (((size_t) co * s->cin + ci) * k + ky) * k;

                if (iy < 0 || iy >= h)
                  continue;
                src = in + (((size_t) ci * n + i) * h + iy) * wd;
                for (int kx = 0; kx < k; kx++)
                  {
                    int lo, hi;

                    shifted_range (wo, kx - pad, wd, &lo, &hi);
                    axpy_range (o, src, kx - pad, wr[kx], lo, hi);
                  }
              }
        }
}

void
sl_conv_direct_backward (const sl_conv_shape *s, int n, const float *in, const float *w,
                         const float *dout, float *dw, float *din)
{
  const int k = s->k, h = s->h, wd = s->w, ho = s->ho, wo = s->wo, pad = s->pad;
  const int kk = k * k;

  /* dw[co][ci][ky][kx] = sum over images and output rows of dout's row . in's shifted row */
  for (int co = 0; co < s->cout; co++)
    for (int ci = 0; ci < s->cin; ci++)
      {
        double acc[kk];
        float *g = dw + ((size_t) co * s->cin + ci) * kk;

        for (int j = 0; j < kk; j++)
          acc[j] = 0;
        for (int i = 0; i < n; i++)
          for (int oy = 0; oy < ho; oy++)
            {
              const float *d = dout + (((size_t) co * n + i) * ho + oy) * wo;

              for (int ky = 0; ky < k; ky++)
                {
                  const int iy = oy - pad + ky;
                  const float *src;

                  if (iy < 0 || iy >= h)
                    continue;
                  src = in + (((size_t) ci * n + i) * h + iy) * wd;
                  for (int kx = 0; kx < k; kx++)
                    {
                      int lo, hi;

                      shifted_range (wo, kx - pad, wd, &lo, &hi);
                      acc[ky * k + kx] += dot_range (d, src, kx - pad, lo, hi);
                    }
                }
            }
        for (int j = 0; j < kk; j++)
          g[j] = (float) acc[j];
      }
  if (!din)
    return;
  /* din[ci][iy] = sum over co, ky, kx of w * dout's row oy = iy + pad - ky, shifted by kx */
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
                  {
                    int lo, hi;

                    shifted_range (wd, pad - kx, wo, &lo, &hi);
                    axpy_range (d, src, pad - kx, wr[kx], lo, hi);
                  }
              }
        }
}
