/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-json.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"

#define MAX_DEPTH 64

struct _SlJson
{
  SlJsonType type;
  gboolean boolean;
  double number;
  char *string;
  GPtrArray *items;   /* arrays and objects: SlJson* */
  GPtrArray *keys;    /* objects: char*, parallel to items */
};

typedef struct
{
  const char *text;
  const char *p;
  GError **error;
} Parser;

static SlJson *parse_value (Parser *parser, int depth);

static SlJson *
node_new (SlJsonType type)
{
  SlJson *node = g_new0 (SlJson, 1);

  node->type = type;
  if (type == SL_JSON_ARRAY || type == SL_JSON_OBJECT)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_json_free);
  if (type == SL_JSON_OBJECT)
    node->keys = g_ptr_array_new_with_free_func (g_free);
  return node;
}

void
sl_json_free (SlJson *node)
{
  if (node == NULL)
    return;
  g_free (node->string);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_clear_pointer (&node->keys, g_ptr_array_unref);
  g_free (node);
}

SlJson *
sl_json_copy (const SlJson *node)
{
  SlJson *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = node_new (node->type);
  copy->boolean = node->boolean;
  copy->number = node->number;
  copy->string = g_strdup (node->string);
  for (guint i = 0; node->items != NULL && i < node->items->len; i++)
    g_ptr_array_add (copy->items, sl_json_copy (g_ptr_array_index (node->items, i)));
  for (guint i = 0; node->keys != NULL && i < node->keys->len; i++)
    g_ptr_array_add (copy->keys, g_strdup (g_ptr_array_index (node->keys, i)));
  return copy;
}

static gboolean
fail (Parser     *parser,
      const char *what)
{
  if (parser->error != NULL && *parser->error == NULL)
    g_set_error (parser->error, SL_ERROR, SL_ERROR_CORRUPT, _("Invalid JSON at offset %ld: %s"),
                 (long) (parser->p - parser->text), what);
  return FALSE;
}

