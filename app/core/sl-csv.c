/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-csv.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-error.h"

/* What makes a spreadsheet read a cell as a formula: its first character. */
static gboolean
is_formula_start (char c)
{
  return c != '\0' && strchr ("=+-@\t\r", c) != NULL;
}

/* A value starting with an apostrophe that protects, or would look like it protects. */
static gboolean
needs_apostrophe (const char *value)
{
  return is_formula_start (value[0]) || (value[0] == '\'' && (is_formula_start (value[1])
                                                              || value[1] == '\''));
}

void
sl_csv_row_free (SlCsvRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->fields);
  g_free (row);
}

static void
finish_row (GPtrArray *rows,
            GPtrArray *fields,
            guint      line)
{
  SlCsvRow *row;

  /* a line holding nothing at all is blank, not a row with one empty field */
  if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }
  row = g_new0 (SlCsvRow, 1);
  row->line = line;
  g_ptr_array_add (fields, NULL);
  row->fields = (GStrv) g_ptr_array_steal (fields, NULL);
  g_ptr_array_add (rows, row);
}

GPtrArray *
sl_csv_parse (const char  *text,
              gsize        len,
              const char  *name,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_csv_row_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text, *end = text + len;
  guint line = 1, row_line = 1;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  if (!g_utf8_validate (p, end - p, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT, _("%s: not UTF-8 text"), name);
      return NULL;
    }

  while (p < end)
    {
      if (*p == '"' && field->len == 0)
        {
          guint quote_line = line;

          for (p++;; p++)
            {
              if (p >= end)
                {
                  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                               _("%s:%u: quoted field is never closed"), name, quote_line);
                  return NULL;
                }
              if (*p == '"' && p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                break;
              else
                {
                  if (*p == '\n')
                    line++;
                  g_string_append_c (field, *p);
                }
            }
          p++;   /* past the closing quote */
          if (field->len > 0 && needs_apostrophe (field->str + 1) && field->str[0] == '\'')
            g_string_erase (field, 0, 1);
          if (p < end && *p != ',' && *p != '\n' && *p != '\r')
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _("%s:%u: unexpected text after a closing quote"), name, line);
              return NULL;
            }
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\n' || *p == '\r')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          finish_row (rows, fields, row_line);
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          line++;
          row_line = line;
        }
      else if (*p == '"')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _("%s:%u: a quote inside an unquoted field"), name, line);
          return NULL;
        }
      else
        g_string_append_c (field, *p);
      p++;
    }
  if (field->len > 0 || fields->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      finish_row (rows, fields, row_line);
    }
  return g_steal_pointer (&rows);
}

void
sl_csv_append_field (GString    *out,
                     const char *value)
{
  if (value == NULL)
    return;
  if (needs_apostrophe (value))
    g_string_append (out, "\"'");
  else if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  else
    g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
