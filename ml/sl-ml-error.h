/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

/* The error convention of ml/: a message formatted into the caller's err buffer (err_len bytes;
 * err may be NULL). Returns -1, what the int-returning functions of ml/ return on failure. */
int sl_ml_fail (char       *err,
                size_t      err_len,
                const char *fmt,
                ...) __attribute__ ((format (printf, 3, 4)));
