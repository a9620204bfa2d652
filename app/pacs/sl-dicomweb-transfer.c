/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dicomweb-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

/* transfer-syntax=*: the instance as stored, so the server need not transcode it */
#define DICOM_MULTIPART "multipart/related; type=\"application/dicom\"; transfer-syntax=*"

GBytes *
sl_dicomweb_retrieve (SlDicomweb    *self,
                      const char    *study_uid,
                      const char    *series_uid,
                      const char    *instance_uid,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  SoupMessageHeaders *part_headers;
  GBytes *part;
  const char *part_type;

  g_return_val_if_fail (self != NULL && study_uid != NULL && series_uid != NULL
                        && instance_uid != NULL, NULL);

  url = g_strdup_printf ("%s/studies/%s/series/%s/instances/%s", self->url, study_uid,
                         series_uid, instance_uid);
  answer = _sl_dicomweb_send (self, "GET", url, DICOM_MULTIPART, NULL, NULL, &headers,
                              cancellable, error);
  if (answer == NULL)
    return NULL;

  multipart = soup_multipart_new_from_message (headers, answer);
  if (multipart == NULL)
    {
      _sl_dicomweb_malformed (error, url, _("not a multipart/related answer"));
      return NULL;
    }
  if (soup_multipart_get_length (multipart) != 1
      || !soup_multipart_get_part (multipart, 0, &part_headers, &part))
    {
      _sl_dicomweb_malformed (error, url, _("not exactly one instance in the answer"));
      return NULL;
    }
  part_type = soup_message_headers_get_content_type (part_headers, NULL);
  if (part_type != NULL && g_ascii_strcasecmp (part_type, "application/dicom") != 0)
    {
      _sl_dicomweb_malformed (error, url, _("the part is not application/dicom"));
      return NULL;
    }
  /* a Part 10 file: 128-byte preamble, then "DICM" */
  if (g_bytes_get_size (part) < 132
      || memcmp ((const char *) g_bytes_get_data (part, NULL) + 128, "DICM", 4) != 0)
    {
      _sl_dicomweb_malformed (error, url, _("the part is not a DICOM file"));
      return NULL;
    }
  return g_bytes_ref (part);
}

/* The items of a sequence attribute of a DICOM JSON dataset (0 when absent or empty). */
static guint
sequence_length (JsonObject *dataset,
                 const char *tag)
{
  JsonNode *node = json_object_get_member (dataset, tag);
  JsonObject *attribute;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  attribute = json_node_get_object (node);
  node = json_object_get_member (attribute, "Value");
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
         ? json_array_get_length (json_node_get_array (node)) : 0;
}

/* The STOW-RS answer lists stored instances under ReferencedSOPSequence (0008,1199) and
 * failures under FailedSOPSequence (0008,1198). */
static gboolean
check_store_answer (const char  *url,
                    GBytes      *answer,
                    guint        n_files,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonObject *object;
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      _sl_dicomweb_malformed (error, url, parse_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _sl_dicomweb_malformed (error, url, _("the store answer is not a dataset"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (sequence_length (object, "00081198") > 0
      || sequence_length (object, "00081199") != n_files)
    {
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_HTTP,
                   _("%s: the server stored %u of %u instances"), url,
                   sequence_length (object, "00081199"), n_files);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_dicomweb_store (SlDicomweb     *self,
                   const char     *study_uid,
                   GBytes * const *files,
                   guint           n_files,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *content_type = NULL;
  const char *boundary;

  g_return_val_if_fail (self != NULL && study_uid != NULL && files != NULL, FALSE);

  multipart = soup_multipart_new ("multipart/related");
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(SoupMessageHeaders) part =
        soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);

      soup_message_headers_set_content_type (part, "application/dicom", NULL);
      soup_multipart_append_part (multipart, part, files[i]);
    }
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &body);
  soup_message_headers_get_content_type (headers, &params);
  boundary = params != NULL ? g_hash_table_lookup (params, "boundary") : NULL;
  g_return_val_if_fail (boundary != NULL, FALSE);
  content_type = g_strdup_printf ("multipart/related; type=\"application/dicom\"; "
                                  "boundary=%s", boundary);

  url = g_strdup_printf ("%s/studies/%s", self->url, study_uid);
  answer = _sl_dicomweb_send (self, "POST", url, "application/dicom+json", content_type, body,
                              NULL, cancellable, error);
  return answer != NULL && check_store_answer (url, answer, n_files, error);
}
