/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-json.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-error.h"

void
sl_json_add_number (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
sl_json_builder_text (JsonBuilder *builder,
                      gboolean     pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

JsonObject *
sl_json_parse_object (const char  *text,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("%s: not valid JSON (%s)"), source,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT, _("%s: not a JSON object"), source);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

double
sl_json_number (JsonObject *object,
                const char *member,
                double      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                           : G_TYPE_INVALID;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return fallback;
  return json_node_get_double (node);
}
