/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-winograd.h"

#include <cblas.h>
#include <string.h>

/* Transformed floats per chunk of images (the V and M blocks together): 4 MB keeps a chunk's
 * transforms in the second-level cache between the transform and its sgemms. */
#define CHUNK_FLOATS (1024 * 1024)

typedef struct
{
  int th, tw;        /* output tiles down and across */
  int per_image;     /* th * tw */
} tiling;

static tiling
tiles_of (const sl_conv_shape *s)
{
  tiling t = { (s->ho + 1) / 2, (s->wo + 1) / 2, 0 };

  t.per_image = t.th * t.tw;
  return t;
}

int
sl_winograd_applies (const sl_conv_shape *s)
{
  return s->k == 3 && s->stride == 1 && s->pad <= 2;
}

static int
chunk_images (const sl_conv_shape *s, int n)
{
  size_t per_image = (size_t) 16 * (s->cin + s->cout) * tiles_of (s).per_image;
  size_t c = CHUNK_FLOATS / per_image;

  if (c < 1)
    c = 1;
  return c > (size_t) n ? n : (int) c;
}

/* U and dU (16 x Cout x Cin each), then V (16 x Cin x P) and M (16 x Cout x P) for the P tiles
 * of a chunk */
size_t
sl_winograd_scratch_floats (const sl_conv_shape *s, int n)
{
  size_t tiles = (size_t) chunk_images (s, n) * tiles_of (s).per_image;

  return (size_t) 32 * s->cout * s->cin + (size_t) 16 * (s->cin + s->cout) * tiles;
}

/* ---- the 1-D transforms; the 2-D ones apply them down the columns, then along the rows ---- */

/* B^T d */
static inline void
in_1d (const float d[4], float t[4])
{
  t[0] = d[0] - d[2];
  t[1] = d[1] + d[2];
  t[2] = d[2] - d[1];
  t[3] = d[1] - d[3];
}

/* its transpose, B t */
static inline void
in_1d_t (const float t[4], float d[4])
{
  d[0] = t[0];
  d[1] = t[1] - t[2] + t[3];
  d[2] = t[1] + t[2] - t[0];
  d[3] = -t[3];
}

/* G g */
static inline void
wt_1d (const float g[3], float u[4])
{
  u[0] = g[0];
  u[1] = 0.5f * (g[0] + g[1] + g[2]);
  u[2] = 0.5f * (g[0] - g[1] + g[2]);
  u[3] = g[2];
}

/* G^T u */
static inline void
wt_1d_t (const float u[4], float g[3])
{
  g[0] = u[0] + 0.5f * (u[1] + u[2]);
  g[1] = 0.5f * (u[1] - u[2]);
  g[2] = u[3] + 0.5f * (u[1] + u[2]);
}

/* A^T m */
static inline void
out_1d (const float m[4], float y[2])
{
  y[0] = m[0] + m[1] + m[2];
  y[1] = m[1] - m[2] - m[3];
}

/* A y */
static inline void
out_1d_t (const float y[2], float m[4])
{
  m[0] = y[0];
  m[1] = y[0] + y[1];
  m[2] = y[0] - y[1];
  m[3] = -y[1];
}

/* U[xi][co][ci] = (G g G^T)[xi] */
static void
transform_weights (const sl_conv_shape *s, const float *w, float *U)
{
  const size_t plane = (size_t) s->cout * s->cin;

  for (int co = 0; co < s->cout; co++)
    for (int ci = 0; ci < s->cin; ci++)
      {
        const float *g = w + ((size_t) co * s->cin + ci) * 9;
        float cols[4][3], u[4][4];

        for (int x = 0; x < 3; x++)
          {
            float col[3] = { g[x], g[3 + x], g[6 + x] }, t[4];

            wt_1d (col, t);
            for (int i = 0; i < 4; i++)
              cols[i][x] = t[i];
          }
        for (int i = 0; i < 4; i++)
          wt_1d (cols[i], u[i]);
        for (int xi = 0; xi < 16; xi++)
          U[xi * plane + (size_t) co * s->cin + ci] = u[xi / 4][xi % 4];
      }
}

/* dw[co][ci] = G^T dU G */
static void
weights_gradient (const sl_conv_shape *s, const float *dU, float *dw)
{
  const size_t plane = (size_t) s->cout * s->cin;

  for (int co = 0; co < s->cout; co++)
    for (int ci = 0; ci < s->cin; ci++)
      {
        float *g = dw + ((size_t) co * s->cin + ci) * 9;
        float u[4][4], rows[4][3];

        for (int xi = 0; xi < 16; xi++)
          u[xi / 4][xi % 4] = dU[xi * plane + (size_t) co * s->cin + ci];
        for (int i = 0; i < 4; i++)
          wt_1d_t (u[i], rows[i]);
        for (int x = 0; x < 3; x++)
          {
            float col[4] = { rows[0][x], rows[1][x], rows[2][x], rows[3][x] }, t[3];

            wt_1d_t (col, t);
            for (int y = 0; y < 3; y++)
              g[y * 3 + x] = t[y];
          }
      }
}

