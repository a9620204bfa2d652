/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-catalog-private.h"
#include "sl-catalog-search.h"

#define SEARCH_SQL \
  "SELECT i.id FROM images i LEFT JOIN classes c ON c.id = i.label_class_id" \
  " WHERE i.id = ?1 OR i.source_name LIKE ?2 ESCAPE '\\' OR c.name LIKE ?2 ESCAPE '\\'" \
  " OR EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id" \
  " AND l.annotator LIKE ?2 ESCAPE '\\')" \
  " ORDER BY i.id"

/* Blind reading: only the reader's own current label counts. */
#define SEARCH_READER_SQL \
  "SELECT i.id FROM images i" \
  " WHERE i.id = ?1 OR i.source_name LIKE ?2 ESCAPE '\\'" \
  " OR EXISTS (SELECT 1 FROM labels l JOIN classes c ON c.id = l.class_id" \
  " WHERE l.image_id = i.id AND l.annotator = ?3 AND " SL_READER_CURRENT_ROW \
  " AND (c.name LIKE ?2 ESCAPE '\\' OR l.annotator LIKE ?2 ESCAPE '\\'))" \
  " ORDER BY i.id"

/* "%word%" with LIKE's own characters escaped. */
static char *
like_pattern (const char *word)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static GArray *
search_word (SlCatalog   *self,
             const char  *word,
             const char  *reader,
             GError     **error)
{
  g_autofree char *pattern = like_pattern (word);
  const char *digits = word[0] == '#' ? word + 1 : word;
  guint64 id = 0;
  sqlite3_stmt *stmt;
  GArray *ids;
  int rc;

  stmt = _sl_catalog_prepare (self, reader != NULL ? SEARCH_READER_SQL : SEARCH_SQL, error);
  if (stmt == NULL)
    return NULL;
  /* an id that is no number binds -1, which no image has */
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &id, NULL))
    id = 0;
  sqlite3_bind_int64 (stmt, 1, id > 0 ? (gint64) id : -1);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_TRANSIENT);
  if (reader != NULL)
    sqlite3_bind_text (stmt, 3, reader, -1, SQLITE_TRANSIENT);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 found = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, found);
    }
  if (rc != SQLITE_DONE)
    {
      _sl_catalog_set_error (self, error);
      g_clear_pointer (&ids, g_array_unref);
    }
  sqlite3_reset (stmt);
  return ids;
}

/* Keeps in a the ids also in b; both ascending. */
static void
intersect (GArray       *a,
           const GArray *b)
{
  guint kept = 0, j = 0;

  for (guint i = 0; i < a->len; i++)
    {
      gint64 id = g_array_index (a, gint64, i);

      while (j < b->len && g_array_index (b, gint64, j) < id)
        j++;
      if (j < b->len && g_array_index (b, gint64, j) == id)
        g_array_index (a, gint64, kept++) = id;
    }
  g_array_set_size (a, kept);
}

GArray *
sl_catalog_search_images (SlCatalog   *self,
                          const char  *text,
                          const char  *reader,
                          GError     **error)
{
  g_auto(GStrv) words = NULL;
  GArray *ids = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  words = g_strsplit_set (text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GArray) matches = NULL;

      if (*words[i] == '\0')
        continue;
      matches = search_word (self, words[i], reader, error);
      if (matches == NULL)
        {
          g_clear_pointer (&ids, g_array_unref);
          return NULL;
        }
      if (ids == NULL)
        ids = g_steal_pointer (&matches);
      else
        intersect (ids, matches);
    }
  if (ids == NULL)
    {
      SlImageFilter all;

      sl_image_filter_init (&all);
      ids = sl_catalog_query_images (self, &all, error);
    }
  return ids;
}
