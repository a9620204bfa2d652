/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-filename.h"

#include <string.h>

char *
sl_filename_escape (const char *name)
{
  GString *out = g_string_sized_new (strlen (name));
  const char *p = name, *end = name + strlen (name);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          if (c == '\\')
            g_string_append_c (out, '\\');
          g_string_append_len (out, p, next - p);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}

char *
sl_filename_unescape (const char *escaped)
{
  GString *out = g_string_sized_new (strlen (escaped));

  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == '\\')
        {
          g_string_append_c (out, '\\');
          p++;
        }
      else if (p[0] == '\\' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3])
               && (p[2] != '0' || p[3] != '0'))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[2]) * 16
                                          + g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
