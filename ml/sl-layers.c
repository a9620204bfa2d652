/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-layers.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "sl-conv-direct.h"
#include "sl-winograd.h"

/* Sums of long rows with eight independent partial sums: the compiler vectorises this without
 * -ffast-math, and it is also more accurate than one running float sum. */
static double
row_sum (const float *x, size_t len)
{
  float acc[8] = { 0 };
  size_t i = 0;
  double total = 0;

  for (; i + 8 <= len; i += 8)
    for (int j = 0; j < 8; j++)
      acc[j] += x[i + j];
  for (; i < len; i++)
    total += x[i];
  for (int j = 0; j < 8; j++)
    total += acc[j];
  return total;
}

/* sum (x - mean)^2 */
static double
row_sq_dev (const float *x, size_t len, float mean)
{
  float acc[8] = { 0 };
  size_t i = 0;
  double total = 0;

  for (; i + 8 <= len; i += 8)
    for (int j = 0; j < 8; j++)
      {
        float d = x[i + j] - mean;
        acc[j] += d * d;
      }
  for (; i < len; i++)
    total += (double) (x[i] - mean) * (x[i] - mean);
  for (int j = 0; j < 8; j++)
    total += acc[j];
  return total;
}

/* sum dy and sum dy * (x - mean) */
static void
row_dot_dev (const float *dy, const float *x, size_t len, float mean, double *sum_dy,
             double *sum_dyx)
{
  float a[8] = { 0 }, b[8] = { 0 };
  size_t i = 0;
  double ta = 0, tb = 0;

  for (; i + 8 <= len; i += 8)
    for (int j = 0; j < 8; j++)
      {
        a[j] += dy[i + j];
        b[j] += dy[i + j] * (x[i + j] - mean);
      }
  for (; i < len; i++)
    {
      ta += dy[i];
      tb += (double) dy[i] * (x[i] - mean);
    }
  for (int j = 0; j < 8; j++)
    {
      ta += a[j];
      tb += b[j];
    }
  *sum_dy = ta;
  *sum_dyx = tb;
}

/* Batch statistics of one channel's row x (m): mean, 1/sd, and the running statistics'
 * update (unbiased variance). */
static void
bn_train_stats (const float *x, int m, float *mean, float *invstd, float *running_mean,
                float *running_var)
{
  float mu = (float) (row_sum (x, m) / m);
  double ss = row_sq_dev (x, m, mu);

  *mean = mu;
  *invstd = 1.0f / sqrtf ((float) (ss / m) + SL_BN_EPS);
  *running_mean = (1 - SL_BN_MOMENTUM) * *running_mean + SL_BN_MOMENTUM * mu;
  *running_var = (1 - SL_BN_MOMENTUM) * *running_var
                 + SL_BN_MOMENTUM * (float) (m > 1 ? ss / (m - 1) : ss);
}

/* From sdy = sum g and sdyx = sum g*(x - mu) over a channel's m values: dgamma, dbeta, and
 * dx = gamma*is/m * (m*g - sum g - xhat * sum g*xhat) = a*g + b*(x - mu) + k */
static void
bn_backward_coefficients (double sdy, double sdyx, int m, float is, float gamma, float *dgamma,
                          float *dbeta, float *a, float *b, float *k)
{
  *dbeta = (float) sdy;
  *dgamma = (float) (sdyx * is);
  *a = gamma * is;
  *b = -(float) (gamma * (double) is * is * is * sdyx / m);
  *k = -(float) (gamma * (double) is * sdy / m);
}

/* Batch norm's backward for one channel: g (m) is the gradient of its output, x (m) its input;
 * writes dgamma, dbeta and dx (m, may be g itself). */
static void
bn_backward_row (const float *g, const float *x, int m, float mu, float is, float gamma,
                 float *dgamma, float *dbeta, float *dx)
{
  double sdy, sdyx;
  float a, b, k;

  row_dot_dev (g, x, m, mu, &sdy, &sdyx);
  bn_backward_coefficients (sdy, sdyx, m, is, gamma, dgamma, dbeta, &a, &b, &k);
  for (int i = 0; i < m; i++)
    dx[i] = a * g[i] + b * (x[i] - mu) + k;
}

