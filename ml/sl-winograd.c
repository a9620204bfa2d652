/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-winograd.h"

#include <cblas.h>
#include <string.h>

/* Transformed floats per chunk of images (the V and M blocks together): 4 MB keeps a chunk's
 * transforms in the second-level cache between the transform and its sgemms. */
#define CHUNK_FLOATS (1024 * 1024)

/* Tiles per block: the transforms handle a row of tiles in blocks of TB, the loop over a block's
 * tiles being the one the compiler vectorises (on local arrays, so that it needs no alias
 * checks); blocks start every TB tiles, the last one partly past the row's end. */
#define TB 8

typedef struct
{
  int th, tw;        /* output tiles down and across */
  int per_image;     /* th * tw */
  int twb;           /* tw rounded up to whole blocks */
  int wp, hp;        /* the zero-padded plane the tiles are read from (and input gradients
                      * accumulated in): every tile of every block is inside it */
} tiling;

static tiling
tiles_of (const sl_conv_shape *s)
{
  tiling t = { (s->ho + 1) / 2, (s->wo + 1) / 2, 0, 0, 0, 0 };

  t.per_image = t.th * t.tw;
  t.twb = (t.tw + TB - 1) / TB * TB;
  t.wp = 2 * t.twb + 2;
  t.hp = 2 * t.th + 2;
  return t;
}

/* Floats of the work rows the transforms share: the padded plane and 4 rows of it. */
static size_t
work_floats (tiling t)
{
  return (size_t) t.hp * t.wp + (size_t) 4 * t.wp;
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
 * of a chunk, then the transforms' work rows */
size_t
sl_winograd_scratch_floats (const sl_conv_shape *s, int n)
{
  size_t tiles = (size_t) chunk_images (s, n) * tiles_of (s).per_image;

  return (size_t) 32 * s->cout * s->cin + (size_t) 16 * (s->cin + s->cout) * tiles
         + work_floats (tiles_of (s));
}

/* ---- the weight transform and its transpose (1-D down the columns, then along the rows) ---- */

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

/* 16 rows of a V or M block (row xi at dst + xi * plane) from blk, the tiles [0, nb) */
static inline void
store_block (float *dst, size_t plane, float blk[16][TB], int nb)
{
  for (int xi = 0; xi < 16; xi++)
    {
      float *o = dst + xi * plane;

      if (nb == TB)
        for (int t = 0; t < TB; t++)
          o[t] = blk[xi][t];
      else
        for (int t = 0; t < nb; t++)
          o[t] = blk[xi][t];
    }
}

static inline void
load_block (const float *src, size_t plane, float blk[16][TB], int nb)
{
  for (int xi = 0; xi < 16; xi++)
    {
      const float *v = src + xi * plane;

      if (nb == TB)
        for (int t = 0; t < TB; t++)
          blk[xi][t] = v[t];
      else
        for (int t = 0; t < TB; t++)
          blk[xi][t] = t < nb ? v[t] : 0.0f;
    }
}

/* V[xi][ci][p] = (B^T d B)[xi] for the tiles p of images [n0, n0 + nc), read from the image
 * copied into the zero-padded plane */
static void
transform_input (const sl_conv_shape *s, tiling t, int n, int n0, int nc, const float *in,
                 float *V, float *work)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cin * P;
  const int wp = t.wp;
  float *pp = work, *c = work + (size_t) t.hp * wp;

  /* only the image's rectangle is written below: the border stays zero */
  memset (pp, 0, sizeof (float) * t.hp * wp);
  for (int ci = 0; ci < s->cin; ci++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = in + ((size_t) ci * n + n0 + nn) * s->h * s->w;
        float *dst = V + (size_t) ci * P + (size_t) nn * t.per_image;

        for (int y = 0; y < s->h; y++)
          memcpy (pp + (size_t) (y + s->pad) * wp + s->pad, src + (size_t) y * s->w,
                  sizeof (float) * s->w);
        for (int ty = 0; ty < t.th; ty++)
          {
            const float *r0 = pp + (size_t) 2 * ty * wp, *r1 = r0 + wp, *r2 = r1 + wp,
                        *r3 = r2 + wp;
            float *c0 = c, *c1 = c + wp, *c2 = c + 2 * wp, *c3 = c + 3 * wp;

            /* down the columns: B^T d */
            for (int x = 0; x < wp; x++)
              {
                c0[x] = r0[x] - r2[x];
                c1[x] = r1[x] + r2[x];
                c2[x] = r2[x] - r1[x];
                c3[x] = r1[x] - r3[x];
              }
            /* along the rows: (B^T d) B */
            for (int tx = 0; tx < t.tw; tx += TB)
              {
                float blk[16][TB];

                for (int i = 0; i < 4; i++)
                  {
                    const float *row = c + (size_t) i * wp + 2 * tx;

                    for (int k = 0; k < TB; k++)
                      {
                        float a = row[2 * k], b = row[2 * k + 1], e = row[2 * k + 2],
                              f = row[2 * k + 3];

                        blk[4 * i][k] = a - e;
                        blk[4 * i + 1][k] = b + e;
                        blk[4 * i + 2][k] = e - b;
                        blk[4 * i + 3][k] = b - f;
                      }
                  }
                store_block (dst + (size_t) ty * t.tw + tx, plane, blk,
                             t.tw - tx < TB ? t.tw - tx : TB);
              }
          }
      }
}

