/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint line;      /* 1-based line where the row starts */
  GStrv fields;
} SlCsvRow;

void       sl_csv_row_free   (SlCsvRow     *row);

/* Parses RFC 4180 CSV (commas, "quoted" fields with "" escapes and line breaks, LF or CRLF,
 * optional UTF-8 BOM); blank lines are skipped. A quoted field whose text starts with an
 * apostrophe followed by one of = + - @ tab CR or another apostrophe loses that first
 * apostrophe (see sl_csv_append_field). Errors (SL_ERROR_INVALID_ARGUMENT) read
 * "name:LINE: reason". Returns a GPtrArray of SlCsvRow*. */
GPtrArray *sl_csv_parse      (const char   *text,
                              gsize         len,
                              const char   *name,
                              GError      **error);

/* Appends value to out as one CSV field, quoted when it holds a comma, quote or line break.
 * A value a spreadsheet would run as a formula (starting with = + - @ tab or CR) is written
 * quoted behind an apostrophe, "'=1+2", and so is a value starting with an apostrophe
 * followed by one of those or another apostrophe: sl_csv_parse gives back the value. */
void       sl_csv_append_field (GString    *out,
                                const char *value);

G_END_DECLS