/* ---- convolution ---- */

int
sl_conv2d_is_pointwise (const sl_conv_shape *s)
{
  return s->k == 1 && s->stride == 1 && s->pad == 0;
}

/* The output columns [lo, hi) of a row whose input column ox*stride - pad + kx is inside. */
static void
valid_range (const sl_conv_shape *s, int kx, int *lo, int *hi)
{
  int a = 0, b = s->wo;

  while (a < b && a * s->stride - s->pad + kx < 0)
    a++;
  while (b > a && (b - 1) * s->stride - s->pad + kx >= s->w)
    b--;
  *lo = a;
  *hi = b;
}

/* im2col of images [n0, n0 + nc) of a batch of n: in (Cin, N, H, W) -> col (Cin*K*K, nc*Ho*Wo) */
static void
im2col_range (const sl_conv_shape *s, int n, int n0, int nc, const float *in, float *col)
{
  const int k = s->k, h = s->h, w = s->w, ho = s->ho, wo = s->wo, st = s->stride, pad = s->pad;
  const size_t row_len = (size_t) nc * ho * wo;

  /* plain loops rather than memcpy/memset: rows are short (7 to 28 floats here) */
  for (int ci = 0; ci < s->cin; ci++)
    for (int ky = 0; ky < k; ky++)
      for (int kx = 0; kx < k; kx++)
        {
          float *row = col + ((size_t) (ci * k + ky) * k + kx) * row_len;
          const int off = kx - pad;
          int lo, hi;

          valid_range (s, kx, &lo, &hi);
          for (int nn = 0; nn < nc; nn++)
            {
              const float *plane = in + ((size_t) ci * n + n0 + nn) * h * w;

              for (int oy = 0; oy < ho; oy++)
                {
                  float *dst = row + ((size_t) nn * ho + oy) * wo;
                  int iy = oy * st - pad + ky;
                  const float *src;

                  if (iy < 0 || iy >= h)
                    {
                      for (int ox = 0; ox < wo; ox++)
                        dst[ox] = 0;
                      continue;
                    }
                  src = plane + (size_t) iy * w;
                  for (int ox = 0; ox < lo; ox++)
                    dst[ox] = 0;
                  if (st == 1)
                    for (int ox = lo; ox < hi; ox++)
                      dst[ox] = src[ox + off];
                  else
                    for (int ox = lo; ox < hi; ox++)
                      dst[ox] = src[ox * st + off];
                  for (int ox = hi; ox < wo; ox++)
                    dst[ox] = 0;
                }
            }
        }
}

/* col2im into images [n0, n0 + nc) of a batch of n, which it overwrites */
static void
col2im_range (const sl_conv_shape *s, int n, int n0, int nc, const float *col, float *in)
{
  const int k = s->k, h = s->h, w = s->w, ho = s->ho, wo = s->wo, st = s->stride, pad = s->pad;
  const size_t row_len = (size_t) nc * ho * wo;

  for (int ci = 0; ci < s->cin; ci++)
    memset (in + ((size_t) ci * n + n0) * h * w, 0, sizeof (float) * (size_t) nc * h * w);
  for (int ci = 0; ci < s->cin; ci++)
    for (int ky = 0; ky < k; ky++)
      for (int kx = 0; kx < k; kx++)
        {
          const float *row = col + ((size_t) (ci * k + ky) * k + kx) * row_len;
          const int off = kx - pad;
          int lo, hi;

          valid_range (s, kx, &lo, &hi);
          if (lo >= hi)
            continue;
          for (int nn = 0; nn < nc; nn++)
            {
              float *plane = in + ((size_t) ci * n + n0 + nn) * h * w;

              for (int oy = 0; oy < ho; oy++)
                {
                  const float *src = row + ((size_t) nn * ho + oy) * wo;
                  int iy = oy * st - pad + ky;
                  float *dst;

                  if (iy < 0 || iy >= h)
                    continue;
                  dst = plane + (size_t) iy * w;
                  if (st == 1)
                    for (int ox = lo; ox < hi; ox++)
                      dst[ox + off] += src[ox];
                  else
                    for (int ox = lo; ox < hi; ox++)
                      dst[ox * st + off] += src[ox];
                }
            }
        }
}

