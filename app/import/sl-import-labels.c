/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-import-labels.h"

#include <glib/gi18n.h>

#include "sl-csv.h"
#include "sl-error.h"
#include "sl-filename.h"

void
sl_import_labels_from_folders (const char  *source_name,
                               char       **label,
                               SlSplit     *split)
{
  g_auto(GStrv) parts = g_strsplit (source_name, G_DIR_SEPARATOR_S, -1);
  guint n_dirs = g_strv_length (parts) - 1;   /* the last part is the file name */
  guint first = 0;

  *label = NULL;
  *split = SL_SPLIT_NONE;
  if (n_dirs >= 1 && (*split = sl_split_from_string (parts[0])) != SL_SPLIT_NONE)
    first = 1;
  if (n_dirs > first)
    *label = g_strdup (parts[first]);
}

typedef struct
{
  char *label;
  SlSplit split;
  guint line;
  char *path;         /* as written */
  gboolean matched;   /* a file was found for it */
} LabelRow;

struct _SlLabelTable
{
  char *csv_path;
  GHashTable *rows;          /* the table's rows, owned */
  GHashTable *by_absolute;   /* canonical absolute path (file system bytes) -> LabelRow */
  GHashTable *by_relative;   /* relative path (file system bytes) -> LabelRow */
  GHashTable *by_sha256;     /* sha256 of the pixels -> LabelRow */
};

static void
label_row_free (LabelRow *row)
{
  g_free (row->label);
  g_free (row->path);
  g_free (row);
}

void
sl_label_table_free (SlLabelTable *table)
{
  if (table == NULL)
    return;
  g_hash_table_unref (table->by_sha256);
  g_hash_table_unref (table->by_relative);
  g_hash_table_unref (table->by_absolute);
  g_hash_table_unref (table->rows);
  g_free (table->csv_path);
  g_free (table);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const LabelRow *x = a, *y = b;

  return x->line < y->line ? -1 : x->line > y->line;
}

/* The rows (borrowed), in line order. */
static GPtrArray *
rows_in_line_order (SlLabelTable *table)
{
  GList *values = g_list_sort (g_hash_table_get_values (table->rows), compare_lines);
  GPtrArray *rows = g_ptr_array_new ();

  for (GList *l = values; l != NULL; l = l->next)
    g_ptr_array_add (rows, l->data);
  g_list_free (values);
  return rows;
}

GPtrArray *
sl_label_table_get_labels (SlLabelTable *table)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = rows_in_line_order (table);
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      const LabelRow *row = g_ptr_array_index (rows, i);

      if (row->label != NULL && g_hash_table_add (seen, row->label))
        g_ptr_array_add (labels, g_strdup (row->label));
    }
  return labels;
}

GPtrArray *
sl_label_table_get_unmatched (SlLabelTable *table)
{
  g_autoptr(GPtrArray) rows = rows_in_line_order (table);
  GPtrArray *unmatched = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      const LabelRow *row = g_ptr_array_index (rows, i);

      if (!row->matched)
        g_ptr_array_add (unmatched, g_strdup_printf (_("%s:%u: “%s” matches no imported file"),
                                                     table->csv_path, row->line, row->path));
    }
  return unmatched;
}

static int
find_column (GStrv        header,
             const char  *name)
{
  for (int i = 0; header[i] != NULL; i++)
    {
      g_autofree char *field = g_ascii_strdown (g_strstrip (header[i]), -1);

      if (g_strcmp0 (field, name) == 0)
        return i;
    }
  return -1;
}

/* Files row under key; refuses a second row for the same image. Takes key. */
static gboolean
index_row (GHashTable  *index,
           char        *key,
           LabelRow    *row,
           const char  *written,
           const char  *csv_path,
           GError     **error)
{
  LabelRow *previous = g_hash_table_lookup (index, key);

  if (previous != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _("%s:%u: “%s” is listed again (first on line %u)"),
                   csv_path, row->line, written, previous->line);
      g_free (key);
      return FALSE;
    }
  g_hash_table_insert (index, key, row);
  return TRUE;
}

