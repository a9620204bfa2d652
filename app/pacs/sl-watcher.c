/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-watcher.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-catalog-pacs.h"
#include "sl-error.h"
#include "sl-image-loader.h"
#include "sl-importer.h"
#include "sl-pacs-import.h"
#include "sl-write-back.h"

#define TICK_MS 100
#define FEED_PERIOD_MS 100
#define QIDO_PERIOD_MS 1000
#define FOLDER_PERIOD_MS 500
#define SETTLE_MS 300            /* a file unchanged this long is completely written */
#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 8000
#define FEED_PAGE 200
#define BATCH 64

struct _SlWatcher
{
  SlCatalog *catalog;
  SlModel *model;
  gint64 model_id;
  char *model_name;
  SlDicomweb *web;          /* a PACS, or */
  char *folder;             /* a folder */
  char *origin;
  gboolean write_back;
  gboolean poll_only;
  SlWatchPredictionFunc prediction_func;
  SlWatchNoticeFunc notice_func;
  gpointer user_data;

  /* while running */
  GMainLoop *loop;
  GCancellable *cancellable;
  GError *fatal;
  gint64 next_poll;         /* monotonic µs */
  guint backoff_ms;
  gboolean offline;
  gboolean has_feed;
};

static SlWatcher *
watcher_new (SlCatalog *catalog,
             SlModel   *model,
             gint64     model_id)
{
  SlWatcher *self = g_new0 (SlWatcher, 1);
  g_autoptr(GPtrArray) models = sl_catalog_list_models (catalog);

  self->catalog = g_object_ref (catalog);
  self->model = model;
  self->model_id = model_id;
  for (guint i = 0; i < models->len; i++)
    if (((SlModelInfo *) g_ptr_array_index (models, i))->id == model_id)
      self->model_name = g_strdup (((SlModelInfo *) g_ptr_array_index (models, i))->name);
  if (self->model_name == NULL)
    self->model_name = g_strdup_printf ("%" G_GINT64_FORMAT, model_id);
  self->backoff_ms = FIRST_BACKOFF_MS;
  return self;
}

SlWatcher *
sl_watcher_new_pacs (SlCatalog  *catalog,
                     SlModel    *model,
                     gint64      model_id,
                     SlDicomweb *web)
{
  SlWatcher *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog) && model != NULL && web != NULL, NULL);

  self = watcher_new (catalog, model, model_id);
  self->web = web;
  self->origin = g_strdup (sl_dicomweb_get_url (web));
  return self;
}

SlWatcher *
sl_watcher_new_folder (SlCatalog  *catalog,
                       SlModel    *model,
                       gint64      model_id,
                       const char *folder)
{
  SlWatcher *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog) && model != NULL && folder != NULL, NULL);

  self = watcher_new (catalog, model, model_id);
  self->folder = g_canonicalize_filename (folder, NULL);
  self->origin = g_strconcat ("folder:", self->folder, NULL);
  return self;
}

void
sl_watcher_free (SlWatcher *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->catalog);
  g_free (self->model_name);
  g_free (self->folder);
  g_free (self->origin);
  g_free (self);
}

void
sl_watcher_set_write_back (SlWatcher *self,
                           gboolean   write_back)
{
  g_return_if_fail (self != NULL);
  self->write_back = write_back;
}

void
sl_watcher_set_poll_only (SlWatcher *self,
                          gboolean   poll_only)
{
  g_return_if_fail (self != NULL);
  self->poll_only = poll_only;
}

void
sl_watcher_set_funcs (SlWatcher             *self,
                      SlWatchPredictionFunc  prediction,
                      SlWatchNoticeFunc      notice,
                      gpointer               user_data)
{
  g_return_if_fail (self != NULL);
  self->prediction_func = prediction;
  self->notice_func = notice;
  self->user_data = user_data;
}