/* Images per chunk: the batch's convolution runs some images at a time so that their col
 * block (at most 4 MB) stays in cache between im2col and sgemm. Measured on the example arch,
 * batch 64, 2 threads: 1,800 images/s against 1,750 with one batch-wide col; 1 MB chunks are
 * best with 1 thread but make too many small sgemms for 2 (1,330 images/s). */
int
sl_conv2d_chunk (const sl_conv_shape *s, int n)
{
  size_t per_image = (size_t) s->cin * s->k * s->k * s->ho * s->wo;
  size_t c = (1024 * 1024) / (per_image ? per_image : 1);

  if (c < 1)
    c = 1;
  return c > (size_t) n ? n : (int) c;
}

/* AUTO's choice, from bench/ml/bench-conv (batch 32, one thread, the example arch at 28, 64
 * and 128 px): Winograd ran its layers with 32 and 64 input channels 1.1-1.5x faster than
 * im2col on outputs of 14 to 64 px and slower on 7 px; the direct path ran the first layer
 * (1 or 3 channels) slower than im2col, so AUTO does not take it. */
sl_conv_algo
sl_conv2d_algo (const sl_conv_shape *s)
{
  if (sl_conv2d_is_pointwise (s))
    return SL_CONV_IM2COL;
  switch (s->algo)
    {
    case SL_CONV_AUTO:
      if (sl_winograd_applies (s) && s->cin >= 16 && s->ho * s->wo >= 64)
        return SL_CONV_WINOGRAD;
      return SL_CONV_IM2COL;
    case SL_CONV_WINOGRAD:
      return sl_winograd_applies (s) ? SL_CONV_WINOGRAD : SL_CONV_IM2COL;
    case SL_CONV_DIRECT:
      return sl_conv_direct_applies (s) ? SL_CONV_DIRECT : SL_CONV_IM2COL;
    case SL_CONV_IM2COL:
      break;
    }
  return SL_CONV_IM2COL;
}

size_t
sl_conv2d_scratch_floats (const sl_conv_shape *s, int n)
{
  if (sl_conv2d_is_pointwise (s))
    return 0;
  switch (sl_conv2d_algo (s))
    {
    case SL_CONV_WINOGRAD:
      return sl_winograd_scratch_floats (s, n);
    case SL_CONV_DIRECT:
      return sl_conv_direct_scratch_floats (s);
    default:
      return (size_t) s->cin * s->k * s->k * s->ho * s->wo * sl_conv2d_chunk (s, n)
             * (s->keep_col ? 2 : 1);
    }
}

void
sl_conv2d_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                   const float *b, float *col, float *out)
{
  const int kk = s->cin * s->k * s->k, hw = s->ho * s->wo;
  const int cols = n * hw;

  switch (sl_conv2d_algo (s))
    {
    case SL_CONV_WINOGRAD:
      sl_winograd_forward (s, n, in, w, b, col, out);
      return;
    case SL_CONV_DIRECT:
      sl_conv_direct_forward (s, n, in, w, b, col, out);
      return;
    default:
      break;
    }
  if (b)
    for (int co = 0; co < s->cout; co++)
      {
        float *o = out + (size_t) co * cols;
        float bias = b[co];

        for (int i = 0; i < cols; i++)
          o[i] = bias;
      }
  if (sl_conv2d_is_pointwise (s))
    {
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->cout, cols, kk, 1.0f, w, kk, in,
                   cols, b ? 1.0f : 0.0f, out, cols);
      return;
    }
  for (int n0 = 0, chunk = sl_conv2d_chunk (s, n); n0 < n; n0 += chunk)
    {
      int nc = n - n0 < chunk ? n - n0 : chunk;

      im2col_range (s, n, n0, nc, in, col);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->cout, nc * hw, kk, 1.0f, w, kk,
                   col, nc * hw, b ? 1.0f : 0.0f, out + (size_t) n0 * hw, cols);
    }
}