SlLabelTable *
sl_label_table_load (const char  *csv_path,
                     GError     **error)
{
  g_autoptr(SlLabelTable) table = g_new0 (SlLabelTable, 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL, *base = NULL;
  int path_col = 0, label_col = 1, split_col = 2, sha256_col = -1;
  guint first = 0;
  gsize len;

  table->csv_path = g_strdup (csv_path);
  table->rows = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) label_row_free, NULL);
  table->by_absolute = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->by_relative = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->by_sha256 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_file_get_contents (csv_path, &text, &len, &local_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT, _("%s: cannot read (%s)"),
                   csv_path, local_error->message);
      return NULL;
    }
  rows = sl_csv_parse (text, len, csv_path, error);
  if (rows == NULL)
    return NULL;

  if (rows->len > 0)
    {
      SlCsvRow *header = g_ptr_array_index (rows, 0);

      if (find_column (header->fields, "path") >= 0 || find_column (header->fields, "sha256") >= 0)
        {
          path_col = find_column (header->fields, "path");
          sha256_col = find_column (header->fields, "sha256");
          label_col = find_column (header->fields, "label");
          split_col = find_column (header->fields, "split");
          first = 1;
          if (label_col < 0)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           path_col >= 0
                             ? _("%s:%u: the header has a path column but no label column")
                             : _("%s:%u: the header has a sha256 column but no label column"),
                           csv_path, header->line);
              return NULL;
            }
        }
    }

  {
    g_autofree char *dir = g_path_get_dirname (csv_path);

    base = g_canonicalize_filename (dir, NULL);
  }
  for (guint i = first; i < rows->len; i++)
    {
      SlCsvRow *row = g_ptr_array_index (rows, i);
      guint n = g_strv_length (row->fields);
      const char *path, *sha256, *label, *split_name;
      LabelRow *label_row;

      if (n <= (guint) MAX (MAX (path_col, sha256_col), label_col) || (first == 0 && n > 3))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _("%s:%u: expected path,label[,split] but found %u fields"),
                       csv_path, row->line, n);
          return NULL;
        }
      path = path_col >= 0 ? g_strstrip (row->fields[path_col]) : "";
      sha256 = sha256_col >= 0 ? g_strstrip (row->fields[sha256_col]) : "";
      label = g_strstrip (row->fields[label_col]);
      split_name = split_col >= 0 && (guint) split_col < n ? g_strstrip (row->fields[split_col])
                                                           : "";
      if (*path == '\0' && *sha256 == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       sha256_col >= 0 ? _("%s:%u: neither a path nor a sha256")
                                       : _("%s:%u: empty path"),
                       csv_path, row->line);
          return NULL;
        }

      label_row = g_new0 (LabelRow, 1);
      label_row->label = *label != '\0' ? g_strdup (label) : NULL;
      label_row->line = row->line;
      g_hash_table_add (table->rows, label_row);
      label_row->path = g_strdup (path);
      if (*split_name != '\0'
          && (label_row->split = sl_split_from_string (split_name)) == SL_SPLIT_NONE)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _("%s:%u: unknown split “%s” (expected train, val or test)"),
                       csv_path, row->line, split_name);
          return NULL;
        }
      if (*sha256 != '\0' && !index_row (table->by_sha256, g_strdup (sha256), label_row, sha256,
                                          csv_path, error))
        return NULL;
      if (*path != '\0')
        {
          g_autofree char *bytes = sl_filename_unescape (path);

          if (!index_row (table->by_absolute, g_canonicalize_filename (bytes, base), label_row,
                          path, csv_path, error))
            return NULL;
          if (!g_path_is_absolute (bytes))
            g_hash_table_insert (table->by_relative, g_steal_pointer (&bytes), label_row);
        }
    }
  return g_steal_pointer (&table);
}

gboolean
sl_label_table_lookup (SlLabelTable  *table,
                       const char    *sha256,
                       const char    *absolute_path,
                       const char    *source_name,
                       const char   **label,
                       SlSplit       *split)
{
  LabelRow *row = sha256 != NULL ? g_hash_table_lookup (table->by_sha256, sha256) : NULL;

  if (row == NULL)
    row = g_hash_table_lookup (table->by_absolute, absolute_path);
  if (row == NULL)
    row = g_hash_table_lookup (table->by_relative, source_name);
  if (row == NULL)
    {
      /* a source name in the escaped form */
      g_autofree char *bytes = sl_filename_unescape (source_name);

      row = g_hash_table_lookup (table->by_relative, bytes);
    }
  if (row == NULL)
    return FALSE;
  row->matched = TRUE;
  *label = row->label;
  *split = row->split;
  return TRUE;
}
