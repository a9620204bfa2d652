/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The few things every JSON writer and reader of Sightline shares, on top of json-glib. */

/* Adds a number (as the value of member, or as an array item when member is NULL); NAN and
 * infinities, which JSON cannot hold, become null. */
void        sl_json_add_number    (JsonBuilder  *builder,
                                   const char   *member,
                                   double        value);
/* The builder's root as text: one line, or indented by two spaces with pretty. */
char       *sl_json_builder_text  (JsonBuilder  *builder,
                                   gboolean      pretty);
/* Parses text that must hold one JSON object; errors (SL_ERROR_CORRUPT) name the source. */
JsonObject *sl_json_parse_object  (const char   *text,
                                   const char   *source,
                                   GError      **error);
/* A member's number, fallback when absent, null or not a number. */
double      sl_json_number        (JsonObject   *object,
                                   const char   *member,
                                   double        fallback);

G_END_DECLS