void
sl_conv2d_backward (const sl_conv_shape *s, int n, const float *in, float *col, const float *w,
                    const float *dout, float *dw, float *db, float *din)
{
  const int kk = s->cin * s->k * s->k, hw = s->ho * s->wo;
  const int cols = n * hw, chunk = sl_conv2d_chunk (s, n);
  float *dcol = s->keep_col ? col + (size_t) kk * chunk * hw : col;

  if (db)
    for (int co = 0; co < s->cout; co++)
      db[co] = (float) row_sum (dout + (size_t) co * cols, cols);
  switch (sl_conv2d_algo (s))
    {
    case SL_CONV_WINOGRAD:
      sl_winograd_backward (s, n, in, col, w, dout, dw, din);
      return;
    case SL_CONV_DIRECT:
      sl_conv_direct_backward (s, n, in, w, dout, col, dw, din);
      return;
    default:
      break;
    }
  if (sl_conv2d_is_pointwise (s))
    {
      /* dw (Cout, Cin) = dout (Cout, cols) x in^T; din (Cin, cols) = w^T x dout */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->cout, kk, cols, 1.0f, dout, cols,
                   in, cols, 0.0f, dw, kk);
      if (din)
        cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, kk, cols, s->cout, 1.0f, w, kk,
                     dout, cols, 0.0f, din, cols);
      return;
    }
  for (int n0 = 0; n0 < n; n0 += chunk)
    {
      int nc = n - n0 < chunk ? n - n0 : chunk;
      const float *dchunk = dout + (size_t) n0 * hw;

      /* the chunk's col again (cheaper than keeping the batch's out of cache; a batch of one
       * chunk keeps it), then dw += dout_chunk (Cout, nc*hw) x col^T and
       * dcol = w^T x dout_chunk */
      if (!s->keep_col || chunk < n)
        im2col_range (s, n, n0, nc, in, col);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->cout, kk, nc * hw, 1.0f, dchunk,
                   cols, col, nc * hw, n0 ? 1.0f : 0.0f, dw, kk);
      if (!din)
        continue;
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, kk, nc * hw, s->cout, 1.0f, w, kk,
                   dchunk, cols, 0.0f, dcol, nc * hw);
      col2im_range (s, n, n0, nc, dcol, din);
    }
}

/* ---- batch norm ---- */

void
sl_batchnorm_forward_train (int c, int m, const float *x, const float *gamma, const float *beta,
                            float *mean, float *invstd, float *running_mean, float *running_var,
                            float *y)
{
  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      float *yr = y + (size_t) ch * m;
      float scale, shift;

      bn_train_stats (xr, m, &mean[ch], &invstd[ch], &running_mean[ch], &running_var[ch]);
      scale = gamma[ch] * invstd[ch];
      shift = beta[ch] - mean[ch] * scale;
      for (int i = 0; i < m; i++)
        yr[i] = xr[i] * scale + shift;
    }
}

void
sl_batchnorm_forward_eval (int c, int m, const float *x, const float *gamma, const float *beta,
                           const float *running_mean, const float *running_var, float *y)
{
  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      float *yr = y + (size_t) ch * m;
      float scale = gamma[ch] / sqrtf (running_var[ch] + SL_BN_EPS);
      float shift = beta[ch] - running_mean[ch] * scale;

      for (int i = 0; i < m; i++)
        yr[i] = xr[i] * scale + shift;
    }
}