/* out (images [n0, n0 + nc)) = A^T m A (+ bias) from M[xi][co][p] */
static void
transform_output (const sl_conv_shape *s, tiling t, int n, int n0, int nc, const float *M,
                  const float *b, float *out, float *work)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cout * P;
  const int ho = s->ho, wo = s->wo;
  float *row0 = work, *row1 = work + t.wp;

  for (int co = 0; co < s->cout; co++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = M + (size_t) co * P + (size_t) nn * t.per_image;
        float *dst = out + ((size_t) co * n + n0 + nn) * ho * wo;
        const float bias = b ? b[co] : 0.0f;

        for (int ty = 0; ty < t.th; ty++)
          {
            const int oy = 2 * ty;

            for (int tx = 0; tx < t.tw; tx += TB)
              {
                float m[16][TB], r[2][4][TB];

                load_block (src + (size_t) ty * t.tw + tx, plane, m,
                            t.tw - tx < TB ? t.tw - tx : TB);
                /* down the columns: A^T m, then along the rows */
                for (int j = 0; j < 4; j++)
                  for (int k = 0; k < TB; k++)
                    {
                      r[0][j][k] = m[j][k] + m[4 + j][k] + m[8 + j][k];
                      r[1][j][k] = m[4 + j][k] - m[8 + j][k] - m[12 + j][k];
                    }
                for (int k = 0; k < TB; k++)
                  {
                    row0[2 * (tx + k)] = r[0][0][k] + r[0][1][k] + r[0][2][k] + bias;
                    row0[2 * (tx + k) + 1] = r[0][1][k] - r[0][2][k] - r[0][3][k] + bias;
                    row1[2 * (tx + k)] = r[1][0][k] + r[1][1][k] + r[1][2][k] + bias;
                    row1[2 * (tx + k) + 1] = r[1][1][k] - r[1][2][k] - r[1][3][k] + bias;
                  }
              }
            memcpy (dst + (size_t) oy * wo, row0, sizeof (float) * wo);
            if (oy + 1 < ho)
              memcpy (dst + (size_t) (oy + 1) * wo, row1, sizeof (float) * wo);
          }
      }
}

/* dM[xi][co][p] = (A dy A^T)[xi], dy the 2x2 output gradient tile (zero outside the output) */
static void
transform_output_gradient (const sl_conv_shape *s, tiling t, int n, int n0, int nc,
                           const float *dout, float *dM, float *work)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cout * P;
  const int ho = s->ho, wo = s->wo;
  float *g0 = work, *g1 = work + t.wp;

  /* columns past the output stay zero */
  memset (work, 0, sizeof (float) * 2 * t.wp);
  for (int co = 0; co < s->cout; co++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = dout + ((size_t) co * n + n0 + nn) * ho * wo;
        float *dst = dM + (size_t) co * P + (size_t) nn * t.per_image;

        for (int ty = 0; ty < t.th; ty++)
          {
            const int oy = 2 * ty;

            memcpy (g0, src + (size_t) oy * wo, sizeof (float) * wo);
            if (oy + 1 < ho)
              memcpy (g1, src + (size_t) (oy + 1) * wo, sizeof (float) * wo);
            else
              memset (g1, 0, sizeof (float) * wo);
            for (int tx = 0; tx < t.tw; tx += TB)
              {
                float m[16][TB];

                for (int k = 0; k < TB; k++)
                  {
                    const int x = 2 * (tx + k);
                    float a = g0[x], b = g0[x + 1], c = g1[x], d = g1[x + 1];
                    /* down the columns: A dy (4 x 2), then along the rows */
                    float col[4][2] = { { a, b }, { a + c, b + d }, { a - c, b - d }, { -c, -d } };

                    for (int i = 0; i < 4; i++)
                      {
                        m[4 * i][k] = col[i][0];
                        m[4 * i + 1][k] = col[i][0] + col[i][1];
                        m[4 * i + 2][k] = col[i][0] - col[i][1];
                        m[4 * i + 3][k] = -col[i][1];
                      }
                  }
                store_block (dst + (size_t) ty * t.tw + tx, plane, m,
                             t.tw - tx < TB ? t.tw - tx : TB);
              }
          }
      }
}

