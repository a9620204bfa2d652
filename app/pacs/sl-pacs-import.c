/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-pacs-import.h"

#include <glib/gstdio.h>

#include "sl-catalog-pacs.h"

/* Instances retrieved before each import run: bounds the temporary disk space. */
#define CHUNK 64

typedef struct
{
  GHashTable *image_by_name;   /* "pacs-ID.dcm" -> image id (first frame) */
  const char *temp_dir;
  SlImportNoticeFunc notice;
  gpointer notice_data;
} ImportRun;

static char *
file_name_for (gint64 link_id)
{
  return g_strdup_printf ("pacs-%" G_GINT64_FORMAT ".dcm", link_id);
}

static void
on_image (const char *source_name,
          gint64      image_id,
          gpointer    user_data)
{
  ImportRun *run = user_data;
  const char *frame = strchr (source_name, '#');
  g_autofree char *name = frame != NULL ? g_strndup (source_name, frame - source_name)
                                        : g_strdup (source_name);

  if (frame == NULL || strcmp (frame, "#1") == 0)
    g_hash_table_insert (run->image_by_name, g_steal_pointer (&name),
                         g_memdup2 (&image_id, sizeof image_id));
}

/* The importer names the temporary file; the user sees pacs-ID.dcm. */
static void
on_notice (SlImportNotice  kind,
           const char     *message,
           gpointer        user_data)
{
  ImportRun *run = user_data;
  gsize prefix = strlen (run->temp_dir);

  if (run->notice == NULL)
    return;
  if (strncmp (message, run->temp_dir, prefix) == 0 && message[prefix] == G_DIR_SEPARATOR)
    message += prefix + 1;
  run->notice (kind, message, run->notice_data);
}

static void
report (ImportRun  *run,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
report (ImportRun  *run,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (run->notice == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  run->notice (SL_IMPORT_NOTICE_SKIPPED, message, run->notice_data);
}

/* Errors that stop the whole run rather than skip one instance: the server gone or refusing us,
 * a cancel, a full disk. */
static gboolean
is_fatal (const GError *error)
{
  return !g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND)
         && !g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_MALFORMED)
         && !g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_HTTP);
}

static gboolean
retrieve_to (SlCatalog     *catalog,
             SlDicomweb    *web,
             gint64         link_id,
             const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(SlPacsLink) link = sl_catalog_pacs_get_link (catalog, link_id, error);
  g_autoptr(GBytes) file = NULL;
  gsize size;
  const char *data;

  if (link == NULL)
    return FALSE;
  file = sl_dicomweb_retrieve (web, link->study_uid, link->series_uid, link->instance_uid,
                               cancellable, error);
  if (file == NULL)
    return FALSE;
  data = g_bytes_get_data (file, &size);
  return g_file_set_contents (path, data, (gssize) size, error);
}