void
sl_batchnorm_backward (int c, int m, const float *x, const float *mean, const float *invstd,
                       const float *gamma, const float *dy, float *dgamma, float *dbeta,
                       float *dx)
{
  for (int ch = 0; ch < c; ch++)
    bn_backward_row (dy + (size_t) ch * m, x + (size_t) ch * m, m, mean[ch], invstd[ch],
                     gamma[ch], &dgamma[ch], &dbeta[ch], dx + (size_t) ch * m);
}

void
sl_batchnorm_backward_eval (int c, int m, const float *gamma, const float *running_var,
                            const float *dy, float *dx)
{
  for (int ch = 0; ch < c; ch++)
    {
      float scale = gamma[ch] / sqrtf (running_var[ch] + SL_BN_EPS);
      const float *dyr = dy + (size_t) ch * m;
      float *dxr = dx + (size_t) ch * m;

      for (int i = 0; i < m; i++)
        dxr[i] = dyr[i] * scale;
    }
}

void
sl_batchnorm_relu_forward_train (int c, int m, const float *x, const float *gamma,
                                 const float *beta, float *mean, float *invstd,
                                 float *running_mean, float *running_var, float *y)
{
  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      float *yr = y + (size_t) ch * m;
      float scale, shift;

      bn_train_stats (xr, m, &mean[ch], &invstd[ch], &running_mean[ch], &running_var[ch]);
      scale = gamma[ch] * invstd[ch];
      shift = beta[ch] - mean[ch] * scale;
      for (int i = 0; i < m; i++)
        {
          float v = xr[i] * scale + shift;

          yr[i] = v > 0 ? v : 0;
        }
    }
}

void
sl_batchnorm_relu_forward_eval (int c, int m, const float *x, const float *gamma,
                                const float *beta, const float *running_mean,
                                const float *running_var, float *y)
{
  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      float *yr = y + (size_t) ch * m;
      float scale = gamma[ch] / sqrtf (running_var[ch] + SL_BN_EPS);
      float shift = beta[ch] - running_mean[ch] * scale;

      for (int i = 0; i < m; i++)
        {
          float v = xr[i] * scale + shift;

          yr[i] = v > 0 ? v : 0;
        }
    }
}

void
sl_batchnorm_relu_backward (int c, int m, const float *x, const float *y, const float *mean,
                            const float *invstd, const float *gamma, const float *dy,
                            float *dgamma, float *dbeta, float *dx)
{
  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m, *yr = y + (size_t) ch * m, *dyr = dy + (size_t) ch * m;
      float *dxr = dx + (size_t) ch * m;

      /* g = relu'(y) dy into dx, then batch norm's backward on g in place; the channel's row
       * stays in cache between the passes */
      for (int i = 0; i < m; i++)
        {
          float d = dyr[i];

          dxr[i] = yr[i] > 0 ? d : 0.0f;
        }
      bn_backward_row (dxr, xr, m, mean[ch], invstd[ch], gamma[ch], &dgamma[ch], &dbeta[ch],
                       dxr);
    }
}

void
sl_batchnorm_relu_backward_eval (int c, int m, const float *y, const float *gamma,
                                 const float *running_var, const float *dy, float *dx)
{
  for (int ch = 0; ch < c; ch++)
    {
      float scale = gamma[ch] / sqrtf (running_var[ch] + SL_BN_EPS);
      const float *dyr = dy + (size_t) ch * m, *yr = y + (size_t) ch * m;
      float *dxr = dx + (size_t) ch * m;

      for (int i = 0; i < m; i++)
        {
          float d = dyr[i] * scale;

          dxr[i] = yr[i] > 0 ? d : 0.0f;
        }
    }
}

/* ---- relu ---- */

void
sl_relu_forward (size_t len, const float *x, float *y)
{
  for (size_t i = 0; i < len; i++)
    y[i] = x[i] > 0 ? x[i] : 0;
}

void
sl_relu_backward (size_t len, const float *y, const float *dy, float *dx)
{
  /* unconditional loads: the select vectorises (a branch here mispredicts half the time) */
  for (size_t i = 0; i < len; i++)
    {
      float g = dy[i];

      dx[i] = y[i] > 0 ? g : 0.0f;
    }
}