static void
skip_space (Parser *parser)
{
  while (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r')
    parser->p++;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (Parser   *parser,
            gunichar *out)
{
  gunichar value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (parser->p[i]);

      if (digit < 0)
        return fail (parser, _("bad \\u escape"));
      value = value * 16 + (gunichar) digit;
    }
  parser->p += 4;
  *out = value;
  return TRUE;
}

static char *
parse_string (Parser *parser)
{
  g_autoptr(GString) out = g_string_new (NULL);

  parser->p++;   /* the opening quote */
  for (;;)
    {
      char c = *parser->p;

      if (c == '"')
        break;
      if (c == '\0')
        {
          fail (parser, _("unterminated string"));
          return NULL;
        }
      if ((guchar) c < 0x20)
        {
          fail (parser, _("control character in a string"));
          return NULL;
        }
      if (c != '\\')
        {
          g_string_append_c (out, c);
          parser->p++;
          continue;
        }
      parser->p++;
      c = *parser->p++;
      switch (c)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar ch, low;

            if (!parse_hex4 (parser, &ch))
              return NULL;
            if (ch >= 0xd800 && ch < 0xdc00)
              {
                if (parser->p[0] != '\\' || parser->p[1] != 'u')
                  {
                    fail (parser, _("lone surrogate"));
                    return NULL;
                  }
                parser->p += 2;
                if (!parse_hex4 (parser, &low) || low < 0xdc00 || low > 0xdfff)
                  {
                    fail (parser, _("lone surrogate"));
                    return NULL;
                  }
                ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
              }
            g_string_append_unichar (out, ch);
            break;
          }
        default:
          fail (parser, _("bad escape"));
          return NULL;
        }
    }
  parser->p++;
  if (!g_utf8_validate (out->str, (gssize) out->len, NULL))
    {
      fail (parser, _("string is not UTF-8"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static SlJson *
parse_number (Parser *parser)
{
  const char *start = parser->p;
  const char *p = start;
  SlJson *node;

  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (g_ascii_isdigit (*p))
    while (g_ascii_isdigit (*p))
      p++;
  else
    {
      fail (parser, _("bad number"));
      return NULL;
    }
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        {
          fail (parser, _("bad number"));
          return NULL;
        }
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        {
          fail (parser, _("bad number"));
          return NULL;
        }
      while (g_ascii_isdigit (*p))
        p++;
    }
  node = node_new (SL_JSON_NUMBER);
  node->number = g_ascii_strtod (start, NULL);
  parser->p = p;
  return node;
}

static SlJson *
parse_container (Parser *parser,
                 int     depth)
{
  gboolean object = *parser->p == '{';
  char close = object ? '}' : ']';
  g_autoptr(SlJson) node = node_new (object ? SL_JSON_OBJECT : SL_JSON_ARRAY);

  if (depth > MAX_DEPTH)
    {
      fail (parser, _("nested too deeply"));
      return NULL;
    }
  parser->p++;
  skip_space (parser);
  if (*parser->p == close)
    {
      parser->p++;
      return g_steal_pointer (&node);
    }
  for (;;)
    {
      SlJson *value;

      skip_space (parser);
      if (object)
        {
          char *key;

          if (*parser->p != '"')
            {
              fail (parser, _("expected a member name"));
              return NULL;
            }
          key = parse_string (parser);
          if (key == NULL)
            return NULL;
          g_ptr_array_add (node->keys, key);
          skip_space (parser);
          if (*parser->p != ':')
            {
              fail (parser, _("expected “:”"));
              return NULL;
            }
          parser->p++;
        }
      value = parse_value (parser, depth + 1);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (node->items, value);
      skip_space (parser);
      if (*parser->p == ',')
        {
          parser->p++;
          continue;
        }
      if (*parser->p == close)
        {
          parser->p++;
          return g_steal_pointer (&node);
        }
      fail (parser, object ? _("expected “,” or “}”") : _("expected “,” or “]”"));
      return NULL;
    }
}

static SlJson *
parse_value (Parser *parser,
             int     depth)
{
  SlJson *node;

  skip_space (parser);
  switch (*parser->p)
    {
    case '{':
    case '[':
      return parse_container (parser, depth);
    case '"':
      {
        char *string = parse_string (parser);

        if (string == NULL)
          return NULL;
        node = node_new (SL_JSON_STRING);
        node->string = string;
        return node;
      }
    case 't':
    case 'f':
    case 'n':
      {
        static const char *const words[] = { "true", "false", "null" };

        for (guint i = 0; i < G_N_ELEMENTS (words); i++)
          if (strncmp (parser->p, words[i], strlen (words[i])) == 0)
            {
              parser->p += strlen (words[i]);
              node = node_new (i == 2 ? SL_JSON_NULL : SL_JSON_BOOLEAN);
              node->boolean = i == 0;
              return node;
            }
        fail (parser, _("unexpected word"));
        return NULL;
      }
    default:
      return parse_number (parser);
    }
}

SlJson *
sl_json_parse (const char  *text,
               GError     **error)
{
  Parser parser = { text, text, error };
  g_autoptr(SlJson) root = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  root = parse_value (&parser, 0);
  if (root == NULL)
    return NULL;
  skip_space (&parser);
  if (*parser.p != '\0')
    {
      fail (&parser, _("text after the value"));
      return NULL;
    }
  return g_steal_pointer (&root);
}

SlJsonType
sl_json_get_type (const SlJson *node)
{
  return node != NULL ? node->type : SL_JSON_NULL;
}

guint
sl_json_get_length (const SlJson *node)
{
  return node != NULL && node->items != NULL ? node->items->len : 0;
}

SlJson *
sl_json_get_index (const SlJson *node,
                   guint         index)
{
  if (index >= sl_json_get_length (node))
    return NULL;
  return g_ptr_array_index (node->items, index);
}

const char *
sl_json_get_key (const SlJson *node,
                 guint         index)
{
  if (node == NULL || node->keys == NULL || index >= node->keys->len)
    return NULL;
  return g_ptr_array_index (node->keys, index);
}

SlJson *
sl_json_get_member (const SlJson *node,
                    const char   *name)
{
  if (node == NULL || node->type != SL_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < node->keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (node->keys, i), name) == 0)
      return g_ptr_array_index (node->items, i);
  return NULL;
}

double
sl_json_get_number (const SlJson *node)
{
  return node != NULL && node->type == SL_JSON_NUMBER ? node->number : NAN;
}

const char *
sl_json_get_string (const SlJson *node)
{
  return node != NULL && node->type == SL_JSON_STRING ? node->string : NULL;
}

gboolean
sl_json_get_boolean (const SlJson *node)
{
  return node != NULL && node->type == SL_JSON_BOOLEAN && node->boolean;
}

double
sl_json_member_number (const SlJson *node,
                       const char   *name,
                       double        fallback)
{
  SlJson *member = sl_json_get_member (node, name);

  return member != NULL && member->type == SL_JSON_NUMBER ? member->number : fallback;
}

const char *
sl_json_member_string (const SlJson *node,
                       const char   *name)
{
  return sl_json_get_string (sl_json_get_member (node, name));
}

void
sl_json_append_string (GString    *out,
                       const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