/* The 4x4 input tile whose top-left is (y0, x0) of a plane, zero outside it. */
static inline void
load_tile (const float *plane, int h, int w, int y0, int x0, float d[4][4])
{
  if (y0 >= 0 && x0 >= 0 && y0 + 4 <= h && x0 + 4 <= w)
    {
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
          d[i][j] = plane[(size_t) (y0 + i) * w + x0 + j];
      return;
    }
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      {
        int y = y0 + i, x = x0 + j;

        d[i][j] = y >= 0 && y < h && x >= 0 && x < w ? plane[(size_t) y * w + x] : 0.0f;
      }
}

/* V[xi][ci][p] = (B^T d B)[xi] for the tiles p of images [n0, n0 + nc) */
static void
transform_input (const sl_conv_shape *s, tiling t, int n, int n0, int nc, const float *in,
                 float *V)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cin * P;

  for (int ci = 0; ci < s->cin; ci++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = in + ((size_t) ci * n + n0 + nn) * s->h * s->w;
        float *dst = V + (size_t) ci * P + (size_t) nn * t.per_image;

        for (int ty = 0; ty < t.th; ty++)
          for (int tx = 0; tx < t.tw; tx++)
            {
              float d[4][4], c[4][4], v[4][4];
              const size_t p = (size_t) ty * t.tw + tx;

              load_tile (src, s->h, s->w, 2 * ty - s->pad, 2 * tx - s->pad, d);
              for (int j = 0; j < 4; j++)
                {
                  float col[4] = { d[0][j], d[1][j], d[2][j], d[3][j] }, r[4];

                  in_1d (col, r);
                  for (int i = 0; i < 4; i++)
                    c[i][j] = r[i];
                }
              for (int i = 0; i < 4; i++)
                in_1d (c[i], v[i]);
              for (int xi = 0; xi < 16; xi++)
                dst[xi * plane + p] = v[xi / 4][xi % 4];
            }
      }
}

/* out (images [n0, n0 + nc)) = A^T m A (+ bias) from M[xi][co][p] */
static void
transform_output (const sl_conv_shape *s, tiling t, int n, int n0, int nc, const float *M,
                  const float *b, float *out)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cout * P;
  const int ho = s->ho, wo = s->wo;

  for (int co = 0; co < s->cout; co++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = M + (size_t) co * P + (size_t) nn * t.per_image;
        float *dst = out + ((size_t) co * n + n0 + nn) * ho * wo;
        const float bias = b ? b[co] : 0.0f;

        for (int ty = 0; ty < t.th; ty++)
          for (int tx = 0; tx < t.tw; tx++)
            {
              float m[4][4], r[2][4], y[2][2];
              const size_t p = (size_t) ty * t.tw + tx;
              const int oy = 2 * ty, ox = 2 * tx;

              for (int xi = 0; xi < 16; xi++)
                m[xi / 4][xi % 4] = src[xi * plane + p];
              for (int j = 0; j < 4; j++)
                {
                  float col[4] = { m[0][j], m[1][j], m[2][j], m[3][j] }, e[2];

                  out_1d (col, e);
                  r[0][j] = e[0];
                  r[1][j] = e[1];
                }
              out_1d (r[0], y[0]);
              out_1d (r[1], y[1]);
              for (int i = 0; i < 2 && oy + i < ho; i++)
                for (int j = 0; j < 2 && ox + j < wo; j++)
                  dst[(size_t) (oy + i) * wo + ox + j] = y[i][j] + bias;
            }
      }
}

/* dM[xi][co][p] = (A dy A^T)[xi], dy the 2x2 output gradient tile (zero outside the output) */
static void
transform_output_gradient (const sl_conv_shape *s, tiling t, int n, int n0, int nc,
                           const float *dout, float *dM)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cout * P;
  const int ho = s->ho, wo = s->wo;

  for (int co = 0; co < s->cout; co++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = dout + ((size_t) co * n + n0 + nn) * ho * wo;
        float *dst = dM + (size_t) co * P + (size_t) nn * t.per_image;

        for (int ty = 0; ty < t.th; ty++)
          for (int tx = 0; tx < t.tw; tx++)
            {
              float dy[2][2], c[4][2], m[4][4];
              const size_t p = (size_t) ty * t.tw + tx;
              const int oy = 2 * ty, ox = 2 * tx;

              for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                  dy[i][j] = oy + i < ho && ox + j < wo ? src[(size_t) (oy + i) * wo + ox + j]
                                                        : 0.0f;
              for (int j = 0; j < 2; j++)
                {
                  float col[2] = { dy[0][j], dy[1][j] }, e[4];

                  out_1d_t (col, e);
                  for (int i = 0; i < 4; i++)
                    c[i][j] = e[i];
                }
              for (int i = 0; i < 4; i++)
                out_1d_t (c[i], m[i]);
              for (int xi = 0; xi < 16; xi++)
                dst[xi * plane + p] = m[xi / 4][xi % 4];
            }
      }
}