static void
notice (SlWatcher  *self,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
notice (SlWatcher  *self,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (self->notice_func == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->notice_func (message, self->user_data);
}

static void
on_import_notice (SlImportNotice  kind,
                  const char     *message,
                  gpointer        user_data)
{
  SlWatcher *self = user_data;

  if (kind == SL_IMPORT_NOTICE_SKIPPED)
    notice (self, "%s", message);
}

/* A new instance (or file) as the watcher learns of it. */
typedef struct
{
  char *study_uid;
  char *series_uid;
  char *instance_uid;    /* for a folder: the file's name */
  gboolean ours;         /* results written back, by this watcher or another: not news */
  gint64 arrived_at;     /* unix µs */
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_free (arrival->study_uid);
  g_free (arrival->series_uid);
  g_free (arrival->instance_uid);
  g_free (arrival);
}

static void
add_arrival (GPtrArray  *arrivals,
             const char *study_uid,
             const char *series_uid,
             const char *instance_uid,
             const char *manufacturer,
             gint64      arrived_at)
{
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->study_uid = g_strdup (study_uid);
  arrival->series_uid = g_strdup (series_uid);
  arrival->instance_uid = g_strdup (instance_uid);
  arrival->ours = g_strcmp0 (manufacturer, SL_WRITE_BACK_MANUFACTURER) == 0;
  arrival->arrived_at = arrived_at;
  g_ptr_array_add (arrivals, arrival);
}

static GPtrArray *
arrivals_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) arrival_free);
}

/* Records new links and their watch items in one transaction with the cursor. Items seen
 * before keep their state. */
static gboolean
add_items (SlWatcher    *self,
           GPtrArray    *arrivals,
           SlWatchState  state,
           gint64        cursor,
           GError      **error)
{
  if (!sl_catalog_begin (self->catalog, error))
    return FALSE;
  for (guint i = 0; i < arrivals->len; i++)
    {
      Arrival *arrival = g_ptr_array_index (arrivals, i);
      gint64 link_id = sl_catalog_pacs_add_link (self->catalog, self->origin, arrival->study_uid,
                                                 arrival->series_uid, arrival->instance_uid,
                                                 arrival->arrived_at, NULL, error);

      if (link_id == 0
          || !sl_catalog_watch_add_item (self->catalog, link_id, self->model_id,
                                         arrival->ours ? SL_WATCH_BASELINE : state, error))
        {
          sl_catalog_rollback (self->catalog);
          return FALSE;
        }
    }
  if (!sl_catalog_watch_set_cursor (self->catalog, self->origin, self->model_id, cursor, error))
    {
      sl_catalog_rollback (self->catalog);
      return FALSE;
    }
  return sl_catalog_commit (self->catalog, error);
}

/* Orthanc dates changes to the second only: an instance arrives when the watcher sees it. */
static gboolean
collect_feed (SlWatcher  *self,
              GError    **error)
{
  gint64 cursor, last;
  gboolean done = FALSE;

  if (!sl_catalog_watch_get_cursor (self->catalog, self->origin, self->model_id, &cursor))
    {
      g_autoptr(GPtrArray) none = arrivals_new ();

      return sl_dicomweb_changes_last (self->web, &last, self->cancellable, error)
             && add_items (self, none, SL_WATCH_PENDING, last, error);
    }
  while (!done)
    {
      g_autoptr(GPtrArray) changes = sl_dicomweb_changes (self->web, cursor, FEED_PAGE, &last,
                                                          &done, self->cancellable, error);
      g_autoptr(GPtrArray) arrivals = arrivals_new ();
      gint64 now = g_get_real_time ();

      if (changes == NULL)
        return FALSE;
      for (guint i = 0; i < changes->len; i++)
        {
          SlDicomwebChange *change = g_ptr_array_index (changes, i);

          add_arrival (arrivals, change->study_uid, change->series_uid, change->instance_uid,
                       change->manufacturer, now);
        }
      if (!add_items (self, arrivals, SL_WATCH_PENDING, last, error))
        return FALSE;
      cursor = last;
    }
  return TRUE;
}