/* ---- max pool ---- */

/* The largest of a 2x2 window a b / c d whose a sits at index i0 of a plane w wide; *at gets
 * its index (on ties the first in the order a, b, c, d). */
static inline float
max_window2 (float a, float b, float c, float d, int i0, int w, int32_t *at)
{
  float top = a, bottom = c;
  int top_at = i0, bottom_at = i0 + w;

  if (b > top)
    {
      top = b;
      top_at = i0 + 1;
    }
  if (d > bottom)
    {
      bottom = d;
      bottom_at = i0 + w + 1;
    }
  if (bottom > top)
    {
      top = bottom;
      top_at = bottom_at;
    }
  *at = top_at;
  return top;
}

void
sl_maxpool_forward (int planes, int h, int w, int k, const float *in, float *out, int32_t *arg)
{
  const int ho = h / k, wo = w / k;

  for (int p = 0; p < planes; p++)
    {
      const float *ip = in + (size_t) p * h * w;
      float *op = out + (size_t) p * ho * wo;
      int32_t *ap = arg + (size_t) p * ho * wo;

      if (k == 2)
        {
          for (int oy = 0; oy < ho; oy++)
            {
              const float *r0 = ip + (size_t) (2 * oy) * w, *r1 = r0 + w;

              for (int ox = 0; ox < wo; ox++)
                op[oy * wo + ox] = max_window2 (r0[2 * ox], r0[2 * ox + 1], r1[2 * ox],
                                                r1[2 * ox + 1], 2 * oy * w + 2 * ox, w,
                                                &ap[oy * wo + ox]);
            }
          continue;
        }
      for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
          {
            float best = -FLT_MAX;
            int at = (oy * k) * w + ox * k;

            for (int dy = 0; dy < k; dy++)
              for (int dx = 0; dx < k; dx++)
                {
                  int idx = (oy * k + dy) * w + ox * k + dx;

                  if (ip[idx] > best)
                    {
                      best = ip[idx];
                      at = idx;
                    }
                }
            op[oy * wo + ox] = best;
            ap[oy * wo + ox] = at;
          }
    }
}

void
sl_maxpool_backward (int planes, int h, int w, int k, const int32_t *arg, const float *dout,
                     float *din)
{
  const int ho = h / k, wo = w / k, hw_out = ho * wo;

  if (k == 2)
    {
      /* every window written whole: no separate zeroing pass (only the odd edge, if any) */
      for (int p = 0; p < planes; p++)
        {
          float *dp = din + (size_t) p * h * w;
          const float *gp = dout + (size_t) p * hw_out;
          const int32_t *ap = arg + (size_t) p * hw_out;

          for (int oy = 0; oy < ho; oy++)
            {
              float *r0 = dp + (size_t) (2 * oy) * w, *r1 = r0 + w;

              for (int ox = 0; ox < wo; ox++)
                {
                  int at = ap[oy * wo + ox], i0 = 2 * oy * w + 2 * ox;
                  float g = gp[oy * wo + ox];

                  r0[2 * ox] = at == i0 ? g : 0.0f;
                  r0[2 * ox + 1] = at == i0 + 1 ? g : 0.0f;
                  r1[2 * ox] = at == i0 + w ? g : 0.0f;
                  r1[2 * ox + 1] = at == i0 + w + 1 ? g : 0.0f;
                }
              if (w & 1)
                r0[w - 1] = r1[w - 1] = 0;
            }
          if (h & 1)
            memset (dp + (size_t) (h - 1) * w, 0, sizeof (float) * w);
        }
      return;
    }
  memset (din, 0, sizeof (float) * (size_t) planes * h * w);
  for (int p = 0; p < planes; p++)
    {
      float *dp = din + (size_t) p * h * w;
      const float *gp = dout + (size_t) p * hw_out;
      const int32_t *ap = arg + (size_t) p * hw_out;

      for (int i = 0; i < hw_out; i++)
        dp[ap[i]] += gp[i];
    }
}

