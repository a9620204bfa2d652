/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dicomweb-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

void
sl_dicomweb_change_free (SlDicomwebChange *change)
{
  if (change == NULL)
    return;
  g_free (change->study_uid);
  g_free (change->series_uid);
  g_free (change->instance_uid);
  g_free (change->manufacturer);
  g_free (change);
}

/* GETs url and parses it as one JSON object; the parser owns the object. */
static JsonObject *
get_object (SlDicomweb    *self,
            const char    *url,
            JsonParser    *parser,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize size;
  JsonNode *root;

  answer = _sl_dicomweb_send (self, "GET", url, "application/json", NULL, NULL, NULL,
                              cancellable, error);
  if (answer == NULL)
    return NULL;
  data = g_bytes_get_data (answer, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      _sl_dicomweb_malformed (error, url, parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _sl_dicomweb_malformed (error, url, _("not a JSON object"));
      return NULL;
    }
  return json_node_get_object (root);
}

gboolean
sl_dicomweb_changes_last (SlDicomweb    *self,
                          gint64        *last,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/changes?last", self->server_root);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (self != NULL && last != NULL, FALSE);

  if ((object = get_object (self, url, parser, cancellable, error)) == NULL)
    return FALSE;
  node = json_object_get_member (object, "Last");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND,
                   _("%s/changes: not a change feed"), self->server_root);
      return FALSE;
    }
  *last = json_node_get_int (node);
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Looks up an instance's UIDs; NULL without error when it is gone already. */
static SlDicomwebChange *
change_for_instance (SlDicomweb    *self,
                     const char    *id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/instances/%s/tags?simplify", self->server_root, id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *tags = get_object (self, url, parser, cancellable, &local_error);
  SlDicomwebChange *change;

  if (tags == NULL)
    {
      if (g_error_matches (local_error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND))
        return NULL;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (member_string (tags, "StudyInstanceUID") == NULL
      || member_string (tags, "SeriesInstanceUID") == NULL
      || member_string (tags, "SOPInstanceUID") == NULL)
    {
      _sl_dicomweb_malformed (error, url, _("an instance without its UIDs"));
      return NULL;
    }
  change = g_new0 (SlDicomwebChange, 1);
  change->study_uid = g_strdup (member_string (tags, "StudyInstanceUID"));
  change->series_uid = g_strdup (member_string (tags, "SeriesInstanceUID"));
  change->instance_uid = g_strdup (member_string (tags, "SOPInstanceUID"));
  change->manufacturer = g_strdup (member_string (tags, "Manufacturer"));
  return change;
}

GPtrArray *
sl_dicomweb_changes (SlDicomweb    *self,
                     gint64         since,
                     guint          limit,
                     gint64        *last,
                     gboolean      *done,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                          self->server_root, since, MAX (limit, 1));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) changes = NULL;
  JsonObject *object;
  JsonArray *list;
  JsonNode *last_node, *done_node;

  g_return_val_if_fail (self != NULL && last != NULL && done != NULL, NULL);

  if ((object = get_object (self, url, parser, cancellable, error)) == NULL)
    return NULL;
  last_node = json_object_get_member (object, "Last");
  done_node = json_object_get_member (object, "Done");
  if (!json_object_has_member (object, "Changes")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "Changes"))
      || last_node == NULL || !JSON_NODE_HOLDS_VALUE (last_node)
      || done_node == NULL || !JSON_NODE_HOLDS_VALUE (done_node))
    {
      _sl_dicomweb_malformed (error, url, _("not a change feed"));
      return NULL;
    }

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_dicomweb_change_free);
  list = json_object_get_array_member (object, "Changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GError) local_error = NULL;
      SlDicomwebChange *change;
      const char *id;

      if (entry == NULL || (id = member_string (entry, "ID")) == NULL
          || !json_object_has_member (entry, "Seq"))
        {
          _sl_dicomweb_malformed (error, url, _("a change without ID or Seq"));
          return NULL;
        }
      if (g_strcmp0 (member_string (entry, "ChangeType"), "NewInstance") != 0)
        continue;
      change = change_for_instance (self, id, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (change != NULL)
        g_ptr_array_add (changes, change);
    }
  *last = json_node_get_int (last_node);
  *done = json_node_get_boolean (done_node);
  return g_steal_pointer (&changes);
}
