/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-arch.h"
#include "sl-ml-error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A positive decimal integer at *s, advancing *s; -1 if none or out of range. */
static int
parse_int (const char **s, int max)
{
  long v;
  char *end;

  if (**s < '0' || **s > '9')
    return -1;
  errno = 0;
  v = strtol (*s, &end, 10);
  if (errno || v < 1 || v > max)
    return -1;
  *s = end;
  return (int) v;
}

static int
parse_item (const char *item, sl_layer_spec *spec, char *err, size_t err_len)
{
  const char *s = item;

  memset (spec, 0, sizeof *spec);
  if (!strcmp (item, "bn"))
    spec->kind = SL_LAYER_BN;
  else if (!strcmp (item, "relu"))
    spec->kind = SL_LAYER_RELU;
  else if (!strcmp (item, "gap"))
    spec->kind = SL_LAYER_GAP;
  else if (!strncmp (item, "conv", 4))
    {
      spec->kind = SL_LAYER_CONV;
      s += 4;
      if ((spec->k = parse_int (&s, 15)) < 0 || *s++ != ':'
          || (spec->channels = parse_int (&s, 4096)) < 0)
        return sl_ml_fail (err, err_len,
                     "bad layer \"%s\": expected conv<K>:<C>[/s<S>][/p<P>] with kernel K 1..15 "
                     "and channels C 1..4096", item);
      spec->stride = 1;
      spec->pad = (spec->k - 1) / 2;
      while (*s == '/')
        {
          s++;
          if (*s == 's')
            {
              s++;
              if ((spec->stride = parse_int (&s, 8)) < 0)
                return sl_ml_fail (err, err_len, "bad stride in \"%s\": expected /s<S> with S 1..8", item);
            }
          else if (*s == 'p')
            {
              s++;
              if (*s == '0')
                {
                  spec->pad = 0;
                  s++;
                }
              else if ((spec->pad = parse_int (&s, 7)) < 0)
                return sl_ml_fail (err, err_len, "bad padding in \"%s\": expected /p<P> with P 0..7", item);
            }
          else
            return sl_ml_fail (err, err_len, "bad option in \"%s\": expected /s<S> or /p<P>", item);
        }
      if (*s)
        return sl_ml_fail (err, err_len, "unexpected \"%s\" in \"%s\"", s, item);
    }
  else if (!strncmp (item, "res:", 4))
    {
      spec->kind = SL_LAYER_RES;
      s += 4;
      spec->stride = 1;
      if ((spec->channels = parse_int (&s, 4096)) < 0)
        return sl_ml_fail (err, err_len,
                     "bad layer \"%s\": expected res:<C>[/s<S>] with channels C 1..4096", item);
      if (!strncmp (s, "/s", 2))
        {
          s += 2;
          if ((spec->stride = parse_int (&s, 8)) < 0)
            return sl_ml_fail (err, err_len, "bad stride in \"%s\": expected /s<S> with S 1..8", item);
        }
      if (*s)
        return sl_ml_fail (err, err_len, "unexpected \"%s\" in \"%s\" (res takes only /s<S>)", s,
                     item);
    }
  else if (!strncmp (item, "maxpool", 7))
    {
      spec->kind = SL_LAYER_MAXPOOL;
      s += 7;
      if ((spec->k = parse_int (&s, 16)) < 0 || *s)
        return sl_ml_fail (err, err_len, "bad layer \"%s\": expected maxpool<K> with K 1..16", item);
    }
  else if (!strncmp (item, "dropout:", 8))
    {
      char *end;

      spec->kind = SL_LAYER_DROPOUT;
      errno = 0;
      spec->p = strtof (item + 8, &end);
      if (end == item + 8 || *end || errno || !(spec->p >= 0 && spec->p < 1))
        return sl_ml_fail (err, err_len, "bad layer \"%s\": expected dropout:<p> with 0 <= p < 1", item);
    }
  else if (!strncmp (item, "fc:", 3))
    {
      spec->kind = SL_LAYER_FC;
      s += 3;
      if ((spec->channels = parse_int (&s, 65536)) < 0 || *s)
        return sl_ml_fail (err, err_len, "bad layer \"%s\": expected fc:<N> with N 1..65536", item);
    }
  else
    return sl_ml_fail (err, err_len,
                       "unknown layer \"%s\" (known: conv<K>:<C>[/s<S>][/p<P>], res:<C>[/s<S>], "
                       "bn, relu, maxpool<K>, gap, dropout:<p>, fc:<N>)", item);
  return 0;
}

int
sl_arch_parse (const char *arch, sl_layer_spec *specs, int max, char *err, size_t err_len)
{
  int n = 0;
  const char *s = arch;

  if (!arch || !*arch)
    return sl_ml_fail (err, err_len, "empty architecture");
  for (;;)
    {
      const char *end = strchr (s, ',');
      size_t len = end ? (size_t) (end - s) : strlen (s);
      char item[64];

      if (len == 0)
        return sl_ml_fail (err, err_len, "empty layer at position %d in \"%s\"", n + 1, arch);
      if (len >= sizeof item)
        return sl_ml_fail (err, err_len, "layer %d is too long in \"%s\"", n + 1, arch);
      if (n >= max)
        return sl_ml_fail (err, err_len, "too many layers (at most %d)", max);
      memcpy (item, s, len);
      item[len] = 0;
      if (parse_item (item, &specs[n], err, err_len) < 0)
        return -1;
      n++;
      if (!end)
        break;
      s = end + 1;
    }
  if (specs[n - 1].kind != SL_LAYER_FC)
    return sl_ml_fail (err, err_len, "the last layer must be fc:<N>, N the number of classes");
  return n;
}