/* ---- batch norm + ReLU + 2x2 max pool ---- */

static inline float
relu_affine (float x, float scale, float shift)
{
  float v = x * scale + shift;

  return v > 0 ? v : 0;
}

void
sl_batchnorm_relu_maxpool2_forward_train (int c, int n, int h, int w, const float *x,
                                          const float *gamma, const float *beta, float *mean,
                                          float *invstd, float *running_mean, float *running_var,
                                          float *out, int32_t *arg)
{
  const int hw = h * w, m = n * hw, ho = h / 2, wo = w / 2;

  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      float scale, shift;

      bn_train_stats (xr, m, &mean[ch], &invstd[ch], &running_mean[ch], &running_var[ch]);
      scale = gamma[ch] * invstd[ch];
      shift = beta[ch] - mean[ch] * scale;
      for (int i = 0; i < n; i++)
        {
          const float *ip = xr + (size_t) i * hw;
          const size_t plane = ((size_t) ch * n + i) * ho * wo;

          for (int oy = 0; oy < ho; oy++)
            {
              const float *r0 = ip + (size_t) (2 * oy) * w, *r1 = r0 + w;
              float *op = out + plane + (size_t) oy * wo;
              int32_t *ap = arg + plane + (size_t) oy * wo;

              for (int ox = 0; ox < wo; ox++)
                op[ox] = max_window2 (relu_affine (r0[2 * ox], scale, shift),
                                      relu_affine (r0[2 * ox + 1], scale, shift),
                                      relu_affine (r1[2 * ox], scale, shift),
                                      relu_affine (r1[2 * ox + 1], scale, shift),
                                      2 * oy * w + 2 * ox, w, &ap[ox]);
            }
        }
    }
}

void
sl_batchnorm_relu_maxpool2_backward (int c, int n, int h, int w, const float *x,
                                     const float *out, const int32_t *arg, const float *mean,
                                     const float *invstd, const float *gamma, const float *dout,
                                     float *dgamma, float *dbeta, float *dx)
{
  const int hw = h * w, m = n * hw, pooled = (h / 2) * (w / 2);

  for (int ch = 0; ch < c; ch++)
    {
      const float *xr = x + (size_t) ch * m;
      const size_t first = (size_t) ch * n * pooled;
      float *dxr = dx + (size_t) ch * m;
      const float mu = mean[ch];
      double sdy = 0, sdyx = 0;
      float a, b, k;

      /* the ReLU's gradient g is dout at each window's maximum when that is positive, else 0:
       * batch norm's sums need only those places (selects, not branches: half of them are 0) */
      for (int i = 0; i < n; i++)
        {
          const float *ip = xr + (size_t) i * hw;
          const size_t at = first + (size_t) i * pooled;
          float s1 = 0, s2 = 0;

          for (int j = 0; j < pooled; j++)
            {
              float g = out[at + j] > 0 ? dout[at + j] : 0.0f;

              s1 += g;
              s2 += g * (ip[arg[at + j]] - mu);
            }
          sdy += s1;
          sdyx += s2;
        }
      bn_backward_coefficients (sdy, sdyx, m, invstd[ch], gamma[ch], &dgamma[ch], &dbeta[ch], &a,
                                &b, &k);
      for (int i = 0; i < m; i++)
        dxr[i] = b * (xr[i] - mu) + k;
      for (int i = 0; i < n; i++)
        {
          float *dp = dxr + (size_t) i * hw;
          const size_t at = first + (size_t) i * pooled;

          for (int j = 0; j < pooled; j++)
            {
              float g = out[at + j] > 0 ? dout[at + j] : 0.0f;

              dp[arg[at + j]] += a * g;
            }
        }
    }
}

/* ---- global average pool ---- */

void
sl_gap_forward (int planes, int hw, const float *in, float *out)
{
  for (int p = 0; p < planes; p++)
    out[p] = (float) (row_sum (in + (size_t) p * hw, hw) / hw);
}