static gboolean
import_chunk (SlCatalog      *catalog,
              SlDicomweb     *web,
              const gint64   *link_ids,
              guint           n,
              gint64         *image_ids,
              ImportRun      *run,
              SlImportStats  *stats,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(SlImporter) importer = sl_importer_new (catalog);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  SlImportStats chunk = { 0 };
  gboolean ok = TRUE;
  guint retrieved = 0;

  g_hash_table_remove_all (run->image_by_name);
  for (guint i = 0; i < n && ok; i++)
    {
      g_autofree char *name = file_name_for (link_ids[i]);
      g_autofree char *path = g_build_filename (run->temp_dir, name, NULL);
      g_autoptr(GError) local_error = NULL;

      image_ids[i] = 0;
      if (retrieve_to (catalog, web, link_ids[i], path, cancellable, &local_error))
        {
          sl_importer_add_path (importer, path);
          g_ptr_array_add (paths, g_steal_pointer (&path));
          retrieved++;
        }
      else if (is_fatal (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      else
        {
          stats->skipped++;
          report (run, "%s: %s", name, local_error->message);
        }
    }

  if (ok && retrieved > 0)
    {
      sl_importer_set_image_func (importer, on_image, run);
      sl_importer_set_notice_func (importer, on_notice, run);
      ok = sl_importer_run (importer, cancellable, &chunk, error);
      stats->imported += chunk.imported;
      stats->duplicates += chunk.duplicates;
      stats->skipped += chunk.skipped;
    }
  for (guint i = 0; i < paths->len; i++)
    g_unlink (g_ptr_array_index (paths, i));
  if (!ok)
    return FALSE;

  if (!sl_catalog_begin (catalog, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = file_name_for (link_ids[i]);
      gint64 *image_id = g_hash_table_lookup (run->image_by_name, name);

      image_ids[i] = image_id != NULL ? *image_id : 0;
      if (image_id != NULL && !sl_catalog_pacs_set_link_image (catalog, link_ids[i], *image_id,
                                                               error))
        {
          sl_catalog_rollback (catalog);
          return FALSE;
        }
    }
  return sl_catalog_commit (catalog, error);
}

gboolean
sl_pacs_import_links (SlCatalog           *catalog,
                      SlDicomweb          *web,
                      GArray              *link_ids,
                      gint64              *image_ids,
                      SlImportStats       *stats,
                      SlImportNoticeFunc   notice,
                      gpointer             notice_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autofree char *temp_dir = NULL;
  g_autoptr(GHashTable) image_by_name = NULL;
  ImportRun run = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (SL_IS_CATALOG (catalog) && web != NULL && link_ids != NULL, FALSE);
  g_return_val_if_fail (image_ids != NULL || link_ids->len == 0, FALSE);

  if (link_ids->len == 0)
    return TRUE;
  /* created 0700: the instances hold patient data until the importer has de-identified them */
  if ((temp_dir = g_dir_make_tmp ("sightline-pacs-XXXXXX", error)) == NULL)
    return FALSE;
  image_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.image_by_name = image_by_name;
  run.temp_dir = temp_dir;
  run.notice = notice;
  run.notice_data = notice_data;

  for (guint start = 0; start < link_ids->len && ok; start += CHUNK)
    ok = import_chunk (catalog, web, &g_array_index (link_ids, gint64, start),
                       MIN (CHUNK, link_ids->len - start), image_ids + start, &run, stats,
                       cancellable, error);
  g_rmdir (temp_dir);
  return ok;
}

/* Adds the links of the instances to import to to_import; counts those imported before. */
static gboolean
collect_study (SlCatalog                 *catalog,
               SlDicomweb                *web,
               const char                *study_uid,
               const char                *modality,
               GArray                    *to_import,
               SlImportStats             *stats,
               GCancellable              *cancellable,
               GError                   **error)
{
  SlDicomwebQuery query = { .study_uid = study_uid, .modality = modality };
  g_autoptr(GPtrArray) instances = NULL;

  instances = sl_dicomweb_search (web, SL_DICOMWEB_INSTANCES, &query, cancellable, error);
  if (instances == NULL)
    return FALSE;
  for (guint i = 0; i < instances->len; i++)
    {
      SlDicomwebItem *item = g_ptr_array_index (instances, i);
      g_autoptr(SlPacsLink) link = NULL;
      gint64 link_id;

      link_id = sl_catalog_pacs_add_link (catalog, sl_dicomweb_get_url (web), item->study_uid,
                                          item->series_uid, item->instance_uid,
                                          g_get_real_time (), NULL, error);
      if (link_id == 0 || (link = sl_catalog_pacs_get_link (catalog, link_id, error)) == NULL)
        return FALSE;
      if (link->image_id != 0)
        stats->duplicates++;
      else
        g_array_append_val (to_import, link_id);
    }
  return TRUE;
}

gboolean
sl_pacs_import (SlCatalog                 *catalog,
                SlDicomweb                *web,
                const SlPacsImportRequest *request,
                SlImportStats             *stats,
                SlImportNoticeFunc         notice,
                gpointer                   notice_data,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autoptr(GArray) to_import = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) studies = NULL;
  g_autofree gint64 *image_ids = NULL;

  g_return_val_if_fail (SL_IS_CATALOG (catalog) && web != NULL && request != NULL, FALSE);

  if (request->study_uids == NULL || request->study_uids[0] == NULL)
    {
      SlDicomwebQuery query = { .modality = request->modality, .date_from = request->since };

      studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &query, cancellable, error);
      if (studies == NULL)
        return FALSE;
    }

  if (!sl_catalog_begin (catalog, error))
    return FALSE;
  for (guint i = 0; studies != NULL ? i < studies->len : request->study_uids[i] != NULL; i++)
    {
      const char *study_uid = studies != NULL
        ? ((SlDicomwebItem *) g_ptr_array_index (studies, i))->study_uid
        : request->study_uids[i];

      if (!collect_study (catalog, web, study_uid, request->modality, to_import, stats,
                          cancellable, error))
        {
          sl_catalog_rollback (catalog);
          return FALSE;
        }
    }
  if (!sl_catalog_commit (catalog, error))
    return FALSE;

  stats->total = to_import->len + stats->duplicates;
  image_ids = g_new0 (gint64, MAX (to_import->len, 1));
  return sl_pacs_import_links (catalog, web, to_import, image_ids, stats, notice, notice_data,
                               cancellable, error);
}
