/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-ml-error.h"

#include <stdarg.h>
#include <stdio.h>

int
sl_ml_fail (char       *err,
            size_t      err_len,
            const char *fmt,
            ...)
{
  va_list ap;

  if (err && err_len)
    {
      va_start (ap, fmt);
      vsnprintf (err, err_len, fmt, ap);
      va_end (ap);
    }
  return -1;
}
