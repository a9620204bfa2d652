/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model file, all integers and floats little-endian:
 *   "SLCNNMDL"  magic (8 bytes)
 *   u32 version (2), u64 total length in bytes (this header and the checksum included)
 *   u32 input channels C, height, width; u32 classes
 *   f32 normalisation mean, C of them, then sd, C of them (version 1: one of each, for every
 *   channel)
 *   u32 length + bytes: the arch spec; per class: u32 length + bytes: its name
 *   u64 count of floats, then that many f32: per layer in order, conv/fc weights (Cout, Cin*K*K
 *   or F) and bias; batch norm gamma, beta, running mean, running variance; a residual block's
 *   conv1 weights, its bn, conv2 weights, its bn, then the shortcut's conv weights and bn if any
 *   u32 CRC-32 of everything before it */
#include "sl-checkpoint.h"
#include "sl-ml-error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl-net-private.h"

#define MAGIC "SLCNNMDL"
#define VERSION 2u

static uint32_t
crc32 (const unsigned char *p, size_t len)
{
  uint32_t c = 0xffffffffu;

  for (size_t i = 0; i < len; i++)
    {
      c ^= p[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
  return ~c;
}

/* ---- writing ---- */

typedef struct
{
  unsigned char *p;
  size_t len, cap;
  int oom;
} writer;

static void
put (writer *w, const void *data, size_t len)
{
  if (w->oom)
    return;
  if (w->len + len > w->cap)
    {
      size_t cap = (w->cap ? w->cap * 2 : 4096) + len;
      unsigned char *p = realloc (w->p, cap);

      if (!p)
        {
          w->oom = 1;
          return;
        }
      w->p = p;
      w->cap = cap;
    }
  memcpy (w->p + w->len, data, len);
  w->len += len;
}

static void
put_u32 (writer *w, uint32_t v)
{
  unsigned char b[4] = { v, v >> 8, v >> 16, v >> 24 };

  put (w, b, 4);
}

static void
put_u64 (writer *w, uint64_t v)
{
  put_u32 (w, (uint32_t) v);
  put_u32 (w, (uint32_t) (v >> 32));
}

static void
put_f32s (writer *w, const float *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t v;

      memcpy (&v, &x[i], 4);
      put_u32 (w, v);
    }
}

static void
put_str (writer *w, const char *s)
{
  put_u32 (w, (uint32_t) strlen (s));
  put (w, s, strlen (s));
}

/* Calls fn on each stored tensor in file order. */
static void
each_tensor (const sl_net *net, sl_tensor_fn fn, void *data)
{
  for (int i = 0; i < net->n_layers; i++)
    {
      const sl_net_layer *L = &net->layers[i];

      switch (L->spec.kind)
        {
        case SL_LAYER_CONV:
          fn (L->wt, (size_t) L->oc * L->c * L->spec.k * L->spec.k, data);
          fn (L->bias, L->oc, data);
          break;
        case SL_LAYER_FC:
          fn (L->wt, (size_t) L->oc * L->c * L->h * L->w, data);
          fn (L->bias, L->oc, data);
          break;
        case SL_LAYER_BN:
          fn (L->wt, L->c, data);
          fn (L->bias, L->c, data);
          fn (L->running_mean, L->c, data);
          fn (L->running_var, L->c, data);
          break;
        case SL_LAYER_RES:
          sl_residual_each_tensor (&L->res, fn, data);
          break;
        default:
          break;
        }
    }
}

static void
count_tensor (float *x, size_t n, void *data)
{
  *(uint64_t *) data += n;
}

static void
write_tensor (float *x, size_t n, void *data)
{
  put_f32s (data, x, n);
}

int
sl_checkpoint_save_buffer (const sl_net *net, unsigned char **buf, size_t *len)
{
  writer w = { 0 };
  uint64_t count = 0;
  uint32_t crc;

  put (&w, MAGIC, 8);
  put_u32 (&w, VERSION);
  put_u64 (&w, 0); /* total length, patched below */
  put_u32 (&w, net->in_c);
  put_u32 (&w, net->in_h);
  put_u32 (&w, net->in_w);
  put_u32 (&w, net->n_classes);
  put_f32s (&w, net->norm_mean, net->in_c);
  put_f32s (&w, net->norm_std, net->in_c);
  put_str (&w, net->arch);
  for (int k = 0; k < net->n_classes; k++)
    put_str (&w, net->class_names[k]);
  each_tensor (net, count_tensor, &count);
  put_u64 (&w, count);
  each_tensor (net, write_tensor, &w);
  if (w.oom)
    {
      free (w.p);
      return -1;
    }
  {
    uint64_t total = w.len + 4;

    for (int i = 0; i < 8; i++)
      w.p[12 + i] = (unsigned char) (total >> (8 * i));
  }
  crc = crc32 (w.p, w.len);
  put_u32 (&w, crc);
  if (w.oom)
    {
      free (w.p);
      return -1;
    }
  *buf = w.p;
  *len = w.len;
  return 0;
}

int
sl_checkpoint_save (const sl_net *net, const char *path, char *err, size_t err_len)
{
  unsigned char *buf;
  size_t len;
  FILE *f;
  int ok;

  if (sl_checkpoint_save_buffer (net, &buf, &len) < 0)
    return sl_ml_fail (err, err_len, "out of memory writing the model");
  f = fopen (path, "wb");
  if (!f)
    {
      free (buf);
      return sl_ml_fail (err, err_len, "cannot create model file %s", path);
    }
  ok = fwrite (buf, 1, len, f) == len;
  ok = (fclose (f) == 0) && ok;
  free (buf);
  if (!ok)
    return sl_ml_fail (err, err_len, "cannot write model file %s (disk full?)", path);
  return 0;
}

/* ---- reading ---- */

typedef struct
{
  const unsigned char *p;
  size_t len, at;
  int short_read;
} reader;

static int
get (reader *r, void *out, size_t n)
{
  if (r->short_read || n > r->len - r->at)
    {
      r->short_read = 1;
      memset (out, 0, n);
      return -1;
    }
  memcpy (out, r->p + r->at, n);
  r->at += n;
  return 0;
}

static uint32_t
get_u32 (reader *r)
{
  unsigned char b[4];

  get (r, b, 4);
  return (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
}

static uint64_t
get_u64 (reader *r)
{
  uint64_t lo = get_u32 (r);

  return lo | (uint64_t) get_u32 (r) << 32;
}

static float
get_f32 (reader *r)
{
  uint32_t v = get_u32 (r);
  float f;

  memcpy (&f, &v, 4);
  return f;
}

static char *
get_str (reader *r, uint32_t max)
{
  uint32_t n = get_u32 (r);
  char *s;

  if (r->short_read || n > max || n > r->len - r->at)
    {
      r->short_read = 1;
      return NULL;
    }
  s = malloc (n + 1);
  get (r, s, n);
  s[n] = 0;
  return s;
}

static void
read_tensor (float *x, size_t n, void *data)
{
  for (size_t i = 0; i < n; i++)
    x[i] = get_f32 (data);
}

/* Whether the next n floats of r (read from a copy: r is not advanced) are all finite. */
static int
floats_finite (reader r, uint64_t n)
{
  for (uint64_t i = 0; i < n; i++)
    if (!isfinite (get_f32 (&r)))
      return 0;
  return 1;
}

static int
floats_finite_array (const float *x, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return 0;
  return 1;
}

sl_net *
sl_checkpoint_load_buffer (const unsigned char *buf, size_t len, int max_batch, char *err,
                           size_t err_len)
{
  reader r = { buf, len, 0, 0 };
  char magic[8], *arch = NULL, **names = NULL;
  uint32_t version, in_c, in_h, in_w, classes, crc, n_norm;
  uint64_t total, count, expect = 0;
  float *mean = NULL, *sd = NULL;
  sl_net *net = NULL;

  if (len < 8 || memcmp (buf, MAGIC, 8) != 0)
    {
      sl_ml_fail (err, err_len, "not a Sightline model (no SLCNNMDL signature at the start)");
      return NULL;
    }
  get (&r, magic, 8);
  version = get_u32 (&r);
  total = get_u64 (&r);
  if (r.short_read)
    {
      sl_ml_fail (err, err_len, "model file truncated: only %zu bytes", len);
      return NULL;
    }
  if (version > VERSION)
    {
      sl_ml_fail (err, err_len, "model format version %u is newer than this Sightline reads (%u): "
                  "update Sightline", version, VERSION);
      return NULL;
    }
  if (version == 0)
    {
      sl_ml_fail (err, err_len, "model file damaged: format version 0");
      return NULL;
    }
  if (total > len)
    {
      sl_ml_fail (err, err_len, "model file truncated: %zu of %llu bytes", len,
                  (unsigned long long) total);
      return NULL;
    }
  if (total < 24 || total != len)
    {
      sl_ml_fail (err, err_len, "model file damaged: its header gives %llu bytes, it has %zu",
                  (unsigned long long) total, len);
      return NULL;
    }
  crc = (uint32_t) buf[len - 4] | (uint32_t) buf[len - 3] << 8 | (uint32_t) buf[len - 2] << 16
        | (uint32_t) buf[len - 1] << 24;
  if (crc != crc32 (buf, len - 4))
    {
      sl_ml_fail (err, err_len, "model file damaged: checksum mismatch");
      return NULL;
    }
  r.len = len - 4;

  in_c = get_u32 (&r);
  in_h = get_u32 (&r);
  in_w = get_u32 (&r);
  classes = get_u32 (&r);
  if (r.short_read)
    {
      sl_ml_fail (err, err_len, "model file damaged: header cut short");
      goto out;
    }
  if (classes < 1 || classes > 65536 || in_c < 1 || in_c > 4096 || in_h < 1 || in_h > 65536
      || in_w < 1 || in_w > 65536)
    {
      sl_ml_fail (err, err_len,
                  "model file damaged: bad shape %ux%ux%u, %u classes", in_c, in_h, in_w,
                  classes);
      goto out;
    }
  mean = malloc (sizeof (float) * (in_c + 1));
  sd = malloc (sizeof (float) * (in_c + 1));
  if (!mean || !sd)
    {
      sl_ml_fail (err, err_len, "out of memory reading the model");
      goto out;
    }
  n_norm = version == 1 ? 1 : in_c;
  for (uint32_t c = 0; c < n_norm; c++)
    mean[c] = get_f32 (&r);
  for (uint32_t c = 0; c < n_norm; c++)
    sd[c] = get_f32 (&r);
  for (uint32_t c = n_norm; c < in_c; c++)
    {
      mean[c] = mean[0];
      sd[c] = sd[0];
    }
  arch = get_str (&r, 4096);
  if (!r.short_read)
    {
      names = calloc (classes, sizeof (char *));
      for (uint32_t k = 0; k < classes && !r.short_read; k++)
        names[k] = get_str (&r, 4096);
    }
  count = get_u64 (&r);
  if (r.short_read)
    {
      sl_ml_fail (err, err_len, "model file damaged: header cut short");
      goto out;
    }
  net = sl_net_create (arch, (int) in_c, (int) in_h, (int) in_w, max_batch, 0, err, err_len);
  if (!net)
    goto out;
  if ((uint32_t) net->n_classes != classes)
    {
      sl_ml_fail (err, err_len, "model file damaged: arch \"%s\" has %d classes, the file %u", arch,
                  net->n_classes, classes);
      goto fail_net;
    }
  each_tensor (net, count_tensor, &expect);
  if (count != expect || r.len - r.at != count * 4)
    {
      sl_ml_fail (err, err_len,
                  "model file damaged: %llu parameters stored, arch \"%s\" needs %llu",
                  (unsigned long long) count, arch, (unsigned long long) expect);
      goto fail_net;
    }
  if (!floats_finite (r, count) || !floats_finite_array (mean, in_c)
      || !floats_finite_array (sd, in_c))
    {
      sl_ml_fail (err, err_len,
                  "model file refused: it holds weights that are not numbers (NaN or "
                  "infinite), as a diverged training leaves; train again with a lower learning "
                  "rate");
      goto fail_net;
    }
  each_tensor (net, read_tensor, &r);
  sl_net_set_class_names (net, (const char *const *) names, (int) classes);
  sl_net_set_normalisation (net, mean, sd);
  goto out;

fail_net:
  sl_net_free (net);
  net = NULL;
out:
  if (names)
    for (uint32_t k = 0; k < classes; k++)
      free (names[k]);
  free (names);
  free (arch);
  free (mean);
  free (sd);
  return net;
}

sl_net *
sl_checkpoint_load (const char *path, int max_batch, char *err, size_t err_len)
{
  FILE *f = fopen (path, "rb");
  unsigned char *buf;
  long size;
  sl_net *net;

  if (!f)
    {
      sl_ml_fail (err, err_len, "cannot open model file %s", path);
      return NULL;
    }
  if (fseek (f, 0, SEEK_END) != 0 || (size = ftell (f)) < 0 || fseek (f, 0, SEEK_SET) != 0)
    {
      fclose (f);
      sl_ml_fail (err, err_len, "cannot read model file %s", path);
      return NULL;
    }
  buf = malloc (size ? (size_t) size : 1);
  if (!buf || fread (buf, 1, (size_t) size, f) != (size_t) size)
    {
      free (buf);
      fclose (f);
      sl_ml_fail (err, err_len, "cannot read model file %s", path);
      return NULL;
    }
  fclose (f);
  net = sl_checkpoint_load_buffer (buf, (size_t) size, max_batch, err, err_len);
  if (!net && err && err_len)
    {
      char inner[512];

      snprintf (inner, sizeof inner, "%s", err);
      snprintf (err, err_len, "%s: %s", path, inner);
    }
  free (buf);
  return net;
}
