/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dicomweb-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

void
sl_dicomweb_item_free (SlDicomwebItem *item)
{
  if (item == NULL)
    return;
  g_free (item->study_uid);
  g_free (item->series_uid);
  g_free (item->instance_uid);
  g_free (item->modality);
  g_free (item->date);
  g_free (item->description);
  g_free (item->manufacturer);
  g_free (item);
}

/* The values of one attribute of a DICOM JSON object (PS3.18 F.2) joined by ",", or NULL. */
static char *
attribute_text (JsonObject *dataset,
                const char *tag)
{
  JsonObject *attribute;
  JsonArray *values;
  g_autoptr(GString) text = NULL;

  if (!json_object_has_member (dataset, tag)
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (dataset, tag)))
    return NULL;
  attribute = json_object_get_object_member (dataset, tag);
  if (!json_object_has_member (attribute, "Value")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (attribute, "Value")))
    return NULL;
  values = json_object_get_array_member (attribute, "Value");
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (text->len > 0)
        g_string_append_c (text, ',');
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_string_append (text, json_node_get_string (value));
      else if (JSON_NODE_HOLDS_OBJECT (value)   /* a person name */
               && json_object_has_member (json_node_get_object (value), "Alphabetic"))
        g_string_append (text, json_object_get_string_member (json_node_get_object (value),
                                                              "Alphabetic"));
      else if (JSON_NODE_HOLDS_VALUE (value))
        g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (value));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SlDicomwebItem *
item_from_dataset (JsonObject      *dataset,
                   SlDicomwebLevel  level)
{
  SlDicomwebItem *item = g_new0 (SlDicomwebItem, 1);
  g_autofree char *count = NULL;

  item->study_uid = attribute_text (dataset, "0020000D");
  item->series_uid = attribute_text (dataset, "0020000E");
  item->instance_uid = attribute_text (dataset, "00080018");
  switch (level)
    {
    case SL_DICOMWEB_STUDIES:
      item->modality = attribute_text (dataset, "00080061");
      item->date = attribute_text (dataset, "00080020");
      item->description = attribute_text (dataset, "00081030");
      count = attribute_text (dataset, "00201208");
      break;
    case SL_DICOMWEB_SERIES:
      item->modality = attribute_text (dataset, "00080060");
      item->date = attribute_text (dataset, "00080021");
      item->description = attribute_text (dataset, "0008103E");
      count = attribute_text (dataset, "00201209");
      break;
    case SL_DICOMWEB_INSTANCES:
      item->modality = attribute_text (dataset, "00080060");
      item->date = attribute_text (dataset, "00080023");
      item->manufacturer = attribute_text (dataset, "00080070");
      break;
    }
  if (count != NULL)
    item->n_instances = atoi (count);
  return item;
}

static void
add_param (GString    *url,
           const char *key,
           const char *value)
{
  /* wildcards and lists travel as they are: servers do not all decode them */
  g_autofree char *escaped = g_uri_escape_string (value, "*,", FALSE);

  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append_printf (url, "%s=%s", key, escaped);
}

static char *
search_url (SlDicomweb            *self,
            SlDicomwebLevel        level,
            const SlDicomwebQuery *query)
{
  GString *url = g_string_new (self->url);
  gboolean study_level = level == SL_DICOMWEB_STUDIES;

  if (level != SL_DICOMWEB_STUDIES && query->study_uid != NULL)
    g_string_append_printf (url, "/studies/%s", query->study_uid);
  if (level == SL_DICOMWEB_INSTANCES && query->study_uid != NULL && query->series_uid != NULL)
    g_string_append_printf (url, "/series/%s", query->series_uid);
  g_string_append (url, level == SL_DICOMWEB_STUDIES ? "/studies"
                        : level == SL_DICOMWEB_SERIES ? "/series" : "/instances");

  if (study_level && query->study_uid != NULL)
    add_param (url, "StudyInstanceUID", query->study_uid);
  if (query->modality != NULL)
    add_param (url, study_level ? "ModalitiesInStudy" : "Modality", query->modality);
  if (query->date_from != NULL || query->date_to != NULL)
    {
      g_autofree char *range = g_strdup_printf ("%s-%s",
                                                query->date_from ? query->date_from : "",
                                                query->date_to ? query->date_to : "");

      add_param (url, "StudyDate", range);
    }
  if (query->description != NULL)
    {
      g_autofree char *pattern = g_strdup_printf ("*%s*", query->description);

      add_param (url, study_level ? "StudyDescription" : "SeriesDescription", pattern);
    }
  if (study_level)
    {
      add_param (url, "includefield", "00081030");
      add_param (url, "includefield", "00201208");
    }
  else if (level == SL_DICOMWEB_SERIES)
    {
      add_param (url, "includefield", "0008103E");
      add_param (url, "includefield", "00201209");
    }
  else
    add_param (url, "includefield", "00080070");
  return g_string_free (url, FALSE);
}

