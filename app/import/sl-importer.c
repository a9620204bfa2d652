/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-importer.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-filename.h"
#include "sl-import-labels.h"

#define DEFAULT_BATCH_SIZE 500

typedef struct
{
  char *path;          /* as found: the folder given joined with the relative part */
  char *relative;      /* relative to the imported folder, in the file system's bytes */
  char *display_name;  /* relative, in the escaped (UTF-8) form of sl_filename_escape */
} Entry;

/* What a worker made of one file. */
typedef struct
{
  GPtrArray *frames;   /* of SlImage*, or NULL with error set */
  GPtrArray *sha256;   /* one per frame */
  GError *error;
} Decoded;

struct _SlImporter
{
  SlCatalog *catalog;
  GPtrArray *roots;
  SlLabelTable *labels;
  guint batch_size;
  guint n_threads;
  guint64 max_pixels;
  gboolean keep_source_names;
  gboolean create_classes;
  char *annotator;
  gboolean override_window;
  double window_center, window_width;
  SlImportNoticeFunc notice_func;
  gpointer notice_data;
  SlImportProgressFunc progress_func;
  gpointer progress_data;
  SlImportImageFunc image_func;
  gpointer image_data;
};

/* State shared between the writer (the caller of run) and the decoding workers. */
typedef struct
{
  guint64 max_pixels;
  GPtrArray *entries;   /* of Entry* */
  Decoded **results;    /* one slot per entry, filled by workers */
  GMutex lock;
  GCond ready;
} Run;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry->relative);
  g_free (entry->display_name);
  g_free (entry);
}

static void
decoded_free (Decoded *decoded)
{
  if (decoded == NULL)
    return;
  g_clear_pointer (&decoded->frames, g_ptr_array_unref);
  g_clear_pointer (&decoded->sha256, g_ptr_array_unref);
  g_clear_error (&decoded->error);
  g_free (decoded);
}

SlImporter *
sl_importer_new (SlCatalog *catalog)
{
  SlImporter *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_new0 (SlImporter, 1);
  self->catalog = g_object_ref (catalog);
  self->roots = g_ptr_array_new_with_free_func (g_free);
  self->batch_size = DEFAULT_BATCH_SIZE;
  self->max_pixels = SL_IMAGE_DEFAULT_MAX_PIXELS;
  self->keep_source_names = TRUE;
  self->annotator = g_strdup (SL_IMPORT_ANNOTATOR);
  return self;
}

void
sl_importer_free (SlImporter *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->catalog);
  g_ptr_array_unref (self->roots);
  g_clear_pointer (&self->labels, sl_label_table_free);
  g_free (self->annotator);
  g_free (self);
}

void
sl_importer_add_path (SlImporter *self,
                      const char *path)
{
  g_return_if_fail (self != NULL && path != NULL);
  g_ptr_array_add (self->roots, g_strdup (path));
}