/* din (images [n0, n0 + nc), overwritten) = sum over tiles of B dv B^T placed at each tile */
static void
scatter_input_gradient (const sl_conv_shape *s, tiling t, int n, int n0, int nc,
                        const float *dV, float *din)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cin * P;
  const int h = s->h, w = s->w;

  for (int ci = 0; ci < s->cin; ci++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = dV + (size_t) ci * P + (size_t) nn * t.per_image;
        float *dst = din + ((size_t) ci * n + n0 + nn) * h * w;

        memset (dst, 0, sizeof (float) * h * w);
        for (int ty = 0; ty < t.th; ty++)
          for (int tx = 0; tx < t.tw; tx++)
            {
              float v[4][4], c[4][4], d[4][4];
              const size_t p = (size_t) ty * t.tw + tx;
              const int y0 = 2 * ty - s->pad, x0 = 2 * tx - s->pad;

              for (int xi = 0; xi < 16; xi++)
                v[xi / 4][xi % 4] = src[xi * plane + p];
              for (int i = 0; i < 4; i++)
                in_1d_t (v[i], c[i]);
              for (int j = 0; j < 4; j++)
                {
                  float col[4] = { c[0][j], c[1][j], c[2][j], c[3][j] }, e[4];

                  in_1d_t (col, e);
                  for (int i = 0; i < 4; i++)
                    d[i][j] = e[i];
                }
              for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                  {
                    int y = y0 + i, x = x0 + j;

                    if (y >= 0 && y < h && x >= 0 && x < w)
                      dst[(size_t) y * w + x] += d[i][j];
                  }
            }
      }
}

void
sl_winograd_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                     const float *b, float *scratch, float *out)
{
  const tiling t = tiles_of (s);
  const int chunk = chunk_images (s, n), cin = s->cin, cout = s->cout;
  float *U = scratch, *V = U + (size_t) 32 * cout * cin;

  transform_weights (s, w, U);
  for (int n0 = 0; n0 < n; n0 += chunk)
    {
      const int nc = n - n0 < chunk ? n - n0 : chunk;
      const int P = nc * t.per_image;
      float *M = V + (size_t) 16 * cin * P;

      transform_input (s, t, n, n0, nc, in, V);
      for (int xi = 0; xi < 16; xi++)
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, cout, P, cin, 1.0f,
                     U + (size_t) xi * cout * cin, cin, V + (size_t) xi * cin * P, P, 0.0f,
                     M + (size_t) xi * cout * P, P);
      transform_output (s, t, n, n0, nc, M, b, out);
    }
}

void
sl_winograd_backward (const sl_conv_shape *s, int n, const float *in, float *scratch,
                      const float *w, const float *dout, float *dw, float *din)
{
  const tiling t = tiles_of (s);
  const int chunk = chunk_images (s, n), cin = s->cin, cout = s->cout;
  float *U = scratch, *dU = U + (size_t) 16 * cout * cin, *V = dU + (size_t) 16 * cout * cin;

  if (din)
    transform_weights (s, w, U);
  for (int n0 = 0; n0 < n; n0 += chunk)
    {
      const int nc = n - n0 < chunk ? n - n0 : chunk;
      const int P = nc * t.per_image;
      float *dM = V + (size_t) 16 * cin * P;

      transform_input (s, t, n, n0, nc, in, V);
      transform_output_gradient (s, t, n, n0, nc, dout, dM);
      for (int xi = 0; xi < 16; xi++)
        {
          const float *dMx = dM + (size_t) xi * cout * P;
          float *Vx = V + (size_t) xi * cin * P;

          /* dU += dM V^T, then V's block is free for dV = U^T dM */
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, cout, cin, P, 1.0f, dMx, P, Vx,
                       P, n0 ? 1.0f : 0.0f, dU + (size_t) xi * cout * cin, cin);
          if (din)
            cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, cin, P, cout, 1.0f,
                         U + (size_t) xi * cout * cin, cin, dMx, P, 0.0f, Vx, P);
        }
      if (din)
        scatter_input_gradient (s, t, n, n0, nc, V, din);
    }
  weights_gradient (s, dU, dw);
}