/* Without a feed: every instance the server lists that this watcher has not seen is new. */
static gboolean
collect_qido (SlWatcher  *self,
              GError    **error)
{
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GPtrArray) arrivals = arrivals_new ();
  gint64 cursor, now;
  gboolean first = !sl_catalog_watch_get_cursor (self->catalog, self->origin, self->model_id,
                                                 &cursor);

  instances = sl_dicomweb_search (self->web, SL_DICOMWEB_INSTANCES, NULL, self->cancellable,
                                  error);
  if (instances == NULL)
    return FALSE;
  now = g_get_real_time ();
  for (guint i = 0; i < instances->len; i++)
    {
      SlDicomwebItem *item = g_ptr_array_index (instances, i);

      add_arrival (arrivals, item->study_uid, item->series_uid, item->instance_uid,
                   item->manufacturer, now);
    }
  return add_items (self, arrivals, first ? SL_WATCH_BASELINE : SL_WATCH_PENDING, 0, error);
}

static gboolean
collect_folder (SlWatcher  *self,
                GError    **error)
{
  g_autoptr(GDir) dir = g_dir_open (self->folder, 0, error);
  g_autoptr(GPtrArray) arrivals = arrivals_new ();
  gint64 cursor, now = g_get_real_time ();
  gboolean first = !sl_catalog_watch_get_cursor (self->catalog, self->origin, self->model_id,
                                                 &cursor);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->folder, name, NULL);
      GStatBuf st;
      gint64 modified;

      if (name[0] == '.' || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode)
          || !sl_image_loader_wants (path))
        continue;
      modified = st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
      /* still being written? */
      if (!first && now - modified < SETTLE_MS * 1000)
        continue;
      add_arrival (arrivals, "", "", name, NULL, modified);
    }
  return add_items (self, arrivals, first ? SL_WATCH_BASELINE : SL_WATCH_PENDING, 0, error);
}

static void
on_folder_image (const char *source_name,
                 gint64      image_id,
                 gpointer    user_data)
{
  if (strchr (source_name, '#') == NULL || g_str_has_suffix (source_name, "#1"))
    g_hash_table_insert (user_data, g_strndup (source_name, strcspn (source_name, "#")),
                         g_memdup2 (&image_id, sizeof image_id));
}

static gboolean
import_folder_links (SlWatcher  *self,
                     GArray     *link_ids,
                     gint64     *image_ids,
                     GError    **error)
{
  g_autoptr(SlImporter) importer = sl_importer_new (self->catalog);
  g_autoptr(GHashTable) image_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               g_free);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sl_pacs_link_free);
  SlImportStats stats = { 0 };
  guint present = 0;

  for (guint i = 0; i < link_ids->len; i++)
    {
      SlPacsLink *link = sl_catalog_pacs_get_link (self->catalog,
                                                   g_array_index (link_ids, gint64, i), error);
      g_autofree char *path = NULL;

      if (link == NULL)
        return FALSE;
      g_ptr_array_add (links, link);
      path = g_build_filename (self->folder, link->instance_uid, NULL);
      /* a file deleted since it was seen is skipped, not a reason to stop */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          notice (self, _("%s: no such file or folder"), path);
          continue;
        }
      sl_importer_add_path (importer, path);
      present++;
    }
  sl_importer_set_image_func (importer, on_folder_image, image_by_name);
  sl_importer_set_notice_func (importer, on_import_notice, self);
  if (present > 0 && !sl_importer_run (importer, self->cancellable, &stats, error))
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    {
      SlPacsLink *link = g_ptr_array_index (links, i);
      gint64 *image_id = g_hash_table_lookup (image_by_name, link->instance_uid);

      image_ids[i] = image_id != NULL ? *image_id : 0;
      if (image_id != NULL
          && !sl_catalog_pacs_set_link_image (self->catalog, link->id, *image_id, error))
        return FALSE;
    }
  return TRUE;
}

static int
best_class (const float *probs,
            int          n_classes)
{
  int best = 0;

  for (int k = 1; k < n_classes; k++)
    if (probs[k] > probs[best])
      best = k;
  return best;
}