void
sl_gap_backward (int planes, int hw, const float *dout, float *din)
{
  for (int p = 0; p < planes; p++)
    {
      float g = dout[p] / hw;
      float *dp = din + (size_t) p * hw;

      for (int i = 0; i < hw; i++)
        dp[i] = g;
    }
}

/* ---- dropout ---- */

void
sl_dropout_forward (size_t len, float p, sl_rng *rng, const float *x, float *mask, float *y)
{
  const float keep = p < 1 ? 1.0f / (1.0f - p) : 0;

  for (size_t i = 0; i < len; i++)
    {
      mask[i] = sl_rng_uniform (rng) < p ? 0 : keep;
      y[i] = x[i] * mask[i];
    }
}

void
sl_dropout_backward (size_t len, const float *mask, const float *dy, float *dx)
{
  for (size_t i = 0; i < len; i++)
    dx[i] = dy[i] * mask[i];
}

/* ---- fully connected ---- */

void
sl_fc_forward (int f, int nout, int n, const float *in, const float *w, const float *b,
               float *out)
{
  for (int o = 0; o < nout; o++)
    for (int i = 0; i < n; i++)
      out[(size_t) o * n + i] = b[o];
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, nout, n, f, 1.0f, w, f, in, n, 1.0f,
               out, n);
}

void
sl_fc_backward (int f, int nout, int n, const float *in, const float *w, const float *dout,
                float *dw, float *db, float *din)
{
  for (int o = 0; o < nout; o++)
    db[o] = (float) row_sum (dout + (size_t) o * n, n);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, nout, f, n, 1.0f, dout, n, in, n, 0.0f,
               dw, f);
  if (din)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, f, n, nout, 1.0f, w, f, dout, n, 0.0f,
                 din, n);
}

void
sl_flatten_forward (int c, int n, int hw, const float *in, float *out)
{
  for (int ch = 0; ch < c; ch++)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < hw; j++)
        out[((size_t) ch * hw + j) * n + i] = in[((size_t) ch * n + i) * hw + j];
}

void
sl_flatten_backward (int c, int n, int hw, const float *dout, float *din)
{
  for (int ch = 0; ch < c; ch++)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < hw; j++)
        din[((size_t) ch * n + i) * hw + j] = dout[((size_t) ch * hw + j) * n + i];
}

/* ---- softmax cross-entropy ---- */

float
sl_softmax_xent (int k, int n, const float *logits, const int *y, const float *class_weight,
                 float smoothing, float *probs, float *dlogits)
{
  double loss = 0, wsum = 0;

  for (int i = 0; i < n; i++)
    {
      float mx = -FLT_MAX;
      double z = 0, l = 0;
      float wi = class_weight ? class_weight[y[i]] : 1.0f;

      for (int j = 0; j < k; j++)
        if (logits[(size_t) j * n + i] > mx)
          mx = logits[(size_t) j * n + i];
      for (int j = 0; j < k; j++)
        z += exp (logits[(size_t) j * n + i] - mx);
      for (int j = 0; j < k; j++)
        {
          double logp = logits[(size_t) j * n + i] - mx - log (z);
          double target = (j == y[i] ? 1.0 - smoothing : 0.0) + smoothing / k;

          probs[(size_t) j * n + i] = (float) exp (logp);
          l -= target * logp;
        }
      loss += wi * l;
      wsum += wi;
    }
  if (wsum <= 0)
    wsum = 1;
  if (dlogits)
    for (int i = 0; i < n; i++)
      {
        float wi = class_weight ? class_weight[y[i]] : 1.0f;

        for (int j = 0; j < k; j++)
          {
            float target = (j == y[i] ? 1.0f - smoothing : 0.0f) + smoothing / k;

            dlogits[(size_t) j * n + i]
              = (float) (wi * (probs[(size_t) j * n + i] - target) / wsum);
          }
      }
  return (float) (loss / wsum);
}
