/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-labels-export.h"

#include "sl-csv.h"
#include "sl-filename.h"

gboolean
sl_export_labels_csv_to_stream (SlCatalog      *catalog,
                                GOutputStream  *out,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) chunk = g_string_new ("image_id,path,sha256,label,split\n");
  SlImageFilter filter;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  classes = sl_catalog_list_classes (catalog);
  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      g_hash_table_insert (names, &info->id, info->name);
    }

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog, id, error);
      g_autofree char *escaped = NULL;

      if (info == NULL)
        return FALSE;
      /* a name kept in the file system's bytes gets its escaped form; one already in it stays */
      if (info->source_name != NULL && !g_utf8_validate (info->source_name, -1, NULL))
        escaped = sl_filename_escape (info->source_name);
      g_string_append_printf (chunk, "%" G_GINT64_FORMAT ",", id);
      sl_csv_append_field (chunk, escaped != NULL ? escaped : info->source_name);
      g_string_append_printf (chunk, ",%s,", info->sha256);
      sl_csv_append_field (chunk, g_hash_table_lookup (names, &info->class_id));
      g_string_append_c (chunk, ',');
      if (info->split != SL_SPLIT_NONE)
        g_string_append (chunk, sl_split_to_string (info->split));
      g_string_append_c (chunk, '\n');

      if (chunk->len >= 65536)
        {
          if (!g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (chunk, 0);
        }
    }
  return g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error);
}

gboolean
sl_export_labels_csv (SlCatalog   *catalog,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!sl_export_labels_csv_to_stream (catalog, G_OUTPUT_STREAM (out), NULL, error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* closing a cancelled replace leaves the previous file in place */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