/* Predicts one imported instance; its prediction and its new state are one transaction. */
static gboolean
predict_link (SlWatcher  *self,
              gint64      link_id,
              gint64      image_id,
              GError    **error)
{
  int n_classes = sl_model_get_n_classes (self->model);
  g_autofree float *probs = g_new0 (float, n_classes);
  g_autoptr(SlImage) image = NULL;
  g_autoptr(SlPacsLink) link = NULL;
  g_autoptr(GError) predict_error = NULL;
  SlWatchPrediction prediction = { 0 };

  if ((link = sl_catalog_pacs_get_link (self->catalog, link_id, error)) == NULL
      || (image = sl_catalog_load_image (self->catalog, image_id, error)) == NULL)
    return FALSE;
  if (!sl_model_predict (self->model, image, probs, NULL, &predict_error))
    {
      notice (self, _("image %" PRId64 ": %s"), image_id, predict_error->message);
      return sl_catalog_watch_set_state (self->catalog, link_id, self->model_id,
                                         SL_WATCH_SKIPPED, error);
    }

  if (!sl_catalog_begin (self->catalog, error))
    return FALSE;
  if (!sl_catalog_add_predictions (self->catalog, self->model_id, &image_id, 1, n_classes, probs,
                                   error)
      || !sl_catalog_watch_set_state (self->catalog, link_id, self->model_id,
                                      SL_WATCH_PREDICTED, error))
    {
      sl_catalog_rollback (self->catalog);
      return FALSE;
    }
  if (!sl_catalog_commit (self->catalog, error))
    return FALSE;

  prediction.image_id = image_id;
  prediction.class_index = best_class (probs, n_classes);
  prediction.probs = probs;
  prediction.latency_ms = (g_get_real_time () - link->arrived_at) / 1000.0;
  if (self->prediction_func != NULL)
    self->prediction_func (&prediction, self->user_data);
  return TRUE;
}

/* Imports and predicts the pending instances, a batch at a time. */
static gboolean
process_pending (SlWatcher  *self,
                 GError    **error)
{
  for (;;)
    {
      g_autoptr(GArray) ids = sl_catalog_watch_list (self->catalog, self->origin, self->model_id,
                                                     SL_WATCH_PENDING, BATCH, error);
      g_autofree gint64 *image_ids = NULL;
      SlImportStats stats = { 0 };
      gboolean ok;

      if (ids == NULL)
        return FALSE;
      if (ids->len == 0)
        return TRUE;
      image_ids = g_new0 (gint64, ids->len);
      if (self->web != NULL)
        ok = sl_pacs_import_links (self->catalog, self->web, ids, image_ids, &stats,
                                   on_import_notice, self, self->cancellable, error);
      else
        ok = import_folder_links (self, ids, image_ids, error);
      if (!ok)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 link_id = g_array_index (ids, gint64, i);

          if (image_ids[i] == 0)
            ok = sl_catalog_watch_set_state (self->catalog, link_id, self->model_id,
                                             SL_WATCH_SKIPPED, error);
          else
            ok = predict_link (self, link_id, image_ids[i], error);
          if (!ok)
            return FALSE;
        }
    }
}