gboolean
sl_importer_set_labels_csv (SlImporter  *self,
                            const char  *csv_path,
                            GError     **error)
{
  SlLabelTable *table;

  g_return_val_if_fail (self != NULL && csv_path != NULL, FALSE);

  if ((table = sl_label_table_load (csv_path, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->labels, sl_label_table_free);
  self->labels = table;
  return TRUE;
}

void
sl_importer_set_create_classes (SlImporter *self,
                                gboolean    create_classes)
{
  g_return_if_fail (self != NULL);
  self->create_classes = create_classes;
}

void
sl_importer_set_batch_size (SlImporter *self,
                            guint       files_per_transaction)
{
  g_return_if_fail (self != NULL);
  self->batch_size = MAX (files_per_transaction, 1);
}

void
sl_importer_set_threads (SlImporter *self,
                         guint       n_threads)
{
  g_return_if_fail (self != NULL);
  self->n_threads = n_threads;
}

void
sl_importer_set_max_pixels (SlImporter *self,
                            guint64     max_pixels)
{
  g_return_if_fail (self != NULL && max_pixels > 0);
  self->max_pixels = max_pixels;
}

void
sl_importer_set_keep_source_names (SlImporter *self,
                                   gboolean    keep)
{
  g_return_if_fail (self != NULL);
  self->keep_source_names = keep;
}

void
sl_importer_set_window (SlImporter *self,
                        double      center,
                        double      width)
{
  g_return_if_fail (self != NULL && isfinite (center) && isfinite (width) && width > 0);
  self->override_window = TRUE;
  self->window_center = center;
  self->window_width = width;
}

void
sl_importer_set_notice_func (SlImporter         *self,
                             SlImportNoticeFunc  func,
                             gpointer            user_data)
{
  g_return_if_fail (self != NULL);
  self->notice_func = func;
  self->notice_data = user_data;
}

void
sl_importer_set_progress_func (SlImporter           *self,
                               SlImportProgressFunc  func,
                               gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  self->progress_func = func;
  self->progress_data = user_data;
}

void
sl_importer_set_image_func (SlImporter        *self,
                            SlImportImageFunc  func,
                            gpointer           user_data)
{
  g_return_if_fail (self != NULL);
  self->image_func = func;
  self->image_data = user_data;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
notice (SlImporter     *self,
        SlImportNotice  kind,
        const char     *message)
{
  if (self->notice_func != NULL)
    self->notice_func (kind, message, self->notice_data);
}

/* Names a file or folder in a message: its escaped (UTF-8) form, whatever its bytes. */
static void
notice_path (SlImporter     *self,
             SlImportNotice  kind,
             const char     *path,
             const char     *reason)
{
  g_autofree char *name = sl_filename_escape (path);
  g_autofree char *message = g_strdup_printf ("%s: %s", name, reason);

  notice (self, kind, message);
}

/* Marks a folder as walked; FALSE when it was already (reached again through a link). */
static gboolean
visit_folder (GHashTable *visited,
              GStatBuf   *st)
{
  char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                               (guint64) st->st_dev, (guint64) st->st_ino);

  if (g_hash_table_contains (visited, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (visited, key);
  return TRUE;
}

/* Collects the image files below folder in a stable (sorted) order. Symbolic links to folders
 * are followed, each folder once: a link back to a folder already walked (a loop) is named and
 * not followed. A subfolder that cannot be read is named and counted as skipped. */
static gboolean
walk (SlImporter     *self,
      const char     *folder,
      const char     *relative,
      GHashTable     *visited,
      GPtrArray      *entries,
      SlImportStats  *stats,
      GError        **error)
{
  g_autofree char *dir_path = relative ? g_build_filename (folder, relative, NULL)
                                       : g_strdup (folder);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &local_error);
  const char *name;

  if (dir == NULL && relative == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (dir == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("folder skipped: %s"), local_error->message);

      notice_path (self, SL_IMPORT_NOTICE_SKIPPED, dir_path, reason);
      stats->skipped++;
      return TRUE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *child_relative = relative ? g_build_filename (relative, child, NULL)
                                                 : g_strdup (child);
      g_autofree char *child_path = g_build_filename (folder, child_relative, NULL);
      GStatBuf st;

      if (g_stat (child_path, &st) != 0)
        {
          notice_path (self, SL_IMPORT_NOTICE_SKIPPED, child_path,
                       _("skipped: a broken symbolic link or an unreadable entry"));
          stats->skipped++;
          continue;
        }
      if (S_ISDIR (st.st_mode))
        {
          if (!visit_folder (visited, &st))
            notice_path (self, SL_IMPORT_NOTICE_SKIPPED, child_path,
                         _("not followed: it leads back to a folder already imported (a "
                           "symbolic link loop or a second link to one folder)"));
          else if (!walk (self, folder, child_relative, visited, entries, stats, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode) && sl_image_loader_wants (child_path))
        {
          Entry *entry = g_new0 (Entry, 1);

          entry->path = g_steal_pointer (&child_path);
          entry->display_name = sl_filename_escape (child_relative);
          entry->relative = g_steal_pointer (&child_relative);
          g_ptr_array_add (entries, entry);
        }
    }
  return TRUE;
}

static void
decode_worker (gpointer data,
               gpointer user_data)
{
  Run *run = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  Entry *entry = g_ptr_array_index (run->entries, index);
  Decoded *decoded = g_new0 (Decoded, 1);

  decoded->frames = sl_image_load_frames (entry->path, run->max_pixels, &decoded->error);
  if (decoded->frames != NULL && decoded->frames->len == 0)
    {
      g_clear_pointer (&decoded->frames, g_ptr_array_unref);
      g_set_error (&decoded->error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE, _("no image in file"));
    }
  if (decoded->frames != NULL)
    {
      decoded->sha256 = g_ptr_array_new_with_free_func (g_free);
      for (guint f = 0; f < decoded->frames->len; f++)
        g_ptr_array_add (decoded->sha256,
                         sl_image_sha256 (g_ptr_array_index (decoded->frames, f)));
    }

  g_mutex_lock (&run->lock);
  run->results[index] = decoded;
  g_cond_broadcast (&run->ready);
  g_mutex_unlock (&run->lock);
}

static Decoded *
wait_result (Run   *run,
             guint  index)
{
  Decoded *decoded;

  g_mutex_lock (&run->lock);
  while (run->results[index] == NULL)
    g_cond_wait (&run->ready, &run->lock);
  decoded = g_steal_pointer (&run->results[index]);
  g_mutex_unlock (&run->lock);
  return decoded;
}

static gint64
class_for_label (SlImporter  *self,
                 GHashTable  *class_ids,
                 const char  *label,
                 GError     **error)
{
  gpointer cached = g_hash_table_lookup (class_ids, label);
  gint64 id;

  if (cached != NULL)
    return *(gint64 *) cached;
  id = sl_catalog_ensure_class (self->catalog, label, error);
  if (id != 0)
    g_hash_table_insert (class_ids, g_strdup (label), g_memdup2 (&id, sizeof id));
  return id;
}

/* The reason of a decoding error without the file name the loaders start it with: the notice
 * names the file itself, escaped. */
static const char *
error_reason (const GError *error,
              const Entry  *entry)
{
  const char *message = error->message;
  g_autofree char *base = g_path_get_basename (entry->path);

  for (const char *prefix = entry->path; prefix != NULL; prefix = prefix == base ? NULL : base)
    if (g_str_has_prefix (message, prefix) && g_str_has_prefix (message + strlen (prefix), ": "))
      return message + strlen (prefix) + 2;
  return message;
}

/* Writes the frames of one decoded file. FALSE only on a catalog failure. */
static gboolean
write_entry (SlImporter     *self,
             Entry          *entry,
             Decoded        *decoded,
             GHashTable     *class_ids,
             SlImportStats  *stats,
             GError        **error)
{
  g_autofree char *folder_label = NULL, *absolute = NULL;
  SlSplit folder_split;

  if (decoded->frames == NULL)
    {
      stats->skipped++;
      notice_path (self, SL_IMPORT_NOTICE_SKIPPED, entry->path,
                   error_reason (decoded->error, entry));
      return TRUE;
    }

  sl_import_labels_from_folders (entry->display_name, &folder_label, &folder_split);
  if (self->labels != NULL)
    absolute = g_canonicalize_filename (entry->path, NULL);

  for (guint f = 0; f < decoded->frames->len; f++)
    {
      g_autofree char *file_name = decoded->frames->len > 1
        ? g_strdup_printf ("%s#%u", entry->display_name, f + 1)
        : g_strdup (entry->display_name);
      const char *sha256 = g_ptr_array_index (decoded->sha256, f);
      SlImage *frame = g_ptr_array_index (decoded->frames, f);
      /* a DICOM file's name is often the patient's: its identity is the de-identified header */
      const char *stored_name = self->keep_source_names && g_strcmp0 (frame->format, "dicom") != 0
                                ? file_name : "";
      gint64 id, duplicate_of = 0, class_id = 0;
      const char *label = folder_label;
      SlSplit split = folder_split;

      if (self->labels != NULL)
        sl_label_table_lookup (self->labels, sha256, absolute, entry->display_name, &label,
                               &split);
      if (self->override_window)
        {
          frame->window_center = self->window_center;
          frame->window_width = self->window_width;
        }
      id = sl_catalog_add_image (self->catalog, frame, sha256, stored_name, &duplicate_of, error);
      if (id == 0 && duplicate_of == 0)
        return FALSE;
      if (self->image_func != NULL)
        self->image_func (file_name, id != 0 ? id : duplicate_of, self->image_data);
      if (id == 0)
        {
          g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (self->catalog, duplicate_of,
                                                                   NULL);

          stats->duplicates++;
          /* a re-run of the same import is not news; the same pixels under another name are */
          if (info != NULL && g_strcmp0 (info->source_name, stored_name) != 0)
            {
              g_autofree char *reason =
                g_strdup_printf (_("duplicate of image %" PRId64 " (%s)"), duplicate_of,
                                 info->source_name);

              notice_path (self, SL_IMPORT_NOTICE_DUPLICATE, entry->path, reason);
            }
          continue;
        }

      stats->imported++;
      if (label != NULL && (class_id = class_for_label (self, class_ids, label, error)) == 0)
        return FALSE;
      if (class_id != 0
          && !sl_catalog_set_label_from (self->catalog, id, class_id, self->annotator,
                                         SL_LABEL_SOURCE_IMPORT, error))
        return FALSE;
      if (split != SL_SPLIT_NONE && !sl_catalog_set_split (self->catalog, id, split, -1, error))
        return FALSE;
    }
  return TRUE;
}

static void
progress (SlImporter          *self,
          const SlImportStats *stats)
{
  if (self->progress_func != NULL)
    self->progress_func (stats, self->progress_data);
}

/* Refuses a CSV naming classes the catalog does not have (a typo, "Normal" beside "normal"),
 * unless the catalog has none yet or creating them was asked for. */
static gboolean
check_csv_classes (SlImporter  *self,
                   GError     **error)
{
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (self->catalog);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GString) unknown = g_string_new (NULL);
  g_autoptr(GString) known = g_string_new (NULL);

  if (self->labels == NULL || self->create_classes || classes->len == 0)
    return TRUE;
  labels = sl_label_table_get_labels (self->labels);
  for (guint i = 0; i < labels->len; i++)
    if (sl_catalog_find_class (self->catalog, g_ptr_array_index (labels, i)) == 0)
      g_string_append_printf (unknown, "%s“%s”", unknown->len ? ", " : "",
                              (const char *) g_ptr_array_index (labels, i));
  if (unknown->len == 0)
    return TRUE;
  for (guint i = 0; i < classes->len; i++)
    g_string_append_printf (known, "%s“%s”", i ? ", " : "",
                            ((SlClassInfo *) g_ptr_array_index (classes, i))->name);
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _("the labels CSV names classes the catalog does not have: %s (the catalog has "
                 "%s); correct the CSV, or import with --create-classes to add them"),
               unknown->str, known->str);
  return FALSE;
}

static void
report_unmatched (SlImporter    *self,
                  SlImportStats *stats)
{
  g_autoptr(GPtrArray) unmatched = NULL;

  if (self->labels == NULL)
    return;
  unmatched = sl_label_table_get_unmatched (self->labels);
  stats->unmatched = unmatched->len;
  for (guint i = 0; i < unmatched->len; i++)
    notice (self, SL_IMPORT_NOTICE_UNMATCHED, g_ptr_array_index (unmatched, i));
}

static gboolean
collect_entries (SlImporter     *self,
                 GPtrArray      *entries,
                 SlImportStats  *stats,
                 GError        **error)
{
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->roots->len; i++)
    {
      const char *root = g_ptr_array_index (self->roots, i);
      GStatBuf st;

      if (g_stat (root, &st) == 0 && S_ISDIR (st.st_mode))
        {
          if (visit_folder (visited, &st)
              && !walk (self, root, NULL, visited, entries, stats, error))
            return FALSE;
        }
      else if (g_stat (root, &st) == 0 && S_ISREG (st.st_mode))
        {
          Entry *entry = g_new0 (Entry, 1);

          entry->path = g_strdup (root);
          entry->relative = g_path_get_basename (root);
          entry->display_name = sl_filename_escape (entry->relative);
          g_ptr_array_add (entries, entry);
        }
      else
        {
          g_autofree char *display = sl_filename_escape (root);

          g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("%s: no such file or folder"),
                       display);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sl_importer_run (SlImporter     *self,
                 GCancellable   *cancellable,
                 SlImportStats  *stats_out,
                 GError        **error)
{
  g_autoptr(GHashTable) class_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                           g_free, g_free);
  SlImportStats stats = { 0 };
  GThreadPool *pool;
  Run run = { 0 };
  guint pushed = 0, window, n_threads;
  gboolean ok = TRUE, cancelled = FALSE, in_transaction = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_csv_classes (self, error))
    return FALSE;
  run.max_pixels = self->max_pixels;
  run.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  if (!collect_entries (self, run.entries, &stats, error))
    {
      g_ptr_array_unref (run.entries);
      return FALSE;
    }
  stats.total = run.entries->len;
  progress (self, &stats);

  run.results = g_new0 (Decoded *, MAX (run.entries->len, 1));
  g_mutex_init (&run.lock);
  g_cond_init (&run.ready);
  n_threads = self->n_threads ? self->n_threads : MAX (g_get_num_processors (), 1);
  pool = g_thread_pool_new (decode_worker, &run, (int) n_threads, FALSE, NULL);
  /* how far decoding may run ahead of writing: enough to keep every worker busy, few enough
   * that large images (a 512×512 CT slice is 0.5 MB decoded) do not pile up in memory */
  window = 16 * n_threads;

  for (guint i = 0; i < run.entries->len; i++)
    {
      Decoded *decoded;

      for (; pushed < run.entries->len && pushed < i + window; pushed++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (pushed + 1), NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cancelled = TRUE;
          break;
        }
      if (!in_transaction && !(in_transaction = sl_catalog_begin (self->catalog, error)))
        {
          ok = FALSE;
          break;
        }
      decoded = wait_result (&run, i);
      ok = write_entry (self, g_ptr_array_index (run.entries, i), decoded, class_ids, &stats,
                        error);
      decoded_free (decoded);
      if (!ok)
        break;
      stats.done++;
      if (stats.done - stats.committed == self->batch_size)
        {
          in_transaction = FALSE;
          if (!(ok = sl_catalog_commit (self->catalog, error)))   /* rolls back by itself */
            break;
          stats.committed = stats.done;
        }
      progress (self, &stats);
    }
  /* the open batch: kept when complete or cancelled, dropped after a failure */
  if (in_transaction && ok)
    {
      if (sl_catalog_commit (self->catalog, cancelled ? NULL : error))
        stats.committed = stats.done;
      else
        ok = FALSE;
    }
  else if (in_transaction)
    sl_catalog_rollback (self->catalog);
  if (ok && !cancelled)
    report_unmatched (self, &stats);
  progress (self, &stats);

  g_thread_pool_free (pool, TRUE, TRUE);
  for (guint i = 0; i < run.entries->len; i++)
    decoded_free (run.results[i]);
  g_free (run.results);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.ready);
  g_ptr_array_unref (run.entries);

  if (stats_out != NULL)
    *stats_out = stats;
  return ok && !cancelled;
}
