/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small strict JSON reader (RFC 8259) for the JSON Sightline itself writes: the training
 * metrics stored with each model and the exported results. */

typedef enum
{
  SL_JSON_NULL,
  SL_JSON_BOOLEAN,
  SL_JSON_NUMBER,
  SL_JSON_STRING,
  SL_JSON_ARRAY,
  SL_JSON_OBJECT,
} SlJsonType;

typedef struct _SlJson SlJson;

SlJson     *sl_json_parse      (const char   *text,
                                GError      **error);
void        sl_json_free       (SlJson       *node);
SlJson     *sl_json_copy       (const SlJson *node);
SlJsonType  sl_json_get_type   (const SlJson *node);

/* Arrays and objects: number of items or members. */
guint       sl_json_get_length (const SlJson *node);
/* Arrays: the item at index; objects: the member value at index. */
SlJson     *sl_json_get_index  (const SlJson *node,
                                guint         index);
/* Objects: the member name at index. */
const char *sl_json_get_key    (const SlJson *node,
                                guint         index);
/* Objects: a member's value, NULL when node is not an object or has no such member. */
SlJson     *sl_json_get_member (const SlJson *node,
                                const char   *name);

double      sl_json_get_number (const SlJson *node);    /* NAN unless a number */
const char *sl_json_get_string (const SlJson *node);    /* NULL unless a string */
gboolean    sl_json_get_boolean (const SlJson *node);

/* Shortcuts for object members: fallback when absent or of another type. */
double      sl_json_member_number (const SlJson *node,
                                   const char   *name,
                                   double        fallback);
const char *sl_json_member_string (const SlJson *node,
                                   const char   *name);

/* Appends value as a JSON string literal (quotes and escapes). */
void        sl_json_append_string (GString    *out,
                                   const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlJson, sl_json_free)

G_END_DECLS