/* din (images [n0, n0 + nc), overwritten) = the sum over tiles of B dv B^T placed at each
 * tile, accumulated in the zero-padded plane and then cut out of it */
static void
scatter_input_gradient (const sl_conv_shape *s, tiling t, int n, int n0, int nc,
                        const float *dV, float *din, float *work)
{
  const size_t P = (size_t) nc * t.per_image, plane = (size_t) s->cin * P;
  const int wp = t.wp;
  float *pp = work;

  for (int ci = 0; ci < s->cin; ci++)
    for (int nn = 0; nn < nc; nn++)
      {
        const float *src = dV + (size_t) ci * P + (size_t) nn * t.per_image;
        float *dst = din + ((size_t) ci * n + n0 + nn) * s->h * s->w;

        memset (pp, 0, sizeof (float) * t.hp * wp);
        for (int ty = 0; ty < t.th; ty++)
          for (int tx = 0; tx < t.tw; tx += TB)
            {
              float v[16][TB], e[4][4][TB], d[4][4][TB];

              load_block (src + (size_t) ty * t.tw + tx, plane, v,
                          t.tw - tx < TB ? t.tw - tx : TB);
              /* along the rows: dv B^T, then down the columns: B (dv B^T) */
              for (int i = 0; i < 4; i++)
                for (int k = 0; k < TB; k++)
                  {
                    e[i][0][k] = v[4 * i][k];
                    e[i][1][k] = v[4 * i + 1][k] - v[4 * i + 2][k] + v[4 * i + 3][k];
                    e[i][2][k] = v[4 * i + 1][k] + v[4 * i + 2][k] - v[4 * i][k];
                    e[i][3][k] = -v[4 * i + 3][k];
                  }
              for (int j = 0; j < 4; j++)
                for (int k = 0; k < TB; k++)
                  {
                    d[0][j][k] = e[0][j][k];
                    d[1][j][k] = e[1][j][k] - e[2][j][k] + e[3][j][k];
                    d[2][j][k] = e[1][j][k] + e[2][j][k] - e[0][j][k];
                    d[3][j][k] = -e[3][j][k];
                  }
              /* neighbouring tiles overlap by two columns: one column offset at a time (tiles
               * past the row's end add zeros inside the padded plane) */
              for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                  {
                    float *row = pp + (size_t) (2 * ty + i) * wp + 2 * tx + j;

                    for (int k = 0; k < TB; k++)
                      row[2 * k] += d[i][j][k];
                  }
            }
        for (int y = 0; y < s->h; y++)
          memcpy (dst + (size_t) y * s->w, pp + (size_t) (y + s->pad) * wp + s->pad,
                  sizeof (float) * s->w);
      }
}

void
sl_winograd_forward (const sl_conv_shape *s, int n, const float *in, const float *w,
                     const float *b, float *scratch, float *out)
{
  const tiling t = tiles_of (s);
  const int chunk = chunk_images (s, n), cin = s->cin, cout = s->cout;
  float *U = scratch, *V = U + (size_t) 32 * cout * cin;
  float *work = V + (size_t) 16 * (cin + cout) * chunk * t.per_image;

  transform_weights (s, w, U);
  for (int n0 = 0; n0 < n; n0 += chunk)
    {
      const int nc = n - n0 < chunk ? n - n0 : chunk;
      const int P = nc * t.per_image;
      float *M = V + (size_t) 16 * cin * P;

      transform_input (s, t, n, n0, nc, in, V, work);
      for (int xi = 0; xi < 16; xi++)
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, cout, P, cin, 1.0f,
                     U + (size_t) xi * cout * cin, cin, V + (size_t) xi * cin * P, P, 0.0f,
                     M + (size_t) xi * cout * P, P);
      transform_output (s, t, n, n0, nc, M, b, out, work);
    }
}

void
sl_winograd_backward (const sl_conv_shape *s, int n, const float *in, float *scratch,
                      const float *w, const float *dout, float *dw, float *din)
{
  const tiling t = tiles_of (s);
  const int chunk = chunk_images (s, n), cin = s->cin, cout = s->cout;
  float *U = scratch, *dU = U + (size_t) 16 * cout * cin, *V = dU + (size_t) 16 * cout * cin;
  float *work = V + (size_t) 16 * (cin + cout) * chunk * t.per_image;

  if (din)
    transform_weights (s, w, U);
  for (int n0 = 0; n0 < n; n0 += chunk)
    {
      const int nc = n - n0 < chunk ? n - n0 : chunk;
      const int P = nc * t.per_image;
      float *dM = V + (size_t) 16 * cin * P;

      transform_input (s, t, n, n0, nc, in, V, work);
      transform_output_gradient (s, t, n, n0, nc, dout, dM, work);
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
        scatter_input_gradient (s, t, n, n0, nc, V, din, work);
    }
  weights_gradient (s, dU, dw);
}