/* Parses a QIDO-RS answer into its datasets (owned by parser). */
static JsonArray *
parse_datasets (JsonParser  *parser,
                const char  *url,
                GBytes      *answer,
                GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonArray *array;
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);

  if (size == 0)   /* 204 No Content: nothing matched */
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      _sl_dicomweb_malformed (error, url, parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      _sl_dicomweb_malformed (error, url, _("not a JSON array of datasets"));
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      {
        _sl_dicomweb_malformed (error, url, _("a result that is not a dataset"));
        return NULL;
      }
  return array;
}

GHashTable *
sl_dicomweb_study_attributes (SlDicomweb    *self,
                              const char    *study_uid,
                              GCancellable  *cancellable,
                              GError       **error)
{
  static const char *const tags[] = {
    "00100010", "00100020", "00100030", "00100040", "00080020", "00080030", "00080050",
    "00080090", "00200010", "0020000D",
  };
  g_autoptr(GString) url = g_string_new (self->url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  GHashTable *attributes;
  JsonObject *dataset;
  JsonArray *array;

  g_return_val_if_fail (self != NULL && study_uid != NULL, NULL);

  g_string_append (url, "/studies");
  add_param (url, "StudyInstanceUID", study_uid);
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    add_param (url, "includefield", tags[i]);
  answer = _sl_dicomweb_send (self, "GET", url->str, "application/dicom+json", NULL, NULL, NULL,
                              cancellable, error);
  if (answer == NULL)
    return NULL;
  array = parse_datasets (parser, url->str, answer, &local_error);
  if (array == NULL || json_array_get_length (array) != 1)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND,
                     _("%s/studies/%s: no such study"), self->url, study_uid);
      return NULL;
    }
  dataset = json_array_get_object_element (array, 0);
  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      char *value = attribute_text (dataset, tags[i]);

      if (value != NULL)
        g_hash_table_insert (attributes, (gpointer) tags[i], value);
    }
  return attributes;
}

GPtrArray *
sl_dicomweb_search (SlDicomweb             *self,
                    SlDicomwebLevel         level,
                    const SlDicomwebQuery  *query,
                    GCancellable           *cancellable,
                    GError                **error)
{
  static const SlDicomwebQuery everything = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  g_return_val_if_fail (self != NULL, NULL);

  if (query == NULL)
    query = &everything;
  url = search_url (self, level, query);
  answer = _sl_dicomweb_send (self, "GET", url, "application/dicom+json", NULL, NULL, NULL,
                              cancellable, error);
  if (answer == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_dicomweb_item_free);
  parser = json_parser_new ();
  array = parse_datasets (parser, url, answer, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (array == NULL)
    return g_steal_pointer (&items);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SlDicomwebItem *item;

      item = item_from_dataset (json_node_get_object (node), level);
      g_ptr_array_add (items, item);
      if (item->study_uid == NULL)
        item->study_uid = g_strdup (query->study_uid);
      if (item->series_uid == NULL && level == SL_DICOMWEB_INSTANCES)
        item->series_uid = g_strdup (query->series_uid);
      if (item->study_uid == NULL
          || (level != SL_DICOMWEB_STUDIES && item->series_uid == NULL)
          || (level == SL_DICOMWEB_INSTANCES && item->instance_uid == NULL))
        {
          _sl_dicomweb_malformed (error, url, _("a result without its UIDs"));
          return NULL;
        }
    }
  return g_steal_pointer (&items);
}