static gboolean
write_back_pending (SlWatcher  *self,
                    GError    **error)
{
  g_autoptr(GArray) ids = NULL;

  if (!self->write_back || self->web == NULL)
    return TRUE;
  ids = sl_catalog_watch_list_unwritten (self->catalog, self->origin, self->model_id, BATCH,
                                         error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 link_id = g_array_index (ids, gint64, i);
      g_autoptr(SlPacsLink) link = sl_catalog_pacs_get_link (self->catalog, link_id, error);
      g_autoptr(GError) local_error = NULL;
      SlWriteBackState state = SL_WRITE_BACK_DONE;

      if (link == NULL)
        return FALSE;
      if (!sl_write_back (self->web, self->catalog, self->model, self->model_name, link,
                          self->cancellable, &local_error))
        {
          if (local_error->domain == SL_DICOMWEB_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          notice (self, _("image %" PRId64 ": not written back: %s"), link->image_id,
                  local_error->message);
          state = SL_WRITE_BACK_FAILED;
        }
      if (!sl_catalog_watch_set_write_back (self->catalog, link_id, self->model_id, state,
                                            error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect (SlWatcher  *self,
         GError    **error)
{
  if (self->folder != NULL)
    return collect_folder (self, error);
  if (self->has_feed)
    return collect_feed (self, error);
  return collect_qido (self, error);
}

/* Failures worth waiting out: the server gone, restarting or overloaded. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNREACHABLE)
         || g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_HTTP)
         || g_error_matches (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_MALFORMED);
}

static guint
period_ms (SlWatcher *self)
{
  if (self->folder != NULL)
    return FOLDER_PERIOD_MS;
  return self->has_feed ? FEED_PERIOD_MS : QIDO_PERIOD_MS;
}

static gboolean
on_tick (gpointer user_data)
{
  SlWatcher *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now < self->next_poll)
    return G_SOURCE_CONTINUE;
  if (collect (self, &error) && process_pending (self, &error)
      && write_back_pending (self, &error))
    {
      if (self->offline)
        notice (self, _("%s: reachable again"), self->origin);
      self->offline = FALSE;
      self->backoff_ms = FIRST_BACKOFF_MS;
      self->next_poll = g_get_monotonic_time () + period_ms (self) * 1000;
      return G_SOURCE_CONTINUE;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return G_SOURCE_CONTINUE;
  if (self->web != NULL && is_transient (error))
    {
      if (!self->offline)
        notice (self, _("%s; trying again"), error->message);
      self->offline = TRUE;
      self->next_poll = g_get_monotonic_time () + (gint64) self->backoff_ms * 1000;
      self->backoff_ms = MIN (self->backoff_ms * 2, MAX_BACKOFF_MS);
      return G_SOURCE_CONTINUE;
    }
  self->fatal = g_steal_pointer (&error);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  SlWatcher *self = user_data;

  /* look again once the file has settled */
  if (event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT || event == G_FILE_MONITOR_EVENT_MOVED_IN
      || event == G_FILE_MONITOR_EVENT_CREATED)
    self->next_poll = MIN (self->next_poll, g_get_monotonic_time () + SETTLE_MS * 1000);
}

static gboolean
on_deadline (gpointer user_data)
{
  g_main_loop_quit (((SlWatcher *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_main_loop_quit (((SlWatcher *) user_data)->loop);
}

gboolean
sl_watcher_run (SlWatcher     *self,
                double         seconds,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileMonitor) monitor = NULL;
  g_autoptr(GError) feed_error = NULL;
  guint tick, deadline = 0;
  gulong cancelled = 0;
  gint64 last;

  g_return_val_if_fail (self != NULL && self->loop == NULL, FALSE);

  if (self->folder != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (self->folder);

      if (!g_file_test (self->folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _("%s: no such folder"),
                       self->folder);
          return FALSE;
        }
      monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
      if (monitor == NULL)
        return FALSE;
    }
  else if (!self->poll_only)
    {
      /* a server that cannot be reached now gets the feed's chance on the first tick */
      self->has_feed = sl_dicomweb_changes_last (self->web, &last, cancellable, &feed_error)
                       || g_error_matches (feed_error, SL_DICOMWEB_ERROR,
                                           SL_DICOMWEB_ERROR_UNREACHABLE);
      if (g_error_matches (feed_error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNAUTHORIZED)
          || g_error_matches (feed_error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_FORBIDDEN))
        {
          g_propagate_error (error, g_steal_pointer (&feed_error));
          return FALSE;
        }
    }

  self->loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  self->cancellable = cancellable;
  self->next_poll = 0;
  if (monitor != NULL)
    g_signal_connect (monitor, "changed", G_CALLBACK (on_folder_changed), self);
  tick = g_timeout_add (TICK_MS, on_tick, self);
  if (seconds > 0)
    deadline = g_timeout_add ((guint) (seconds * 1000), on_deadline, self);
  if (cancellable != NULL)
    cancelled = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);

  if (!g_cancellable_is_cancelled (cancellable))
    g_main_loop_run (self->loop);

  g_cancellable_disconnect (cancellable, cancelled);
  if (self->fatal == NULL)
    g_source_remove (tick);
  if (deadline != 0 && g_main_context_find_source_by_id (NULL, deadline) != NULL)
    g_source_remove (deadline);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  self->cancellable = NULL;
  if (self->fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->fatal));
      return FALSE;
    }
  return TRUE;
}
