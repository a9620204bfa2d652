/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-thumbnail-cache.h"

#include <sys/resource.h>
#include <unistd.h>

#include "sl-catalog.h"
#include "sl-error.h"

#define N_THREADS 2
#define WORKER_NICE 10

struct _SlThumbnailCache
{
  GObject parent_instance;

  char *catalog_path;
  int size;
  guint capacity;
  GHashTable *textures;       /* gint64* -> GList link in lru (data: Entry*) */
  GQueue lru;                 /* Entry*, most recently used first */
  GThreadPool *pool;
  GAsyncQueue *connections;   /* idle SlCatalog* for the workers */
  guint64 sequence;
};

typedef struct
{
  gint64 image_id;
  GdkTexture *texture;
} Entry;

typedef struct
{
  gint64 image_id;
  guint64 sequence;
} Request;

G_DEFINE_FINAL_TYPE (SlThumbnailCache, sl_thumbnail_cache, G_TYPE_OBJECT)

/* Set in worker threads: the last reference to the cache may be dropped there (by a task). */
static GPrivate in_worker;

void
sl_image_default_window (const SlImage *image,
                         double        *center,
                         double        *width)
{
  double lo, hi;

  if (image->window_width > 0)
    {
      *center = image->window_center;
      *width = image->window_width;
      return;
    }
  if (image->sample_type == SL_SAMPLE_U8)
    {
      lo = 0;
      hi = 255;
    }
  else
    sl_image_value_range (image, &lo, &hi);
  *center = (lo + hi) / 2;
  *width = MAX (hi - lo, 1);
}

GdkTexture *
sl_texture_from_image (const SlImage *image,
                       int            max_size,
                       double         window_center,
                       double         window_width)
{
  g_autoptr(SlImage) shrunk = max_size > 0 ? sl_image_shrink (image, max_size) : NULL;
  const SlImage *shown = shrunk != NULL ? shrunk : image;
  gsize size = (gsize) shown->width * shown->height * 3;
  guint8 *rgb = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  sl_image_to_rgb8 (shown, window_center, window_width, rgb);
  bytes = g_bytes_new_take (rgb, size);
  return gdk_memory_texture_new (shown->width, shown->height, GDK_MEMORY_R8G8B8, bytes,
                                 (gsize) shown->width * 3);
}

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->texture);
  g_free (entry);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  SlThumbnailCache *self = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(SlImage) image = NULL;
  GError *error = NULL;
  SlCatalog *catalog;
  double center, width;

  if (g_private_get (&in_worker) == NULL)
    {
      /* below the UI thread: on a busy machine a scroll gets the CPU before thumbnails do */
      setpriority (PRIO_PROCESS, (id_t) gettid (), WORKER_NICE);
      g_private_set (&in_worker, GINT_TO_POINTER (1));
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  catalog = g_async_queue_try_pop (self->connections);
  if (catalog == NULL)
    catalog = sl_catalog_open (self->catalog_path, &error);
  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  image = sl_catalog_load_display_image (catalog, request->image_id, &error);
  g_async_queue_push (self->connections, catalog);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* each image's own window, whatever the one shown in the viewer */
  sl_image_default_window (image, &center, &width);
  g_task_return_pointer (task, sl_texture_from_image (image, self->size, center, width),
                         g_object_unref);
}

/* Newest request first: the cells the user looks at now were bound last. */
static gint
compare_requests (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  Request *ra = g_task_get_task_data ((GTask *) a);
  Request *rb = g_task_get_task_data ((GTask *) b);

  return ra->sequence < rb->sequence ? 1 : ra->sequence > rb->sequence ? -1 : 0;
}

static void
sl_thumbnail_cache_finalize (GObject *object)
{
  SlThumbnailCache *self = SL_THUMBNAIL_CACHE (object);
  SlCatalog *catalog;

  /* Every task holds a reference to us, so the pool is idle by now; when a worker dropped the
   * last task, it cannot wait for itself. */
  g_thread_pool_free (self->pool, FALSE, g_private_get (&in_worker) == NULL);
  while ((catalog = g_async_queue_try_pop (self->connections)) != NULL)
    g_object_unref (catalog);
  g_async_queue_unref (self->connections);
  g_hash_table_unref (self->textures);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
  g_free (self->catalog_path);
  G_OBJECT_CLASS (sl_thumbnail_cache_parent_class)->finalize (object);
}

static void
sl_thumbnail_cache_class_init (SlThumbnailCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_thumbnail_cache_finalize;
}

static void
sl_thumbnail_cache_init (SlThumbnailCache *self)
{
  self->textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  self->connections = g_async_queue_new ();
  /* exclusive: its threads run at a lower priority and must not serve other pools */
  self->pool = g_thread_pool_new (worker_func, self, N_THREADS, TRUE, NULL);
  g_thread_pool_set_sort_function (self->pool, compare_requests, NULL);
}

SlThumbnailCache *
sl_thumbnail_cache_new (const char *catalog_path,
                        int         size,
                        guint       capacity)
{
  SlThumbnailCache *self;

  g_return_val_if_fail (catalog_path != NULL, NULL);

  self = g_object_new (SL_TYPE_THUMBNAIL_CACHE, NULL);
  self->catalog_path = g_strdup (catalog_path);
  self->size = size;
  self->capacity = MAX (capacity, 1);
  return self;
}

GdkTexture *
sl_thumbnail_cache_lookup (SlThumbnailCache *self,
                           gint64            image_id)
{
  GList *link;

  g_return_val_if_fail (SL_IS_THUMBNAIL_CACHE (self), NULL);

  link = g_hash_table_lookup (self->textures, &image_id);
  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((Entry *) link->data)->texture;
}

static void
insert (SlThumbnailCache *self,
        gint64            image_id,
        GdkTexture       *texture)
{
  Entry *entry;

  if (sl_thumbnail_cache_lookup (self, image_id) != NULL)
    return;
  while (self->lru.length >= self->capacity)
    {
      Entry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->textures, &old->image_id);
      entry_free (old);
    }
  entry = g_new0 (Entry, 1);
  entry->image_id = image_id;
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->textures, &entry->image_id, self->lru.head);
}

void
sl_thumbnail_cache_load_async (SlThumbnailCache    *self,
                               gint64               image_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Request *request;
  GdkTexture *texture;

  g_return_if_fail (SL_IS_THUMBNAIL_CACHE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_thumbnail_cache_load_async);
  texture = sl_thumbnail_cache_lookup (self, image_id);
  if (texture != NULL)
    {
      g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      g_object_unref (task);
      return;
    }
  request = g_new0 (Request, 1);
  request->image_id = image_id;
  request->sequence = ++self->sequence;
  g_task_set_task_data (task, request, g_free);
  g_thread_pool_push (self->pool, task, NULL);
}

GdkTexture *
sl_thumbnail_cache_load_finish (SlThumbnailCache  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  GdkTexture *texture;
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  request = g_task_get_task_data (G_TASK (result));
  if (texture != NULL && request != NULL)
    insert (self, request->image_id, texture);
  return texture;
}

guint
sl_thumbnail_cache_get_n_cached (SlThumbnailCache *self)
{
  g_return_val_if_fail (SL_IS_THUMBNAIL_CACHE (self), 0);
  return self->lru.length;
}
